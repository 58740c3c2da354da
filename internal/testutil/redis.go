// Package testutil holds helpers that only tests import: a private Redis
// server and the paths of the shared development data.
package testutil

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/ckmhq/ckm/internal/redisserver"
)

// Redis returns the address of a Redis server for t. When REDIS_ADDR is set
// it is used as it is (and never flushed: tests use unique IDs). Otherwise a
// private redis-server is started on a free loopback port with its files in
// a temporary directory and stopped when the test ends. Without a
// redis-server binary the test is skipped, except under CI=true where it
// fails: CI must run every test.
func Redis(t testing.TB) string {
	t.Helper()
	if addr := os.Getenv("REDIS_ADDR"); addr != "" {
		return addr
	}
	addr, stop, err := StartRedis(t.TempDir(), nil)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("testutil: %v", err)
		}
		t.Skipf("testutil: %v (run `make deps` to install redis-server)", err)
	}
	t.Cleanup(stop)
	return addr
}

// StartRedis starts a private redis-server on a free loopback port with its
// files under dir (see redisserver.Start).
func StartRedis(dir string, extra []string) (addr string, stop func(), err error) {
	return redisserver.Start(dir, extra)
}

// StartRedisOn is StartRedis on a given port, for tests that restart a
// Redis where its clients expect it.
func StartRedisOn(dir string, port int, extra []string) (addr string, stop func(), err error) {
	return redisserver.StartOn(dir, port, extra)
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort() (int, error) { return redisserver.FreePort() }

// SharedData returns the path of a file under the repository's sibling
// ../shared/data folder, found from the calling test's directory upwards.
// The test is skipped with a clear message when the file is absent, except
// under CI=true, where it fails.
func SharedData(t testing.TB, rel string) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	p := filepath.Join(root, "..", "shared", "data", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("testutil: development data %s is missing: %v", p, err)
		}
		t.Skipf("testutil: development data %s is absent; skipping", p)
	}
	return p
}
