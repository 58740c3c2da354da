// Command enmime is sizes.sh's MIME parse with jhillyerd/enmime.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/jhillyerd/enmime"
)

func main() {
	flag.Parse()
	env, err := enmime.ReadEnvelope(os.Stdin)
	fmt.Println(env, err)
}
