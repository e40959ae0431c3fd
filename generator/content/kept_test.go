package content

import "testing"

// TestKeptSweepsWhatALoadDidNotUse: entries used (looked up or put) in a
// generation survive its sweep; the others go, however many generations
// pass.
func TestKeptSweepsWhatALoadDidNotUse(t *testing.T) {
	var k kept[string, int]
	k.put("a", 1)
	k.put("b", 2)
	k.sweep() // both put in this generation
	if len(k.m) != 2 {
		t.Fatalf("after the first sweep: %d entries, want 2", len(k.m))
	}
	if v, ok := k.get("a"); !ok || v != 1 {
		t.Fatalf("get(a) = %d, %t", v, ok)
	}
	k.get("a") // twice in a generation counts once
	k.put("c", 3)
	k.sweep()
	if _, ok := k.m["b"]; ok || len(k.m) != 2 {
		t.Errorf("after a generation that did not use b: %d entries, b kept %t", len(k.m), ok)
	}
	k.put("a", 10) // replaced
	k.get("c")
	k.sweep()
	if v, _ := k.get("a"); v != 10 || len(k.m) != 2 {
		t.Errorf("a = %d with %d entries, want 10 with 2", v, len(k.m))
	}
	k.sweep() // a was used by the get above, c was not
	for range 2 {
		k.get("a")
		k.sweep()
	}
	if len(k.m) != 1 {
		t.Errorf("after generations using only a: %d entries, want 1", len(k.m))
	}
}
