package api

import (
	"fmt"
	"math"
)

// ChanceWords says in plain words how likely it is that chance alone
// explains a surge whose false-discovery-adjusted p-value is q: what the
// page and the CLI show instead of the figure, which they keep for a
// hover or a parenthesis. An untested theme had too few mentions.
func ChanceWords(q float64, tested bool) string {
	switch {
	case !tested:
		return "too few mentions to tell"
	case q < 0.001:
		return "almost certainly not chance"
	case q < 0.01:
		return "very unlikely to be chance"
	case q < 0.05:
		return "unlikely to be chance"
	case q < 0.2:
		return "could be chance"
	default:
		return "likely chance"
	}
}

// RateWords says how a theme's rate in the window compares with its
// baseline rate (lift is their ratio): "3.2 times as often as before".
func RateWords(lift float64) string {
	switch {
	case math.IsInf(lift, 1) || lift > 1000:
		return "new: not seen before"
	case lift >= 1.05:
		return fmt.Sprintf("%.1f times as often as before", lift)
	case lift > 0.95:
		return "as often as before"
	case lift > 0:
		return fmt.Sprintf("%.0f%% as often as before", 100*lift)
	default:
		return "not in the window"
	}
}
