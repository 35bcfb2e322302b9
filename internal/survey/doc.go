// Package survey is the safety survey (trygghetsmätning) domain: versioned
// questionnaires with their answer scales and indicators, waves with their
// fieldwork facts, and the figures a promise is followed up with. It takes
// plain values and returns plain values: no I/O, SQL or HTTP. The
// arithmetic is internal/stats; this package decides what goes into it.
//
//   - Indicators computes every indicator of a questionnaire for one wave,
//     for the total and by district, gender and age group and each of their
//     combinations, with n, the weighted n and a 95 % interval: Wilson for
//     shares (on Kish's effective n when weighted), Student t for means and
//     problem indexes. Cells with n below the threshold are Suppressed;
//     Public strips their figures.
//   - Compare sets a wave against an earlier one per indicator and group:
//     the difference with its interval and a reading (increase, decrease,
//     no detectable change).
//   - Effect is the promise's effect estimate: the change in the priority
//     districts minus the change in the others, baseline against
//     follow-up (difference in differences), with its interval, reading and
//     a sentence in Swedish or English.
//   - KatrineholmDemo is the demo's questionnaire and two synthetic waves.
//
// # Denominators and "vet ej"
//
// Every answer code on a question's scale is, for each indicator, exactly
// one of: positive (counted in the numerator and the denominator), in the
// denominator only, or out of the denominator. Questionnaire.Denominator
// lists the codes in the denominator, so a page can say what a share is a
// share of.
//
//   - An absent or empty answer, and a choice marked Missing (a tool's own
//     code for "no answer"), is item non-response: never in a denominator.
//   - "Vet ej" (don't know) is an answer, not a missing value. For a share it
//     stays in the denominator as not positive unless the indicator lists it
//     in Exclude, so the share is "of all who answered"; listing it gives the
//     share "of those with an opinion", which is higher. The demo keeps it
//     in every share (see KatrineholmQuestionnaire).
//   - A mean or problem index cannot score "vet ej", so its indicator (or
//     index definition) must exclude it: every code that is not Missing must
//     be scored or excluded, or Validate fails. An answer that is not on the
//     question's scale at all is an error, never silently a "no".
//
// # The problem index
//
// The police survey publishes a 0–6 problem index per item and area, but
// not its formula. Our index is therefore versioned configuration
// (ProblemIndex), and each definition carries the assumption it makes in
// Swedish and English. The one shipped, DefaultProblemIndex, is the weighted
// mean of equally spaced scores, "Mycket stort problem" 6, "Ganska stort
// problem" 4, "Ganska litet problem" 2, "Inget problem alls" 0, with "Vet
// ej" excluded. It is our assumption, not the police's method, and its
// figures are not comparable with published police index values, which
// should be imported as they are.
//
// # What the intervals assume
//
// Respondents are independent draws and each wave a fresh sample. Weights
// only widen intervals through the design effect (Kish); clustering and
// stratification are not modelled. Differences between waves and the
// difference in differences assume the samples are independent, which a
// panel is not. See internal/stats for the formulas.
package survey
