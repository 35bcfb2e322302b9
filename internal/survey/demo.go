package survey

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Answer scales of the demo questionnaire.
var (
	safetyScale = []Choice{
		{Code: "very_safe", LabelSv: "Mycket trygg", LabelEn: "Very safe"},
		{Code: "fairly_safe", LabelSv: "Ganska trygg", LabelEn: "Fairly safe"},
		{Code: "fairly_unsafe", LabelSv: "Ganska otrygg", LabelEn: "Fairly unsafe"},
		{Code: "very_unsafe", LabelSv: "Mycket otrygg", LabelEn: "Very unsafe"},
		{Code: "never_goes_out", LabelSv: "Går aldrig ut ensam", LabelEn: "Never goes out alone"},
		{Code: "dont_know", LabelSv: "Vet ej", LabelEn: "Don't know"},
	}
	// The codes are those of DefaultProblemIndex.
	problemScale = []Choice{
		{Code: "very_big_problem", LabelSv: "Mycket stort problem", LabelEn: "A very big problem"},
		{Code: "fairly_big_problem", LabelSv: "Ganska stort problem", LabelEn: "A fairly big problem"},
		{Code: "fairly_small_problem", LabelSv: "Ganska litet problem", LabelEn: "A fairly small problem"},
		{Code: "no_problem", LabelSv: "Inget problem alls", LabelEn: "No problem at all"},
		{Code: "dont_know", LabelSv: "Vet ej", LabelEn: "Don't know"},
	}
	yesNoScale = []Choice{
		{Code: "yes", LabelSv: "Ja", LabelEn: "Yes"},
		{Code: "no", LabelSv: "Nej", LabelEn: "No"},
		{Code: "dont_know", LabelSv: "Vet ej / minns inte", LabelEn: "Don't know / don't remember"},
	}
	worryScale = []Choice{
		{Code: "very_often", LabelSv: "Mycket ofta", LabelEn: "Very often"},
		{Code: "fairly_often", LabelSv: "Ganska ofta", LabelEn: "Fairly often"},
		{Code: "fairly_seldom", LabelSv: "Ganska sällan", LabelEn: "Fairly seldom"},
		{Code: "never", LabelSv: "Aldrig", LabelEn: "Never"},
		{Code: "dont_know", LabelSv: "Vet ej", LabelEn: "Don't know"},
	}
	agreeScale = []Choice{
		{Code: "agree_fully", LabelSv: "Stämmer helt", LabelEn: "Agree fully"},
		{Code: "agree_fairly", LabelSv: "Stämmer ganska bra", LabelEn: "Agree fairly well"},
		{Code: "disagree_fairly", LabelSv: "Stämmer ganska dåligt", LabelEn: "Disagree fairly"},
		{Code: "disagree_fully", LabelSv: "Stämmer inte alls", LabelEn: "Disagree fully"},
		{Code: "dont_know", LabelSv: "Vet ej", LabelEn: "Don't know"},
	}
)

// problemItems are the police survey's block "problems in the area".
// weight scales a district's severity for the synthetic answers.
var problemItems = []struct {
	code, sv, en string
	weight       float64
}{
	{"littering", "nedskräpning", "littering", 1.0},
	{"graffiti", "klotter", "graffiti", 0.8},
	{"vandalism", "skadegörelse", "vandalism", 0.9},
	{"lighting", "mörka platser och dålig belysning", "dark places and poor lighting", 1.1},
	{"youths", "ungdomar som stör ordningen", "young people causing disorder", 1.0},
	{"drunk", "berusade personer som stör ordningen", "drunk people causing disorder", 0.7},
	{"drugs", "narkotikaförsäljning", "drug dealing", 0.8},
	{"mopeds", "störande mopedåkning", "moped riding causing disturbance", 0.9},
}

// victimItems are the block "victimisation in the last 12 months".
var victimItems = []struct{ code, sv, en, nameSv, nameEn string }{
	{"assault", "blivit utsatt för misshandel", "been assaulted", "Utsatt för misshandel", "Assaulted"},
	{"threat", "blivit hotad", "been threatened", "Utsatt för hot", "Threatened"},
	{"theft", "blivit bestulen eller haft inbrott", "had something stolen or been burgled", "Utsatt för stöld eller inbrott", "Theft or burglary"},
}

