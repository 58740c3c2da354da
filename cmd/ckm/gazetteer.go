package main

import (
	"fmt"
	"os"

	"github.com/ckmhq/ckm/nlp"
)

// nlpConfig returns the analysis configuration: the gazetteer file, when
// one is configured, loaded.
func (c *config) nlpConfig() (nlp.Config, error) {
	if c.gazetteer == "" {
		return nlp.Config{}, nil
	}
	f, err := os.Open(c.gazetteer)
	if err != nil {
		return nlp.Config{}, fmt.Errorf("gazetteer: %w", err)
	}
	defer f.Close()
	g, err := nlp.LoadGazetteer(f)
	if err != nil {
		return nlp.Config{}, fmt.Errorf("gazetteer %s: %w", c.gazetteer, err)
	}
	return nlp.Config{Gazetteer: g}, nil
}
