// Command cobra is sizes.sh's CLI with spf13/cobra.
package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func main() {
	var n int
	cmd := &cobra.Command{Use: "x", Run: func(_ *cobra.Command, args []string) { fmt.Println(n, args) }}
	cmd.Flags().IntVar(&n, "n", 1, "count")
	cmd.Execute()
}
