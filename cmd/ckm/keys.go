package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/ckmhq/ckm/api"
)

// loadKeys reads the API keys file (--keys-file, CKM_KEYS_FILE). Without
// one the server runs open, which is only allowed on a loopback address.
func loadKeys(c *config, log *slog.Logger) (*api.Keys, error) {
	if c.keysFile == "" {
		if !loopback(c.httpAddr) {
			return nil, fmt.Errorf("serve: %s is not a loopback address and no keys file is set: "+
				"set --keys-file (CKM_KEYS_FILE) to serve other machines, or listen on 127.0.0.1", c.httpAddr)
		}
		log.Warn("ckm runs open for development: no keys file (CKM_KEYS_FILE), every local caller sees every client", "http", c.httpAddr)
		return nil, nil
	}
	f, err := os.Open(c.keysFile)
	if err != nil {
		return nil, fmt.Errorf("serve: keys file: %w", err)
	}
	defer f.Close()
	keys, err := api.LoadKeys(f)
	if err != nil {
		return nil, fmt.Errorf("serve: keys file %s: %w", c.keysFile, err)
	}
	if keys.Len() == 0 {
		return nil, fmt.Errorf("serve: keys file %s lists no keys; nobody could call the API", c.keysFile)
	}
	log.Info("ckm API keys loaded", "file", c.keysFile, "keys", keys.Len())
	return keys, nil
}

// adminTokenFile is the file under the data directory where serve, when
// it runs without keys, writes the token its admin actions need.
const adminTokenFile = "admin-token"

// writeAdminToken makes a new random admin token and writes it, readable
// by the user alone, to the data directory; each start replaces it.
func writeAdminToken(dataDir string) (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("serve: admin token: %w", err)
	}
	token := hex.EncodeToString(b)
	path := filepath.Join(dataDir, adminTokenFile)
	os.Remove(path) // a file left with wider permissions is not reused
	if err := os.WriteFile(path, []byte(token+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("serve: admin token: %w", err)
	}
	return token, nil
}

// apiKey is the bearer token the CLI sends: CKM_API_KEY, else, for a
// server on this machine, the admin token of a `ckm serve` that runs open
// with its data in CKM_DATA_DIR (default ./data), when the file is there.
func (c *config) apiKey(e *env) string {
	if k := e.getenv("CKM_API_KEY"); k != "" {
		return k
	}
	u, err := url.Parse(c.server)
	if err != nil || !loopback(u.Host) {
		return ""
	}
	b, err := os.ReadFile(filepath.Join(envDefault(e, "CKM_DATA_DIR", "./data"), adminTokenFile))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// loopback reports whether addr (host:port) listens on loopback only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
