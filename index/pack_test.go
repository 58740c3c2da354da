package index

import (
	"bytes"
	"encoding/base64"
	"testing"
)

// TestPackRecord checks the stored forms of a record: a packed record
// unpacks to EncodeRecord's bytes, and is smaller; the plain JSON of
// indexes written before packing reads as it is; the golden packed
// records (testdata/record/packed-v1.b64 and packed-v2.b64, written by
// the first version of each dictionary, never to be rewritten) still
// unpack, so that recordDictV1 and recordDictV2 cannot change unnoticed;
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
	goldenV2, err := base64.StdEncoding.DecodeString(string(readGolden(t, "packed-v2.b64")))
	if err != nil {
		t.Fatal(err)
	}
	if packed[0] != packedFlateV2 || goldenV2[0] != packedFlateV2 {
		t.Errorf("packed with %#x, golden v2 with %#x: want %#x", packed[0], goldenV2[0], packedFlateV2)
	}
	for _, c := range []struct {
		name   string
		stored []byte
	}{{"packed now", packed}, {"packed by the first version", golden}, {"packed by the first version of dictionary v2", goldenV2}, {"plain, as before packing", plain}} {
		got, err := unpackRecord(c.stored)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !bytes.Equal(got, plain) {
			t.Errorf("%s: unpacked\n %s\nwant\n %s", c.name, got, plain)
		}
	}
	for _, bad := range [][]byte{{packedFlateV1}, {packedFlateV2}, {packedFlateV1, 0xff, 0x00, 0x13}, packed[:len(packed)/2]} {
		if got, err := unpackRecord(bad); err == nil {
			t.Errorf("unpackRecord(%x) = %q, want an error", bad, got)
		}
	}
}
