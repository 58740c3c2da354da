//go:build !faultinject

package main

import (
	"context"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// analyzer is what the worker handlers take.
type analyzer interface {
	Analyze(ctx context.Context, doc ckm.Document) (*nlp.Analysis, error)
}

// wrapAnalyzer is the identity in real builds; the fault tests build with
// -tags faultinject to make it poisonable (see faults_inject.go).
func wrapAnalyzer(a analyzer) analyzer { return a }
