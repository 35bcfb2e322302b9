package web_test

import (
	"strings"
	"testing"
)

func TestSurveyPage(t *testing.T) {
	f := newFixture(t)
	code, page, _ := f.send("GET", "/admin/katrineholm/trygghet", "council", nil, nil)
	if code != 200 {
		t.Fatalf("survey page = %d", code)
	}
	for _, want := range []string{
		"katrineholm-2023",
		// The demo's effect: the synthetic change with its interval and reading.
		"förändringen i de prioriterade områdena jämfört med förändringen i övriga områden är −4,9 procentenheter",
		"ingen påvisbar förändring",
		`role="img"`, "<caption>",
		"Nävertorp",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("survey page lacks %q", want)
		}
	}
	if code, _, _ := f.send("GET", "/admin/katrineholm/trygghet?wave=katrineholm-2021", "council", nil, nil); code != 200 {
		t.Errorf("baseline wave = %d", code)
	}
	if code, _, _ := f.send("GET", "/admin/katrineholm/trygghet?wave=nope", "council", nil, nil); code != 404 {
		t.Errorf("unknown wave = %d", code)
	}
	// Another tenant has no waves, and sees none of Katrineholm's.
	if _, flen, _ := f.send("GET", "/admin/flen/trygghet", "other-tenant-admin", nil, nil); strings.Contains(flen, "katrineholm-2023") {
		t.Error("Flen sees Katrineholm's survey")
	}
}
