package csvin_test

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/trygg-se/trygg/internal/importer/csvin"
)

// readAll reads every row, stopping at the first error.
func readAll(t testing.TB, r io.Reader, m csvin.Mapping) ([]csvin.Row, error) {
	t.Helper()
	rd, err := csvin.NewReader(r, m)
	if err != nil {
		return nil, err
	}
	var rows []csvin.Row
	for {
		row, err := rd.Next()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, row)
	}
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// sameRow compares rows, coordinates to about 1 cm.
func sameRow(got, want csvin.Row) bool {
	if want.To.IsZero() {
		want.To = want.From
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-7 }
	if !near(got.Lat, want.Lat) || !near(got.Lon, want.Lon) {
		return false
	}
	got.Lat, got.Lon, want.Lat, want.Lon = 0, 0, 0, 0
	return got == want
}

var estMapping = csvin.Mapping{ID: "Id", Time: "Tid", Category: "Kategori", District: "Stadsdel",
	Place: "Plats", Lat: "Lat", Lon: "Long", Text: "Beskrivning"}

func TestReaderFixtures(t *testing.T) {
	gis := csvin.Mapping{ID: "fid", From: "start", To: "slut", East: "E", North: "N",
		Category: "typ", Place: "plats; adress"}
	for _, tt := range []struct {
		file     string
		m        csvin.Mapping
		encoding string
		delim    rune
		want     []csvin.Row
	}{
		{"est-excel-1252.csv", estMapping, "Windows-1252", ';', []csvin.Row{
			{Line: 2, ID: "E-101", From: ts("2023-02-15T21:10:00Z"), Category: "Skadegörelse", District: "Nävertorp",
				Place: "Förskolan Kärnan", Lat: 58.9958, Lon: 16.2072, HasPoint: true, Text: "Krossad ruta, glas på gården"},
			{Line: 3, ID: "E-102", From: ts("2023-02-14T23:00:00Z"), To: ts("2023-02-15T23:00:00Z"), Category: "Nedskräpning",
				District: "Centrum", Place: "Stortorget", Text: "Ölburkar och fimpar vid bänkarna"},
			{Line: 4, ID: "E-103", From: ts("2023-02-16T06:45:00Z"), Category: "Belysning", District: "Norr",
				Place: "Gång- och cykelväg Ängen", Lat: 58.99012, Lon: 16.21803, HasPoint: true,
				Text: "Två lampor släckta; mörkt vid tunneln"},
		}},
		{"est-utf8-bom.csv", estMapping, "UTF-8", ';', []csvin.Row{
			{Line: 2, ID: "E-201", From: ts("2023-03-26T01:30:00Z"), Category: "Ordningsstörning", District: "Centrum",
				Place: "Resecentrum", Lat: 58.9958, Lon: 16.2072, HasPoint: true, Text: "Högljudda personer på perrongen"},
			{Line: 3, ID: "E-202", From: ts("2023-10-29T00:30:00Z"), Category: "Ordningsstörning", District: "Centrum",
				Place: "Resecentrum", Lat: 58.9958, Lon: 16.2072, HasPoint: true, Text: "Bråk utanför nattklubben"},
			{Line: 4, ID: "E-203", From: ts("2023-10-28T22:00:00Z"), To: ts("2023-10-29T23:00:00Z"), Category: "Klotter",
				District: "Östermalm", Place: "Åsbacken", Text: "Tag på elskåp"},
		}},
		{"gis-sweref99tm.csv", gis, "UTF-8", ',', []csvin.Row{
			{Line: 2, ID: "7", From: ts("2023-02-15T21:10:00Z"), To: ts("2023-02-16T05:00:00Z"),
				Lat: 58.9958, Lon: 16.2072, HasPoint: true, Category: "skadegörelse", Place: "Nävertorp; Kärnvägen 3"},
			{Line: 3, ID: "8", From: ts("2023-06-01T08:00:00Z"),
				Lat: 58.99012, Lon: 16.21803, HasPoint: true, Category: "klotter", Place: `Norr; "Ängen"`},
			{Line: 4, ID: "9", From: ts("2023-06-01T22:00:00Z"), To: ts("2023-06-04T22:00:00Z"),
				Lat: 59.00511, Lon: 16.19433, HasPoint: true, Category: "belysning", Place: "Centrum"},
		}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rd, err := csvin.NewReader(f, tt.m)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := rd.Encoding(), tt.encoding; got != want {
				t.Errorf("Encoding()=%s, want %s", got, want)
			}
			if got, want := rd.Delimiter(), tt.delim; got != want {
				t.Errorf("Delimiter()=%q, want %q", got, want)
			}
			for i, want := range tt.want {
				got, err := rd.Next()
				if err != nil {
					t.Fatalf("row %d: %v", i, err)
				}
				if !sameRow(got, want) {
					t.Errorf("row %d:\n got %+v\nwant %+v", i, got, want)
				}
			}
			if _, err := rd.Next(); err != io.EOF {
				t.Fatalf("after the last row: %v, want io.EOF", err)
			}
		})
	}
}

