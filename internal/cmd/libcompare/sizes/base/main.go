// Command base is the baseline of sizes.sh: the standard library's flag
// and fmt, which ckm already links.
package main

import (
	"flag"
	"fmt"
)

func main() {
	n := flag.Int("n", 1, "count")
	flag.Parse()
	fmt.Println(*n, flag.Args())
}
