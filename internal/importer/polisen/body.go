package polisen

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/trygg-se/trygg/internal/kommun"
)

// Item is one incident listed in the body of a night summary.
type Item struct {
	Index int       // position among the summary's items, from 0
	At    time.Time // UTC instant when the item starts with a time, else zero
	// Type is a police type name ("Misshandel", "Skadegörelse", "Rån, försök")
	// taken from the item's heading, else from the body ("misstänkt för
	// misshandel"), so that Classify works on items too; "" when none.
	Type   string
	Kommun string // kommun named in the item (a known town maps to its kommun); "" when none
	Text   string // the item's lines as written, joined by "\n"
}

// ParseTexts reads notice bodies in the katrineholm_event_texts.json format
// (records of id, url, type, api_location, published, paragraphs) and
// returns the paragraphs by notice id. A later record for the same id wins.
func ParseTexts(r io.Reader) (map[int64][]string, error) {
	out := map[int64][]string{}
	err := decodeArray(r, func(i int, dec *json.Decoder) error {
		var rec struct {
			ID         json.RawMessage `json:"id"`
			Paragraphs []string        `json:"paragraphs"`
		}
		if err := dec.Decode(&rec); err != nil {
			return fmt.Errorf("record %d: %w", i, err)
		}
		id, err := parseID(rec.ID)
		if err != nil {
			return fmt.Errorf("record %d: id: %w", i, err)
		}
		out[id] = rec.Paragraphs
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("polisen: texts: %w", err)
	}
	return out, nil
}

// AttachBody stores the body paragraphs of n and, for a night summary,
// extracts its Items. Item times need n's named date, which Parse stored
// as To (07:00 local on that date); without it items have no At.
func (n *Notice) AttachBody(paragraphs []string) {
	n.Body = paragraphs
	n.Items = nil
	if !n.IsNightSummary() {
		return
	}
	var date *civilDate
	if !n.To.IsZero() {
		t := n.To.In(stockholm)
		date = &civilDate{t.Year(), t.Month(), t.Day()}
	}
	n.Items = extractItems(paragraphs, date)
}

// block is an item being collected.
type block struct {
	label      string // heading or lead-in: "Misshandel, Katrineholm"
	lines      []string
	h, m       int
	timed      bool
	headerOnly bool // only a heading so far: the next line belongs to it
}

// extractItems splits a night summary into incidents. The real texts
// (about 75 Södermanland summaries, 2023–2026) use many layouts:
//
//	"02:24 – Misshandel, Katrineholm\nEn man ska ha …"  time + heading line
//	"23.14 Polis larmas …", "Vid 22.50-tiden …", "Kl. 01.30 …", "Runt midnatt …"
//	"04.25, skadegörelse: Polis larmas …"               time + lead-in
//	"Smällar, Katrineholm: Vid 23.40-tiden larmas …"    lead-in + time
//	"Misshandel i Nyköping\nStrax före klockan 02:00 …" heading, then time
//
// A new item starts at every line that begins with a time or a lead-in, and
// at every heading line (short, no full stop); a time line right after a
// bare heading belongs to that heading. Other lines continue the open item,
// also across paragraphs ("Det andra ärendet …"). Boilerplate ("hanterat
// ett 50-tal ärenden", "Utöver detta …", "Inga grövre våldsbrott …") closes
// the open item. A stray line with no open item becomes an untimed item
// only when it reads like an incident ("larmas", "misstänks", "anmälan").
func extractItems(paragraphs []string, date *civilDate) []Item {
	var blocks []*block
	var cur *block
	for _, p := range paragraphs {
		for _, line := range strings.Split(p, "\n") {
			line = strings.TrimFunc(line, unicode.IsSpace)
			if line == "" {
				continue
			}
			h, m, label, timed, marked := lineStart(line)
			switch {
			case timed && cur != nil && cur.headerOnly:
				cur.h, cur.m, cur.timed, cur.headerOnly = h, m, true, false
				cur.label = strings.Trim(cur.label+", "+label, ", ")
				cur.lines = append(cur.lines, line)
			case marked:
				cur = &block{label: label, lines: []string{line}, h: h, m: m, timed: timed}
				blocks = append(blocks, cur)
			case containsAny(line, boilerplate):
				cur = nil
			case isHeading(line):
				cur = &block{label: strings.TrimRight(line, ": "), lines: []string{line}, headerOnly: true}
				blocks = append(blocks, cur)
			case cur != nil:
				cur.lines = append(cur.lines, line)
				cur.headerOnly = false
			case containsAny(line, incidentWords):
				cur = &block{lines: []string{line}}
				blocks = append(blocks, cur)
			}
		}
	}
	items := make([]Item, 0, len(blocks))
	for i, b := range blocks {
		text := strings.Join(b.lines, "\n")
		it := Item{Index: i, Text: text}
		if b.timed && date != nil {
			d := *date
			if b.h >= 12 { // an evening time belongs to the evening before the named date
				d.d--
			}
			it.At = d.at(b.h, b.m).UTC()
		}
		if it.Type = findType(b.label, false); it.Type == "" {
			it.Type = findType(text, true)
		}
		if it.Kommun = kommunIndex.find(b.label, true); it.Kommun == "" {
			it.Kommun = kommunIndex.find(text, false)
		}
		items = append(items, it)
	}
	return items
}

// timeRE matches a time at the start of a line: "23.14", "02:24", "Kl. 01.30",
// "Klockan 22:32", "Vid 22.50-tiden", "Vid 01-tiden", "Strax före 23:00",
// "Runt klockan 00:30", "Vid midnatt". A bare hour ("Cirka 10 personer")
// is not a time: it needs minutes or "-tiden".
var timeRE = regexp.MustCompile(`^(?i:(?:kl\.?|klockan|vid|runt|omkring|strax (?:före|efter|innan))\s*(?:klockan\s+|kl\.?\s*)?)?(?:(\d{1,2})(?:[.:](\d{2}))?(-tiden)?|(?i:(midnatt)))`)

// leadRE matches a short lead-in before a colon: "Smällar, Katrineholm: …",
// or after a time: "04.25, skadegörelse: …".
var leadRE = regexp.MustCompile(`^(\p{L}[^.:!?]{0,60}?):\s+`)

// lineStart reads the start of a line: an optional time and a label (the
// heading words after the time, or a lead-in before a colon). marked is
// true when the line opens an item.
func lineStart(line string) (h, m int, label string, timed, marked bool) {
	h, m, rest, timed := leadingTime(line)
	if !timed {
		// A lead-in without a time must look like "Type, Place:" so that a
		// sentence such as "Polisen uppger: …" does not open an item.
		lm := leadRE.FindStringSubmatch(line)
		r, _ := utf8.DecodeRuneInString(line)
		if lm == nil || !unicode.IsUpper(r) || !strings.Contains(lm[1], ",") || len(strings.Fields(lm[1])) > 6 {
			return 0, 0, "", false, false
		}
		h, m, _, timed = leadingTime(line[len(lm[0]):]) // "… Flen: Vid 01-tiden …"
		return h, m, lm[1], timed, true
	}
	rest = strings.TrimLeft(rest, " \t–—-,:;")
	if lm := leadRE.FindStringSubmatch(rest); lm != nil && len(strings.Fields(lm[1])) <= 6 {
		return h, m, lm[1], true, true
	}
	// "02:24 – Misshandel, Katrineholm" or "02:07 Stöld genom inbrott, Eskilstuna."
	// is a heading; "23:50 Polisen larmades till …. En man …" and "Vid
	// 01-tiden larmas polis" are sentences.
	short := strings.TrimRight(rest, ". ")
	first, _ := utf8.DecodeRuneInString(short)
	startsWithDigit := line[0] >= '0' && line[0] <= '9'
	if startsWithDigit && unicode.IsUpper(first) && !strings.Contains(short, ". ") && len(strings.Fields(short)) <= 7 {
		label = short
	}
	return h, m, label, true, true
}

func leadingTime(s string) (h, m int, rest string, ok bool) {
	g := timeRE.FindStringSubmatchIndex(s)
	if g == nil {
		return 0, 0, s, false
	}
	rest = s[g[1]:]
	if r, _ := utf8.DecodeRuneInString(rest); unicode.IsDigit(r) || unicode.IsLetter(r) && g[8] < 0 {
		return 0, 0, s, false // "0761318684", "10-talet"
	}
	if g[8] >= 0 { // midnatt
		return 0, 0, rest, true
	}
	if g[2] < 0 || g[4] < 0 && g[6] < 0 {
		return 0, 0, s, false // a bare number is a count, not a time
	}
	h, _ = strconv.Atoi(s[g[2]:g[3]])
	if g[4] >= 0 {
		m, _ = strconv.Atoi(s[g[4]:g[5]])
	}
	if h > 23 || m > 59 {
		return 0, 0, s, false
	}
	return h, m, rest, true
}

// isHeading: a short line without a full stop that starts with a capital,
// e.g. "Misshandel i Nyköping", "Brand utan misstanke", "Mordförsök, Eskilstuna".
func isHeading(line string) bool {
	r, _ := utf8.DecodeRuneInString(line)
	if !unicode.IsUpper(r) || utf8.RuneCountInString(line) > 100 || strings.Contains(line, ". ") {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	return !strings.ContainsRune(".!?", last) && len(strings.Fields(line)) <= 12
}

// boilerplate marks the intro and outro of a summary; it closes the open item.
var boilerplate = []string{
	"ledningscentral", "-tal ärenden", "-tal händelser", "hanterat ett", "hanterat en ",
	"hanterat knappt", "hanterat närmare", "god morgon", "utöver detta", "utöver det ",
	"inga grövre", "inga grova", "inga större", "inga allvarliga", "sticker ut", "urval av",
	"information till media", "presstalesperson", "pressnumret", "tänk på att",
	"bland annat hanterat", "bland annat har", "har polisen haft", "en lugn natt",
	"separat händelsenotis",
}

// incidentWords make a stray line an item: the police acted on something.
var incidentWords = []string{"larma", "grips", "greps", "gripen", "misstänk", "anmälan", "omhänder"}

// containsAny reports whether s, in lower case, contains any of subs.
func containsAny(s string, subs []string) bool {
	s = strings.ToLower(s)
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// typeWords maps the start of a Swedish word or phrase to a police type
// name. Longer phrases win at the same position ("grov misshandel" over
// "misshandel", "mordbrand" over "mord").
var typeWords = map[string]string{
	"misshandel": "Misshandel", "misshandl": "Misshandel", "grov misshandel": "Misshandel, grov",
	"försök till grov misshandel": "Misshandel, grov", "bråk": "Bråk", "slagsmål": "Bråk",
	"mord": "Mord/dråp", "dråp": "Mord/dråp", "mordförsök": "Mord/dråp, försök",
	"försök till mord": "Mord/dråp, försök", "mordbrand": "Mordbrand", "grov mordbrand": "Mordbrand",
	"rån": "Rån", "försök till rån": "Rån, försök", "rånförsök": "Rån, försök",
	"olaga hot": "Olaga hot", "olag hot": "Olaga hot", "hotad": "Olaga hot", "hotat": "Olaga hot",
	"våld mot tjänsteman": "Våld/hot mot tjänsteman", "hot mot tjänsteman": "Våld/hot mot tjänsteman",
	"våldsamt motstånd": "Våld/hot mot tjänsteman", "skott": "Skottlossning",
	"våldtäkt": "Våldtäkt", "sexuellt ofredande": "Sexualbrott", "sexualbrott": "Sexualbrott",
	"ofredande": "Ofredande/förargelse", "explosion": "Explosion", "detonation": "Detonation",
	"spräng": "Explosion", "bortspräng": "Explosion", "skadegörelse": "Skadegörelse",
	"inbrott": "Inbrott", "bostadsinbrott": "Inbrott", "inbrottsförsök": "Inbrott, försök",
	"försök till stöld genom inbrott": "Inbrott, försök", "stöld genom inbrott": "Inbrott",
	"stöld": "Stöld", "grov stöld": "Stöld", "stul": "Stöld", "stjäl": "Stöld", "tillgrep": "Stöld",
	"häleri": "Häleri", "bedrägeri": "Bedrägeri", "narkotika": "Narkotikabrott",
	"rattfylleri": "Rattfylleri", "drograttfylleri": "Rattfylleri", "rattfyllerist": "Rattfylleri",
	"olovlig körning": "Olovlig körning", "grov olovlig körning": "Olovlig körning",
	"vårdslöshet i trafik": "Trafikbrott", "trafikbrott": "Trafikbrott",
	"smitning": "Trafikolycka, smitning från", "trafikolycka": "Trafikolycka", "olycka": "Trafikolycka",
	"singelolycka": "Trafikolycka, singel", "viltolyck": "Trafikolycka, vilt", "krock": "Trafikolycka",
	"påkörd": "Trafikolycka", "körde på": "Trafikolycka", "kört på": "Trafikolycka",
	"kollider": "Trafikolycka", "brand": "Brand", "brinn": "Brand", "bilbrand": "Brand",
	"skadegörelse genom brand": "Skadegörelse", "fylleri": "Fylleri/LOB", "lob": "Fylleri/LOB",
	"berusning": "Fylleri/LOB", "hemfridsbrott": "Hemfridsbrott", "olaga intrång": "Olaga intrång",
	"knivlagen": "Knivlagen", "vapenlagen": "Vapenlagen", "smällar": "Smällar", "raket": "Smällar",
	"farligt föremål": "Farligt föremål, misstänkt", "saknades": "Försvunnen person",
	"försvunnen": "Försvunnen person", "avliden": "Anträffad död", "kontroll": "Kontroll",
}

// cueWords before a type word mark the legal classification, which is the
// better type than a word used in passing ("ett bråk … misstänkt för misshandel").
var cueWords = []string{"misstänk", "misstanke", "anmälan", "anmälning", "rubricer", "utreds som", "utreder händelsen som"}

var defaultClasses = DefaultClasses()

// findType returns the police type of the best type word in s: a word after
// a cue (when cues is set) beats one in a focus area, which beats the first.
func findType(s string, cues bool) string {
	lower := strings.ToLower(s)
	best, bestScore := "", -1
	for i, r := range lower {
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(lower[:i])
			if unicode.IsLetter(prev) || !unicode.IsLetter(r) {
				continue
			}
		}
		word, typ := "", ""
		for w, t := range typeWords {
			if len(w) > len(word) && strings.HasPrefix(lower[i:], w) {
				word, typ = w, t
			}
		}
		if typ == "" {
			continue
		}
		score := 0
		if cues && containsAny(lower[max(0, i-30):i], cueWords) {
			score += 2
		}
		if c, _ := Classify(typ, defaultClasses); c.FocusArea != "" {
			score++
		}
		if score > bestScore {
			best, bestScore = typ, score
		}
	}
	return best
}

// towns maps towns and villages of Södermanland, named in night summaries
// instead of their kommun, to that kommun. A kommun name in the same text
// wins over a town. Districts of a town are the gazetteer's business.
var towns = map[string]string{
	"Vagnhärad": "Trosa", "Västerljung": "Trosa", "Torshälla": "Eskilstuna", "Hällbybrunn": "Eskilstuna",
	"Kjula": "Eskilstuna", "Hållsta": "Eskilstuna", "Mariefred": "Strängnäs", "Åkers styckebruk": "Strängnäs",
	"Stallarholmen": "Strängnäs", "Malmby": "Strängnäs", "Stigtomta": "Nyköping", "Tystberga": "Nyköping",
	"Jönåker": "Nyköping", "Svalsta": "Nyköping", "Malmköping": "Flen", "Sparreholm": "Flen",
	"Hälleforsnäs": "Flen", "Stjärnhov": "Gnesta", "Björnlunda": "Gnesta", "Julita": "Katrineholm",
	"Björkvik": "Katrineholm", "Forssjö": "Katrineholm", "Sköldinge": "Katrineholm",
	"Strångsjö": "Katrineholm", "Äsköping": "Katrineholm", "Lerbo": "Katrineholm",
}

// ambiguous kommun names are also Swedish words or first names; they count
// only in an item's heading, never in running text.
var ambiguous = map[string]bool{"vara": true, "mark": true, "berg": true, "kil": true, "ale": true, "åre": true, "nora": true}

// placeIndex finds kommun names in text: whole words with a capital
// initial, case-insensitive after that ("Upplands Väsby" = "Upplands
// väsby"), genitive allowed ("Katrineholms centrum").
type placeIndex struct {
	byFirst map[string][]placeName // first word, lower case
	exact   map[string]string      // whole name, lower case → kommun
}

type placeName struct {
	words  []string // lower case
	kommun string
	town   bool
}

var kommunIndex = func() *placeIndex {
	ix := &placeIndex{byFirst: map[string][]placeName{}, exact: map[string]string{}}
	add := func(name, kommun string) {
		w := strings.Fields(strings.ToLower(name))
		ix.byFirst[w[0]] = append(ix.byFirst[w[0]], placeName{w, kommun, name != kommun})
		ix.exact[strings.Join(w, " ")] = kommun
	}
	for _, k := range kommun.All() {
		add(k.Name, k.Name)
	}
	for t, k := range towns {
		add(t, k)
	}
	return ix
}()

// canonical returns the API's spelling of a kommun name.
func (ix *placeIndex) canonical(name string) (string, bool) {
	k, ok := ix.exact[strings.ToLower(strings.Join(strings.Fields(name), " "))]
	return k, ok && strings.EqualFold(k, strings.Join(strings.Fields(name), " "))
}

// find returns the first kommun named in s, else the kommun of the first town.
func (ix *placeIndex) find(s string, heading bool) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	town := ""
	for i, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			continue
		}
		lw := strings.ToLower(w)
		cands, ok := ix.byFirst[lw]
		if !ok {
			cands = ix.byFirst[strings.TrimSuffix(lw, "s")] // genitive
		}
		for _, c := range cands {
			if len(c.words) == 1 && ambiguous[c.words[0]] && !heading {
				continue
			}
			switch {
			case !matchWords(words[i+1:], c.words[1:]):
			case !c.town:
				return c.kommun
			case town == "":
				town = c.kommun
			}
		}
	}
	return town
}

func matchWords(have, want []string) bool {
	if len(have) < len(want) {
		return false
	}
	for i, w := range want {
		h := strings.ToLower(have[i])
		if h != w && !(i == len(want)-1 && strings.TrimSuffix(h, "s") == w) {
			return false
		}
	}
	return true
}
