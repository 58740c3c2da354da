// Command plot is sizes.sh's PNG bar chart with gonum/plot.
package main

import (
	"flag"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

func main() {
	flag.Parse()
	p := plot.New()
	bars, _ := plotter.NewBarChart(plotter.Values{1, 2, 3}, vg.Points(10))
	p.Add(bars)
	p.Save(4*vg.Inch, 3*vg.Inch, "chart.png")
}
