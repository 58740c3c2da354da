// Command mpb is sizes.sh's progress bar with vbauerster/mpb.
package main

import (
	"flag"

	"github.com/vbauerster/mpb/v8"
)

func main() {
	flag.Parse()
	p := mpb.New()
	bar := p.AddBar(1)
	bar.Increment()
	p.Wait()
}
