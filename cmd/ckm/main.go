// Command ckm is the customer knowledge worker: it serves the API, the
// worker and the index, analyses documents offline, enqueues them and
// searches a running server. Run `ckm help` for the subcommands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// errFailed means the command did its work but some of it failed, and has
// already said what: exit 1 without another message.
var errFailed = errors.New("some inputs failed")

// errHelp means usage was asked for and printed.
var errHelp = errors.New("help")

// errUsage means the command line was wrong; usage was printed.
var errUsage = errors.New("usage")

func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.Is(err, errFailed):
		return 1
	case errors.Is(err, errUsage):
		return 2
	default:
		fmt.Fprintln(stderr, "ckm:", err)
		return 1
	}
}

// command is one subcommand.
type command struct {
	name, summary string
	run           func(ctx context.Context, env *env, args []string) error
}

// env is what a subcommand may touch of the outside world.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

var commands = []command{
	{"serve", "run the API, the worker and the index in one process", runServe},
	{"analyze", "analyse JSON Lines documents offline and print one JSON analysis per line", runAnalyze},
	{"enqueue", "send JSON Lines documents to the queue, optionally waiting until searchable", runEnqueue},
	{"worker", "analyse queued documents for a `ckm serve` that owns the index", runWorker},
	{"reanalyze", "start a re-analysis job on a running server", runReanalyze},
	{"jobs", "show re-analysis jobs; cancel or resume one", runJobs},
	{"search", "search a running server", runSearch},
	{"import", "import files and folders of email, transcripts and tickets", runImport},
	{"hints", "print what a client is hinting at, from a running server", runHints},
	{"emerging", "print emerging themes, from a running server", runEmerging},
	{"alerts", "list, add, remove and test the saved searches and watches of your key", runAlerts},
	{"eval", "measure the analysis against labelled data (eval needs|entities)", runEval},
	{"version", "print the version", func(_ context.Context, e *env, _ []string) error {
		fmt.Fprintln(e.stdout, "ckm", version)
		return nil
	}},
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "ckm: unknown command %q\n\n", args[0])
	usage(stderr)
	return errUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: ckm <command> [flags] [args]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun `ckm <command> -h` for a command's flags. Every flag has a CKM_* environment default.")
}
