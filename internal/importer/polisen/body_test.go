package polisen

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestParseTexts(t *testing.T) {
	f, err := os.Open("testdata/katrineholm_event_texts.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	texts, err := ParseTexts(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) != 157 || len(texts[650162]) != 4 || !strings.HasPrefix(texts[650162][1], "06:10 SOS-larm") {
		t.Errorf("got %d records, 650162 = %q", len(texts), texts[650162])
	}
	for _, in := range []string{`[{"url":"/x","paragraphs":["a"]}]`, `[{"id":"x"}]`, `[{"id":1,"paragraphs":"a"}]`, `{`} {
		if _, err := ParseTexts(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), "polisen: texts:") {
			t.Errorf("ParseTexts(%s): err %v", in, err)
		}
	}
}

// attachAll rebuilds every night summary of the texts file with its body.
func attachAll(t testing.TB) map[int64]Notice {
	out := map[int64]Notice{}
	for _, r := range readTextRecords(t) {
		n := noticeFromText(t, r)
		n.AttachBody(r.Paragraphs)
		if n.IsNightSummary() {
			out[n.ID] = n
		}
	}
	return out
}

func TestNightItems(t *testing.T) {
	type want struct {
		index        int
		at           string // Stockholm local "2006-01-02 15:04", "" for no time
		typ, kommun  string
		textContains string
	}
	tests := []struct {
		id    int64
		count int
		items []want
	}{
		// "02:24 – Misshandel, Katrineholm" headings inside one paragraph
		{648868, 3, []want{
			{0, "2026-08-08 02:24", "Misshandel", "Katrineholm", "skallad"},
			{1, "2026-08-08 03:20", "Misshandel", "Nyköping", "Nyköpings centrum"},
			{2, "2026-08-08 04:43", "Misshandel", "Eskilstuna", ""},
		}},
		// "Smällar, Katrineholm: Vid 23.40-tiden …": evening → the day before
		{596148, 2, []want{
			{0, "2025-08-07 23:40", "Smällar", "Katrineholm", "Stohagen"},
			{1, "2025-08-08 03:16", "Misshandel", "Nyköping", ""},
		}},
		// "04.25, skadegörelse: …" starts a new item inside a paragraph
		{611912, 3, []want{
			{0, "2025-11-06 22:07", "Bedrägeri", "Katrineholm", ""},
			{1, "2025-11-07 05:52", "Stöld", "Nyköping", "Högbrunn"},
			{2, "2025-11-07 04:25", "Skadegörelse", "Katrineholm", "Sandbäcken"},
		}},
		// "Vid 23.30-tiden", "Vid midnatt", "Vid 01-tiden"; the type from the text
		{643458, 3, []want{
			{0, "2026-06-20 23:30", "Rån, försök", "Katrineholm", "Öster"},
			{1, "2026-06-21 00:00", "Inbrott", "Eskilstuna", ""},
			{2, "2026-06-21 01:00", "Olaga hot", "Eskilstuna", "Terassen"},
		}},
		// heading line, then "Strax före klockan 02:00" / "Runt midnatt"
		{579748, 2, []want{
			{0, "2025-04-18 02:00", "Misshandel", "Nyköping", ""},
			{1, "2025-04-18 00:00", "Rattfylleri", "Katrineholm", "riksväg 55"},
		}},
		// a town (Vagnhärad) counts for its kommun
		{629110, 2, []want{
			{0, "2026-03-28 22:03", "Olaga hot", "Trosa", ""},
			{1, "2026-03-28 23:19", "Rattfylleri", "Katrineholm", ""},
		}},
		// time heading and body in separate paragraphs
		{598570, 5, []want{
			{1, "2025-08-24 01:34", "Våld/hot mot tjänsteman", "Katrineholm", "bensinpumparna"},
			{4, "2025-08-24 04:36", "Misshandel", "Katrineholm", "nära relation"},
		}},
		// New Year's night across the year boundary
		{480700, 7, []want{
			{0, "2023-12-31 22:10", "Smällar", "Strängnäs", ""},
			{2, "2023-12-31 22:33", "Explosion", "Katrineholm", "brevlåda"},
			{5, "2024-01-01 02:16", "Misshandel, grov", "", "Mälarsjukhuset"},
		}},
		// an incident without a time; "Mannen … greps" continues it
		{639864, 1, []want{{0, "", "Olaga hot", "Katrineholm", "40-årsåldern greps"}}},
		// "Information till media" and the press number are not items
		{604464, 2, []want{{1, "2025-09-29 00:01", "Misshandel", "Katrineholm", "hemfridsbrott"}}},
		// only the intro: no items
		{514084, 0, nil},
	}
	all := attachAll(t)
	for _, tt := range tests {
		n, ok := all[tt.id]
		if !ok {
			t.Errorf("night summary %d missing", tt.id)
			continue
		}
		if len(n.Items) != tt.count {
			t.Errorf("%d: %d items, want %d", tt.id, len(n.Items), tt.count)
		}
		for _, w := range tt.items {
			if w.index >= len(n.Items) {
				continue
			}
			it := n.Items[w.index]
			at := ""
			if !it.At.IsZero() {
				at = it.At.In(stockholm).Format("2006-01-02 15:04")
				if it.At.Location() != time.UTC {
					t.Errorf("%d[%d]: At not in UTC", tt.id, w.index)
				}
			}
			if it.Index != w.index || at != w.at || it.Type != w.typ || it.Kommun != w.kommun || !strings.Contains(it.Text, w.textContains) {
				t.Errorf("%d[%d]: got %s %q %q %.60q, want %s %q %q %q", tt.id, w.index, at, it.Type, it.Kommun, it.Text, w.at, w.typ, w.kommun, w.textContains)
			}
		}
	}
	// 02:24 CEST is 00:24 UTC
	if got := all[648868].Items[0].At; !got.Equal(time.Date(2026, 8, 8, 0, 24, 0, 0, time.UTC)) {
		t.Errorf("648868[0].At = %v", got)
	}
}

