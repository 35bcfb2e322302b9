package survey

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/trygg-se/trygg/internal/stats"
)

// Kind says how an indicator turns answers into a figure.
type Kind = stats.Kind

// Indicator kinds.
const (
	KindShare        = stats.KindShare        // share of Positive answers
	KindMean         = stats.KindMean         // mean of Scores, e.g. 1–4 agreement
	KindProblemIndex = stats.KindProblemIndex // 0–6 index by a ProblemIndex
)

// Direction says which way an indicator gets better, so that a change can
// be read as an improvement or a deterioration.
type Direction string

// Directions.
const (
	HigherIsWorse  Direction = "higher_worse"  // e.g. share feeling unsafe, problem index
	HigherIsBetter Direction = "higher_better" // e.g. trust in the police
)

// Questionnaire is one version of a survey: what was asked and which
// indicators are computed from the answers. A wave names the questionnaire
// it used by Code; a changed question or scale needs a new Version.
type Questionnaire struct {
	Code       string      `json:"code"`
	Version    string      `json:"version"`
	TitleSv    string      `json:"title_sv"`
	TitleEn    string      `json:"title_en"`
	Questions  []Question  `json:"questions"`
	Indicators []Indicator `json:"indicators"`
}

// Question is one item with its answer scale. Code is also the key of
// Respondent.Answers and, by the importer's convention, the question's name
// in the survey tool.
type Question struct {
	Code   string   `json:"code"`
	TextSv string   `json:"text_sv"`
	TextEn string   `json:"text_en"`
	Scale  []Choice `json:"scale"`
}

// Choice is one answer on a scale. "Vet ej" is a choice like any other;
// Missing marks only a code that means no answer was given (some tools
// export one), which never counts in a denominator.
type Choice struct {
	Code    string `json:"code"`
	LabelSv string `json:"label_sv"`
	LabelEn string `json:"label_en"`
	Missing bool   `json:"missing,omitempty"`
}

// Indicator is a figure computed from one question. Codes on the scale that
// are neither Positive nor in Exclude stay in the denominator (see the
// package comment).
type Indicator struct {
	Code      string    `json:"code"`
	NameSv    string    `json:"name_sv"`
	NameEn    string    `json:"name_en"`
	Kind      Kind      `json:"kind"`
	Question  string    `json:"question"`
	Direction Direction `json:"direction"`
	// Positive are the codes a share counts, e.g. fairly_unsafe,
	// very_unsafe and never_goes_out. KindShare only.
	Positive []string `json:"positive,omitempty"`
	// Exclude are answer codes taken out of the denominator, e.g.
	// dont_know for a share "of those with an opinion".
	Exclude []string `json:"exclude,omitempty"`
	// Scores maps codes to values for KindMean, e.g. 4 for "Stämmer helt".
	Scores map[string]float64 `json:"scores,omitempty"`
	// Index defines KindProblemIndex; nil is DefaultProblemIndex.
	Index *ProblemIndex `json:"index,omitempty"`
}

// ProblemIndex defines a 0–6 problem index as the weighted mean of answer
// scores. The police's formula is not public, so every definition is an
// assumption, versioned so that a figure names the one it used, and stated
// in Assumption for readers of the figures.
type ProblemIndex struct {
	Version      string             `json:"version"`
	AssumptionSv string             `json:"assumption_sv"`
	AssumptionEn string             `json:"assumption_en"`
	Scores       map[string]float64 `json:"scores"`
	Exclude      []string           `json:"exclude,omitempty"`
}