// KatrineholmQuestionnaire is the demo questionnaire, modelled on the
// police's safety survey blocks: feeling unsafe out alone late in the
// evening, problems in the area, victimisation in the last 12 months, worry
// about assault and whether the police care about local problems. Each call
// returns a fresh copy.
//
// Denominators: every share keeps "vet ej" in its denominator (the share of
// all who answered the question); the problem indexes and the mean leave it
// out, since it has no score. "Går aldrig ut ensam" counts as unsafe, as
// DESIGN §5 defines the indicator; the questionnaire does not ask why, so
// someone who never goes out for another reason counts too.
func KatrineholmQuestionnaire() Questionnaire {
	q := Questionnaire{
		Code:    "katrineholm-trygghet",
		Version: "2021-1",
		TitleSv: "Trygghetsmätning Katrineholm",
		TitleEn: "Katrineholm safety survey",
		Questions: []Question{{
			Code:   "unsafe_evening",
			TextSv: "Om du går ut ensam sent en kväll i ditt bostadsområde, känner du dig då trygg eller otrygg?",
			TextEn: "If you go out alone late in the evening in your neighbourhood, do you feel safe or unsafe?",
			Scale:  slices.Clone(safetyScale),
		}},
		Indicators: []Indicator{{
			Code: "unsafe_evening", Kind: KindShare, Question: "unsafe_evening", Direction: HigherIsWorse,
			NameSv:   "Otrygg ute ensam sent på kvällen",
			NameEn:   "Unsafe out alone late in the evening",
			Positive: []string{"fairly_unsafe", "very_unsafe", "never_goes_out"},
			// "Vet ej" stays in the denominator: the share of all who answered.
		}},
	}
	def := DefaultProblemIndex // a copy, so that editing q cannot change the default
	def.Scores, def.Exclude = maps.Clone(def.Scores), slices.Clone(def.Exclude)
	for _, it := range problemItems {
		code := "problem_" + it.code
		q.Questions = append(q.Questions, Question{
			Code:   code,
			TextSv: "Hur stort problem är " + it.sv + " i ditt bostadsområde?",
			TextEn: "How big a problem is this in your neighbourhood: " + it.en + "?",
			Scale:  slices.Clone(problemScale),
		})
		q.Indicators = append(q.Indicators, Indicator{
			Code: code, Kind: KindProblemIndex, Question: code, Direction: HigherIsWorse, Index: &def,
			NameSv: "Problemindex (0–6): " + it.sv,
			NameEn: "Problem index (0–6): " + it.en,
		})
	}
	for _, it := range victimItems {
		code := "victim_" + it.code
		q.Questions = append(q.Questions, Question{
			Code:   code,
			TextSv: "Har du under de senaste 12 månaderna " + it.sv + "?",
			TextEn: "In the last 12 months, have you " + it.en + "?",
			Scale:  slices.Clone(yesNoScale),
		})
		q.Indicators = append(q.Indicators, Indicator{
			Code: code, Kind: KindShare, Question: code, Direction: HigherIsWorse, Positive: []string{"yes"},
			NameSv: it.nameSv + " de senaste 12 månaderna",
			NameEn: it.nameEn + " in the last 12 months",
		})
	}
	q.Questions = append(q.Questions,
		Question{
			Code:   "worry_assault",
			TextSv: "Hur ofta känner du dig orolig för att bli utsatt för misshandel?",
			TextEn: "How often do you worry about being assaulted?",
			Scale:  slices.Clone(worryScale),
		},
		Question{
			Code:   "police_care",
			TextSv: "Hur väl stämmer påståendet: Polisen bryr sig om de lokala problemen i mitt bostadsområde?",
			TextEn: "How well does this fit: the police care about the local problems in my neighbourhood?",
			Scale:  slices.Clone(agreeScale),
		})
	q.Indicators = append(q.Indicators,
		Indicator{
			Code: "worried_assault", Kind: KindShare, Question: "worry_assault", Direction: HigherIsWorse,
			NameSv:   "Oroar sig mycket eller ganska ofta för misshandel",
			NameEn:   "Worries very or fairly often about assault",
			Positive: []string{"very_often", "fairly_often"},
		},
		Indicator{
			Code: "police_care", Kind: KindShare, Question: "police_care", Direction: HigherIsBetter,
			NameSv:   "Instämmer: polisen bryr sig om lokala problem",
			NameEn:   "Agrees: the police care about local problems",
			Positive: []string{"agree_fully", "agree_fairly"},
		},
		Indicator{
			Code: "police_care_mean", Kind: KindMean, Question: "police_care", Direction: HigherIsBetter,
			NameSv:  "Polisen bryr sig om lokala problem, medelvärde (1–4)",
			NameEn:  "The police care about local problems, mean (1–4)",
			Scores:  map[string]float64{"agree_fully": 4, "agree_fairly": 3, "disagree_fairly": 2, "disagree_fully": 1},
			Exclude: []string{"dont_know"}, // has no place on the 1–4 scale
		})
	return q
}

