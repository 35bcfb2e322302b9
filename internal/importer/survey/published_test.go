package survey_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/importer/survey"
	"github.com/trygg-se/trygg/internal/stats"
)

func TestReadPublished(t *testing.T) {
	in := "\uFEFFFråga;Område;Typ;Värde;Antal\r\n" +
		"Otrygg ute sent en kväll;LPO Katrineholm;andel;23,5 %;1 204\r\n" +
		"Otrygg ute sent en kväll;Nävertorp;share;0,31;187\r\n" +
		"Dålig belysning;LPO Katrineholm;problemindex;2,4;1 198\r\n" +
		"\r\n" +
		"Dålig belysning;Nävertorp;Index;3;185\r\n"
	got, err := survey.ReadPublished(strings.NewReader(in), "polisen.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []survey.PublishedFigure{
		{Line: 2, Item: "Otrygg ute sent en kväll", Area: "LPO Katrineholm", Kind: stats.KindShare, Value: 0.235, N: 1204},
		{Line: 3, Item: "Otrygg ute sent en kväll", Area: "Nävertorp", Kind: stats.KindShare, Value: 0.31, N: 187},
		{Line: 4, Item: "Dålig belysning", Area: "LPO Katrineholm", Kind: stats.KindProblemIndex, Value: 2.4, N: 1198},
		{Line: 6, Item: "Dålig belysning", Area: "Nävertorp", Kind: stats.KindProblemIndex, Value: 3, N: 185},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}

	x := makeXLSX([][]any{{"item", "area", "kind", "value", "n"}, {"unsafe_evening", "Norr", "share", 0.25, 80}}, xlsxOpts{})
	got, err = survey.ReadPublished(bytes.NewReader(x), "p.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if want := (survey.PublishedFigure{Line: 2, Item: "unsafe_evening", Area: "Norr", Kind: stats.KindShare, Value: 0.25, N: 80}); got[0] != want {
		t.Errorf("XLSX: %+v, want %+v", got[0], want)
	}
}

func TestReadPublishedErrors(t *testing.T) {
	const head = "item,area,kind,value,n\n"
	for _, tt := range []struct{ name, in, want string }{
		{"a missing column", "item,area,kind,value\nx,y,share,0.2\n", `p.csv line 1: no column for n (n, antal, svar, antalsvar)`},
		{"a column twice", "item,fråga,area,kind,value,n\n", `p.csv line 1, column "fråga": a second column for item`},
		{"an unknown kind", head + "x,y,medel,2,10\n", `p.csv line 2, column "kind": kind "medel": use share (andel) or index (problemindex)`},
		{"a bare share above 1", head + "x,y,share,23,10\n", `p.csv line 2, column "value": share 23: a fraction is 0–1; write a percentage with its sign, e.g. 23 %`},
		{"a percentage above 100", head + "x,y,share,123 %,10\n", `share 123 % is outside 0–100 %`},
		{"an index above 6", head + "x,y,index,6.5,10\n", `p.csv line 2, column "value": index 6.5 is outside 0–6`},
		{"an index in percent", head + "x,y,index,50%,10\n", `an index is 0–6, not a percentage`},
		{"a suppressed figure", head + "x,y,share,-,3\n", `value "-": leave suppressed figures out of the file`},
		{"n zero", head + "x,y,share,0.2,0\n", `p.csv line 2, column "n": n "0": want a whole number above 0`},
		{"n not a count", head + "x,y,share,0.2,12.5\n", `n "12.5": want a whole number above 0`},
		{"empty area", head + "x,,share,0.2,10\n", `p.csv line 2, column "area": empty area`},
		{"twice", head + "x,Norr,share,0.2,10\nX,norr,andel,21 %,10\n", `p.csv line 3: share "X" for "norr" is given twice (also on line 2)`},
		{"no figures", head, `p.csv: no figures`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := survey.ReadPublished(strings.NewReader(tt.in), "p.csv")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}
