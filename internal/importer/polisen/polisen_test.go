package polisen

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func parseFile(t testing.TB, name string) []Notice {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ns, err := Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ns
}

func byID(ns []Notice) map[int64]Notice {
	m := map[int64]Notice{}
	for _, n := range ns {
		m[n.ID] = n
	}
	return m
}

type wantNotice struct {
	id             int64
	kommun, county string
	typ            string
	from, to       string // UTC "2006-01-02 15:04"
	exact          bool
}

func checkNotices(t *testing.T, ns []Notice, wants []wantNotice) {
	t.Helper()
	m := byID(ns)
	for _, w := range wants {
		n, ok := m[w.id]
		if !ok {
			t.Errorf("notice %d missing", w.id)
			continue
		}
		if n.Kommun != w.kommun || n.County != w.county || n.Type != w.typ || n.TimeExact != w.exact ||
			!n.From.Equal(utc(w.from)) || !n.To.Equal(utc(w.to)) {
			t.Errorf("notice %d (%q):\n got %q/%q %q %v..%v exact=%v\nwant %q/%q %q %s..%s exact=%v", w.id, n.Name,
				n.Kommun, n.County, n.Type, n.From.Format("2006-01-02 15:04"), n.To.Format("2006-01-02 15:04"), n.TimeExact,
				w.kommun, w.county, w.typ, w.from, w.to, w.exact)
		}
	}
}

func TestParseWindow(t *testing.T) {
	ns := parseFile(t, "api_events_window_2025-11-12.json")
	if len(ns) != 500 {
		t.Fatalf("got %d notices, want 500", len(ns))
	}
	checkNotices(t, ns, []wantNotice{
		// winter time: 19.28 CET = 18.28 UTC
		{612550, "Linköping", "", "Trafikolycka, singel", "2025-11-12 18:28", "2025-11-12 18:28", true},
		{612435, "Katrineholm", "", "Trafikolycka, vilt", "2025-11-11 18:11", "2025-11-11 18:11", true},
		{612271, "Katrineholm", "", "Misshandel", "2025-11-10 15:22", "2025-11-10 15:22", true},
		{612493, "Vingåker", "", "Trafikolycka, personskada", "2025-11-12 10:53", "2025-11-12 10:53", true},
		// the url says november/10, the name 09 november 23.39: the name wins
		{612196, "Gävle", "", "Narkotikabrott", "2025-11-09 22:39", "2025-11-09 22:39", true},
		// published the next morning, url and name agree on the event day
		{611894, "Malmö", "", "Misshandel", "2025-11-06 22:03", "2025-11-06 22:03", true},
		// county-wide: night summary 22–07 local, no kommun
		{612472, "", "Södermanlands län", "Sammanfattning natt", "2025-11-11 21:00", "2025-11-12 06:00", false},
		{612456, "", "Västra Götalands län", "Sammanfattning kväll och natt", "2025-11-11 21:00", "2025-11-12 06:00", false},
		{612545, "", "Uppsala län", "Trafikolycka, vilt", "2025-11-12 18:00", "2025-11-12 18:00", true},
	})
	n := byID(ns)[612472]
	if !n.Published.Equal(time.Date(2025, 11, 12, 6, 50, 14, 0, time.UTC)) || n.Lat != 59.033635 || n.Lon != 16.75189 {
		t.Errorf("612472: published %v gps %v,%v", n.Published, n.Lat, n.Lon)
	}
	var exact, county, night int
	sörm := map[string]int{}
	for _, n := range ns {
		if n.To.Before(n.From) {
			t.Errorf("notice %d: To before From", n.ID)
		}
		if n.TimeExact {
			exact++
		}
		if n.County != "" {
			county++
		}
		if n.IsNightSummary() {
			night++
		}
		switch n.Kommun {
		case "Katrineholm", "Eskilstuna", "Nyköping", "Strängnäs", "Flen", "Vingåker", "Gnesta", "Trosa", "Oxelösund":
			sörm[n.Kommun]++
		}
	}
	// SOURCES.md: 6 Katrineholm notices and 20 in Södermanland (13 + 7 county-wide)
	if exact != 417 || county != 119 || night != 83 || sörm["Katrineholm"] != 6 || len(sörm) != 5 {
		t.Errorf("exact=%d county=%d night=%d Södermanland=%v", exact, county, night, sörm)
	}
	t.Logf("window: 500 notices, %d exact, %d county-wide, %d night summaries, Södermanland kommuner %v", exact, county, night, sörm)
}

