package index

import (
	"errors"
	"strings"

	"github.com/blevesearch/vellum/levenshtein"
	"github.com/blevesearch/vellum/regexp"
)

// TooComplex reports whether err is the engine refusing a query that is
// too big to run: a typo automaton or a pattern with too many states or
// instructions (a very long word, a long theme filter). Such an error is
// the query's fault, not the server's; the API answers it with a 400.
func TooComplex(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, levenshtein.ErrTooManyStates) || errors.Is(err, regexp.ErrTooManyStates) || errors.Is(err, regexp.ErrCompiledTooBig) {
		return true
	}
	// Bleve does not always wrap with %w: match the messages too.
	msg := err.Error()
	return strings.Contains(msg, levenshtein.ErrTooManyStates.Error()) || strings.Contains(msg, regexp.ErrCompiledTooBig.Error()) ||
		strings.Contains(msg, "State id is larger than maxNumStates") || strings.Contains(msg, "expression too large")
}
