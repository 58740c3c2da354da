// Command progressbar is sizes.sh's progress bar with schollz/progressbar.
package main

import (
	"flag"

	"github.com/schollz/progressbar/v3"
)

func main() {
	flag.Parse()
	bar := progressbar.Default(100)
	bar.Add(1)
}
