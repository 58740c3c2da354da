package index

import (
	"bytes"
	"encoding/base64"
	"testing"
)

// TestPackRecord checks the stored forms of a record: a packed record
// unpacks to EncodeRecord's bytes, and is smaller; the plain JSON of
// indexes written before packing reads as it is; the golden packed
// record (testdata/record/packed-v1.b64, written by this code's first
// version, never to be rewritten) still unpacks, so that recordDictV1
// cannot change unnoticed;
// corrupt packed bytes are an error, not a record.
func TestPackRecord(t *testing.T) {
	t.Parallel()
	plain, err := EncodeRecord(goldenRecord())
	if err != nil {
		t.Fatal(err)
	}
	packed := packRecord(plain)
	if len(packed) >= len(plain) {
		t.Errorf("packed %d bytes, plain %d: want fewer", len(packed), len(plain))
	}
	golden, err := base64.StdEncoding.DecodeString(string(readGolden(t, "packed-v1.b64")))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		stored []byte
	}{{"packed now", packed}, {"packed by the first version", golden}, {"plain, as before packing", plain}} {
		got, err := unpackRecord(c.stored)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !bytes.Equal(got, plain) {
			t.Errorf("%s: unpacked\n %s\nwant\n %s", c.name, got, plain)
		}
	}
	for _, bad := range [][]byte{{packedFlateV1}, {packedFlateV1, 0xff, 0x00, 0x13}, packed[:len(packed)/2]} {
		if got, err := unpackRecord(bad); err == nil {
			t.Errorf("unpackRecord(%x) = %q, want an error", bad, got)
		}
	}
}
