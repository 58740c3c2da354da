package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/redis/go-redis/v9"
)

// plantedRun is one ingest of the planted corpus: where the server kept
// its data and Redis its files.
type plantedRun struct {
	dataDir, redisDir string
	entityCPF         int // hits of the search entity:cpf
}

// ingestPlanted starts a Redis that persists everything (AOF with fsync
// always, and RDB snapshots), runs `ckm serve` with CKM_REDACT=redact,
// sends the JSON documents and one email through the API and imports the
// other files with `ckm import --wait`, waits until all are indexed, then
// stops the server and has Redis write its dump.
func ingestPlanted(t *testing.T, redact string) plantedRun {
	t.Helper()
	pr := plantedRun{dataDir: t.TempDir(), redisDir: t.TempDir()}
	addr, stopRedis, err := testutil.StartRedis(pr.redisDir, []string{"--appendonly", "yes", "--appendfsync", "always", "--save", "1 1"})
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	t.Cleanup(stopRedis)
	port, err := testutil.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	s := &stack{t: t, base: base, env: map[string]string{
		"CKM_REDIS_ADDR": addr, "CKM_DATA_DIR": pr.dataDir, "CKM_HTTP_ADDR": "127.0.0.1:" + strconv.Itoa(port),
		"CKM_SERVER": base, "CKM_LOG_LEVEL": "warn", "CKM_REDACT": redact,
	}}
	ctx, stopServe := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, s.getenv, strings.NewReader(""), io.Discard, io.Discard) }()
	defer func() {
		if stopServe != nil {
			stopServe()
			<-done
		}
	}()
	waitHealthy(t, base)

	files := testutil.PIICorpus()
	dir := t.TempDir()
	var ids []string
	var toImport []string
	for _, f := range files {
		switch filepath.Ext(f.Name) {
		case ".json":
			code, ans := s.post(t, "application/json", strings.NewReader(f.Body))
			if code != http.StatusAccepted {
				t.Fatalf("POST %s: %d %v", f.Name, code, ans)
			}
			ids = append(ids, fmt.Sprint(ans["id"]))
		case ".eml":
			if f.Lang == "en" { // one email through the API's raw ingest, the other by import
				resp, err := http.Post(base+"/v1/documents?client=Wayne", "message/rfc822", strings.NewReader(f.Body))
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusAccepted {
					t.Fatalf("POST %s: %s %s", f.Name, resp.Status, b)
				}
				id, _, _ := strings.Cut(strings.TrimPrefix(string(b), `{"id":"`), `"`)
				ids = append(ids, id)
				continue
			}
			fallthrough
		default:
			p := filepath.Join(dir, f.Name)
			if err := os.WriteFile(p, []byte(f.Body), 0o644); err != nil {
				t.Fatal(err)
			}
			toImport = append(toImport, p)
		}
	}
	out, errs, err := s.cli("", append([]string{"import", "--wait", "--client", "Imported"}, toImport...)...)
	if err != nil || !strings.Contains(out, "imported 5") {
		t.Fatalf("import: %v\n%s%s", err, out, errs)
	}
	s.waitIndexed(t, ids...)
	pr.entityCPF = s.search(t, url.Values{"q": {"entity:cpf"}}).Total

	stopServe()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	stopServe = nil
	rc := redis.NewClient(&redis.Options{Addr: addr})
	defer rc.Close()
	if err := rc.Save(context.Background()).Err(); err != nil {
		t.Fatalf("redis SAVE: %v", err)
	}
	return pr
}

func waitHealthy(t *testing.T, base string) {
	t.Helper()
	for i := 0; ; i++ {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if i > 400 {
			t.Fatalf("server did not become healthy: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// scanFor reads every file under dirs and returns the planted values of
// rule kinds found in any of their ScanForms, each as "KIND value in file".
func scanFor(t *testing.T, dirs ...string) []string {
	t.Helper()
	var found []string
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, f := range testutil.PIICorpus() {
				for _, p := range f.Planted {
					if p.Kind == "PERSON" {
						continue
					}
					for _, form := range testutil.ScanForms(p.Value) {
						if bytes.Contains(b, []byte(form)) {
							found = append(found, fmt.Sprintf("%s %s in %s", p.Kind, p.Value, filepath.Base(path)))
							break
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(found)
	return slices.Compact(found)
}

// distinctValues counts the distinct values in the lines of scanFor.
func distinctValues(found []string) int {
	seen := map[string]bool{}
	for _, f := range found {
		v, _, _ := strings.Cut(f, " in ")
		seen[v] = true
	}
	return len(seen)
}

// plantedValues counts the planted values of rule kinds.
func plantedValues() int {
	n := 0
	for _, f := range testutil.PIICorpus() {
		for _, p := range f.Planted {
			if p.Kind != "PERSON" {
				n++
			}
		}
	}
	return n
}

// TestRedactionAtRest ingests the planted corpus (JSON, email, WebVTT and
// ticket CSV, in English and Portuguese) through a real server and a Redis
// persisting to disk, then scans every byte of the data directory and of
// Redis's AOF and RDB files: none of the planted values may be there. The
// same run with redaction off shows that the scan does see them.
func TestRedactionAtRest(t *testing.T) {
	on := ingestPlanted(t, "on")
	if leaks := scanFor(t, on.dataDir, on.redisDir); len(leaks) > 0 {
		t.Errorf("with redaction on, %d planted values are on disk:\n%s", len(leaks), strings.Join(leaks, "\n"))
	}
	if on.entityCPF != 4 {
		t.Errorf("entity:cpf found %d documents, want the 4 with a CPF", on.entityCPF)
	}

	off := ingestPlanted(t, "off")
	inRedis := scanFor(t, off.redisDir)
	inData := scanFor(t, off.dataDir)
	t.Logf("with redaction off, the scan finds %d of the %d planted values in Redis's files and %d in the data directory",
		distinctValues(inRedis), plantedValues(), distinctValues(inData))
	if distinctValues(inRedis) != plantedValues() || len(inData) == 0 {
		t.Errorf("with redaction off the scan found %d values in Redis and %d in the data directory: it cannot see clear text", distinctValues(inRedis), len(inData))
	}
}