// Demo is the survey part of the Katrineholm demo: its questionnaire, the
// priority districts of the 2022–2023 promise and two synthetic waves.
type Demo struct {
	Questionnaire       Questionnaire
	Priority            map[string]bool // district keys
	Baseline, Followup  Wave
	BaselineRespondents []Respondent
	FollowupRespondents []Respondent
}

// demoDistrict is a demo district: its key as in internal/demo, its
// population there, its share of the sample (the town is oversampled, so
// weights restore the kommun's proportions) and how bad things are there,
// 0–1, which drives the synthetic answers.
type demoDistrict struct {
	key        string
	population int
	sample     float64
	severity   float64
	priority   bool
	unsafe     float64 // baseline share unsafe out late, of all who answer
}

var demoDistricts = []demoDistrict{
	{"centrum", 4200, 0.15, 0.70, true, 0.36},
	{"norr", 5600, 0.16, 0.60, true, 0.32},
	{"navertorp", 3600, 0.15, 0.75, true, 0.38},
	{"oster", 3900, 0.14, 0.35, false, 0.22},
	{"soder", 4700, 0.14, 0.30, false, 0.20},
	{"vaster", 1200, 0.08, 0.30, false, 0.18},
	{"landsbygd", 11038, 0.18, 0.20, false, 0.16}, // 34,238 less the town
}

// The synthetic change from baseline to follow-up in the share feeling
// unsafe out late: modest in the priority districts, slight elsewhere.
const (
	demoChangePriority = -0.06
	demoChangeOther    = -0.01
)

var (
	demoGenders   = []string{"female", "male", "other"}
	genderShares  = []float64{0.50, 0.47, 0.03}
	demoAgeGroups = []string{"16-29", "30-49", "50-64", "65-84"}
	ageShares     = []float64{0.22, 0.32, 0.24, 0.22}
)

// KatrineholmDemo returns the demo questionnaire and two synthetic waves,
// 2021 (baseline, 1,200 respondents) and 2023 (follow-up, 1,170), the same
// on every call. Both are marked Synthetic.
//
// The share feeling unsafe out late is set by quota, not drawn, so that
// every district shows exactly its planned share (up to rounding): in the
// follow-up 6 percentage points lower in the priority districts and 1 lower
// elsewhere, a difference in differences of about −5. With some 500
// respondents a wave in the priority districts that is within sampling
// error, and the effect panel says so. The other answers are drawn, worse
// where severity is higher, with fewer problems in the priority districts at
// follow-up (lighting most: the promise's measures include lighting).
func KatrineholmDemo() Demo {
	q := KatrineholmQuestionnaire()
	d := Demo{Questionnaire: q, Priority: map[string]bool{}}
	for _, dd := range demoDistricts {
		if dd.priority {
			d.Priority[dd.key] = true
		}
	}
	d.Baseline = Wave{
		Code: "katrineholm-2021", Survey: q.Code,
		FieldworkFrom: date(2021, time.September, 6), FieldworkTo: date(2021, time.October, 15),
		// The questions ask about now and the last 12 months, so the
		// answers describe the year of fieldwork.
		SurveyYear: 2021, ReferenceYear: 2021, SampleSize: 3000, ResponseRate: 0.40, Synthetic: true,
	}
	d.Followup = Wave{
		Code: "katrineholm-2023", Survey: q.Code,
		FieldworkFrom: date(2023, time.September, 4), FieldworkTo: date(2023, time.October, 13),
		SurveyYear: 2023, ReferenceYear: 2023, SampleSize: 3000, ResponseRate: 0.39, Synthetic: true,
	}
	d.BaselineRespondents = synthesize(d.Baseline.Code, 1200, false, 2021)
	d.FollowupRespondents = synthesize(d.Followup.Code, 1170, true, 2023)
	return d
}

