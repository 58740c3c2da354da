// Package chart draws the PNG charts of the benchmark tools
// (internal/cmd/report, internal/cmd/scale): line charts on log-log axes
// and grouped bar charts on a log y axis, with the standard library's
// image packages and a bitmap font, so a chart needs no plotting
// dependency.
package chart

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Series is one line of a line chart: points (X[i], Y[i]), drawn in a
// colour of its own, dashed when Dash is set. Points with a value ≤ 0 are
// outside the log axes and are not drawn.
type Series struct {
	Name string
	X, Y []float64
	Dash bool
}

// BarGroup is one group of a bar chart: a label and one value per bar
// name; 0 means not measured and draws no bar.
type BarGroup struct {
	Label  string
	Values []float64
}

var palette = []color.RGBA{
	{31, 119, 180, 255}, {214, 39, 40, 255}, {44, 160, 44, 255},
	{255, 127, 14, 255}, {148, 103, 189, 255}, {140, 86, 75, 255}, {23, 190, 207, 255},
}

// canvas is an image with a plot area and log-scaled axes.
type canvas struct {
	img                    *image.RGBA
	left, top, right, bot  int     // plot area in pixels
	xmin, xmax, ymin, ymax float64 // log10 of the axis ranges
}

// Width and Height are every chart's size in pixels.
const Width, Height = 960, 540

func newCanvas(title, xlabel, ylabel string) *canvas {
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, Width, Height)), left: 80, top: 40, right: Width - 300, bot: Height - 60}
	for i := range c.img.Pix {
		c.img.Pix[i] = 255
	}
	c.text(c.left, 24, title, color.RGBA{A: 255})
	c.text((c.left+c.right)/2-len(xlabel)*7/2, Height-18, xlabel, color.RGBA{A: 255})
	c.text(8, c.top-10, ylabel, color.RGBA{A: 255})
	return c
}

func (c *canvas) text(x, y int, s string, col color.Color) {
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func (c *canvas) set(x, y int, col color.RGBA) {
	if image.Pt(x, y).In(c.img.Rect) {
		c.img.SetRGBA(x, y, col)
	}
}

// line draws a line w pixels thick.
func (c *canvas) line(x0, y0, x1, y1, w int, col color.RGBA) {
	c.dashed(x0, y0, x1, y1, w, 0, col)
}

// dashed draws a line w pixels thick with dashes of dash pixels (0: solid).
func (c *canvas) dashed(x0, y0, x1, y1, w, dash int, col color.RGBA) {
	n := max(abs(x1-x0), abs(y1-y0), 1)
	for i := 0; i <= n; i++ {
		if dash > 0 && (i/dash)%2 == 1 {
			continue
		}
		x := x0 + (x1-x0)*i/n
		y := y0 + (y1-y0)*i/n
		for dx := -w / 2; dx <= (w-1)/2; dx++ {
			for dy := -w / 2; dy <= (w-1)/2; dy++ {
				c.set(x+dx, y+dy, col)
			}
		}
	}
}

func (c *canvas) rect(x0, y0, x1, y1 int, col color.RGBA) {
	for y := min(y0, y1); y <= max(y0, y1); y++ {
		for x := min(x0, x1); x <= max(x0, x1); x++ {
			c.set(x, y, col)
		}
	}
}

func abs(a int) int {
	if a < 0 {
		return -a
	}
	return a
}

func (c *canvas) px(x float64) int {
	return c.left + int(float64(c.right-c.left)*(math.Log10(x)-c.xmin)/(c.xmax-c.xmin))
}

func (c *canvas) py(y float64) int {
	return c.bot - int(float64(c.bot-c.top)*(math.Log10(y)-c.ymin)/(c.ymax-c.ymin))
}

// logRange returns decade bounds around the positive values of vs.
func logRange(vs []float64) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		if v > 0 {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if math.IsInf(lo, 1) {
		return 0, 1
	}
	return math.Floor(math.Log10(lo)), math.Max(math.Ceil(math.Log10(hi)), math.Floor(math.Log10(lo))+1)
}

// axes draws the frame, the y grid at 1, 2 and 5 of each decade, and
// the x ticks when xTicks is set.
func (c *canvas) axes(xTicks bool) {
	grid, black := color.RGBA{225, 225, 225, 255}, color.RGBA{A: 255}
	for e := c.ymin; e <= c.ymax; e++ {
		for _, m := range []float64{1, 2, 5} {
			v := m * math.Pow(10, e)
			if math.Log10(v) > c.ymax+1e-9 {
				break
			}
			y := c.py(v)
			c.line(c.left, y, c.right, y, 1, grid)
			c.text(c.left-8-7*len(Num(v)), y+4, Num(v), black)
		}
	}
	if xTicks {
		for e := c.xmin; e <= c.xmax; e++ {
			for _, m := range []float64{1, 2, 5} {
				v := m * math.Pow(10, e)
				if math.Log10(v) > c.xmax+1e-9 {
					break
				}
				x := c.px(v)
				c.line(x, c.top, x, c.bot, 1, grid)
				c.text(x-7*len(Num(v))/2, c.bot+16, Num(v), black)
			}
		}
	}
	c.line(c.left, c.bot, c.right, c.bot, 1, black)
	c.line(c.left, c.top, c.left, c.bot, 1, black)
}

// Num formats an axis value: 0.5, 20, 3k, 100k, 1M.
func Num(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%gM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%gk", v/1e3)
	}
	return fmt.Sprintf("%g", v)
}