// TestNightItemsSummary reports what the real summaries yield and guards
// against a regression in the overall numbers.
func TestNightItemsSummary(t *testing.T) {
	var summaries, items, timed, typed, katrineholm, violence int
	for _, n := range attachAll(t) {
		summaries++
		for _, it := range n.Items {
			items++
			if !it.At.IsZero() {
				timed++
				// an item time lies between noon before and noon on the named date
				if it.At.Before(n.From.Add(-10*time.Hour)) || !it.At.Before(n.To.Add(5*time.Hour)) {
					t.Errorf("%d[%d]: At %v outside %v..%v", n.ID, it.Index, it.At, n.From, n.To)
				}
			}
			if it.Type != "" {
				typed++
			}
			if it.Kommun == "Katrineholm" {
				katrineholm++
				if c, _ := Classify(it.Type, defaultClasses); c.FocusArea == FocusViolence {
					violence++
				}
			}
		}
	}
	t.Logf("%d night summaries: %d items, %d timed, %d typed, %d in Katrineholm (%d violence)", summaries, items, timed, typed, katrineholm, violence)
	if summaries != 74 || items < 140 || timed < items*9/10 || katrineholm < 70 {
		t.Errorf("%d summaries, %d items, %d timed, %d Katrineholm", summaries, items, timed, katrineholm)
	}
}

