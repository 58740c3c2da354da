// Package testutil holds helpers that only tests import: a private Redis
// server and the paths of the shared development data.
package testutil

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
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
// files under dir, waits until it answers PING, and returns its address and
// a function that stops it. extra are more redis-server arguments, such as
// "--appendonly", "yes".
func StartRedis(dir string, extra []string) (addr string, stop func(), err error) {
	port, err := FreePort()
	if err != nil {
		return "", nil, err
	}
	return StartRedisOn(dir, port, extra)
}

// StartRedisOn is StartRedis on a given port, for tests that restart a
// Redis where its clients expect it.
func StartRedisOn(dir string, port int, extra []string) (addr string, stop func(), err error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return "", nil, fmt.Errorf("redis-server not found: %w", err)
	}
	args := append([]string{
		"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--dir", dir, "--save", "", "--appendonly", "no",
		"--daemonize", "no", "--logfile", filepath.Join(dir, "redis.log"),
	}, extra...)
	cmd := exec.Command(bin, args...)
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start redis-server: %w", err)
	}
	addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	stop = func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	if err := waitPing(addr, 10*time.Second); err != nil {
		stop()
		return "", nil, fmt.Errorf("redis-server on %s: %w", addr, err)
	}
	return addr, stop, nil
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func waitPing(addr string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var last error
	for ctx.Err() == nil {
		if last = ping(ctx, addr); last == nil {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("no answer to PING: %w", last)
}

func ping(ctx context.Context, addr string) error {
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "+PONG") {
		return fmt.Errorf("unexpected reply %q", line)
	}
	return nil
}

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
