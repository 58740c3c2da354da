package tagger

import "math/bits"

// rowTable maps feature keys to weight rows for tagging: a read-only
// open-addressing hash table (power-of-two size, at most two thirds full,
// linear probing) built once by Read. Feature keys are already hashes, so
// a multiply spreads them over the slots. The tagger looks up some 50 keys
// per token and waits mostly for memory: the table, of 16-byte slots and
// about the size of a Go map of the same keys, is quicker to probe
// (BenchmarkTagLookup: tagging takes 1/1.4 of the time). Training grows
// Model.index, a map, instead.
type rowTable struct {
	slots []rowSlot
	shift uint // 64 − log2(len(slots))
}

// rowSlot is one slot of a rowTable; row is -1 in an empty slot.
type rowSlot struct {
	key uint64
	row int32
}

// newRowTable returns an empty table with room for n keys.
func newRowTable(n int) rowTable {
	size := 1 << bits.Len(uint(n+n/2)) // > 1.5n: at most two thirds full
	t := rowTable{slots: make([]rowSlot, size), shift: uint(64 - bits.TrailingZeros(uint(size)))}
	for i := range t.slots {
		t.slots[i].row = -1
	}
	return t
}

// slot returns the first slot to probe for key.
func (t *rowTable) slot(key uint64) uint64 { return (key * 0x9e3779b97f4a7c15) >> t.shift }

// put sets key's row, replacing the row of a key put before, as a map
// would. The table must have room (newRowTable's n).
func (t *rowTable) put(key uint64, row int32) {
	mask := uint64(len(t.slots) - 1)
	for i := t.slot(key); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.row < 0 || s.key == key {
			s.key, s.row = key, row
			return
		}
	}
}

// get returns key's row, or -1 when key has none.
func (t *rowTable) get(key uint64) int32 {
	mask := uint64(len(t.slots) - 1)
	for i := t.slot(key); ; i = (i + 1) & mask {
		s := t.slots[i]
		if s.row < 0 || s.key == key {
			return s.row
		}
	}
}

// toMap returns the table's keys and rows as a map.
func (t *rowTable) toMap() map[uint64]int32 {
	m := make(map[uint64]int32)
	for _, s := range t.slots {
		if s.row >= 0 {
			m[s.key] = s.row
		}
	}
	return m
}