// DefaultProblemIndex is the definition Trygg ships, the same table as
// stats.DefaultIndexDef, with the assumption it makes written out.
var DefaultProblemIndex = ProblemIndex{
	Version: stats.DefaultIndexDef.Version,
	AssumptionSv: "Antagande i Trygg, inte polisens formel (den är inte offentlig): svaren ges lika avstånd på skalan 0–6 " +
		"(mycket stort problem 6, ganska stort 4, ganska litet 2, inget problem alls 0) och indexet är det viktade " +
		"medelvärdet bland dem som svarat; \"vet ej\" säger inget om problemets storlek och räknas inte. " +
		"Värdena går inte att jämföra med polisens publicerade index.",
	AssumptionEn: "Trygg's assumption, not the police's formula (which is not public): the answers are equally spaced " +
		"on 0–6 (very big problem 6, fairly big 4, fairly small 2, no problem at all 0) and the index is the weighted " +
		"mean among those who answered; \"don't know\" says nothing about the size of a problem and is left out. " +
		"The values are not comparable with the police's published index.",
	Scores:  maps.Clone(stats.DefaultIndexDef.Scores),
	Exclude: slices.Clone(stats.DefaultIndexDef.Exclude),
}

// Question returns the question with code c.
func (q Questionnaire) Question(c string) (Question, bool) {
	i := slices.IndexFunc(q.Questions, func(x Question) bool { return x.Code == c })
	if i < 0 {
		return Question{}, false
	}
	return q.Questions[i], true
}

// Indicator returns the indicator with code c.
func (q Questionnaire) Indicator(c string) (Indicator, bool) {
	i := slices.IndexFunc(q.Indicators, func(x Indicator) bool { return x.Code == c })
	if i < 0 {
		return Indicator{}, false
	}
	return q.Indicators[i], true
}

// Denominator returns, in scale order, the answer codes that count in the
// denominator of indicator c: what its share or mean is "of".
func (q Questionnaire) Denominator(c string) ([]string, error) {
	ind, ok := q.Indicator(c)
	if !ok {
		return nil, fmt.Errorf("survey: no indicator %q in questionnaire %q", c, q.Code)
	}
	qu, ok := q.Question(ind.Question)
	if !ok {
		return nil, fmt.Errorf("survey: indicator %q asks for missing question %q", c, ind.Question)
	}
	counted := classify(ind, qu)
	var out []string
	for _, ch := range qu.Scale {
		if counted[ch.Code] {
			out = append(out, ch.Code)
		}
	}
	return out, nil
}

// Validate reports every problem with q at once: codes given and distinct,
// each indicator on an existing question with a scale, its codes on that
// scale, and, for means and indexes, every answer scored or excluded, so
// that a new code cannot silently change a figure.
func (q Questionnaire) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("survey: questionnaire %q: "+format, append([]any{q.Code}, args...)...))
	}
	if q.Code == "" || q.Version == "" {
		bad("code and version are required")
	}
	questions := map[string]Question{}
	for i, qu := range q.Questions {
		switch _, dup := questions[qu.Code]; {
		case qu.Code == "":
			bad("question %d has no code", i+1)
		case dup:
			bad("question %q is given twice", qu.Code)
		case len(qu.Scale) == 0:
			bad("question %q has no scale", qu.Code)
		}
		codes := map[string]bool{}
		for _, ch := range qu.Scale {
			if ch.Code == "" || codes[ch.Code] {
				bad("question %q: answer code %q is empty or given twice", qu.Code, ch.Code)
			}
			codes[ch.Code] = true
		}
		questions[qu.Code] = qu
	}
	seen := map[string]bool{}
	for i, ind := range q.Indicators {
		name := fmt.Sprintf("indicator %q", ind.Code)
		if ind.Code == "" {
			name = fmt.Sprintf("indicator %d", i+1)
			bad("%s has no code", name)
		} else if seen[ind.Code] {
			bad("%s is given twice", name)
		}
		seen[ind.Code] = true
		if ind.Direction != HigherIsWorse && ind.Direction != HigherIsBetter {
			bad("%s: direction %q, want %q or %q", name, ind.Direction, HigherIsWorse, HigherIsBetter)
		}
		qu, ok := questions[ind.Question]
		if !ok {
			bad("%s: no question %q", name, ind.Question)
			continue
		}
		for _, err := range validateIndicator(ind, qu) {
			bad("%s: %v", name, err)
		}
	}
	return errors.Join(errs...)
}

