package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseFlagsAnywhere checks that flags may come before, between or
// after the arguments, as with the Go tools.
func TestParseFlagsAnywhere(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		dashWords bool
		client    string
		limit     int
		json      bool
		rest      []string
		err       error
	}{
		{name: "flags first", args: []string{"--client", "acme", "fatura"}, client: "acme", limit: 10, rest: []string{"fatura"}},
		{name: "flags last", args: []string{"fatura", "--client", "acme"}, client: "acme", limit: 10, rest: []string{"fatura"}},
		{name: "between", args: []string{"nota", "-limit=3", "fiscal", "-client", "acme"}, client: "acme", limit: 3, rest: []string{"nota", "fiscal"}},
		{name: "bool takes no value", args: []string{"--json", "fatura"}, limit: 10, json: true, rest: []string{"fatura"}},
		{name: "bool with value", args: []string{"--json=false", "fatura"}, limit: 10, rest: []string{"fatura"}},
		{name: "after -- nothing is a flag", args: []string{"a", "--", "--client", "b"}, limit: 10, rest: []string{"a", "--client", "b"}},
		{name: "exclusion kept as a word", args: []string{"invoice", "-refund", "--limit", "2"}, dashWords: true, limit: 2, rest: []string{"invoice", "-refund"}},
		{name: "unknown -word is an error elsewhere", args: []string{"invoice", "-refund"}, limit: 10, err: errUsage},
		{name: "unknown --flag is an error in search too", args: []string{"invoice", "--limt", "2"}, dashWords: true, limit: 10, err: errUsage},
		{name: "help", args: []string{"x", "-h"}, dashWords: true, limit: 10, err: errHelp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			client := fs.String("client", "", "")
			limit := fs.Int("limit", 10, "")
			asJSON := fs.Bool("json", false, "")
			err := parseWords(fs, tt.args, tt.dashWords)
			if err != tt.err {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			type result struct {
				Client string
				Limit  int
				JSON   bool
				Rest   []string
			}
			want := result{tt.client, tt.limit, tt.json, tt.rest}
			got := result{*client, *limit, *asJSON, fs.Args()}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("parse %q (-want +got):\n%s", tt.args, diff)
			}
		})
	}
}

// TestCommandHelp checks that each command's help lists its own flags and
// not those of other commands, and that `ckm help COMMAND` is `ckm COMMAND
// -h` on stdout.
func TestCommandHelp(t *testing.T) {
	tests := []struct {
		command []string
		has     []string
		hasNot  []string
	}{
		{[]string{"serve"}, []string{"-redis ", "-http ", "-data ", "-keys-file ", "-gazetteer ", "-concurrency "}, []string{"-server ", "-wait"}},
		{[]string{"worker"}, []string{"-redis ", "-gazetteer ", "-concurrency "}, []string{"-http ", "-server ", "-data "}},
		{[]string{"analyze"}, []string{"-gazetteer ", "-full", "-j "}, []string{"-redis", "-server ", "-http ", "-keys-file ", "-log-level "}},
		{[]string{"search"}, []string{"-server ", "-client ", "-limit ", "-sort "}, []string{"-redis", "-http ", "-data ", "-gazetteer "}},
		{[]string{"import"}, []string{"-server ", "-client ", "-wait", "-company-domains "}, []string{"-redis", "-http ", "-data ", "-keys-file "}},
		{[]string{"enqueue"}, []string{"-server ", "-wait", "-queue "}, []string{"-redis", "-http ", "-gazetteer "}},
		{[]string{"hints"}, []string{"-server ", "-since "}, []string{"-redis", "-data "}},
		{[]string{"eval", "entities"}, []string{"-format ", "-lang "}, []string{"-redis", "-server "}},
	}
	for _, tt := range tests {
		name := strings.Join(tt.command, " ")
		t.Run(name, func(t *testing.T) {
			var out, errb bytes.Buffer
			err := run(context.Background(), append([]string{"help"}, tt.command...), func(string) string { return "" }, strings.NewReader(""), &out, &errb)
			if err != nil && err != errHelp {
				t.Fatalf("ckm help %s: %v\n%s", name, err, errb.String())
			}
			help := out.String()
			if !strings.HasPrefix(help, "usage: ckm "+name) {
				t.Fatalf("ckm help %s printed %q on stdout, want its usage", name, help)
			}
			for _, f := range tt.has {
				if !strings.Contains(help, "  "+f) {
					t.Errorf("help of %s lacks %q:\n%s", name, f, help)
				}
			}
			for _, f := range tt.hasNot {
				if strings.Contains(help, "  "+f) {
					t.Errorf("help of %s lists %q, a flag it does not use:\n%s", name, f, help)
				}
			}
			var dash bytes.Buffer
			err = run(context.Background(), append(tt.command, "-h"), func(string) string { return "" }, strings.NewReader(""), io.Discard, &dash)
			if err != errHelp || dash.String() != help {
				t.Errorf("ckm %s -h = %v and a different text from ckm help %s:\n%s", name, err, name, dash.String())
			}
		})
	}
}