func (c *canvas) legend(names []string) {
	for i, n := range names {
		y := c.top + 10 + i*20
		c.rect(c.right+20, y-8, c.right+34, y+2, palette[i%len(palette)])
		c.text(c.right+42, y+2, n, color.RGBA{A: 255})
	}
}

func (c *canvas) save(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	if err := png.Encode(f, c.img); err != nil {
		f.Close()
		return fmt.Errorf("chart: %w", err)
	}
	return f.Close()
}

// Line draws ss on log-log axes with a marker at every point and writes
// the PNG to path.
func Line(path, title, xlabel, ylabel string, ss []Series) error {
	c := newCanvas(title, xlabel, ylabel)
	var xs, ys []float64
	var names []string
	for _, s := range ss {
		xs, ys = append(xs, s.X...), append(ys, s.Y...)
		names = append(names, s.Name)
	}
	c.xmin, c.xmax = logRange(xs)
	c.ymin, c.ymax = logRange(ys)
	c.axes(true)
	for i, s := range ss {
		col := palette[i%len(palette)]
		prev := -1
		for j := range s.X {
			if s.X[j] <= 0 || s.Y[j] <= 0 {
				continue
			}
			x, y := c.px(s.X[j]), c.py(s.Y[j])
			if prev >= 0 {
				dash := 0
				if s.Dash {
					dash = 8
				}
				c.dashed(c.px(s.X[prev]), c.py(s.Y[prev]), x, y, 2, dash, col)
			}
			c.rect(x-4, y-4, x+4, y+4, col)
			prev = j
		}
	}
	c.legend(names)
	return c.save(path)
}

// Bars draws groups of bars, one bar per name, on a log y axis, with each
// bar's value written above it, and writes the PNG to path.
func Bars(path, title, ylabel string, names []string, groups []BarGroup) error {
	c := newCanvas(title, "", ylabel)
	var vs []float64
	for _, g := range groups {
		vs = append(vs, g.Values...)
	}
	c.ymin, c.ymax = logRange(vs)
	c.axes(false)
	gw := (c.right - c.left) / max(1, len(groups))
	bw := (gw - 20) / max(1, len(names))
	for gi, g := range groups {
		x0 := c.left + gi*gw + 10
		c.text(x0+(gw-20)/2-7*len(g.Label)/2, c.bot+16, g.Label, color.RGBA{A: 255})
		for i, v := range g.Values {
			if v <= 0 {
				continue
			}
			x := x0 + i*bw
			y := c.py(v)
			c.rect(x+2, y, x+bw-2, c.bot-1, palette[i%len(palette)])
			label := fmt.Sprintf("%.3g", v)
			c.text(x+bw/2-7*len(label)/2, y-4, label, color.RGBA{A: 255})
		}
	}
	c.legend(names)
	return c.save(path)
}
