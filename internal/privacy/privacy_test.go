package privacy

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

const (
	pnr = "[personnummer]"
	tel = "[telefon]"
	mej = "[e-post]"
)

// maskCases are real-looking texts; want == in means nothing may be masked.
var maskCases = []struct {
	name, in, want string
}{
	// Personnummer and samordningsnummer (all pass Luhn).
	{"pnr dash", "Mitt personnummer är 811218-9876.", "Mitt personnummer är " + pnr + "."},
	{"pnr bare", "8112189876", pnr},
	{"pnr plus", "Född 1912: 121212+1212", "Född 1912: " + pnr},
	{"pnr 12 digits dash", "19121212-1212", pnr},
	{"pnr 12 digits bare", "pnr 198112189876 tack", "pnr " + pnr + " tack"},
	{"pnr space", "811218 9876", pnr},
	{"pnr glued to label", "pnr:8112189876", "pnr:" + pnr},
	{"samordningsnummer", "Samordningsnr 701063-2391", "Samordningsnr " + pnr},
	{"pnr leap day", "20000229-1235", pnr},
	{"pnr leap day unknown century", "000229-1235", pnr},
	{"pnr in parentheses", "(850709-9805)", "(" + pnr + ")"},
	{"pnr twice", "811218-9876 och 19121212-1212", pnr + " och " + pnr},
	// A Luhn-valid 10-digit number with a real date is masked even if it was
	// meant as a phone number: still masked, only under another name.
	{"pnr shaped like mobile", "Ring 0701234569", "Ring " + pnr},

	// Phone numbers.
	{"mobile dash", "Ring 070-123 45 67 efter kl. 18.", "Ring " + tel + " efter kl. 18."},
	{"mobile bare", "0701234567", tel},
	{"mobile spaces", "nr 073 123 45 67", "nr " + tel},
	{"mobile no-break spaces", "076\u00a0123\u00a045\u00a067", tel},
	{"mobile en dash", "072–123 45 67", tel},
	{"mobile spaced dash", "079 - 123 45 67", tel},
	{"mobile dash no spaces", "070-1234567", tel},
	{"intl", "+46 70 123 45 67", tel},
	{"intl bare", "+46701234567", tel},
	{"intl 00", "0046 70 123 45 67", tel},
	{"intl trunk 0 in parens", "+46 (0)70-123 45 67", tel},
	{"intl trunk 0 kept", "+46 070 123 45 67", tel},
	{"intl Stockholm", "+46 8 123 456 78", tel},
	{"Stockholm", "Växel 08-123 456 78.", "Växel " + tel + "."},
	{"Stockholm short", "08-12 34 56", tel},
	{"Katrineholm", "Kommunen: 0150-123 45", "Kommunen: " + tel},
	{"Katrineholm bare", "015012345", tel},
	{"Katrineholm six digits", "0150-48 80 00", tel},
	{"Katrineholm parens", "(0150) 123 45", tel},
	{"Gothenburg", "031-12 34 56", tel},
	{"non-geographic", "Mediakontakt: 010-56 678 80, epost saknas", "Mediakontakt: " + tel + ", epost saknas"},
	{"mobile in parentheses", "(0701234567)", "(" + tel + ")"},
	{"Norway", "+47 912 34 567", tel},
	{"tel uri", "tel:+46701234567", "tel:" + tel},
	{"sentence end", "Nås på 0761318684.", "Nås på " + tel + "."},
	{"then a count", "Ringde 070-123 45 67 12 gånger", "Ringde " + tel + " 12 gånger"},
	{"two numbers", "070-123 45 67 eller 08-123 456 78", tel + " eller " + tel},
	{"two numbers no word between", "070-123 45 67 08-123 456 78", tel + " " + tel},

	// E-mail addresses.
	{"email", "Mejla anna.svensson@katrineholm.se.", "Mejla " + mej + "."},
	{"email unicode", "Åsa.Öberg@exempel.se", mej},
	{"email plus and subdomain", "<a+b@mail.example.co.uk>", "<" + mej + ">"},
	{"email upper case", "INFO@KOMMUN.SE", mej},
	{"email holds digits", "19121212-1212@example.se", mej},
	{"email then phone", "a@b.se0701234567", mej + tel},

	// All kinds.
	{"all", "Anna (811218-9876) nås på 070-123 45 67 eller anna@exempel.se.",
		"Anna (" + pnr + ") nås på " + tel + " eller " + mej + "."},

	// Police notices, dates, times, years and other numbers: kept.
	{"notice", "06 juni 18.50, Trafikbrott, Kungsör", ""},
	{"notice night", "Polisens regionledningscentral har mellan klockan 22.00-07.00 hanterat ett 90-tal ärenden som rör Södermanlands län.", ""},
	{"notice colon times", "Polisen har under natten mellan 22:00 och 07:00 hanterat ett 60-tal ärenden.", ""},
	{"notice dash times", "02:24 – Misshandel, Katrineholm", ""},
	{"notice road", "06:10 SOS-larm om trafikolycka på riksväg 55 utanför Katrineholm.", ""},
	{"notice url", "/aktuellt/handelser/2025/juni/6/06-juni-18.50-trafikbrott-kungsor/", ""},
	{"notice published", "2025-06-07 7:32:06 +02:00", ""},
	{"notice midnight", "Vid 00-tiden larmas polisen. Vid 00.30 ser patrullen en man.", ""},
	{"fine", "Mannen får 800 kronor i böter.", ""},
	{"iso date", "Händelsen 2025-06-07 kl. 18.50 vid Storgatan 12.", ""},
	{"iso date range", "Vecka 23, 2025-06-02 – 2025-06-08", ""},
	{"date DD-MM-YYYY", "den 07-06-2025 och 08-06-2025 och 08-12-2025", ""},
	{"date DDMMYYYY", "den 01012025", ""},
	{"date slashes", "den 08/06/2025", ""},
	{"date dots", "den 08.06.2025", ""},
	{"address", "Drottninggatan 3, 641 30 Katrineholm", ""},
	{"years", "Åren 2024 och 2025 ökade anmälningarna från 1201 till 1350.", ""},
	{"opening hours", "Öppet 08-17, lunch 12.00–13.00, kväll 08 00-09 00", ""},
	{"order number fails Luhn", "Ordernummer 1234567890", ""},
	{"org number", "Katrineholms kommun, org.nr 212000-0142", ""},
	{"Luhn-valid but month 66", "Faktura 5566778899", ""},
	{"bad leap day", "20010229-1234", ""},
	{"case number", "Diarienummer 5000-K123456-25", ""},
	{"police tips line", "Tips lämnas på 114 14 eller 112.", ""},
	{"decimal", "0,5 promille och -18 grader", ""},
	{"coordinates", "59.0000, 16.2000 och SWEREF 6543210 / 1234567", ""},
	{"version", "version 0.12.3 och 0.1", ""},
	{"leading zero group", "0 12 34 56 78", ""},
	{"split country code", "+4 6 70 123 45 67 och +46", tel + " och +46"},
	{"too short", "070-123 45", ""},
	{"too long", "070-123 45 67 89 10 11 12", tel + " 89 10 11 12"},
	{"inside word", "ABC0701234567XYZ", ""},
	{"inside number", "10701234567", ""},
	{"no tld", "root@localhost och @polisen", ""},
	{"placeholders", "[personnummer] [telefon] [e-post]", ""},
	{"empty", "", ""},
}

