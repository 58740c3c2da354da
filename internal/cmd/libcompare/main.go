// Command libcompare measures ckm's own code against the well-kept Go
// libraries that do the same job, on the development data in
// ../shared/data: MIME email (enmime), WebVTT and SRT captions
// (go-astisub) and language identification (lingua-go). It prints one
// Markdown table per comparison; docs/DESIGN-NOTES.md records the figures
// and the decisions. It is a module of its own, so that the libraries it
// compares never enter ckm's go.mod:
//
//	cd internal/cmd/libcompare && go run . -data ../../../../shared/data
//
// Binary sizes come from ./sizes.sh beside it.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	data := flag.String("data", "../../../../shared/data", "the development data folder")
	flag.Parse()
	for _, c := range []struct {
		name string
		run  func(data string) error
	}{
		{"email", compareEmail},
		{"captions", compareCaptions},
		{"language", compareLanguage},
	} {
		if err := c.run(*data); err != nil {
			fmt.Fprintf(os.Stderr, "libcompare: %s: %v\n", c.name, err)
			os.Exit(1)
		}
	}
}
