package main

import (
	"context"
	"errors"
)

// runEmerging is being built; see the open issues.
func runEmerging(ctx context.Context, e *env, args []string) error {
	return errors.New("emerging: not built yet")
}
