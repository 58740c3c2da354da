package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ckmhq/ckm/internal/testutil"
)

// TestMakeRunQuickStart is a newcomer's first minutes: in a clean copy of
// the repository (the files git tracks, nothing built, no data), `make run`
// on free ports prints where the page is and an import command; the
// command, run as printed, imports examples/import and its documents are
// searchable; `make stop` ends `make run` with status 0 and stops the
// Redis it started.
func TestMakeRunQuickStart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ckm and runs make run; skipped with -short")
	}
	for _, tool := range []string{"make", "bash", "curl", "git", "redis-server", "redis-cli"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is needed: %v", tool, err)
			}
			t.Skipf("%s is not installed: %v", tool, err)
		}
	}
	clone := cleanCopy(t)
	httpPort, err1 := testutil.FreePort()
	redisPort, err2 := testutil.FreePort()
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	env := append(os.Environ(), "CKM_HTTP_ADDR=127.0.0.1:"+strconv.Itoa(httpPort), "REDIS_PORT="+strconv.Itoa(redisPort), "CKM_LOG_LEVEL=warn")
	env = withoutVars(env, "CKM_REDIS_ADDR", "CKM_DATA_DIR", "CKM_SERVER", "CKM_API_KEY")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	mr := exec.CommandContext(ctx, "make", "run")
	mr.Dir, mr.Env = clone, env
	mr.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	mr.Cancel = func() error { return syscall.Kill(-mr.Process.Pid, syscall.SIGKILL) }
	stdout, err := mr.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	mr.Stderr = &logs
	if err := mr.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	t.Cleanup(func() { // stops what a failed test left running
		stop := exec.Command("make", "stop")
		stop.Dir, stop.Env = clone, env
		stop.Run()
		cancel()
	})

	// Read what make run prints until its import line.
	var page, importCmd string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && importCmd == "" {
		line := sc.Text()
		if _, after, ok := strings.Cut(line, "Open the page: "); ok {
			page = strings.TrimSpace(after)
		}
		if _, after, ok := strings.Cut(line, "for example: "); ok {
			importCmd = strings.TrimSpace(after)
		}
	}
	go func() { io.Copy(io.Discard, stdout); done <- mr.Wait() }()
	if page == "" || importCmd == "" {
		t.Fatalf("make run printed no page or import command:\n%s", logs.String())
	}
	if want := "http://127.0.0.1:" + strconv.Itoa(httpPort) + "/"; page != want {
		t.Errorf("page = %q, want %q", page, want)
	}
	if resp, err := http.Get(page); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %v %v", page, resp, err)
	}

	// The import command, exactly as printed, in the clone.
	imp := exec.CommandContext(ctx, "bash", "-c", importCmd)
	imp.Dir, imp.Env = clone, env
	out, err := imp.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "imported 5, skipped 0 as duplicates, rejected 0 from 4 files; indexed 5, failed 0") {
		t.Fatalf("%s: %v\n%s", importCmd, err, out)
	}
	for _, q := range []string{"PRJ-4471", "Dallas 429", "SAML seats"} {
		resp, err := http.Get(strings.TrimSuffix(page, "/") + "/v1/search?" + url.Values{"q": {q}, "client": {"initech"}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		var r searchResult
		err = json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		if err != nil || r.Total == 0 {
			t.Errorf("search %q for initech after the import: %+v, %v; want the imported documents", q, r, err)
		}
	}

	// make stop ends make run cleanly, and ckm's Redis with it.
	stop := exec.CommandContext(ctx, "make", "stop")
	stop.Dir, stop.Env = clone, env
	if out, err := stop.CombinedOutput(); err != nil || !strings.Contains(string(out), "stopped ckm") {
		t.Errorf("make stop: %v\n%s", err, out)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("make run ended with %v, want status 0\n%s", err, logs.String())
		}
	case <-time.After(time.Minute):
		t.Fatalf("make run still runs a minute after make stop\n%s", logs.String())
	}
	if c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(redisPort), time.Second); err == nil {
		c.Close()
		t.Errorf("Redis still listens on %d after make stop", redisPort)
	}
}