func TestParseKatrineholm(t *testing.T) {
	ns := parseFile(t, "katrineholm_events.json")
	if len(ns) != 129 {
		t.Fatalf("got %d notices, want 129", len(ns))
	}
	types := map[string]int{}
	for _, n := range ns {
		if n.Kommun != "Katrineholm" {
			t.Errorf("notice %d: kommun %q", n.ID, n.Kommun)
		}
		c, _ := Classify(n.Type, defaultClasses)
		types[c.Category]++
	}
	checkNotices(t, ns, []wantNotice{
		// summer time: 17.24 CEST = 15.24 UTC
		{591615, "Katrineholm", "", "Trafikolycka, personskada", "2025-06-27 15:24", "2025-06-27 15:24", true},
		// 2023 names use "HH:MM"
		{420792, "Katrineholm", "", "Trafikolycka", "2023-04-21 06:49", "2023-04-21 06:49", true},
		{407938, "Katrineholm", "", "Mord/dråp, försök", "2023-03-08 15:56", "2023-03-08 15:56", true},
		// published 20:50, event 16.11 the same day
		{612036, "Katrineholm", "", "Räddningsinsats", "2025-11-07 15:11", "2025-11-07 15:11", true},
	})
	t.Logf("katrineholm_events: 129 notices, categories %v", types)
}

func parseOne(t testing.TB, js string) Notice {
	t.Helper()
	ns, err := Parse(strings.NewReader(js))
	if err != nil || len(ns) != 1 {
		t.Fatalf("Parse(%s): %d notices, %v", js, len(ns), err)
	}
	return ns[0]
}

func TestEventTimeEdges(t *testing.T) {
	tests := []struct {
		name, url, typ string
		from, to       string
	}{
		// a late-night event published under the next year's url
		{"31 december 23.10, Misshandel, Katrineholm", "/aktuellt/handelser/2026/januari/1/x/", "Misshandel", "2025-12-31 22:10", "2025-12-31 22:10"},
		{"01 januari 00.10, Brand, Katrineholm", "/aktuellt/handelser/2025/december/31/x/", "Brand", "2025-12-31 23:10", "2025-12-31 23:10"},
		// DST starts 2025-03-30 02:00: the day is 23 h, the night summary 8 h
		{"30 mars, Stöld, Katrineholm", "/aktuellt/handelser/2025/mars/30/x/", "Stöld", "2025-03-29 23:00", "2025-03-30 22:00"},
		{"30 mars 07.45, Sammanfattning natt, Södermanlands län", "/aktuellt/handelser/2025/mars/30/x/", "Sammanfattning natt", "2025-03-29 21:00", "2025-03-30 05:00"},
		{"30 mars 03.10, Brand, Katrineholm", "/aktuellt/handelser/2025/mars/30/x/", "Brand", "2025-03-30 01:10", "2025-03-30 01:10"},
		// DST ends 2025-10-26 03:00: the day is 25 h
		{"26 oktober, Stöld, Katrineholm", "/aktuellt/handelser/2025/oktober/26/x/", "Stöld", "2025-10-25 22:00", "2025-10-26 23:00"},
		{"26 oktober 04.00, Brand, Katrineholm", "/aktuellt/handelser/2025/oktober/26/x/", "Brand", "2025-10-26 03:00", "2025-10-26 03:00"},
		{"6 juni 18:50, Trafikbrott, Kungsör", "/aktuellt/handelser/2025/juni/7/x/", "Trafikbrott", "2025-06-06 16:50", "2025-06-06 16:50"},
		// other summaries: the name's time is the publication time, so the day
		{"12 november 18.00, Sammanfattning dag, Hallands län", "/aktuellt/handelser/2025/november/12/x/", "Sammanfattning dag", "2025-11-11 23:00", "2025-11-12 23:00"},
		// no usable url: the year comes from datetime
		{"12 november 10.00, Brand, Flen", "", "Brand", "2025-11-12 09:00", "2025-11-12 09:00"},
	}
	for _, tt := range tests {
		url := tt.url
		if url == "" {
			url = "/aktuellt/handelser/senaste/"
		}
		js := `[{"id":1,"datetime":"2025-11-12 7:00:00 +01:00","name":"` + tt.name + `","url":"` + url + `","type":"` + tt.typ + `"}]`
		n := parseOne(t, js)
		if !n.From.Equal(utc(tt.from)) || !n.To.Equal(utc(tt.to)) {
			t.Errorf("%s: got %v..%v, want %s..%s", tt.name, n.From, n.To, tt.from, tt.to)
		}
		if n.TimeExact != (tt.from == tt.to) {
			t.Errorf("%s: TimeExact=%v", tt.name, n.TimeExact)
		}
	}
}