func TestMask(t *testing.T) {
	for _, tt := range maskCases {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			if want == "" {
				want = tt.in
			}
			got, found := Mask(tt.in)
			if got != want {
				t.Fatalf("Mask(%q)\n got %q\nwant %q", tt.in, got, want)
			}
			if got2, found2 := Mask(got); got2 != got || found2 != nil {
				t.Fatalf("Mask not idempotent: %q → %q %v", got, got2, found2)
			}
			if got, want := found == nil, tt.want == ""; got != want {
				t.Fatalf("found=%v", found)
			}
		})
	}
}

func TestMaskFound(t *testing.T) {
	_, found := Mask("a@b.se, 070-123 45 67, c@d.se, 811218-9876, 0701234567")
	if got, want := found, []Kind{PersonalNumber, Phone, Email}; !slices.Equal(got, want) {
		t.Fatalf("found=%v, want %v", got, want)
	}
	if got, want := Phone.String(), "telefon"; got != want {
		t.Fatalf("String=%q, want %q", got, want)
	}
	if got, want := Kind(9).String(), "Kind(9)"; got != want {
		t.Fatalf("String=%q, want %q", got, want)
	}
}

func TestValidPNR(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"8112189876", true},
		{"198112189876", true},
		{"7010632391", true},   // samordningsnummer, day 63 = 3
		{"7010922391", false},  // day 92
		{"7010602391", false},  // day 60
		{"8112189875", false},  // check digit
		{"8113189876", false},  // month 13
		{"8100189876", false},  // month 0
		{"8112009876", false},  // day 0
		{"8102301234", false},  // 30 February
		{"0002291235", true},   // 29 February, century unknown
		{"200002291235", true}, // 2000 was a leap year
		{"190002291235", false},
		{"178112189876", false}, // century 17
		{"218112189876", false},
		{"811218987", false},
		{"81121898760", false},
		{"81121a9876", false},
	} {
		if got := validPNR(tt.in); got != tt.want {
			t.Errorf("validPNR(%q)=%v, want %v", tt.in, got, tt.want)
		}
	}
}

// loosePNRs finds Luhn-valid personnummer in s by a scan independent of
// pnrAt: digit runs of 10 or 12, and runs of 6 or 8 joined by "-" or "+" to
// a run of 4.
func loosePNRs(s string) (out []string) {
	var runs [][2]int
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j > i {
			runs = append(runs, [2]int{i, j})
			i = j
		} else {
			i++
		}
	}
	for k, r := range runs {
		d := s[r[0]:r[1]]
		if validPNR(d) {
			out = append(out, d)
		}
		if k+1 < len(runs) && (len(d) == 6 || len(d) == 8) {
			if n := runs[k+1]; n[0] == r[1]+1 && (s[r[1]] == '-' || s[r[1]] == '+') && n[1]-n[0] == 4 && validPNR(d+s[n[0]:n[1]]) {
				out = append(out, s[r[0]:n[1]])
			}
		}
	}
	return out
}

func FuzzMask(f *testing.F) {
	for _, tt := range maskCases {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, found := Mask(in)
		if p := loosePNRs(out); len(p) > 0 {
			t.Fatalf("Mask(%q) = %q keeps personnummer %q", in, out, p)
		}
		if out2, found2 := Mask(out); out2 != out || found2 != nil {
			t.Fatalf("Mask not idempotent: %q → %q → %q", in, out, out2)
		}
		if len(found) == 0 && out != in {
			t.Fatalf("Mask(%q) = %q with nothing found", in, out)
		}
		if !strings.ContainsAny(in, "0123456789@") && out != in {
			t.Fatalf("Mask(%q) = %q changed text with no digit or @", in, out)
		}
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("Mask(%q) = %q broke UTF-8", in, out)
		}
	})
}