func TestLineStart(t *testing.T) {
	tests := []struct {
		line          string
		h, m          int
		label         string
		timed, marked bool
	}{
		{"23.14 Polis larmas till en adress. Mer text.", 23, 14, "", true, true},
		{"02:24 – Misshandel, Katrineholm", 2, 24, "Misshandel, Katrineholm", true, true},
		{"22:03 - Olaga hot, Vagnhärad", 22, 3, "Olaga hot, Vagnhärad", true, true},
		{"Vid 22.50-tiden larmas polis till Nävertorp i Katrineholm där en man ska ha slagits", 22, 50, "", true, true},
		{"Kl. 01.30 larmas polis till Stortorget i Katrineholm där flera personer bråkar", 1, 30, "", true, true},
		{"Klockan 23:00 stoppas och kontrolleras en bil på Värmbolasvägen i Katrineholm.", 23, 0, "", true, true},
		{"04.25, skadegörelse: Polis larmas om", 4, 25, "skadegörelse", true, true},
		{"Smällar, Katrineholm: Vid 23.40-tiden larmas polis", 23, 40, "Smällar, Katrineholm", true, true},
		{"Olaga hot, Flen: En kvinna ringer", 0, 0, "Olaga hot, Flen", false, true},
		{"Vid 01-tiden larmas polis", 1, 0, "", true, true},
		{"Strax före klockan 02:00 upptäcker en polispatrull att det är någon form av bråk som pågår", 2, 0, "", true, true},
		{"Runt midnatt stoppas en bil på riksväg 55 i Katrineholms kommun och föraren misstänks", 0, 0, "", true, true},
		{"02:07 Stöld genom inbrott, Eskilstuna.", 2, 7, "Stöld genom inbrott, Eskilstuna", true, true},
		{"Cirka 10 personer har omhändertagits enligt LOB i Eskilstuna under natten.", 0, 0, "", false, false},
		{"Presstalesperson region öst nås tillfälligt på 0761318684.", 0, 0, "", false, false},
		{"0761318684 är numret", 0, 0, "", false, false},
		{"25.00 fel tid", 0, 0, "", false, false},
		{"Polisen uppger: inget", 0, 0, "", false, false},
		{"Vidare har polisen", 0, 0, "", false, false},
	}
	for _, tt := range tests {
		h, m, label, timed, marked := lineStart(tt.line)
		if h != tt.h || m != tt.m || label != tt.label || timed != tt.timed || marked != tt.marked {
			t.Errorf("lineStart(%q) = %d:%d %q %v %v, want %d:%d %q %v %v", tt.line, h, m, label, timed, marked, tt.h, tt.m, tt.label, tt.timed, tt.marked)
		}
	}
}

func TestAttachBodyOther(t *testing.T) {
	n := parseOne(t, `[{"id":3,"datetime":"2025-06-07 7:32:06 +02:00","name":"06 juni 18.50, Brand, Flen","url":"/a/2025/juni/6/","type":"Brand"}]`)
	n.AttachBody([]string{"23.14 Polis larmas till en brand."})
	if n.Items != nil || len(n.Body) != 1 {
		t.Errorf("non-summary: items %v body %v", n.Items, n.Body)
	}
	// a night summary built by hand has no named date: items, but no times
	m := Notice{Type: "Sammanfattning natt"}
	m.AttachBody([]string{"Polisens regionledningscentral har hanterat ett 50-tal ärenden.", "23.14 Misshandel, Katrineholm"})
	if len(m.Items) != 1 || !m.Items[0].At.IsZero() || m.Items[0].Type != "Misshandel" || m.Items[0].Kommun != "Katrineholm" {
		t.Errorf("hand-made summary: %+v", m.Items)
	}
}

func TestFindKommun(t *testing.T) {
	tests := []struct {
		s       string
		heading bool
		want    string
	}{
		{"i centrala Katrineholm", false, "Katrineholm"},
		{"Katrineholms centrum", false, "Katrineholm"},
		{"i Flens kommun", false, "Flen"},
		{"vid Åkers Styckebruk, Strängnäs", false, "Strängnäs"},
		{"i Upplands Väsby", false, "Upplands Väsby"},
		{"Vara på plats", false, ""},
		{"Misshandel, Vara", true, "Vara"},
		{"Söder i Södermanland", false, ""},
		{"katrineholm", false, ""}, // a place name starts with a capital
		{"bråk i Vagnhärad", false, "Trosa"},
		{"i Torshälla, Eskilstuna", false, "Eskilstuna"},
		{"Kjula, Flen", false, "Flen"}, // a kommun wins over a town
	}
	for _, tt := range tests {
		if got := kommunIndex.find(tt.s, tt.heading); got != tt.want {
			t.Errorf("find(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}
