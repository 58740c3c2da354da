package main

import (
	"fmt"
	"log/slog"
	"net"
	"os"

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
