// Package survey reads the respondent file of one safety-survey wave
// (trygghetsmätning) into a neutral model: complete responses, each with a
// district or DeSO/RegSO area, gender, age group, weight and one answer
// code per question of the Questionnaire. The same answers give the same
// Respondents whichever tool collected them, so the indicators computed by
// internal/stats do not depend on the tool. Published figures (a share or
// a 0–6 index per item and area, with n) are read by ReadPublished.
//
// # Formats
//
// A Format names the tool; CSV or XLSX is told from the file itself.
//
//   - limesurvey: LimeSurvey's CSV export (UTF-8 with BOM, ";", every field
//     quoted, CRLF). Headers are question codes, array subquestions
//     "Q1[SQ001]", or "Q1. question text" in the code-and-text mode. The
//     answers may be codes or, in a "full answers" export, labels. "id" is
//     the response id; an empty "submitdate" is an incomplete response,
//     left out and counted as "incomplete".
//   - kobo: KoboToolbox's CSV export (";", quoted). Headers are
//     "group/question" as in the XLSForm; values are choice names or, in a
//     labels export, labels. "_uuid" is the id, "_submission_time" (UTC)
//     the time; a "_validation_status" of not approved is "rejected".
//   - odk: ODK Central's CSV export (","). Headers are "grp-question";
//     "meta-instanceID" or "KEY" is the id (without its "uuid:", so it
//     equals Kobo's _uuid for the same submission), "SubmissionDate" the
//     time; a "ReviewState" of rejected is "rejected".
//   - mapped: any other tool (Netigate, Esmaker, a spreadsheet): a Mapping
//     names the columns and translates labels to codes.
//   - xlsx, auto: the dialect is told from the header (Detect); without
//     the metadata of one of the tools above it is mapped.
//
// # Finding the columns
//
// One questionnaire maps to all three tools by one convention: the form's
// question name is our question code, and groups are ignored. The code
// unsafe_evening thus finds the Kobo column "trygghet/unsafe_evening", the
// ODK column "trygghet-unsafe_evening" and the LimeSurvey column
// "unsafeevening" or "trygg[unsafeevening]" (names are compared in lower
// case on letters and digits only, since LimeSurvey codes allow no "_";
// a LimeSurvey column answers to its whole code or its subquestion code).
// The background columns are found the same way under their English or
// Swedish names: district/stadsdel/område, area/deso/regso, gender/kön,
// age_group/ålder/åldersgrupp, weight/vikt. A column the Mapping names
// always wins; a name matching several columns is an error that asks for
// one. Questions with no column are listed in Result.Missing, and columns
// that fed nothing (apart from the tool's metadata) in Result.Ignored.
//
// # Values
//
// An answer is looked up in the Mapping's labels (for its column, its
// question, then "*"), then among the scale's codes, then its labels
// (Choice.Label and Choice.Alt, e.g. the English label), all
// compared without regard to case, extra white space, Unicode
// normalisation or the kind of dash. "Vet ej" is an answer like any other;
// only an empty cell (or a label mapped to "") is a non-response. An
// answer that is none of these is an error naming the file, line and
// column, with the nearest label when it looks like a typo:
//
//	survey.csv line 7, column "Q3": unknown answer "Ganska tryg" (question unsafe_evening; did you mean "Ganska trygg"?)
//
// Districts, genders and age groups are checked the same way when the
// Questionnaire has a scale for them, else kept as written. Areas must be
// DeSO (0483C1010) or RegSO (0483R001) codes. A tool's own answer codes
// (LimeSurvey's A1, A2, …) are the scale's codes only if the form was built
// so; otherwise Mapping.Labels translates them. Weights take a decimal comma
// or point and must be above 0; without a weight column Weight is 0, which
// internal/stats reads as 1. Submission times without an offset are local
// (Mapping.TimeZone, default Europe/Stockholm), except Kobo's and ODK's,
// which are UTC; in XLSX they may also be Excel serial dates.
//
// # Rules
//
// Reading is all or nothing: any problem fails the whole file, and up to 20
// are reported at once, each a *Error. Duplicate respondent ids are an
// error. A file with no id column gets ids "line-N", stable for the same
// file. Nothing is stored here; the caller replaces the wave's respondents
// in one transaction, which makes a re-import idempotent.
//
// CSV is read like internal/importer/csvin reads it: UTF-8 with or without
// BOM or, when the first 64 KiB are not UTF-8, Windows-1252; UTF-16 is
// refused with advice; the delimiter is sniffed from the header (or set in
// the Mapping); Excel's "sep=;" line is obeyed; blank rows are skipped.
// XLSX is read by a small reader of its own (archive/zip, encoding/xml),
// with limits against zip bombs; see xlsx.go.
package survey
