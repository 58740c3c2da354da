package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/ckmhq/ckm/queues"
)

// defaultServer is the server the client commands talk to when neither
// --server nor CKM_SERVER says otherwise: the address `make run` serves.
const defaultServer = "http://127.0.0.1:8080"

// config is what the subcommands read: flags whose defaults come from
// CKM_* environment variables. Each subcommand registers only the groups
// it uses (serverFlags, redisFlags, serveFlags, gazetteerFlag), so its
// help lists only its own flags.
type config struct {
	redisAddr     string
	redisPassword string
	redisDB       int
	dataDir       string
	httpAddr      string
	server        string
	logLevel      string
	keysFile      string
	retryMaxDelay time.Duration
	sentinels     string
	masterName    string
	gazetteer     string
	redact        string // see redactor (redact.go)
	piiKey        string // CKM_PII_KEY: from the environment only
}

// newFlagSet returns an empty flag set for the named subcommand that
// writes its usage to e.stderr.
func newFlagSet(name string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet("ckm "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// newFlags returns a flag set for a subcommand that talks to a running
// server, with --server registered on it (see serverFlags).
func newFlags(name string, e *env, c *config) *flag.FlagSet {
	fs := newFlagSet(name, e)
	c.serverFlags(fs, e)
	return fs
}

// envDefault returns the environment's value of key, or fallback.
func envDefault(e *env, key, fallback string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return fallback
}

// serverFlags registers the flags of the commands that are clients of a
// running server.
func (c *config) serverFlags(fs *flag.FlagSet, e *env) {
	fs.StringVar(&c.server, "server", envDefault(e, "CKM_SERVER", defaultServer), "base `URL` of the running server; the API key, if it needs one, is CKM_API_KEY (CKM_SERVER)")
}

// redisFlags registers where Redis is: for serve and worker only, the
// processes that own the queue. Everything else talks to the server.
func (c *config) redisFlags(fs *flag.FlagSet, e *env) {
	db, _ := strconv.Atoi(envDefault(e, "CKM_REDIS_DB", "0"))
	fs.StringVar(&c.redisAddr, "redis", envDefault(e, "CKM_REDIS_ADDR", "127.0.0.1:6379"), "Redis `host:port` (CKM_REDIS_ADDR)")
	fs.StringVar(&c.redisPassword, "redis-password", envDefault(e, "CKM_REDIS_PASSWORD", ""), "Redis password (CKM_REDIS_PASSWORD)")
	fs.IntVar(&c.redisDB, "redis-db", db, "Redis database number (CKM_REDIS_DB)")
	fs.StringVar(&c.sentinels, "redis-sentinels", envDefault(e, "CKM_REDIS_SENTINELS", ""), "comma-separated Sentinel `addresses`; when set, Redis is the master they name (CKM_REDIS_SENTINELS)")
	fs.StringVar(&c.masterName, "redis-master", envDefault(e, "CKM_REDIS_MASTER", "mymaster"), "the Sentinel master name (CKM_REDIS_MASTER)")
	retryDelay, _ := time.ParseDuration(envDefault(e, "CKM_RETRY_MAX_DELAY", "10m"))
	fs.DurationVar(&c.retryMaxDelay, "retry-max-delay", retryDelay, "longest pause before retrying a failed task (CKM_RETRY_MAX_DELAY)")
	fs.StringVar(&c.logLevel, "log-level", envDefault(e, "CKM_LOG_LEVEL", "info"), "log level: debug, info, warn, error (CKM_LOG_LEVEL)")
	fs.StringVar(&c.redact, "redact", envDefault(e, "CKM_REDACT", "on"), "personal data redacted before anything is stored: on, names, off, or kinds such as email,cpf (CKM_REDACT)")
	c.piiKey = e.getenv("CKM_PII_KEY")
	c.gazetteerFlag(fs, e)
}

// serveFlags registers what only serve reads: the data directory, the
// listen address and the keys file.
func (c *config) serveFlags(fs *flag.FlagSet, e *env) {
	fs.StringVar(&c.dataDir, "data", envDefault(e, "CKM_DATA_DIR", "./data"), "data `directory`; the index lives in its index/ folder (CKM_DATA_DIR)")
	fs.StringVar(&c.httpAddr, "http", envDefault(e, "CKM_HTTP_ADDR", "127.0.0.1:8080"), "HTTP listen `address` (CKM_HTTP_ADDR)")
	fs.StringVar(&c.keysFile, "keys-file", envDefault(e, "CKM_KEYS_FILE", ""), "API keys `file`, JSON Lines; without one serve runs open on loopback only (CKM_KEYS_FILE)")
}

// gazetteerFlag registers the gazetteer file of the commands that analyse.
func (c *config) gazetteerFlag(fs *flag.FlagSet, e *env) {
	fs.StringVar(&c.gazetteer, "gazetteer", envDefault(e, "CKM_GAZETTEER", ""), "`file` of the clients, products and competitors entities are labelled with: JSON Lines or TSV (CKM_GAZETTEER)")
}

// The CLI is built on the standard library's flag package rather than
// cobra, urfave/cli or ff: see "Own code or a library?" in
// docs/DESIGN-NOTES.md.

// parse parses args with flags anywhere on the line, as the Go tools do:
// `ckm search fatura --client acme` is `ckm search --client acme fatura`.
// Arguments after "--" are never flags. Afterwards fs.Args() holds the
// positional arguments in order. -h turns into errHelp after the usage; a
// bad flag into errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	return parseWords(fs, args, false)
}

// parseWords is parse with, when dashWords is set, a word such as -refund
// that names no flag kept as a positional argument (the search query's
// exclusions) instead of being an error. --name must always be a flag.
func parseWords(fs *flag.FlagSet, args []string, dashWords bool) error {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			rest = append(rest, args[i+1:]...)
			i = len(args)
		case len(a) < 2 || a[0] != '-', dashWords && isDashWord(fs, a):
			rest = append(rest, a)
		default:
			flags = append(flags, a)
			if takesValue(fs, a) && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		}
	}
	// Parse stops after "--" and leaves what follows as fs.Args().
	if err := fs.Parse(append(append(flags, "--"), rest...)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return errUsage
	}
	return nil
}

// takesValue reports whether the flag arg (-name or --name, without
// "=value") is one of fs that takes its value from the next argument.
func takesValue(fs *flag.FlagSet, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	if strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

// isDashWord reports whether arg looks like -word but names no flag of fs
// (and is not -h or -help).
func isDashWord(fs *flag.FlagSet, arg string) bool {
	if len(arg) < 2 || arg[0] != '-' || arg[1] == '-' {
		return false
	}
	name, _, _ := strings.Cut(arg[1:], "=")
	return fs.Lookup(name) == nil && name != "h" && name != "help"
}

func (c *config) queues() queues.Config {
	qc := queues.Config{RedisAddr: c.redisAddr, RedisPassword: c.redisPassword, RedisDB: c.redisDB}
	if c.sentinels != "" {
		qc.SentinelAddrs, qc.MasterName = strings.Split(c.sentinels, ","), c.masterName
	}
	return qc
}

func (c *config) logger(e *env) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(c.logLevel))); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", c.logLevel)
	}
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level})), nil
}
