package greet

import "testing"

func TestHello(t *testing.T) {
	if got, want := Hello("Go"), "Hello, Go!"; got != want {
		t.Fatalf("Hello(%q) = %q, want %q", "Go", got, want)
	}
}
