package api

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
)

// TestThemeCorrections edits the theme corrections through the API, on a
// real Redis, and checks that they are stored, that non-admins may not
// touch them, that bad ones are refused without losing the stored ones,
// and that hints follow them at once.
func TestThemeCorrections(t *testing.T) {
	addr := testutil.Redis(t)
	settings := queues.NewThemeStore(queues.Config{RedisAddr: addr})
	t.Cleanup(func() { settings.Close() })
	keys := mustKeys(t, keyLine("admin", "key-admin", true, "*"), keyLine("acme", "key-acme", false, "acme"))
	e := newEnvAt(t, Config{Themes: settings, Keys: keys, RateLimit: -1}, addr)
	ctx := context.Background()
	at := time.Now().UTC().Add(-48 * time.Hour)
	for i, n := range []nlp.Need{
		{Kind: nlp.KindExplicit, Cue: "request", Theme: "NetSuite", ThemeKey: "netsuit"},
		{Kind: nlp.KindExplicit, Cue: "request", Theme: "ERP sync", ThemeKey: "integration"},
	} {
		n.Text, n.Speaker, n.Confidence = n.Theme+" please.", nlp.SpeakerCustomer, 0.9
		doc := ckm.Document{ID: "acme-" + string(rune('a'+i)), Client: "acme", At: at, Text: n.Text}
		n.Start, n.End = 0, len(n.Text)
		if err := e.ix.Put(ctx, index.Record{Document: doc, Analysis: nlp.Analysis{Language: nlp.English, Needs: []nlp.Need{n}}}); err != nil {
			t.Fatal(err)
		}
	}
	hintKeys := func() []string {
		r := e.call(t, http.MethodGet, "/v1/clients/acme/hints", "key-acme", "", "")
		var out []string
		for _, h := range r.Body["hints"].([]any) {
			out = append(out, h.(map[string]any)["key"].(string))
		}
		return out
	}
	// integration, a broad seed topic, weighs less than the name.
	if diff := cmp.Diff([]string{"netsuit", "integration"}, hintKeys()); diff != "" {
		t.Fatalf("hints before corrections (-want +got):\n%s", diff)
	}

	body := `{"merge": [{"from": ["netsuit"], "into": "integration"}], "labels": {"integration": "ERP integration"}}`
	tests := []struct {
		name, method, key, body string
		status                  int
	}{
		{"non-admin may not read", http.MethodGet, "key-acme", "", http.StatusForbidden},
		{"non-admin may not write", http.MethodPut, "key-acme", body, http.StatusForbidden},
		{"empty store", http.MethodGet, "key-admin", "", http.StatusOK},
		{"bad corrections", http.MethodPut, "key-admin", `{"merge": [{"into": "x"}]}`, http.StatusBadRequest},
		{"good corrections", http.MethodPut, "key-admin", body, http.StatusOK},
		{"not json", http.MethodPut, "key-admin", `merge everything`, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.call(t, tt.method, "/v1/themes/corrections", tt.key, "application/json", tt.body)
			if r.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tt.status, r.Raw)
			}
		})
	}
	stored, v, err := settings.ThemeCorrections(ctx)
	if err != nil || v != 1 || !strings.Contains(string(stored), `"into":"integration"`) {
		t.Fatalf("stored corrections: %s version %d, %v; want the good ones, version 1", stored, v, err)
	}
	r := e.call(t, http.MethodGet, "/v1/themes/corrections", "key-admin", "", "")
	if r.Status != http.StatusOK || r.Body["version"] != float64(1) {
		t.Errorf("read back: %d %s", r.Status, r.Raw)
	}
	if diff := cmp.Diff([]string{"integration"}, hintKeys()); diff != "" {
		t.Errorf("hints after the merge (-want +got):\n%s", diff)
	}
	r = e.call(t, http.MethodGet, "/v1/clients/acme/hints", "key-acme", "", "")
	if l := r.Body["hints"].([]any)[0].(map[string]any)["label"]; l != "ERP integration" {
		t.Errorf("label after rename = %v, want ERP integration", l)
	}
	r = e.call(t, http.MethodGet, "/v1/themes", "key-admin", "", "")
	if r.Status != http.StatusOK || !strings.Contains(string(r.Raw), `merged into integration by an admin`) {
		t.Errorf("GET /v1/themes: %d %s", r.Status, r.Raw)
	}
}
