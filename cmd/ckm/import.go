package main

import (
	"context"
	"errors"
)

// runImport is being built; see the open issues.
func runImport(ctx context.Context, e *env, args []string) error {
	return errors.New("import: not built yet")
}
