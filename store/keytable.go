package store

import "math/bits"

// keyTable maps band keys to int32 values by open addressing with linear
// probing over one slice of pointer-free slots. An import batch looks up
// each of its articles' ~50 band keys several times, in random order: a Go
// map costs a hash and a control-word probe before the slot, and one that
// held slices was scanned by every garbage collection of the import.
type keyTable struct {
	slots []keySlot
	used  int
	shift uint // 64 - log2(len(slots))
}

type keySlot struct {
	key  int64
	val  int32
	full bool
}

// newKeyTable returns a table that holds hint keys without growing.
func newKeyTable(hint int) keyTable {
	size := 16
	for size < 2*hint {
		size *= 2
	}
	return keyTable{slots: make([]keySlot, size), shift: uint(64 - bits.TrailingZeros(uint(size)))}
}

// find returns the slot of key, or the empty slot where it would go.
func (t *keyTable) find(key int64) *keySlot {
	// Fibonacci hashing: band keys are hash bits already, but a key's
	// top bits are not guaranteed to vary (the tests use small keys).
	mask := len(t.slots) - 1
	i := int((uint64(key) * 0x9E3779B97F4A7C15) >> t.shift)
	for {
		s := &t.slots[i]
		if !s.full || s.key == key {
			return s
		}
		i = (i + 1) & mask
	}
}

// get returns key's value and whether the table holds key.
func (t *keyTable) get(key int64) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	s := t.find(key)
	return s.val, s.full
}

// ref returns a pointer to key's value, adding key with value 0 when it is
// new (found false). The pointer is valid until the next ref.
func (t *keyTable) ref(key int64) (val *int32, found bool) {
	if 2*(t.used+1) > len(t.slots) {
		t.grow()
	}
	s := t.find(key)
	if !s.full {
		s.key, s.val, s.full = key, 0, true
		t.used++
		return &s.val, false
	}
	return &s.val, true
}

func (t *keyTable) grow() {
	old := t.slots
	*t = newKeyTable(max(8, len(old)))
	for _, s := range old {
		if s.full {
			*t.find(s.key) = s
			t.used++
		}
	}
}
