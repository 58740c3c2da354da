package index

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"

	qlang "github.com/ckmhq/ckm/index/query"
)

// ErrBadCursor is returned (wrapped) for a Query.Cursor that is malformed
// or was issued for another query.
var ErrBadCursor = errors.New("index: bad cursor")

// cursor is what a NextCursor encodes: where the last page ended.
type cursor struct {
	Print   uint64 `json:"p"`
	Value   string `json:"v,omitempty"` // the score, or the time as the index sorts it (parseAt)
	ID      string `json:"id"`
	Undated bool   `json:"u,omitempty"`
	Relaxed bool   `json:"r,omitempty"`
}

func decodeCursor(s string) (*cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err == nil && c.ID == "" {
		err = errors.New("no id")
	}
	if err == nil && !c.Undated {
		if _, perr := strconv.ParseFloat(c.Value, 64); perr != nil {
			if _, ok := parseAt(c.Value); !ok {
				err = errors.New("no position")
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadCursor, err)
	}
	return &c, nil
}

// fingerprint identifies a query, so a cursor is not used with another.
func fingerprint(pq *qlang.Query, q Query, sort string) uint64 {
	h := fnv.New64a()
	clients := slices.Clone(q.Clients)
	slices.Sort(clients)
	for _, s := range append([]string{pq.String(), q.Source, sort}, clients...) {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	return h.Sum64()
}
