// Command astisub is sizes.sh's SRT parse with asticode/go-astisub.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/asticode/go-astisub"
)

func main() {
	flag.Parse()
	s, err := astisub.ReadFromSRT(os.Stdin)
	fmt.Println(s, err)
}
