package main

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
)

// redactor builds the personal-data redactor of --redact (CKM_REDACT):
// "on" (the default) redacts every rule kind, "names" adds person names,
// "off" nothing, and a comma-separated list of kinds (email,phone,cpf,
// cnpj,card,iban,person) just those. CKM_PII_KEY, base64 of 32 bytes,
// seals the originals. It returns a nil interface when redaction is off.
func (c *config) redactor() (queues.Redactor, error) {
	var cfg nlp.RedactConfig
	switch v := strings.ToLower(strings.TrimSpace(c.redact)); v {
	case "off", "none", "false":
		return nil, nil
	case "", "on", "true":
	case "names":
		cfg.Names = true
	default:
		for _, k := range strings.Split(v, ",") {
			cfg.Kinds = append(cfg.Kinds, strings.ToUpper(strings.TrimSpace(k)))
		}
	}
	if c.piiKey != "" {
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(c.piiKey))
		if err != nil || len(key) != 32 {
			return nil, fmt.Errorf("CKM_PII_KEY: want the base64 of 32 random bytes (openssl rand -base64 32)")
		}
		cfg.Key = key
	}
	r, err := nlp.NewRedactor(cfg)
	if err != nil {
		return nil, fmt.Errorf("--redact %q: %w", c.redact, err)
	}
	return r, nil
}

// queueClient is the queue client of c, redacting what it enqueues.
func (c *config) queueClient() (*queues.Client, error) {
	r, err := c.redactor()
	if err != nil {
		return nil, err
	}
	return queues.NewClient(c.queues(), queues.WithRedactor(r))
}