func TestReader(t *testing.T) {
	m := csvin.Mapping{Time: "tid", Lat: "lat", Lon: "lon", Place: "plats"}
	at := ts("2023-02-15T21:10:00Z")
	for _, tt := range []struct {
		name string
		in   string
		m    csvin.Mapping
		want []csvin.Row
	}{
		{"semicolon, quoted comma", "tid;plats;lat;lon\r\n2023-02-15 22:10;\"Torget, norra sidan\";58,9958;16,2072\r\n", m,
			[]csvin.Row{{Line: 2, From: at, Place: "Torget, norra sidan", Lat: 58.9958, Lon: 16.2072, HasPoint: true}}},
		{"comma, quoted semicolon", "tid,plats,lat,lon\n2023-02-15 22:10,\"Torget; norra sidan\",58.9958,16.2072\n", m,
			[]csvin.Row{{Line: 2, From: at, Place: "Torget; norra sidan", Lat: 58.9958, Lon: 16.2072, HasPoint: true}}},
		{"comma, quoted decimal comma", "tid,plats,lat,lon\n2023-02-15 22:10,Torget,\"58,9958\",\"16,2072\"\n", m,
			[]csvin.Row{{Line: 2, From: at, Place: "Torget", Lat: 58.9958, Lon: 16.2072, HasPoint: true}}},
		{"tab", "tid\tplats\tlat\tlon\n2023-02-15 22:10\tTorget\t58,9958\t16,2072\n", m,
			[]csvin.Row{{Line: 2, From: at, Place: "Torget", Lat: 58.9958, Lon: 16.2072, HasPoint: true}}},
		{"the delimiter that has the columns wins", "a;b;c;d,tid,lat,lon,plats\n1;2;3;4,2023-02-15 22:10,,,Torget\n", m,
			[]csvin.Row{{Line: 2, From: at, Place: "Torget"}}},
		// This header fits both ';' and ',' equally, and sniffing would take ';'.
		{"Excel sep line", "sep=,\r\ntid,plats,x;tid;plats\r\n2023-02-15 22:10,Torget,1;2;3\r\n", m2("tid", "plats"),
			[]csvin.Row{{Line: 3, From: at, Place: "Torget"}}},
		{"delimiter set", "tid,plats,x;tid;plats\n2023-02-15 22:10,Torget,1;2;3\n", csvin.Mapping{Time: "tid", Place: "plats", Delimiter: ","},
			[]csvin.Row{{Line: 2, From: at, Place: "Torget"}}},
		{"single column", "dag\n2023-02-15\n", csvin.Mapping{Time: "dag", Place: "dag"},
			[]csvin.Row{{Line: 2, From: ts("2023-02-14T23:00:00Z"), To: ts("2023-02-15T23:00:00Z"), Place: "2023-02-15"}}},
		{"header case and spaces", " TID ;Plats\n2023-02-15 22:10;Torget\n", m2("tid", "plats"),
			[]csvin.Row{{Line: 2, From: at, Place: "Torget"}}},
		{"blank rows and multi-line text", "tid;plats;text\r\n\r\n;;\r\n \r\n2023-02-15 22:10;Torget;\"rad ett\r\nrad två\"\r\n  ;;\r\n2023-02-15 22:10;Torget;x\r\n",
			csvin.Mapping{Time: "tid", Place: "plats", Text: "text"},
			[]csvin.Row{{Line: 5, From: at, Place: "Torget", Text: "rad ett\nrad två"}, {Line: 8, From: at, Place: "Torget", Text: "x"}}},
		{"point only", "tid;lat;lon\n2023-02-15 22:10;-33,86;151,2\n", csvin.Mapping{Time: "tid", Lat: "lat", Lon: "lon"},
			[]csvin.Row{{Line: 2, From: at, Lat: -33.86, Lon: 151.2, HasPoint: true}}},
		{"from without to", "start;slut;plats\n2023-02-15;;Torget\n", csvin.Mapping{From: "start", To: "slut", Place: "plats"},
			[]csvin.Row{{Line: 2, From: ts("2023-02-14T23:00:00Z"), To: ts("2023-02-15T23:00:00Z"), Place: "Torget"}}},
		{"from and to, night", "start;slut;plats\n15/2/2023 22:00;16/2/2023 06:00;Torget\n", csvin.Mapping{From: "start", To: "slut", Place: "plats"},
			[]csvin.Row{{Line: 2, From: ts("2023-02-15T21:00:00Z"), To: ts("2023-02-16T05:00:00Z"), Place: "Torget"}}},
		{"other time zone", "tid;plats\n2023-02-15 22:10;Torget\n", csvin.Mapping{Time: "tid", Place: "plats", TimeZone: "UTC"},
			[]csvin.Row{{Line: 2, From: ts("2023-02-15T22:10:00Z"), Place: "Torget"}}},
		{"local SWEREF zone", "tid;E;N\n2023-02-15 22:10;133 169,22;6 542 238,09\n",
			csvin.Mapping{Time: "tid", East: "E", North: "N", CRS: 3010},
			[]csvin.Row{{Line: 2, From: at, Lat: 58.9958, Lon: 16.2072, HasPoint: true}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := readAll(t, strings.NewReader(tt.in), tt.m)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(tt.want) {
				t.Fatalf("%d rows, want %d: %+v", len(rows), len(tt.want), rows)
			}
			for i := range rows {
				if !sameRow(rows[i], tt.want[i]) {
					t.Errorf("row %d:\n got %+v\nwant %+v", i, rows[i], tt.want[i])
				}
			}
		})
	}
}

