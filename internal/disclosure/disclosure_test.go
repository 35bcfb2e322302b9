package disclosure

import (
	"encoding/json"
	"testing"
)

func TestText(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    Value
		sv   string
		csv  string
	}{
		{"shown", Cell(12, 12, 5), "12", "12"},
		{"weighted", Cell(12.46, 13, 5), "12,5", "12.5"},
		{"at threshold", Cell(5, 5, 5), "5", "5"},
		{"hidden", Cell(4, 4, 5), "<5", "<5"},
		{"zero threshold means default", Cell(4, 4, 0), "<5", "<5"},
		{"higher threshold", Cell(7, 7, 10), "<10", "<10"},
		{"sum of shown", Sum(Cell(6, 6, 5), Cell(7, 7, 5)), "13", "13"},
		{"sum with a hidden part", Sum(Cell(6, 6, 5), Cell(3, 3, 5)), "≥ 6", "≥ 6"},
		{"two hidden", Sum(Cell(1, 1, 5), Cell(3, 3, 5)), "<10", "<10"},
		{"empty sum", Sum(), "0", "0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.v.Text("sv"); got != tc.sv {
				t.Errorf("Text = %q, want %q", got, tc.sv)
			}
			if got := tc.v.CSV(); got != tc.csv {
				t.Errorf("CSV = %q, want %q", got, tc.csv)
			}
		})
	}
}

// A hidden cell must not be recoverable from a total and the other cells.
func TestNoRecoveryBySubtraction(t *testing.T) {
	cells := []Value{Cell(9, 9, 5), Cell(2, 2, 5), Cell(6, 6, 5)}
	total := Sum(cells...)
	if _, ok := total.Count(); ok {
		t.Fatal("a total over a hidden cell is exact")
	}
	// The same hidden cell in another sum: still a bound.
	if _, ok := Sum(cells[1], cells[2]).Count(); ok {
		t.Fatal("a partial sum over a hidden cell is exact")
	}
	// Two cells with different hidden values publish the same thing.
	a, _ := json.Marshal(Sum(cells[0], Cell(1, 1, 5)))
	b, _ := json.Marshal(Sum(cells[0], Cell(4, 4, 5)))
	if string(a) != string(b) {
		t.Fatalf("published sums differ with the hidden value: %s vs %s", a, b)
	}
}

func TestJSON(t *testing.T) {
	for v, want := range map[Value]string{
		Cell(12.5, 13, 5):                 `{"count":12.5,"n":13}`,
		Cell(3, 3, 5):                     `{"count":null,"suppressed":"\u003c5"}`,
		Sum(Cell(8, 8, 5), Cell(1, 1, 5)): `{"count":null,"suppressed":"≥ 8"}`,
	} {
		got, err := json.Marshal(v)
		if err != nil || string(got) != want {
			t.Errorf("got %s (%v), want %s", got, err, want)
		}
	}
}