// TestSearchFlagOrder runs the search of the issue both ways against a
// server with the sample loaded: the same answer, and --client applied.
func TestSearchFlagOrder(t *testing.T) {
	s := startStack(t)
	if out, errs, err := s.cli("", "enqueue", "--wait", "../../examples/sample.jsonl"); err != nil {
		t.Fatalf("enqueue: %v\n%s%s", err, out, errs)
	}
	tests := []struct {
		name  string
		a, b  []string
		check []string // in the output of both
		never []string // in neither
	}{
		{"search", []string{"search", "fatura", "--client", "acme-saude"}, []string{"search", "--client", "acme-saude", "fatura"},
			[]string{"\nclient: acme-saude ", "\ntheme: "}, []string{", ,", ",  ", "[", "documents\n\nacme-saude", "\nnã…", "\no número"}},
		{"hints", []string{"hints", "globex", "--limit", "1"}, []string{"hints", "--limit", "1", "globex"},
			[]string{" 1. "}, []string{"[", " 1 mentions", " 1 documents", "unknown)"}},
		{"emerging", []string{"emerging", "--now", "2026-11-25", "--client", "globex"}, []string{"emerging", "--client", "globex", "--now", "2026-11-25"},
			[]string{"(globex)", "chance"}, []string{"[", "adjusted", "FDR"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, errs, err := s.cli("", tt.a...)
			if err != nil {
				t.Fatalf("%q: %v\n%s", tt.a, err, errs)
			}
			b, errs, err := s.cli("", tt.b...)
			if err != nil {
				t.Fatalf("%q: %v\n%s", tt.b, err, errs)
			}
			if diff := cmp.Diff(a, b); diff != "" {
				t.Errorf("%q and %q differ (-first +second):\n%s", tt.a, tt.b, diff)
			}
			for _, c := range tt.check {
				if !strings.Contains(a, c) {
					t.Errorf("%q printed no %q:\n%s", tt.a, c, a)
				}
			}
			for _, c := range tt.never {
				if strings.Contains(a, c) {
					t.Errorf("%q printed %q:\n%s", tt.a, c, a)
				}
			}
		})
	}
}

// TestAdminTokenServe checks item 9 of the newcomer findings: an open
// `ckm serve` writes an admin token only its user can read; a local
// process without it cannot force a re-analysis, and the CLI, which reads
// the token from CKM_DATA_DIR, can.
func TestAdminTokenServe(t *testing.T) {
	dir := t.TempDir()
	s := startStackIn(t, dir)
	path := filepath.Join(dir, adminTokenFile)
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("admin token file: %v, %v; want one readable by the user alone", info, err)
	}
	resp, err := http.Post(s.base+"/v1/reanalyze", "application/json", strings.NewReader(`{"force": true}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST /v1/reanalyze without the token = %d, want 403", resp.StatusCode)
	}
	out, errs, err := s.cli("", "reanalyze", "--force")
	if err != nil || !strings.Contains(out, "started") {
		t.Errorf("ckm reanalyze with the token file: %v\n%s%s", err, out, errs)
	}
	delete(s.env, "CKM_DATA_DIR") // the CLI looks in ./data, where there is none
	if _, _, err := s.cli("", "reanalyze", "--force"); err == nil || !strings.Contains(err.Error(), "admin token") {
		t.Errorf("ckm reanalyze without the token file: %v, want the 403 naming the admin token", err)
	}
}

// FuzzParseWords checks that parsing never panics and that the positional
// arguments it returns are arguments of the line, in their order.
func FuzzParseWords(f *testing.F) {
	for _, s := range []string{"fatura --client acme", "--limit=3 a -b -- --json", "-json=x a", "--client", "- -- -", "-h"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, line string, dashWords bool) {
		args := strings.Fields(line)
		fs := flag.NewFlagSet("fuzz", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		fs.String("client", "", "")
		fs.Int("limit", 10, "")
		fs.Bool("json", false, "")
		if parseWords(fs, args, dashWords) != nil {
			return
		}
		i := 0
		for _, a := range fs.Args() {
			for i < len(args) && args[i] != a {
				i++
			}
			if i == len(args) {
				t.Fatalf("parse %q: positional %q is not in order in the line (got %q)", args, a, fs.Args())
			}
			i++
		}
	})
}

// TestCompletionBash sources `ckm completion bash` in bash and completes
// command names and a command's own flags.
func TestCompletionBash(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skipf("no bash: %v", err)
	}
	bin := ckmBinary(t)
	tests := []struct {
		name  string
		words string // COMP_WORDS after the binary; the last is completed
		want  string
	}{
		{"command names", "se", "serve search"},
		{"help's command names", "help im", "import"},
		{"a command's own flags", "search --cl", "--client"},
		{"no other command's flags", "analyze --red", ""},
		{"serve's Redis flags", "serve --redis-p", "--redis-password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			words := strings.Fields(tt.words)
			script := fmt.Sprintf(`source <(%q completion bash); COMP_WORDS=(%q %s); COMP_CWORD=%d; _ckm; echo "${COMPREPLY[*]}"`,
				bin, bin, strings.Join(words, " "), len(words))
			out, err := exec.Command("bash", "-c", script).CombinedOutput()
			if err != nil {
				t.Fatalf("bash: %v\n%s", err, out)
			}
			if got := strings.TrimSpace(string(out)); got != tt.want {
				t.Errorf("completing %q = %q, want %q", tt.words, got, tt.want)
			}
		})
	}
}

func TestFirstWords(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"partial first word dropped", "…o número do projeto na fatura? Agente: Oi, Camila!", 60, "número do projeto na fatura? Agente: Oi, Camila!"},
		{"cut at a word", "We need project numbers on every invoice, please", 20, "We need project…"},
		{"start of the text kept", "Customer: the export is late", 60, "Customer: the export is late"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := firstWords(tt.in, tt.max); got != tt.want {
				t.Errorf("firstWords(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}