func m2(time, place string) csvin.Mapping { return csvin.Mapping{Time: time, Place: place} }

func TestReaderErrors(t *testing.T) {
	m := csvin.Mapping{ID: "id", Time: "tid", Lat: "lat", Lon: "lon", District: "område"}
	const head = "id;tid;lat;lon;område\r\n"
	sweref := csvin.Mapping{Time: "tid", East: "E", North: "N"}
	window := csvin.Mapping{From: "start", To: "slut", District: "område"}
	for _, tt := range []struct {
		name, in string
		m        csvin.Mapping
		want     string
	}{
		{"impossible date", head + "1;2023-02-15 22:10;;;Norr\r\n2;31/2/2023;;;Norr\r\n", m, `line 3 field tid: "31/2/2023" is not a date`},
		{"unknown date format", head + "1;igår;;;Norr\r\n", m, `line 2 field tid: "igår" is not a date (use e.g.`},
		{"empty time", head + "1; ;;;Norr\r\n", m, `line 2 field tid: empty; a time is required`},
		{"bad lat", head + "1;2023-02-15;58°59';16,2;Norr\r\n", m, `line 2 field lat: "58°59'" is not a number`},
		{"lat range", head + "1;2023-02-15;95;16,2;Norr\r\n", m, `line 2 field lat: 95 is outside -90..90`},
		{"lon range", head + "1;2023-02-15;58;-181;Norr\r\n", m, `line 2 field lon: -181 is outside -180..180`},
		{"lat without lon", head + "1;2023-02-15;58;;Norr\r\n", m, `line 2 field lon: empty while lat is given`},
		{"no place", head + "1;2023-02-15;;;\r\n", m, `line 2: no place: the columns lat, lon, område are all empty`},
		{"too few fields", head + "1;2023-02-15;58;16\r\n", m, `line 2: 4 fields, the header has 5`},
		{"too many fields", head + "1;2023-02-15;58;16;Norr;x\r\n", m, `line 2: 6 fields, the header has 5`},
		{"bad quote", head + "1;2023-02-15;;;\"Norr\r\n", m, `line 2: extraneous or missing " in quoted-field`},
		{"missing column", "id;tid;lat;område\r\n", m, `line 1: no column "lon" in the header (delimiter ';'; columns: id, tid, lat, område)`},
		{"duplicate column", "id;tid;lat;lon;område;LAT\r\n", m, `line 1: column "lat" appears twice in the header`},
		{"empty file", "", m, `the file is empty`},
		{"UTF-16", "\xff\xfei\x00d\x00", m, `UTF-16`},
		{"swapped east/north", "tid;E;N\n2023-02-15;6540210;569362\n", sweref, `line 2 field E: 6540210 is outside 0..1000000 m (are east and north swapped?)`},
		{"beyond 81° N", "tid;E;N\n2023-02-15;999999;9000001\n", sweref, `line 2 field N: 9000001 is outside 0..9000000 m`},
		{"empty from", "start;slut;område\n;2023-02-15 21:00;Norr\n", window, `line 2 field start: empty; a time is required`},
		{"north range", "tid;E;N\n2023-02-15;569362;-6540210\n", sweref, `line 2 field N: -6540210 is outside 0..9000000 m`},
		{"to before from", "start;slut;område\n2023-02-15 22:00;2023-02-15 21:00;Norr\n", window, `line 2 field slut: "2023-02-15 21:00" is before start`},
		{"bad to", "start;slut;område\n2023-02-15 22:00;sen kväll;Norr\n", window, `line 2 field slut: "sen kväll" is not a date`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, strings.NewReader(tt.in), tt.m)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestReaderEncodingDecidedOnce: a file that is UTF-8 for its first 64 KiB
// and has a Windows-1252 byte later is not decoded half one way, half the
// other: the bad field is an error.
func TestReaderEncodingDecidedOnce(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("tid;plats\r\n")
	n := 0
	for b.Len() < 70<<10 {
		b.WriteString("2023-02-15 22:10;Stortorget är centralt\r\n")
		n++
	}
	b.WriteString("2023-02-15 22:10;N\xe4vertorp\r\n")
	rows, err := readAll(t, &b, m2("tid", "plats"))
	if len(rows) != n || err == nil || !strings.Contains(err.Error(), "field plats: not UTF-8") {
		t.Fatalf("%d rows (want %d), error %v", len(rows), n, err)
	}
}

// TestReaderWindows1252Header: the header is decoded before the mapped
// columns are looked up, so a column named with å/ä/ö is found.
func TestReaderWindows1252Header(t *testing.T) {
	in := "Tidpunkt;Omr\xe5de\r\n2023-02-15 22:10;N\xe4vertorp\r\n"
	rows, err := readAll(t, strings.NewReader(in), csvin.Mapping{Time: "Tidpunkt", District: "Område"})
	if err != nil || len(rows) != 1 || rows[0].District != "Nävertorp" {
		t.Fatalf("rows %+v, error %v", rows, err)
	}
}

// TestReaderContinuesAfterRowError lets an importer report several bad rows
// in one go.
func TestReaderContinuesAfterRowError(t *testing.T) {
	in := "tid;plats\n31/2/2023;A\n2023-02-15;B\n2023-02-15;C;x\n2023-02-15;D\n"
	rd, err := csvin.NewReader(strings.NewReader(in), m2("tid", "plats"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		row, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			got = append(got, err.Error())
			continue
		}
		got = append(got, row.Place)
	}
	want := []string{`line 2 field tid: "31/2/2023" is not a date (use e.g. 2023-02-15 22:10, 2023-02-15, 15/2/2023 or RFC 3339)`,
		"B", "line 4: 3 fields, the header has 2", "D"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func FuzzReader(f *testing.F) {
	for _, name := range []string{"est-excel-1252.csv", "est-utf8-bom.csv", "gis-sweref99tm.csv"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
	}
	f.Add([]byte("sep=;\nstart;slut;E;N;område\n2023-10-29 02:30;29.10.2023;6 540 210,7;569362;Norr\n"), uint8(2))
	f.Add([]byte("tid,lat,lon\n2023-03-26 02:30,\"58,1\",16\n15/2/2023,,\n"), uint8(1))
	mappings := []csvin.Mapping{
		estMapping,
		{Time: "tid", Lat: "lat", Lon: "lon", Place: "plats"},
		{From: "start", To: "slut", East: "E", North: "N", District: "område", TimeZone: "America/Santiago"},
		{ID: "fid", From: "start", To: "slut", East: "E", North: "N", Category: "typ", Place: "plats; adress", CRS: 3018},
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		m := mappings[int(which)%len(mappings)]
		rd, err := csvin.NewReader(bytes.NewReader(data), m)
		if err != nil {
			return
		}
		for range 1000 {
			row, err := rd.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				if !strings.HasPrefix(err.Error(), "line ") {
					t.Fatalf("error without a line: %v", err)
				}
				continue
			}
			if row.To.Before(row.From) {
				t.Fatalf("To %v before From %v", row.To, row.From)
			}
			if row.From.Location() != time.UTC || row.To.Location() != time.UTC {
				t.Fatalf("not UTC: %v", row.From)
			}
			if row.HasPoint && !(row.Lat >= -90 && row.Lat <= 90 && row.Lon >= -180 && row.Lon <= 180) {
				t.Fatalf("bad point %v, %v", row.Lat, row.Lon)
			}
			if row.Line < 1 {
				t.Fatalf("line %d", row.Line)
			}
		}
	})
}

// TestSwerefBounds: every grid coordinate the reader accepts, in every
// zone, projects to a valid latitude and longitude.
func TestSwerefBounds(t *testing.T) {
	in := "tid;E;N\n"
	for _, e := range []string{"0", "500000", "1000000"} {
		for _, n := range []string{"0", "6540210", "9000000"} {
			in += "2023-02-15;" + e + ";" + n + "\n"
		}
	}
	for crs := 3006; crs <= 3018; crs++ {
		rows, err := readAll(t, strings.NewReader(in), csvin.Mapping{Time: "tid", East: "E", North: "N", CRS: crs})
		if err != nil || len(rows) != 9 {
			t.Fatalf("EPSG:%d: %d rows, %v", crs, len(rows), err)
		}
		for _, r := range rows {
			if !(r.Lat >= -90 && r.Lat <= 90 && r.Lon >= -180 && r.Lon <= 180) {
				t.Errorf("EPSG:%d line %d: %v, %v", crs, r.Line, r.Lat, r.Lon)
			}
		}
	}
}