func TestCountyEra(t *testing.T) {
	tests := []struct{ location, name, typ, kommun, county string }{
		{"Södermanlands län", "06 juni 18.50, Trafikbrott, Katrineholm", "Trafikbrott", "Katrineholm", "Södermanlands län"},
		{"Södermanlands län", "21 augusti 07.39, Sammanfattning natt, Södermanlands län", "Sammanfattning natt", "", "Södermanlands län"},
		{"Södermanlands län", "06 juni 18.50, Trafikolycka, vilt, Flen", "Trafikolycka, vilt", "Flen", "Södermanlands län"},
		{"Stockholms län", "06 juni 18.50, Rån, Upplands Väsby", "Rån", "Upplands Väsby", "Stockholms län"},
		{"Södermanlands län", "06 juni 18.50, Trafikolycka, vilt", "Trafikolycka, vilt", "", "Södermanlands län"},
		{"Katrineholm", "06 juni 18.50, Brand, Katrineholm", "Brand ", "Katrineholm", ""},
		{"", "06 juni 18.50, Brand, Katrineholm", "Brand", "Katrineholm", ""},
	}
	for _, tt := range tests {
		js := `[{"id":9,"datetime":"2026-06-07 7:32:06 +02:00","name":"` + tt.name + `","url":"/aktuellt/handelser/2026/juni/6/x/","type":"` +
			tt.typ + `","location":{"name":"` + tt.location + `","gps":"59.033635,16.75189"}}]`
		n := parseOne(t, js)
		if n.Kommun != tt.kommun || n.County != tt.county || n.Location != tt.location {
			t.Errorf("%s / %s: got kommun %q county %q, want %q %q", tt.location, tt.name, n.Kommun, n.County, tt.kommun, tt.county)
		}
	}
}

func TestTypeCleanup(t *testing.T) {
	n := parseOne(t, `[{"id":"5","datetime":"2025-06-07 7:32:06 +02:00","name":"06 juni 18.50, X, Y","url":"/a/2025/juni/6/","type":"  Lagen om  hundar och katter "}]`)
	if n.Type != "Lagen om hundar och katter" || n.ID != 5 || n.Lat != 0 {
		t.Errorf("got %+v", n)
	}
}

