//go:build faultinject

package main

import (
	"context"
	"strings"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// analyzer is what the worker handlers take.
type analyzer interface {
	Analyze(ctx context.Context, doc ckm.Document) (*nlp.Analysis, error)
}

// PoisonMarker in a document's text makes a faultinject build's analyser
// panic, as a document that trips a bug would.
const PoisonMarker = "CKM-FAULT-POISON"

type poisonable struct{ analyzer }

func (p poisonable) Analyze(ctx context.Context, doc ckm.Document) (*nlp.Analysis, error) {
	if strings.Contains(doc.Text, PoisonMarker) {
		panic("fault injection: poisoned document " + doc.ID)
	}
	return p.analyzer.Analyze(ctx, doc)
}

func wrapAnalyzer(a analyzer) analyzer { return poisonable{a} }
