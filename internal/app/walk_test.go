package app

import (
	"strings"
	"testing"
)

func TestWalkDefaultDue(t *testing.T) {
	for _, tt := range []struct{ walk, want Date }{
		{NewDate(2023, 3, 14), NewDate(2023, 9, 14)},
		{NewDate(2023, 8, 31), NewDate(2024, 2, 29)}, // a shorter month: its last day
		{NewDate(2023, 12, 31), NewDate(2024, 6, 30)},
		{NewDate(2023, 7, 1), NewDate(2024, 1, 1)},
	} {
		w := &Walk{Date: tt.walk}
		if got := w.DefaultDue(); got != tt.want {
			t.Errorf("DefaultDue(%s) = %s, want %s", tt.walk, got, tt.want)
		}
	}
}

func TestWalkValidate(t *testing.T) {
	ok := Walk{Date: NewDate(2023, 3, 14), DistrictKey: "norr", Participants: map[string]int{"residents": 12, "polis": 2}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, tt := range map[string]struct {
		change func(w *Walk)
		field  string
	}{
		"no date":        {func(w *Walk) { w.Date = Date{} }, "date"},
		"no district":    {func(w *Walk) { w.DistrictKey = "" }, "district"},
		"nobody":         {func(w *Walk) { w.Participants = map[string]int{"residents": 0} }, "participants"},
		"a name":         {func(w *Walk) { w.Participants = map[string]int{"Anna Andersson": 1} }, "participants"},
		"negative count": {func(w *Walk) { w.Participants = map[string]int{"residents": -1, "polis": 3} }, "participants"},
		"long note":      {func(w *Walk) { w.Note = strings.Repeat("x", 2001) }, "note"},
	} {
		w := ok
		tt.change(&w)
		if e, isErr := w.Validate().(*Error); !isErr || e.Field != tt.field {
			t.Errorf("%s: %v, want a %s error", name, w.Validate(), tt.field)
		}
	}
}

func TestFindingValidate(t *testing.T) {
	lat, lon, far := 58.99, 16.2, 200.0
	ok := Finding{Problem: "lighting", Place: "Gångtunneln", Due: NewDate(2023, 9, 14)}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	point := ok
	point.Place, point.Lat, point.Lon = "", &lat, &lon
	if err := point.Validate(); err != nil {
		t.Errorf("a finding placed only by a point: %v", err)
	}
	for name, tt := range map[string]struct {
		change func(f *Finding)
		field  string
	}{
		"unknown problem":      {func(f *Finding) { f.Problem = "ghosts" }, "problem"},
		"nowhere":              {func(f *Finding) { f.Place = " " }, "place"},
		"half a point":         {func(f *Finding) { f.Lat = &lat }, "place"},
		"a point off the map":  {func(f *Finding) { f.Lat, f.Lon = &lat, &far }, "place"},
		"no due date":          {func(f *Finding) { f.Due = Date{} }, "due"},
		"will not, no reason":  {func(f *Finding) { f.Decision = FindingWillNot }, "reason"},
		"will do, no measure":  {func(f *Finding) { f.Decision = FindingWillDo }, "decision"},
		"unknown decision":     {func(f *Finding) { f.Decision = "maybe" }, "decision"},
		"a photo of no type":   {func(f *Finding) { f.Photo = []byte("x") }, "photo"},
		"a long proposed fix":  {func(f *Finding) { f.ProposedFix = strings.Repeat("x", 1001) }, "proposed_fix"},
		"a long place in text": {func(f *Finding) { f.Place = strings.Repeat("x", 201) }, "place"},
	} {
		f := ok
		tt.change(&f)
		if e, isErr := f.Validate().(*Error); !isErr || e.Field != tt.field {
			t.Errorf("%s: %v, want a %s error", name, f.Validate(), tt.field)
		}
	}
}

func TestFindingMeasureFor(t *testing.T) {
	w := &Walk{TenantID: 7, Date: NewDate(2023, 3, 14), DistrictKey: "navertorp"}
	lat, lon := 58.99, 16.2
	for _, tt := range []struct {
		problem, typ string
	}{{"lighting", "lighting"}, {"vegetation", "vegetation"}, {"sight_lines", "vegetation"}, {"vandalism", "other"}, {"littering", "other"}, {"other", "other"}} {
		f := &Finding{Problem: tt.problem, Place: "Gångtunneln", Due: w.DefaultDue(), Unit: "Gatuenheten", Lat: &lat, Lon: &lon}
		m := f.MeasureFor(w, "Nävertorp")
		if m.Type != tt.typ {
			t.Errorf("%s becomes a %s measure, want %s", tt.problem, m.Type, tt.typ)
		}
		if err := m.Validate(); err != nil {
			t.Errorf("%s: the measure is invalid: %v", tt.problem, err)
		}
	}
	f := &Finding{Problem: "lighting", Place: "Gångtunneln", Description: "Två lampor trasiga.", ProposedFix: "Byt armaturerna\ni tunneln",
		Unit: "Gatuenheten", Due: NewDate(2023, 9, 14)}
	m := f.MeasureFor(w, "Nävertorp")
	if m.ProblemRef != "Trygghetsvandring Nävertorp 2023-03-14: belysning" || m.Title != "Byt armaturerna i tunneln" ||
		m.OwnerParty != PartyKommun || m.Status != MeasurePlanned || m.Unit != "Gatuenheten" || m.TenantID != 7 ||
		m.PlannedStart.String() != "2023-03-14" || m.PlannedEnd.String() != "2023-09-14" || m.Horizon != HorizonShort ||
		!strings.Contains(m.Description, "Två lampor trasiga.") || !strings.Contains(m.Description, "Plats: Gångtunneln") {
		t.Errorf("MeasureFor = %+v", m)
	}
	f.ProposedFix, f.Due = "", NewDate(2025, 1, 1)
	if m := f.MeasureFor(w, "Nävertorp"); m.Title != "Belysning: Gångtunneln" || m.Horizon != HorizonLong {
		t.Errorf("without a proposed fix: %q, %s", m.Title, m.Horizon)
	}
	f.ProposedFix = strings.Repeat("å", 150) // 300 bytes
	if m := f.MeasureFor(w, "Nävertorp"); len(m.Title) != 200 || m.Validate() != nil {
		t.Errorf("a long fix gives a title of %d bytes", len(m.Title))
	}
}