func date(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

// synthesize makes n respondents of a demo wave, ids prefix-0001 on.
func synthesize(prefix string, n int, followup bool, seed uint64) []Respondent {
	rng := rand.New(rand.NewPCG(seed, 0x7472796767)) // "trygg"
	samples := make([]float64, len(demoDistricts))
	pop := 0
	for i, dd := range demoDistricts {
		samples[i] = dd.sample
		pop += dd.population
	}
	sizes := allocate(n, samples)
	out := make([]Respondent, 0, n)
	for i, dd := range demoDistricts {
		m := sizes[i]
		// Design weight: the district's share of the population over its
		// share of the sample, so that the weights average 1.
		w := (float64(dd.population) / float64(pop)) / (float64(m) / float64(n))
		genders := quota(rng, m, demoGenders, genderShares)
		ages := quota(rng, m, demoAgeGroups, ageShares)
		unsafe := unsafeAnswers(rng, dd, m, followup, genders, ages)
		for j := range m {
			r := Respondent{
				ID:       fmt.Sprintf("%s-%04d", prefix, len(out)+1),
				District: dd.key, Gender: genders[j], AgeGroup: ages[j], Weight: w,
				Answers: map[string]string{},
			}
			if unsafe[j] != "" {
				r.Answers["unsafe_evening"] = unsafe[j]
			}
			drawAnswers(rng, r.Answers, dd, followup)
			out = append(out, r)
		}
	}
	return out
}

// unsafeAnswers sets the answers to unsafe_evening for m respondents of a
// district by quota: 2 % non-response, then exactly the district's share
// unsafe among the rest. Women and the oldest are more often among the
// unsafe, as in real surveys, without changing the district's share.
func unsafeAnswers(rng *rand.Rand, dd demoDistrict, m int, followup bool, genders, ages []string) []string {
	share := dd.unsafe
	if followup && dd.priority {
		share += demoChangePriority
	} else if followup {
		share += demoChangeOther
	}
	answered := m - int(math.Round(0.02*float64(m)))
	k := int(math.Round(share * float64(answered)))
	// Rank by a random key nudged by gender and age; the first k are unsafe.
	order := make([]int, m)
	key := make([]float64, m)
	for i := range order {
		order[i] = i
		key[i] = rng.Float64()
		if genders[i] == "female" {
			key[i] += 0.3
		}
		if ages[i] == "65-84" {
			key[i] += 0.15
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(key[b], key[a]) })
	out := make([]string, m)
	unsafeCodes := quota(rng, k, []string{"fairly_unsafe", "very_unsafe", "never_goes_out"}, []float64{0.55, 0.25, 0.20})
	safeCodes := quota(rng, answered-k, []string{"very_safe", "fairly_safe", "dont_know"}, []float64{0.40, 0.55, 0.05})
	for rank, i := range order {
		switch {
		case rank < k:
			out[i] = unsafeCodes[rank]
		case rank < answered:
			out[i] = safeCodes[rank-k]
		} // the rest did not answer
	}
	return out
}

// drawAnswers draws the answers to every question but unsafe_evening. One
// in fifty skips each question.
func drawAnswers(rng *rand.Rand, answers map[string]string, dd demoDistrict, followup bool) {
	set := func(q string, codes []string, p []float64) {
		if rng.Float64() < 0.02 {
			return
		}
		answers[q] = draw(rng, codes, p)
	}
	s := dd.severity
	problems := codes(problemScale)
	for _, it := range problemItems {
		x := s * it.weight
		if followup && dd.priority {
			x *= 0.9
			if it.code == "lighting" {
				x *= 0.8
			}
		}
		set("problem_"+it.code, problems, []float64{0.25 * x, 0.35 * x, 0.30, 0.94 - 0.30 - 0.60*x, 0.06})
	}
	yesNo := codes(yesNoScale)
	for i, base := range []float64{0.02, 0.05, 0.06} { // assault, threat, theft
		p := base + 0.04*s
		set("victim_"+victimItems[i].code, yesNo, []float64{p, 0.99 - p, 0.01})
	}
	set("worry_assault", codes(worryScale), []float64{0.05 + 0.08*s, 0.12 + 0.12*s, 0.40, 0.40 - 0.20*s, 0.03})
	trust := 0.0
	if followup && dd.priority {
		trust = 0.05
	}
	set("police_care", codes(agreeScale), []float64{0.15 + trust, 0.35, 0.20 - trust/2, 0.10 - trust/2, 0.20})
}

func codes(cs []Choice) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Code
	}
	return out
}

// draw picks one of codes with probabilities p (summing to 1).
func draw(rng *rand.Rand, codes []string, p []float64) string {
	u := rng.Float64()
	for i, pi := range p {
		if u < pi {
			return codes[i]
		}
		u -= pi
	}
	return codes[len(codes)-1]
}

// quota returns m values, each value's count allocated by shares, in
// random order.
func quota(rng *rand.Rand, m int, values []string, shares []float64) []string {
	out := make([]string, 0, m)
	for i, c := range allocate(m, shares) {
		for range c {
			out = append(out, values[i])
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// allocate splits n by shares (summing to 1) by largest remainder, ties to
// the first.
func allocate(n int, shares []float64) []int {
	counts := make([]int, len(shares))
	rem := make([]int, len(shares))
	left := n
	for i, s := range shares {
		counts[i] = int(math.Floor(s * float64(n)))
		left -= counts[i]
		rem[i] = i
	}
	frac := func(i int) float64 { return shares[i]*float64(n) - float64(counts[i]) }
	slices.SortStableFunc(rem, func(a, b int) int { return cmp.Compare(frac(b), frac(a)) })
	for _, i := range rem[:max(0, min(left, len(rem)))] {
		counts[i]++
	}
	return counts
}
