package report_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const cssURL = "/static/report-0123abcd/report.css"

func mustHTML(t testing.TB, r *report.Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := report.HTML(&b, r, cssURL); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestHTMLGolden(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			got := mustHTML(t, katrineholm(lang))
			path := filepath.Join("testdata", "katrineholm-2023-T1."+lang+".golden.html")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("HTML differs from %s (run go test ./internal/report/ -update and review the diff):\n%s", path, firstDiff(got, want))
			}
		})
	}
}

// firstDiff shows the first differing line, for a readable failure.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + a + "\nwant: " + b
		}
	}
	return ""
}

// node is an element of the parsed document.
type node struct {
	name     string
	attr     map[string]string
	children []*node
	text     strings.Builder
	parent   *node
}

func (n *node) walk(f func(*node)) {
	f(n)
	for _, c := range n.children {
		c.walk(f)
	}
}

// parse reads the document as XML in strict mode (with HTML's named
// entities): every element must be closed and nested properly, every
// attribute quoted. The template writes void elements as <br/>.
func parse(t *testing.T, doc []byte) *node {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	root := &node{name: "#document"}
	cur := root
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("document is not well-formed: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attr: map[string]string{}, parent: cur}
			for _, a := range tok.Attr {
				k := a.Name.Local
				if a.Name.Space != "" && a.Name.Space != "xmlns" {
					k = a.Name.Space + ":" + k
				}
				n.attr[k] = a.Value
			}
			cur.children = append(cur.children, n)
			cur = n
		case xml.EndElement:
			cur = cur.parent
		case xml.CharData:
			for n := cur; n != nil; n = n.parent {
				n.text.Write(tok)
			}
		}
	}
	if cur != root {
		t.Fatalf("element <%s> not closed", cur.name)
	}
	return root
}

func TestHTMLStructure(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			doc := mustHTML(t, katrineholm(lang))
			root := parse(t, doc)
			// A chart per focus area, one for patrols, one for each kind
			// of survey indicator, and the district map.
			if n := checkStructure(t, root, lang); n != 7 {
				t.Errorf("%d charts, want 7", n)
			}
			if s := string(doc); strings.Contains(s, "<style") || strings.Contains(s, " style=") || strings.Contains(s, "<script") {
				t.Error("HTML mode has inline style or script, which the CSP (style-src 'self') blocks")
			}
			if !strings.Contains(string(doc), `<link rel="stylesheet" href="`+cssURL+`"/>`) {
				t.Error("stylesheet not linked")
			}
		})
	}
}

// checkStructure checks what WCAG and DESIGN.md §6 ask of the document,
// and returns the number of charts.
func checkStructure(t *testing.T, root *node, lang string) int {
	t.Helper()
	ids := map[string]*node{}
	var svgs, tables int
	root.walk(func(n *node) {
		if id := n.attr["id"]; id != "" {
			if ids[id] != nil {
				t.Errorf("id %q used twice", id)
			}
			ids[id] = n
		}
	})
	root.walk(func(n *node) {
		if n.name == "html" && n.attr["lang"] != lang {
			t.Errorf("<html lang=%q>, want %q", n.attr["lang"], lang)
		}
		for _, a := range []string{"aria-labelledby", "aria-describedby"} {
			for _, ref := range strings.Fields(n.attr[a]) {
				if ids[ref] == nil {
					t.Errorf("<%s %s=%q>: no element has that id", n.name, a, ref)
				}
			}
		}
		if h := n.attr["href"]; strings.HasPrefix(h, "#") && ids[h[1:]] == nil {
			t.Errorf("link to %s: no such id", h)
		}
		switch n.name {
		case "svg":
			svgs++
			if n.attr["role"] != "img" {
				t.Errorf("svg %s: role=%q, want img", n.attr["aria-labelledby"], n.attr["role"])
			}
			if len(n.children) < 2 || n.children[0].name != "title" || n.children[1].name != "desc" {
				t.Errorf("svg %s: does not start with <title> and <desc>", n.attr["aria-labelledby"])
			} else {
				if strings.TrimSpace(n.children[0].text.String()) == "" {
					t.Error("svg with an empty <title>")
				}
				if n.attr["aria-labelledby"] != n.children[0].attr["id"] {
					t.Errorf("svg aria-labelledby=%q does not name its title %q", n.attr["aria-labelledby"], n.children[0].attr["id"])
				}
			}
			if next := nextElement(n.parent); next == nil || !(next.name == "table" ||
				next.name == "div" && len(next.children) > 0 && next.children[0].name == "table") {
				t.Errorf("svg %s is not followed by a table", n.attr["aria-labelledby"])
			}
		case "table":
			tables++
			if len(n.children) == 0 || n.children[0].name != "caption" || strings.TrimSpace(n.children[0].text.String()) == "" {
				t.Error("table without a caption")
			}
		case "th":
			if n.attr["scope"] != "col" && n.attr["scope"] != "row" {
				t.Errorf("th %q without scope", n.text.String())
			}
		case "img":
			if _, ok := n.attr["alt"]; !ok {
				t.Error("img without alt")
			}
		}
	})
	if tables < svgs {
		t.Errorf("%d tables for %d charts", tables, svgs)
	}
	// One h1; headings do not skip a level.
	level, h1 := 0, 0
	root.walk(func(n *node) {
		if len(n.name) == 2 && n.name[0] == 'h' && n.name[1] >= '1' && n.name[1] <= '6' {
			l := int(n.name[1] - '0')
			if l > level+1 {
				t.Errorf("<%s>%s</%s> skips a heading level after h%d", n.name, n.text.String(), n.name, level)
			}
			level = l
			if l == 1 {
				h1++
			}
		}
	})
	if h1 != 1 {
		t.Errorf("%d h1 elements, want 1", h1)
	}
	return svgs
}

