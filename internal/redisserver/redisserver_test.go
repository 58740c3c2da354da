package redisserver

import (
	"context"
	"os"
	"os/exec"
	"testing"
)

func TestStartAndStop(t *testing.T) {
	if _, err := exec.LookPath("redis-server"); err != nil && os.Getenv("CI") == "" {
		t.Skip("no redis-server (run `make deps`)")
	}
	addr, stop, err := Start(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ping(context.Background(), addr); err != nil {
		stop()
		t.Fatalf("started redis-server does not answer PING: %v", err)
	}
	stop()
	if err := ping(context.Background(), addr); err == nil {
		t.Errorf("redis-server on %s still answers after stop", addr)
	}
}
