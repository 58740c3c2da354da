package main

import (
	"context"
	"fmt"
)

// runEval dispatches `ckm eval needs`, `ckm eval entities` and `ckm eval hints`.
func runEval(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "usage: ckm eval needs|entities|hints [flags] FILE...")
		return errUsage
	}
	switch args[0] {
	case "needs":
		return runEvalNeeds(ctx, e, args[1:])
	case "entities":
		return runEvalEntities(ctx, e, args[1:])
	case "hints":
		return runEvalHints(ctx, e, args[1:])
	}
	fmt.Fprintf(e.stderr, "ckm eval: unknown evaluation %q: want needs, entities or hints\n", args[0])
	return errUsage
}
