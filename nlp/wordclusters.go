package nlp

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

// wordClustersData holds the topical word clusters the need model reads
// from a ticket's title, written by `go run ./internal/cmd/trainneeds
// -clusters-only` (make train/needs) from the unlabelled text of
// ../shared/data: English stems grouped by the words they occur near
// (positive PMI within a window, truncated SVD, spherical k-means), so that
// a title word never seen in a labelled ticket weighs like the words of its
// cluster.
//
//go:embed data/wordclusters.txt
var wordClustersData string

// parseWordClusters reads data/wordclusters.txt: "STEM CLUSTER" lines.
func parseWordClusters(data string) (map[string]string, error) {
	out := map[string]string{}
	for n, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			return nil, fmt.Errorf("nlp: word clusters: line %d: want \"STEM CLUSTER\": %q", n+1, line)
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			return nil, fmt.Errorf("nlp: word clusters: line %d: %w", n+1, err)
		}
		out[f[0]] = "ec:" + f[1]
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("nlp: word clusters: empty")
	}
	return out, nil
}
