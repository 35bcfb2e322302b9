package app

import (
	"fmt"
	"testing"
)

func TestRollUp(t *testing.T) {
	id := func(n int64) *int64 { return &n }
	ms := []*Measure{
		{ID: 1, Title: "programme", Progress: 0},
		{ID: 2, ParentID: id(1), Progress: 100},
		{ID: 3, ParentID: id(1), Progress: 0},
		{ID: 4, ParentID: id(3), Progress: 50},
		{ID: 5, ParentID: id(3), Progress: 100},
		{ID: 6, Progress: 30},                   // alone
		{ID: 7, ParentID: id(99), Progress: 10}, // a parent not in the list: a root
	}
	ordered, depth := RollUp(ms)
	// 3 = mean(50, 100) = 75; 1 = mean(100, 75) = 88 (87.5 rounded half up).
	want := map[int64]int{1: 88, 2: 100, 3: 75, 4: 50, 5: 100, 6: 30, 7: 10}
	for _, m := range ms {
		if m.Progress != want[m.ID] {
			t.Errorf("measure %d progress %d, want %d", m.ID, m.Progress, want[m.ID])
		}
	}
	var order []int64
	for _, m := range ordered {
		order = append(order, m.ID)
	}
	if fmt.Sprint(order) != "[1 2 3 4 5 6 7]" || depth[4] != 2 || depth[2] != 1 || depth[6] != 0 {
		t.Errorf("order %v, depths %v", order, depth)
	}
	// A cycle in stored data ends, not loops, and loses no measure.
	cyc := []*Measure{{ID: 1, ParentID: id(2)}, {ID: 2, ParentID: id(1)}}
	if ordered, _ := RollUp(cyc); len(ordered) != 2 {
		t.Errorf("cycle: %d measures listed", len(ordered))
	}
}
