package main

import (
	"context"
	"errors"
)

// runEvalNeeds is being built; see the open issues.
func runEvalNeeds(ctx context.Context, e *env, args []string) error {
	return errors.New("evalneeds: not built yet")
}
