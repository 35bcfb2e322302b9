package polisen

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

func FuzzParse(f *testing.F) {
	window, err := os.ReadFile("testdata/api_events_window_2025-11-12.json")
	if err != nil {
		f.Fatal(err)
	}
	// the first three notices keep the corpus entries small
	end := bytes.Index(window, []byte("\n  },\n  {\n    \"id\": 612549"))
	f.Add(string(window[:end]) + "}]")
	f.Add(`[{"id":1,"datetime":"2025-12-31 23:59:59 +01:00","name":"31 december 23.10, Brand, Flen","url":"/a/2026/januari/1/x/","type":"Brand"}]`)
	f.Add(`[{"id":2,"datetime":"2025-03-30 7:00:00 +02:00","name":"30 mars 07.45, Sammanfattning natt, Södermanlands län","url":"/a/2025/mars/30/","type":"Sammanfattning natt","location":{"name":"Södermanlands län","gps":"1,2"}}]`)
	f.Add(`[{"id":"3","datetime":"x","name":"29 februari, A","url":""}, 1, null, {}]`)
	f.Fuzz(func(t *testing.T, in string) {
		ns, _ := Parse(strings.NewReader(in))
		for _, n := range ns {
			if n.To.Before(n.From) {
				t.Errorf("notice %d: To %v before From %v", n.ID, n.To, n.From)
			}
			if n.ID <= 0 || n.Name == "" || n.URL == "" || n.From.IsZero() {
				t.Errorf("notice %+v lacks a required field", n)
			}
			if n.TimeExact != n.From.Equal(n.To) {
				t.Errorf("notice %d: TimeExact %v for %v..%v", n.ID, n.TimeExact, n.From, n.To)
			}
		}
	})
}

func FuzzAttachBody(f *testing.F) {
	for _, r := range readTextRecords(f) {
		if strings.HasPrefix(r.Type, "Sammanfattning") && r.ID%4 == 0 {
			f.Add(strings.Join(r.Paragraphs, "\x1e"))
		}
	}
	f.Add("Vid midnatt\x1e23.59: x\n\n\nKl. 9\x1eSmällar, Katrineholm: Vid 24-tiden")
	base := parseOne(f, `[{"id":1,"datetime":"2025-10-26 7:00:00 +01:00","name":"26 oktober 07.45, Sammanfattning natt, Södermanlands län","url":"/a/2025/oktober/26/","type":"Sammanfattning natt"}]`)
	noonBefore := time.Date(2025, 10, 25, 12, 0, 0, 0, stockholm)
	noon := time.Date(2025, 10, 26, 12, 0, 0, 0, stockholm)
	f.Fuzz(func(t *testing.T, body string) {
		n := base
		n.AttachBody(strings.Split(body, "\x1e"))
		for i, it := range n.Items {
			if it.Index != i || strings.TrimSpace(it.Text) == "" {
				t.Errorf("item %d: %+v", i, it)
			}
			if !it.At.IsZero() && (it.At.Before(noonBefore) || !it.At.Before(noon)) {
				t.Errorf("item %d: At %v outside the night", i, it.At)
			}
		}
	})
}