// nextElement is the element after n among its siblings.
func nextElement(n *node) *node {
	if n == nil || n.parent == nil {
		return nil
	}
	sib := n.parent.children
	for i, c := range sib {
		if c == n && i+1 < len(sib) {
			return sib[i+1]
		}
	}
	return nil
}

func TestStandaloneInlinesCSS(t *testing.T) {
	var b bytes.Buffer
	if err := report.Standalone(&b, katrineholm("sv")); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	root := parse(t, b.Bytes())
	checkStructure(t, root, "sv")
	if strings.Contains(doc, `rel="stylesheet"`) {
		t.Error("standalone document links a stylesheet")
	}
	start, end := strings.Index(doc, "<style>"), strings.Index(doc, "</style>")
	if start < 0 || end < start {
		t.Fatal("no <style> element")
	}
	inlined := doc[start+len("<style>") : end]
	if inlined != string(report.CSS()) {
		t.Error("inlined CSS differs from CSS()")
	}
	sum := sha256.Sum256([]byte(inlined))
	if got, want := report.CSSHash(), "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'"; got != want {
		t.Errorf("CSSHash() = %s, want %s", got, want)
	}
}

func TestCSS(t *testing.T) {
	css := string(report.CSS())
	for _, want := range []string{"@page", "size: A4", "@media print", "break-before: page", "table-header-group"} {
		if !strings.Contains(css, want) {
			t.Errorf("CSS lacks %q", want)
		}
	}
	report.CSS()[0] = 'X'
	if report.CSS()[0] == 'X' {
		t.Error("CSS() returns the package's own slice")
	}
}

func TestHTMLNeedsStylesheetURL(t *testing.T) {
	var b bytes.Buffer
	if err := report.HTML(&b, katrineholm("sv"), ""); err == nil {
		t.Error("HTML without a stylesheet URL: no error")
	}
	if b.Len() != 0 {
		t.Error("wrote output on error")
	}
}

