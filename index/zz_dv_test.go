package index

import (
	"os"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

func TestZZDV(t *testing.T) {
	path := os.Getenv("CKM_DIAG_INDEX")
	if path == "" {
		t.Skip()
	}
	ix := newIndex(t, Config{Path: path})
	adv, _ := ix.bleve.Advanced()
	r, _ := adv.(*scorch.Scorch).Reader()
	defer r.Close()
	for i, ss := range r.(*scorch.IndexSnapshot).Segments() {
		v, _ := ss.Segment().(segment.DocValueVisitable).VisitableDocValueFields()
		t.Logf("segment %d count %d dv %v", i, ss.Segment().Count(), v)
	}
}
