package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/queues"
)

// *index.Index is what the server needs of an index: a method missing
// from it is a compile error here, not a 503 at run time.
var _ Index = (*index.Index)(nil)

// *queues.Client is what the server needs of the queue: it prepares and
// submits documents in two steps.
var _ Enqueuer = (*queues.Client)(nil)

// TestPackageEdges checks, with go list, the edges that keep packages
// apart: api names no Asynq type and knows nothing of the worker, the
// query language is pure, and re-analysis jobs sit above queues and below
// worker and api (issue #15). It is skipped where the go command is
// absent.
func TestPackageEdges(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	pkgs := goList(t, goCmd, "github.com/ckmhq/ckm/...")
	const (
		mod   = "github.com/ckmhq/ckm/"
		asynq = "github.com/hibiken/asynq"
	)
	for _, p := range []string{"api", "index", "index/query", "jobs", "queues", "worker"} {
		if pkgs[mod+p] == nil {
			t.Fatalf("go list found no %s among %d packages", p, len(pkgs))
		}
	}
	type edge struct {
		from, to string
		deps     bool // among all dependencies, not only direct imports
	}
	forbidden := []edge{
		{"api", asynq, false},
		{"api", mod + "worker", true},
		{"index/query", "github.com/blevesearch/bleve/v2", true},
		{"index/query", "os", false},
		{"index/query", "net", false},
		{"index/query", mod + "index", true},
	}
	required := []edge{
		{"index", mod + "index/query", false},
		{"api", mod + "index/query", false},
		// jobs sits between queues and worker and api.
		{"jobs", mod + "queues", false},
		{"api", mod + "jobs", false},
		{"worker", mod + "jobs", false},
	}
	forbidden = append(forbidden, edge{"jobs", mod + "worker", true}, edge{"jobs", mod + "api", true}, edge{"queues", mod + "jobs", true})
	for _, e := range forbidden {
		if slices.Contains(pkgs[mod+e.from].list(e.deps), e.to) {
			t.Errorf("%s depends on %s (deps=%v); it must not", e.from, e.to, e.deps)
		}
	}
	for _, e := range required {
		if !slices.Contains(pkgs[mod+e.from].list(e.deps), e.to) {
			t.Errorf("%s does not import %s", e.from, e.to)
		}
	}
	for _, imp := range pkgs[mod+"api"].Imports {
		if strings.HasPrefix(imp, "github.com/hibiken/") {
			t.Errorf("api imports %s", imp)
		}
	}
}

// listed is the part of `go list -json` the edges need.
type listed struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

func (p *listed) list(deps bool) []string {
	if deps {
		return p.Deps
	}
	return p.Imports
}

// goList runs `go list -json` on pattern and returns the packages by
// import path.
func goList(t *testing.T, goCmd, pattern string) map[string]*listed {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), goCmd, "list", "-json", pattern).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]*listed{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list: decode: %v", err)
		}
		pkgs[p.ImportPath] = &p
	}
	return pkgs
}