func validateIndicator(ind Indicator, qu Question) []error {
	var errs []error
	scale := map[string]Choice{}
	for _, ch := range qu.Scale {
		scale[ch.Code] = ch
	}
	onScale := func(what string, codes []string) {
		for _, c := range codes {
			if _, ok := scale[c]; !ok {
				errs = append(errs, fmt.Errorf("%s code %q is not on the scale of %q", what, c, qu.Code))
			}
		}
	}
	onScale("excluded", ind.Exclude)
	excluded := set(ind.Exclude)
	// scored checks that every code that can count has a score.
	scored := func(scores map[string]float64, exclude map[string]bool) {
		if len(scores) == 0 {
			errs = append(errs, errors.New("scores no answer"))
		}
		for _, ch := range qu.Scale {
			if _, ok := scores[ch.Code]; !ok && !ch.Missing && !exclude[ch.Code] {
				errs = append(errs, fmt.Errorf("answer %q is neither scored nor excluded", ch.Code))
			}
		}
	}
	switch ind.Kind {
	case KindShare:
		if len(ind.Positive) == 0 {
			errs = append(errs, errors.New("counts no answer as positive"))
		}
		onScale("positive", ind.Positive)
		for _, c := range ind.Positive {
			if excluded[c] || scale[c].Missing {
				errs = append(errs, fmt.Errorf("positive code %q is excluded or missing", c))
			}
		}
	case KindMean:
		onScale("scored", slices.Sorted(maps.Keys(ind.Scores)))
		scored(ind.Scores, excluded)
	case KindProblemIndex:
		def := index(ind)
		if def.Version == "" {
			errs = append(errs, errors.New("problem index definition has no version"))
		}
		onScale("index-scored", slices.Sorted(maps.Keys(def.Scores)))
		onScale("index-excluded", def.Exclude)
		for _, c := range def.Exclude {
			excluded[c] = true
		}
		scored(def.Scores, excluded)
	default:
		errs = append(errs, fmt.Errorf("unknown kind %q", ind.Kind))
	}
	return errs
}

// index is the problem index definition of ind.
func index(ind Indicator) *ProblemIndex {
	if ind.Index == nil {
		return &DefaultProblemIndex
	}
	return ind.Index
}

// classify maps each code on the scale to whether it counts in the
// denominator of ind.
func classify(ind Indicator, qu Question) map[string]bool {
	out := set(ind.Exclude)
	if ind.Kind == KindProblemIndex {
		maps.Copy(out, set(index(ind).Exclude))
	}
	counted := make(map[string]bool, len(qu.Scale))
	for _, ch := range qu.Scale {
		counted[ch.Code] = !ch.Missing && !out[ch.Code]
	}
	return counted
}

// statsIndicator is ind for internal/stats, with the question's Missing
// codes added to Exclude.
func statsIndicator(ind Indicator, qu Question) stats.Indicator {
	exclude := slices.Clone(ind.Exclude)
	for _, ch := range qu.Scale {
		if ch.Missing {
			exclude = append(exclude, ch.Code)
		}
	}
	st := stats.Indicator{Key: ind.Code, Question: ind.Question, Kind: ind.Kind, Exclude: exclude}
	switch ind.Kind {
	case KindShare:
		st.Yes = ind.Positive
	case KindMean:
		st.Scores = ind.Scores
	case KindProblemIndex:
		def := index(ind)
		st.Index = &stats.IndexDef{Version: def.Version, Scores: def.Scores, Exclude: def.Exclude}
	}
	return st
}

// bounds is the range of an indicator's scores, which stats clamps a
// mean's interval to; 0 to 1 for a share.
func bounds(ind Indicator) (lo, hi float64) {
	scores := ind.Scores
	if ind.Kind == KindProblemIndex {
		scores = index(ind).Scores
	}
	if ind.Kind == KindShare || len(scores) == 0 {
		return 0, 1
	}
	v := slices.Collect(maps.Values(scores))
	return slices.Min(v), slices.Max(v)
}

func set(codes []string) map[string]bool {
	m := make(map[string]bool, len(codes))
	for _, c := range codes {
		m[c] = true
	}
	return m
}