func TestParseErrors(t *testing.T) {
	const ok = `{"id":1,"datetime":"2025-06-07 7:32:06 +02:00","name":"06 juni 18.50, Brand, Flen","url":"/a/2025/juni/6/","type":"Brand"}`
	tests := []struct {
		in        string
		wantN     int
		wantInErr []string
	}{
		{`[{"id":612345,"datetime":"x","name":"06 juni 18.50, A, B","url":"/u"}]`, 0, []string{`notice 0 (id 612345): datetime "x"`}},
		{`[` + ok + `,{"datetime":"2025-06-07 7:32:06 +02:00","name":"06 juni 18.50, A, B","url":"/u"}]`, 1, []string{"notice 1: id: missing"}},
		{`[{"id":"abc"}]`, 0, []string{"notice 0: id: not a positive integer"}},
		{`[{"id":-4,"name":"x"}]`, 0, []string{"notice 0: id"}},
		{`[{"id":7,"name":5,"url":"/u","datetime":"2025-06-07 7:32:06 +02:00"}]`, 0, []string{"notice 0 (id 7): name: want string"}},
		{`[{"id":7,"name":"06 juni 18.50, A","datetime":"2025-06-07 7:32:06 +02:00"}]`, 0, []string{"notice 0 (id 7): url: missing"}},
		{`[{"id":7,"name":"Trafikolycka","url":"/u","datetime":"2025-06-07 7:32:06 +02:00"}]`, 0, []string{`notice 0 (id 7): name "Trafikolycka": no "D månad" date`}},
		{`[{"id":7,"name":"06 juno 18.50, A","url":"/u","datetime":"2025-06-07 7:32:06 +02:00"}]`, 0, []string{`unknown month "juno"`}},
		{`[{"id":7,"name":"06 juni 25.61, A","url":"/u","datetime":"2025-06-07 7:32:06 +02:00"}]`, 0, []string{"no such time: 25.61"}},
		{`[{"id":7,"name":"31 juni 10.00, A","url":"/u","datetime":"2025-06-07 7:32:06 +02:00"}]`, 0, []string{"no such date: 31 juni"}},
		{`[{"id":7,"name":"06 juni, A","url":"/u","datetime":"2025-06-07 7:32:06 +02:00","location":"Flen"}]`, 0, []string{"notice 0 (id 7): location: want struct"}},
		{`[1]`, 0, []string{"notice 0: (element): want"}},
		{`{}`, 0, []string{"want a JSON array"}},
		{``, 0, []string{"reading start of array"}},
		{`[` + ok + `,{"id":1`, 1, []string{"notice 1:"}},
		{`[` + ok + ` ` + ok + `]`, 1, []string{"notice 1:"}},
	}
	for _, tt := range tests {
		ns, err := Parse(strings.NewReader(tt.in))
		if err == nil || len(ns) != tt.wantN {
			t.Errorf("Parse(%.60s): %d notices, err %v", tt.in, len(ns), err)
			continue
		}
		for _, w := range tt.wantInErr {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Parse(%.60s): error %q lacks %q", tt.in, err, w)
			}
		}
		var ne *NoticeError
		if strings.HasPrefix(tt.in, "[{") && !errors.As(err, &ne) {
			t.Errorf("Parse(%.60s): error %v is no *NoticeError", tt.in, err)
		}
	}
}

// TestNightSummaryDateIsMorning checks, on the texts that kept their
// publication time, that a night summary is published in the morning of
// the date its url (and so its name) carries: the named date is the end of
// the night, and the window 22–07 starts the evening before.
func TestNightSummaryDateIsMorning(t *testing.T) {
	b, err := os.ReadFile("testdata/katrineholm_event_texts.json")
	if err != nil {
		t.Fatal(err)
	}
	recs := readTextRecords(t)
	type pub struct {
		ID        int64  `json:"id"`
		Published string `json:"published"`
	}
	var pubs []pub
	mustUnmarshal(t, b, &pubs)
	published := map[int64]string{}
	for _, p := range pubs {
		published[p.ID] = p.Published
	}
	checked := 0
	for _, r := range recs {
		p := published[r.ID]
		if !strings.HasPrefix(r.Type, "Sammanfattning") || p == "" {
			continue
		}
		n := noticeFromText(t, r)
		day := n.To.In(stockholm).Format("2006-01-02")
		if !strings.HasPrefix(p, day+"T07") && !strings.HasPrefix(p, day+"T08") {
			t.Errorf("%d: published %s, named date %s", r.ID, p, day)
		}
		checked++
	}
	if checked != 3 {
		t.Errorf("checked %d summaries with a publication time, want 3", checked)
	}
}