// cleanCopy copies the files git tracks (as they are in the work tree) to
// a temporary directory: a fresh clone, with any uncommitted change.
func cleanCopy(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	ls := exec.Command("git", "ls-files", "-z")
	ls.Dir = root
	out, err := ls.Output()
	if err != nil {
		t.Skipf("not a git work tree: %v", err)
	}
	dst := t.TempDir()
	for _, rel := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		src := filepath.Join(root, rel)
		info, err := os.Lstat(src)
		if err != nil || !info.Mode().IsRegular() {
			continue // deleted in the work tree, or a link
		}
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	// ../shared, beside the repository, is not needed by make run.
	return dst
}

func withoutVars(env []string, names ...string) []string {
	var out []string
	for _, kv := range env {
		keep := true
		for _, n := range names {
			keep = keep && !strings.HasPrefix(kv, n+"=")
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

// TestMakeRunCtrlC presses Ctrl-C in the terminal `make run` runs in (a
// pseudo-terminal from script(1)): the server stops, the Redis it started
// stops, and make exits 0 instead of "make: *** [run] Error 130".
func TestMakeRunCtrlC(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ckm and runs make run; skipped with -short")
	}
	for _, tool := range []string{"make", "bash", "curl", "git", "redis-server", "script"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is needed: %v", tool, err)
			}
			t.Skipf("%s is not installed: %v", tool, err)
		}
	}
	clone := cleanCopy(t)
	httpPort, err1 := testutil.FreePort()
	redisPort, err2 := testutil.FreePort()
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	env := append(withoutVars(os.Environ(), "CKM_REDIS_ADDR", "CKM_DATA_DIR", "CKM_SERVER", "CKM_API_KEY"),
		"CKM_HTTP_ADDR=127.0.0.1:"+strconv.Itoa(httpPort), "REDIS_PORT="+strconv.Itoa(redisPort), "CKM_LOG_LEVEL=warn")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	term := exec.CommandContext(ctx, "script", "-qfec", "make run", "/dev/null")
	term.Dir, term.Env = clone, env
	term.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	term.Cancel = func() error { return syscall.Kill(-term.Process.Pid, syscall.SIGKILL) }
	keys, err := term.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	screen, err := term.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop := exec.Command("make", "stop")
		stop.Dir, stop.Env = clone, env
		stop.Run()
	})
	if err := term.Start(); err != nil {
		t.Fatal(err)
	}
	var seen strings.Builder
	sc := bufio.NewScanner(screen)
	for sc.Scan() {
		seen.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), "make stop") {
			break
		}
	}
	if !strings.Contains(seen.String(), "Open the page: ") {
		t.Fatalf("make run did not come up:\n%s", seen.String())
	}
	// Ctrl-C, again every few seconds: one pressed in the instant between
	// the last line and the server getting the terminal reaches nobody.
	rest := make(chan []byte, 1)
	go func() { b, _ := io.ReadAll(screen); rest <- b }()
	var tail []byte
	for press := 0; tail == nil; press++ {
		if press == 4 {
			t.Fatalf("make run still runs after 4 Ctrl-C:\n%s", seen.String())
		}
		if _, err := keys.Write([]byte{0x03}); err != nil {
			t.Fatal(err)
		}
		select {
		case tail = <-rest:
		case <-time.After(15 * time.Second):
		}
	}
	seen.Write(tail)
	if err := term.Wait(); err != nil {
		t.Errorf("make run after Ctrl-C: %v, want exit status 0\n%s", err, seen.String())
	}
	if !strings.Contains(seen.String(), "stopped ckm's Redis") || strings.Contains(seen.String(), "Error") {
		t.Errorf("make run's goodbye:\n%s", seen.String())
	}
	if c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(redisPort), time.Second); err == nil {
		c.Close()
		t.Errorf("Redis still listens on %d after Ctrl-C", redisPort)
	}
}
