package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// complaintChannels are the channels the complaint head of nlp learns
// from, each read with its source removed (the head runs where the source
// is none the need model knows). Held-out lines are never read: of the
// labelled files only the odd lines (awk NR%2==1; the even lines are the
// proxies of EVALUATION.md), of Banking77 only the lines NR%3==1 (NR%3==0
// is the proxy, NR%3==2 chose the threshold).
var complaintChannels = []struct {
	name string
	read func(dataDir string) ([]ckm.Document, []bool, error)
}{
	{"app-reviews", labelledLines("needs/app-reviews.jsonl", 2, 0, "BUG", "PERFORMANCE", "USABILITY", "ENERGY", "SECURITY")},
	{"github-issues", labelledLines("needs/github-issues.jsonl", 2, 0, "bug")},
	{"banking77", labelledLines("intents/banking77.jsonl", 3, 0, complaintIntents...)},
	{"tweets", tweets},
}

// complaintIntents are the Banking77 intents whose queries tell a fault or
// an unmet expectation ("my card still isn't here", "the exchange rate was
// incorrect"), as against those that ask how to do something or what
// something is ("how do I link my card?", "what are your exchange
// rates?"): chosen by the intent's name alone, before any training.
var complaintIntents = strings.Fields(`Refund_not_showing_up balance_not_updated_after_bank_transfer
	balance_not_updated_after_cheque_or_cash_deposit beneficiary_not_allowed card_arrival
	card_not_working card_payment_not_recognised card_payment_wrong_exchange_rate card_swallowed
	cash_withdrawal_not_recognised compromised_card contactless_not_working declined_card_payment
	declined_cash_withdrawal declined_transfer direct_debit_payment_not_recognised
	extra_charge_on_statement failed_transfer lost_or_stolen_card lost_or_stolen_phone
	pending_card_payment pending_cash_withdrawal pending_top_up pending_transfer pin_blocked
	reverted_card_payment? top_up_failed top_up_reverted transaction_charged_twice
	transfer_not_received_by_recipient unable_to_verify_identity virtual_card_not_working
	wrong_amount_of_cash_received wrong_exchange_rate_for_cash_withdrawal`)

// labelledLines reads the lines i of a labelled file with i%every == at
// (0-based), a complaint being a line with one of the positive labels.
func labelledLines(path string, every, at int, positive ...string) func(string) ([]ckm.Document, []bool, error) {
	return func(dataDir string) ([]ckm.Document, []bool, error) {
		f, err := os.Open(filepath.Join(dataDir, filepath.FromSlash(path)))
		if err != nil {
			return nil, nil, err
		}
		defer f.Close()
		var all, docs []ckm.Document
		labels, err := readLabels(f, &all)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		var y []bool
		for i := at; i < len(all); i += every {
			docs, y = append(docs, all[i]), append(y, slices.Contains(positive, labels[i]))
		}
		return docs, y, nil
	}
}

// tweets reads the tweets of the BTC test file as documents without a
// complaint: chit-chat, fans and news, nearly none of them addressed to a
// company. (The look-alike check of EVALUATION.md draws from the BTC and
// WNUT-17 training files, not this one.)
func tweets(dataDir string) ([]ckm.Document, []bool, error) {
	ts, err := conllSentences(filepath.Join(dataDir, "ner", "btc-test.conll"))
	var docs []ckm.Document
	for i, t := range ts {
		docs = append(docs, ckm.Document{ID: fmt.Sprintf("btc-test-%d", i), Lang: "en", Text: t})
	}
	return docs, make([]bool, len(docs)), err
}

// conllSentences returns the sentences of a CoNLL file, their tokens
// joined by spaces.
func conllSentences(path string) ([]string, error) {
	var out, toks []string
	err := eachLine(path, func(b []byte) error {
		f := strings.Fields(string(b))
		if len(f) == 0 {
			if len(toks) > 0 {
				out, toks = append(out, strings.Join(toks, " ")), nil
			}
			return nil
		}
		toks = append(toks, f[0])
		return nil
	})
	if len(toks) > 0 {
		out = append(out, strings.Join(toks, " "))
	}
	return out, err
}

// loadComplaints reads every complaint channel but skip and returns their
// documents' complaint features (nlp's ComplaintFeatures) and labels.
func loadComplaints(ctx context.Context, dataDir, skip string) ([][]string, []bool, error) {
	a, err := nlp.New(nlp.Config{})
	if err != nil {
		return nil, nil, err
	}
	var docs []ckm.Document
	var y []bool
	found := skip == ""
	for _, c := range complaintChannels {
		if c.name == skip {
			found = true
			continue
		}
		ds, ys, err := c.read(dataDir)
		if err != nil {
			return nil, nil, fmt.Errorf("trainneeds: complaint channel %s: %w", c.name, err)
		}
		docs, y = append(docs, ds...), append(y, ys...)
	}
	if !found {
		return nil, nil, fmt.Errorf("trainneeds: -complaint-skip %q: no such channel", skip)
	}
	x := make([][]string, len(docs))
	errs := make([]error, len(docs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				d := docs[i]
				d.Source = ""
				x[i], errs[i] = a.ComplaintFeatures(ctx, d)
			}
		})
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	return x, y, firstError(errs)
}

// writeComplaint trains nlp's complaint head (data/complaint.txt) on every
// complaint channel but skip ("": all of them), with the settings of the
// need model's heads and no threshold shift, and writes it as head
// "complaint".
func writeComplaint(ctx context.Context, dataDir, out, skip string, cfg config, w io.Writer) error {
	x, y, err := loadComplaints(ctx, dataDir, skip)
	if err != nil {
		return err
	}
	m := trainBags(x, y, cfg)
	var b strings.Builder
	b.WriteString("# nlp complaint head: a logistic regression head written by `go run ./internal/cmd/trainneeds`\n")
	b.WriteString("# (make train/needs) from ../shared/data: the odd lines of needs/{app-reviews,github-issues}.jsonl,\n")
	b.WriteString("# the lines NR%3==1 of intents/banking77.jsonl and the tweets of ner/btc-test.conll; do not edit.\n")
	b.WriteString("# Lines: HEAD FEATURE WEIGHT. Bump nlp.Version when this file changes.\n")
	b.WriteString(m.Format("complaint"))
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("trainneeds: write complaint head: %w", err)
	}
	fmt.Fprintf(w, "wrote %s (%d bytes, %d weights, %d documents), without %q\n", out, b.Len(), len(m.Weights), len(y), skip)
	return nil
}
