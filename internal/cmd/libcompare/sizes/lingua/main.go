// Command lingua is sizes.sh's language detection with lingua-go.
package main

import (
	"flag"
	"fmt"

	"github.com/pemistahl/lingua-go"
)

func main() {
	flag.Parse()
	d := lingua.NewLanguageDetectorBuilder().FromLanguages(lingua.English, lingua.Portuguese).Build()
	fmt.Println(d.DetectLanguageOf(flag.Arg(0)))
}
