package index

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// oneSentence makes every need of rec a mention of its first need's
// sentence, as when one sentence holds several cues.
func oneSentence(rec Record) Record {
	n0 := rec.Analysis.Needs[0]
	for i := range rec.Analysis.Needs {
		rec.Analysis.Needs[i].Text, rec.Analysis.Needs[i].Start, rec.Analysis.Needs[i].End = n0.Text, n0.Start, n0.End
	}
	return rec
}

// wantHintKeys checks, for each client of want, the keys of each of its
// hints, by hint key.
func wantHintKeys(t *testing.T, ix *Index, want map[string]map[string][]string) {
	t.Helper()
	for client, w := range want {
		h, err := ix.Hints(context.Background(), HintsQuery{Client: client, Until: hintsNow})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, x := range h.Hints {
			got[x.Key] = x.Keys
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("%s: hint keys (-want +got):\n%s", client, diff)
		}
	}
}

// TestHintsFoldSentences checks that a theme raised only by implied cues in
// sentences that also state another theme's need is not a hint of its
// own: "Harbor wants facial recognition at clock-in; the GM will not sign
// off on next year's budget without it" is one request, whichever cue is
// the stronger, and a renewal said in the sentence that names a rival
// folds into the rival's theme. Two explicit needs of one sentence ("we
// need SSO and an audit log") stay two hints.
func TestHintsFoldSentences(t *testing.T) {
	ix := newIndex(t, Config{})
	face := mentionSpec{key: "face recognit", theme: "facial recognition", text: "Harbor wants facial recognition; the GM will not sign off on the budget without it",
		cue: "request", speaker: nlp.SpeakerUnknown, conf: 0.7}
	budget := mentionSpec{key: "e-signature", theme: "sign", cue: "budget", speaker: nlp.SpeakerUnknown, conf: 0.75}
	payroll := mentionSpec{key: "payrol export", theme: "payroll export", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.9}
	renewal := mentionSpec{key: "renewal", theme: "contract", text: "their contract is up in June and they also pay for CareDesk",
		cue: "churn-risk", speaker: nlp.SpeakerUnknown, conf: 0.7}
	caredesk := mentionSpec{key: "caredesk", theme: "CareDesk", cue: "churn-risk", speaker: nlp.SpeakerUnknown, conf: 0.7}
	sso := mentionSpec{key: "sso", theme: "SSO", text: "we need SSO and an audit log", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.9}
	audit := mentionSpec{key: "audit-log", theme: "audit log", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.9}
	for _, r := range []Record{
		oneSentence(needRecord("harbor-1", "harbor", ckm.SourceNote, daysAgo(5), face, budget)),
		needRecord("harbor-2", "harbor", ckm.SourceEmail, daysAgo(9), payroll),
		needRecord("harbor-3", "harbor", ckm.SourceEmail, daysAgo(30), payroll),
		oneSentence(needRecord("kestrel-1", "kestrel", ckm.SourceNote, daysAgo(5), renewal, caredesk)),
		oneSentence(needRecord("globex-1", "globex", ckm.SourceCall, daysAgo(5), sso, audit)),
		needRecord("globex-2", "globex", ckm.SourceEmail, daysAgo(15), sso),
		needRecord("globex-3", "globex", ckm.SourceEmail, daysAgo(25), audit),
	} {
		put(t, ix, r)
	}
	wantHintKeys(t, ix, map[string]map[string][]string{
		"harbor":  {"face recognit": {"face recognit", "e-signature"}, "payrol export": {"payrol export"}},
		"kestrel": {"caredesk": {"caredesk", "renewal"}},
		"globex":  {"sso": {"sso"}, "audit-log": {"audit-log"}},
	})
}

// TestHintsFoldRelated checks that a context-only theme of one document
// folds into the stronger theme its evidence shares specific words with
// ("the spreadsheet finance uses to split costs by depot" into "cost
// reporting split by depot"), or a stem of whose learned key it holds,
// and stays a hint when it shares nothing.
func TestHintsFoldRelated(t *testing.T) {
	ix := newIndex(t, Config{})
	report := mentionSpec{key: "reporting", theme: "cost reporting", text: "Owen wants cost reporting split by depot",
		cue: "request", speaker: nlp.SpeakerUnknown, conf: 0.8}
	sheet := mentionSpec{key: "export", theme: "spreadsheet", text: "Owen showed the spreadsheet finance uses to split costs by depot",
		cue: "workaround", speaker: nlp.SpeakerUnknown, conf: 0.7}
	bank := mentionSpec{key: "bank sald", theme: "saldo do banco de horas", text: "Queremos mostrar o saldo do banco de horas no aplicativo",
		cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.9}
	ledger := mentionSpec{key: "export", theme: "planilha", text: "Cada gerente controla o saldo numa planilha separada",
		cue: "workaround", speaker: nlp.SpeakerCustomer, conf: 0.7}
	invoices := mentionSpec{key: "export", theme: "spreadsheet", text: "Accounts copy the invoices into a spreadsheet by hand",
		cue: "workaround", speaker: nlp.SpeakerUnknown, conf: 0.7}
	for _, r := range []Record{
		needRecord("bluepeak-1", "bluepeak", ckm.SourceNote, daysAgo(5), report),
		needRecord("bluepeak-2", "bluepeak", ckm.SourceEmail, daysAgo(20), report),
		needRecord("bluepeak-3", "bluepeak", ckm.SourceNote, daysAgo(9), sheet),
		needRecord("mercado-1", "mercado", ckm.SourceEmail, daysAgo(5), bank),
		needRecord("mercado-2", "mercado", ckm.SourceNote, daysAgo(12), ledger),
		needRecord("initech-1", "initech", ckm.SourceNote, daysAgo(5), report),
		needRecord("initech-2", "initech", ckm.SourceNote, daysAgo(9), invoices),
	} {
		put(t, ix, r)
	}
	wantHintKeys(t, ix, map[string]map[string][]string{
		"bluepeak": {"reporting": {"reporting", "export"}},
		"mercado":  {"bank sald": {"bank sald", "export"}},
		"initech":  {"reporting": {"reporting"}, "export": {"export"}},
	})
}
