package polisen

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

func TestDefaultClassesCoverObservedTypes(t *testing.T) {
	f, err := os.Open("testdata/event_types_observed.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	classes := DefaultClasses()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	n := 0
	for sc.Scan() {
		typ, _, _ := strings.Cut(sc.Text(), "\t")
		n++
		c, ok := Classify(typ, classes)
		if !ok || c.Category == "" {
			t.Errorf("observed type %q is unknown", typ)
		}
		if c.FocusArea == FocusYouthCrime {
			t.Errorf("%q: youth crime cannot be told from the type", typ)
		}
	}
	if n != 97 || len(classes) != 97 {
		t.Errorf("%d observed types, %d classes; want 97 each", n, len(classes))
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		typ             string
		category, focus string
		known           bool
	}{
		{"Misshandel", "assault", FocusViolence, true},
		{"Misshandel grov", "assault", FocusViolence, true},
		{"Misshandel, grov", "assault", FocusViolence, true},
		{"Rån väpnat", "robbery", FocusViolence, true},
		{"Rån, övrigt", "robbery", FocusViolence, true},
		{"Rån, försök", "robbery", FocusViolence, true},
		{"Ra\u030an", "robbery", FocusViolence, true}, // decomposed å
		{"Mord/dråp, försök", "homicide", FocusViolence, true},
		{"Våld / hot mot tjänsteman", "violence_official", FocusViolence, true},
		{"Skottlossning, misstänkt", "shooting", FocusViolence, true},
		{"Explosion", "explosion", FocusViolence, true},
		{"Bråk", "assault", FocusViolence, true},
		{"Knivlagen", "weapons", "", true},
		{"Narkotikabrott", "drugs", FocusDrugs, true},
		{"Rattfylleri", "traffic", "", true},
		{"Lagen om hundar och katter ", "other", "", true},
		{"SAMMANFATTNING  NATT", "summary", "", true},
		{"Larm Överfall", "alarm", "", true},
		{"Ny typ 2027", "other", "", false},
		{"", "other", "", false},
	}
	classes := DefaultClasses()
	for _, tt := range tests {
		c, ok := Classify(tt.typ, classes)
		if c.Category != tt.category || c.FocusArea != tt.focus || ok != tt.known {
			t.Errorf("Classify(%q) = %+v %v, want %s/%s %v", tt.typ, c, ok, tt.category, tt.focus, tt.known)
		}
	}
}