func TestContent(t *testing.T) {
	sv := string(mustHTML(t, katrineholm("sv")))
	en := string(mustHTML(t, katrineholm("en")))
	for _, c := range []struct {
		doc, want string
	}{
		{sv, "<title>Uppföljning 2023-T1 – Katrineholms kommun (demodata)</title>"},
		{sv, "Uppföljning av medborgarlöftet, tertial 1 2023"},
		{sv, "2023-T1 (1 januari–30 april 2023)"},
		{sv, "Antagen av Rådet för trygghet och säkerhet den 24 maj 2023."},
		{sv, "Rapporten skapades 24 maj 2023 kl. 14.05 av Trygg."}, // 12:05 UTC is 14:05 CEST
		{sv, "genomförda: 2, pågående: 3, planerade: 1, inte genomförda: 2"},
		{sv, "1\u00a0057,5 h, varav 53\u00a0% under mörka timmar"},
		{sv, "2023-T1: 124 (2022-T1: 138; Utgångsläge 2021-T1: 132)"},
		{sv, `<td class="num">≥ 79</td>`},
		{sv, `<td class="num">&lt;5</td>`},
		{sv, "64\u00a0% av händelserna under 2023-T1 inträffade under dygnets mörka timmar."},
		{sv, "Invånare: prioriterade områden 13\u00a0400, övriga områden 20\u00a0838."},
		{sv, "−0,8 per 1 000 invånare (95 % konfidensintervall −3,4 till 1,8): ingen påvisbar förändring."},
		{sv, "Skäl: Flyttat till vårens skoldialoger, där fler unga nås."},
		{sv, "Centrum <span class=\"tag\">(prioriterat)</span>"},
		{sv, "31\u00a0% (27–35)"},
		{sv, "−4 (−7 till −2)"},
		{sv, `lang="en" hreflang="en">Read in English</a>`},
		{sv, "Polisen har haft fotpatrull i Centrum varje fredag och lördag.<br/>Två tillfällen"},
		// Commentary is text, never markup.
		{sv, "&lt;b&gt;Ingen&lt;/b&gt; åtgärd har strukits utan ersättning &amp; allt redovisas här."},
		{en, "<title>Follow-up 2023-T1 – Katrineholms kommun (demo data)</title>"},
		{en, "Follow-up of the citizen promise, T1 2023"},
		{en, "2023-T1 (1 January – 30 April 2023)"},
		{en, "Report generated 24 May 2023 at 14:05 by Trygg."},
		{en, "done: 2, under way: 3, planned: 1, not done: 2"},
		{en, "Inhabitants: priority districts 13,400, other districts 20,838."},
		{en, "−0.8 per 1,000 inhabitants (95% confidence interval −3.4 to 1.8): no detectable change."},
		{en, `lang="sv" hreflang="sv">Läs på svenska</a>`},
	} {
		if !strings.Contains(c.doc, c.want) {
			t.Errorf("report lacks %q", c.want)
		}
	}
	for _, doc := range []string{sv, en} {
		if m := regexp.MustCompile(`\[[a-z_]+\.[a-z_.]+\]|%!|<nil>`).FindString(doc); m != "" {
			t.Errorf("report has %q: a missing message or a formatting error", m)
		}
	}
	if strings.Contains(sv, "Read in English") == strings.Contains(sv, "Läs på svenska") {
		t.Error("the Swedish report must offer English and only English")
	}
}

func TestDraft(t *testing.T) {
	r := katrineholm("sv")
	r.Status, r.AdoptedAt, r.AdoptedBy = report.StatusDraft, nil, ""
	r.Synthetic = false
	r.Survey = nil
	r.Commentary = nil
	doc := string(mustHTML(t, r))
	for _, want := range []string{
		"<title>Utkast: Uppföljning 2023-T1 – Katrineholms kommun</title>",
		"Utkast. Rapporten är inte antagen och kan ändras.",
		`<p class="commentary-empty">Ingen kommentar ännu.</p>`,
		"Ingen mätomgång av trygghetsmätningen hör till perioden.",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("draft lacks %q", want)
		}
	}
	if strings.Contains(doc, "Demodata") {
		t.Error("a report of real data says demo data")
	}
	if n := checkStructure(t, parse(t, []byte(doc)), "sv"); n != 5 {
		t.Errorf("%d charts, want 5 (with the district map)", n)
	}
}

// TestEmpty renders a report with nothing but its frame: a new tenant's
// first follow-up.
func TestEmpty(t *testing.T) {
	r := &report.Report{Tenant: "Flens kommun", Period: "2024-T3", PeriodFrom: day(2024, 9, 1), PeriodTo: day(2025, 1, 1),
		Status: report.StatusDraft, GeneratedAt: day(2024, 12, 20)}
	doc := string(mustHTML(t, r))
	for _, want := range []string{"2024-T3 (1 september–31 december 2024)", "Inga åtgärder under perioden.",
		"Ingen patrulltid är registrerad för perioden.", "Alla åtgärder under perioden är genomförda"} {
		if !strings.Contains(doc, want) {
			t.Errorf("empty report lacks %q", want)
		}
	}
	parse(t, []byte(doc))
}

