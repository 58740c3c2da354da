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

// config is what every subcommand reads: flags whose defaults come from
// CKM_* environment variables.
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

// newFlags returns a flag set for the named subcommand with the shared
// configuration flags registered on it.
func newFlags(name string, e *env, c *config) *flag.FlagSet {
	fs := flag.NewFlagSet("ckm "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	def := func(key, fallback string) string {
		if v := e.getenv(key); v != "" {
			return v
		}
		return fallback
	}
	db, _ := strconv.Atoi(def("CKM_REDIS_DB", "0"))
	fs.StringVar(&c.redisAddr, "redis", def("CKM_REDIS_ADDR", "127.0.0.1:6379"), "Redis `host:port` (CKM_REDIS_ADDR)")
	fs.StringVar(&c.redisPassword, "redis-password", def("CKM_REDIS_PASSWORD", ""), "Redis password (CKM_REDIS_PASSWORD)")
	fs.IntVar(&c.redisDB, "redis-db", db, "Redis database number (CKM_REDIS_DB)")
	fs.StringVar(&c.dataDir, "data", def("CKM_DATA_DIR", "./data"), "data `directory`; the index lives in its index/ folder (CKM_DATA_DIR)")
	fs.StringVar(&c.httpAddr, "http", def("CKM_HTTP_ADDR", "127.0.0.1:8080"), "HTTP listen `address` for serve (CKM_HTTP_ADDR)")
	fs.StringVar(&c.server, "server", def("CKM_SERVER", "http://127.0.0.1:8080"), "base `URL` of a running server, for search (CKM_SERVER)")
	fs.StringVar(&c.gazetteer, "gazetteer", def("CKM_GAZETTEER", ""), "`file` of the clients, products and competitors entities are labelled with: JSON Lines or TSV (CKM_GAZETTEER)")
	fs.StringVar(&c.sentinels, "redis-sentinels", def("CKM_REDIS_SENTINELS", ""), "comma-separated Sentinel `addresses`; when set, Redis is the master they name (CKM_REDIS_SENTINELS)")
	fs.StringVar(&c.masterName, "redis-master", def("CKM_REDIS_MASTER", "mymaster"), "the Sentinel master name (CKM_REDIS_MASTER)")
	retryDelay, _ := time.ParseDuration(def("CKM_RETRY_MAX_DELAY", "10m"))
	fs.DurationVar(&c.retryMaxDelay, "retry-max-delay", retryDelay, "longest pause before retrying a failed task (CKM_RETRY_MAX_DELAY)")
	fs.StringVar(&c.keysFile, "keys-file", def("CKM_KEYS_FILE", ""), "API keys `file`, JSON Lines; without one serve runs open on loopback only (CKM_KEYS_FILE)")
	fs.StringVar(&c.logLevel, "log-level", def("CKM_LOG_LEVEL", "info"), "log level: debug, info, warn, error (CKM_LOG_LEVEL)")
	fs.StringVar(&c.redact, "redact", def("CKM_REDACT", "on"), "personal data redacted before anything is stored: on, names, off, or kinds such as email,cpf (CKM_REDACT)")
	c.piiKey = e.getenv("CKM_PII_KEY")
	return fs
}

// parse parses args, turning -h into a nil error after the usage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return errUsage
	}
	return nil
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
