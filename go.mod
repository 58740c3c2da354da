module github.com/ckmhq/ckm

go 1.26.8

require (
	github.com/blevesearch/snowballstem v0.9.0
	github.com/kljensen/snowball v0.10.0
	golang.org/x/text v0.44.0
)