func TestSections(t *testing.T) {
	r := katrineholm("en")
	doc := string(mustHTML(t, r))
	secs := r.Sections()
	if got, want := len(secs), 7+len(r.FocusAreas); got != want {
		t.Fatalf("%d sections, want %d", got, want)
	}
	for _, s := range secs {
		if !strings.Contains(doc, `<section id="`+s.Key+`"`) {
			t.Errorf("no section with id %q", s.Key)
		}
		if !strings.Contains(doc, `<a href="#`+s.Key+`">`+s.Title+`</a>`) {
			t.Errorf("contents lack %q", s.Title)
		}
	}
	if secs[2].Key != "focus-violence" || secs[2].Title != "Focus area: Violence" {
		t.Errorf("sections[2] = %+v", secs[2])
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(r *report.Report)
		want   string
	}{
		{"lang", func(r *report.Report) { r.Lang = "de" }, "language"},
		{"period", func(r *report.Report) { r.Period = "2023-T4" }, "period"},
		{"dates", func(r *report.Report) { r.PeriodTo = r.PeriodFrom }, "period dates"},
		{"status", func(r *report.Report) { r.Status = "final" }, "status"},
		{"adopted without date", func(r *report.Report) { r.AdoptedAt = nil }, "AdoptedAt"},
		{"e-mail", func(r *report.Report) { r.AdoptedBy = "rolf@katrineholm.se" }, "e-mail"},
		{"count", func(r *report.Report) { r.Situation.Areas[0].Rows[0].Current = "fem" }, "not a published count"},
		{"negative count", func(r *report.Report) { r.Situation.Areas[0].Rows[0].Current = "-3" }, "not a published count"},
		{"total count", func(r *report.Report) { r.Situation.Areas[0].Total.Baseline = "≥" }, "not a published count"},
		{"group count", func(r *report.Report) { r.Situation.Rest.Current = "NaN" }, "not a published count"},
		{"unknown focus", func(r *report.Report) { r.Commitments[0].Measures[0].FocusArea = "traffic" }, "focus area"},
		{"no reason", func(r *report.Report) { r.Commitments[0].Measures[6].Reason = " " }, "without a reason"},
		{"progress", func(r *report.Report) { r.Commitments[0].Measures[0].Progress = 120 }, "progress"},
		{"owner", func(r *report.Report) { r.Commitments[0].Measures[0].Owner = "army" }, "owner"},
		{"commentary key", func(r *report.Report) { r.Commentary["focus-traffic"] = "x" }, "unknown section"},
		{"patrol", func(r *report.Report) { r.Patrols.Rows[0].DarkHours = 500 }, "patrols"},
		{"share", func(r *report.Report) { r.Survey.Indicators[0].Current.Value = 31 }, "estimate"},
		{"interval", func(r *report.Report) { r.Survey.Indicators[0].Current.Low = 0.4 }, "estimate"},
		{"kind", func(r *report.Report) { r.Survey.Indicators[0].Kind = "mean" }, "kind"},
		{"reading", func(r *report.Report) { r.Situation.Effect.Reading = "better" }, "reading"},
		{"focus key", func(r *report.Report) { r.FocusAreas[1].Key = "violence" }, "focus area key"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := katrineholm("sv")
			c.change(r)
			err := r.Validate()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Validate() = %v, want an error about %q", err, c.want)
			}
			var b bytes.Buffer
			if err := report.HTML(&b, r, cssURL); err == nil || b.Len() > 0 {
				t.Errorf("HTML of an invalid report: err %v, %d bytes written", err, b.Len())
			}
		})
	}
	if err := katrineholm("sv").Validate(); err != nil {
		t.Errorf("fixture: %v", err)
	}
}

// TestConcurrent renders both languages at once: nothing is shared
// between renderings (run with -race).
func TestConcurrent(t *testing.T) {
	want := map[string][]byte{"sv": mustHTML(t, katrineholm("sv")), "en": mustHTML(t, katrineholm("en"))}
	errs := make(chan error, 8)
	for i := range 8 {
		lang := []string{"sv", "en"}[i%2]
		go func() {
			var b bytes.Buffer
			err := report.HTML(&b, katrineholm(lang), cssURL)
			if err == nil && !bytes.Equal(b.Bytes(), want[lang]) {
				err = errors.New(lang + ": output differs between goroutines")
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func BenchmarkHTML(b *testing.B) {
	r := katrineholm("sv")
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := report.HTML(&buf, r, cssURL); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// BenchmarkPDF prints the fixture report through headless Chromium, start
// to finish (the target: under 3 s).
func BenchmarkPDF(b *testing.B) {
	if _, err := exec.LookPath("chromium"); err != nil {
		b.Skip("no Chromium")
	}
	var html bytes.Buffer
	if err := report.Standalone(&html, katrineholm("sv")); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := report.PDF(context.Background(), html.Bytes(), ""); err != nil {
			b.Fatal(err)
		}
	}
}
