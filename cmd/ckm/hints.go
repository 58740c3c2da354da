package main

import (
	"context"
	"errors"
)

// runHints is being built; see the open issues.
func runHints(ctx context.Context, e *env, args []string) error {
	return errors.New("hints: not built yet")
}
