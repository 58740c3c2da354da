package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoopback(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:8080": true, "[::1]:8080": true, "127.9.9.9:1": true,
		":8080": false, "0.0.0.0:8080": false, "[::]:8080": false, "10.0.0.5:8080": false, "example.com:80": false, "nonsense": false,
	} {
		if got := loopback(addr); got != want {
			t.Errorf("loopback(%q) = %v, want %v", addr, got, want)
		}
	}
}

func TestLoadKeysFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("keys.jsonl", `{"name": "bot", "sha256": "`+strings.Repeat("ab", 32)+`", "clients": ["globex"]}`+"\n")
	tests := []struct {
		name, file, addr string
		keys             int
		err, log         string
	}{
		{"open on loopback", "", "127.0.0.1:8080", 0, "", "runs open for development"},
		{"open elsewhere", "", "0.0.0.0:8080", 0, "is not a loopback address and no keys file is set", ""},
		{"keys anywhere", good, "0.0.0.0:8080", 1, "", "keys=1"},
		{"missing file", filepath.Join(dir, "none"), "127.0.0.1:1", 0, "keys file", ""},
		{"empty file", write("empty", "\n"), "127.0.0.1:1", 0, "lists no keys", ""},
		{"bad line", write("bad", "{}\n"), "127.0.0.1:1", 0, "line 1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			keys, err := loadKeys(&config{keysFile: tt.file, httpAddr: tt.addr}, slog.New(slog.NewTextHandler(&logs, nil)))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if keys.Len() != tt.keys || !strings.Contains(logs.String(), tt.log) {
				t.Errorf("keys %d, log %q; want %d keys and a log with %q", keys.Len(), logs.String(), tt.keys, tt.log)
			}
		})
	}
}
