package index

import (
	"context"
	"errors"
	"fmt"

	"github.com/ckmhq/ckm"
)

// ErrOwnedByOther is returned by Put (wrapped in an *OwnerError) for a
// record whose document ID is held by a document of another client: the
// ID belongs to the client whose document was committed under it first,
// and nothing was written. It is bad input, not a fault: a retry fails
// the same way.
var ErrOwnedByOther = errors.New("id owned by another client")

// OwnerError is a Put refused because its document ID belongs to another
// client. It names the ID and the refused client, never the owner.
type OwnerError struct {
	ID     string
	Client string
}

func (e *OwnerError) Error() string {
	return fmt.Sprintf("document id %q is owned by another client than %q", e.ID, e.Client)
}

// Unwrap returns ErrOwnedByOther.
func (e *OwnerError) Unwrap() error { return ErrOwnedByOther }

// Owner returns the client of the document with the given id, or
// ErrNotFound. It reads only the doc values of the id's type and client,
// never the stored record, so it costs the same whether the document is
// small or large: callers check access with it before calling Get.
func (ix *Index) Owner(ctx context.Context, id string) (string, error) {
	if err := ix.check(ctx); err != nil {
		return "", fmt.Errorf("index: get %q: %w", id, err)
	}
	owners, err := ix.owners([]string{id})
	if err != nil {
		return "", fmt.Errorf("index: get %q: %w", id, ix.mapErr(err))
	}
	c, ok := owners[id]
	if !ok {
		return "", fmt.Errorf("index: get %q: %w", id, ErrNotFound)
	}
	return c, nil
}

// owners returns the client of each id that is a document record, from
// doc values alone.
func (ix *Index) owners(ids []string) (map[string]string, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	dv, err := r.DocValueReader([]string{fieldType, fieldClient})
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		iid, err := r.InternalID(id)
		if err != nil {
			return nil, err
		}
		if iid == nil {
			continue
		}
		var typ, client string
		err = dv.VisitDocValues(iid, func(field string, term []byte) {
			switch field {
			case fieldType:
				typ = string(term)
			case fieldClient:
				client = string(term)
			}
		})
		if err != nil {
			return nil, err
		}
		if typ == typeDocument {
			out[id] = client
		}
	}
	return out, nil
}

// claim decides which requests of a batch may write: a document ID that
// exists belongs to its stored client; a new one to the client of its
// first request in the batch. It returns an *OwnerError for each request
// of another client (nil for the others). Clients compare in the form of
// ckm.NormalizeClient, so records indexed before client names were
// normalised keep their owner.
func (ix *Index) claim(reqs []*putRequest, ids []string) ([]error, error) {
	owners, err := ix.owners(ids)
	if err != nil {
		return nil, fmt.Errorf("read owners: %w", err)
	}
	refused := make([]error, len(reqs))
	for i, r := range reqs {
		d := &r.rec.Document
		owner, ok := owners[d.ID]
		if !ok {
			owners[d.ID] = d.Client
			continue
		}
		if !ckm.SameClient(owner, d.Client) {
			refused[i] = &OwnerError{ID: d.ID, Client: d.Client}
		}
	}
	return refused, nil
}
