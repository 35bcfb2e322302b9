package polisen

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// textRecord is one record of testdata/katrineholm_event_texts.json.
type textRecord struct {
	ID          int64    `json:"id"`
	URL         string   `json:"url"`
	Type        string   `json:"type"`
	APILocation string   `json:"api_location"`
	Paragraphs  []string `json:"paragraphs"`
}

func readTextRecords(t testing.TB) []textRecord {
	t.Helper()
	b, err := os.ReadFile("testdata/katrineholm_event_texts.json")
	if err != nil {
		t.Fatal(err)
	}
	var recs []textRecord
	if err := json.Unmarshal(b, &recs); err != nil {
		t.Fatal(err)
	}
	return recs
}

// noticeFromText rebuilds the API notice of a text record (the texts file
// has no name or datetime): the name carries the url's date, as the API does.
func noticeFromText(t testing.TB, r textRecord) Notice {
	t.Helper()
	parts := strings.Split(r.URL, "/") // "", aktuellt, handelser, 2025, juni, 7, slug
	name := fmt.Sprintf("%s %s 07.45, %s, %s", parts[5], parts[4], r.Type, r.APILocation)
	js, _ := json.Marshal([]map[string]any{{
		"id": r.ID, "datetime": parts[3] + "-01-01 8:00:00 +01:00", "name": name, "url": r.URL,
		"type": r.Type, "location": map[string]string{"name": r.APILocation, "gps": "59.03,16.75"},
	}})
	ns, err := Parse(strings.NewReader(string(js)))
	if err != nil || len(ns) != 1 {
		t.Fatalf("rebuilding notice %d: %v", r.ID, err)
	}
	return ns[0]
}

func mustUnmarshal(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}
