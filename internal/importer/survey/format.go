package survey

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Format is the dialect of a respondent file: its tool's column names,
// metadata and rules for incomplete responses. Any of them may come as CSV
// or XLSX; the container is told from the file's first bytes.
type Format string

// Formats, as spelled on the command line.
const (
	FormatAuto       Format = "auto"       // told from the header
	FormatLimeSurvey Format = "limesurvey" // LimeSurvey
	FormatKobo       Format = "kobo"       // KoboToolbox
	FormatODK        Format = "odk"        // ODK Central
	FormatXLSX       Format = "xlsx"       // an XLSX file, dialect told from the header
	FormatMapped     Format = "mapped"     // any other tool, through a Mapping
)

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	switch f {
	case FormatAuto, FormatLimeSurvey, FormatKobo, FormatODK, FormatXLSX, FormatMapped:
		return f, nil
	case "":
		return FormatAuto, nil
	}
	return "", fmt.Errorf("unknown survey format %q: use limesurvey, kobo, odk, xlsx, mapped or auto", s)
}

// Detect tells the dialect from a header: LimeSurvey by its submitdate,
// Kobo by _uuid or _submission_time, ODK Central by SubmissionDate or
// ReviewState; anything else is FormatMapped.
func Detect(header []string) Format {
	has := func(names ...string) bool {
		return slices.ContainsFunc(header, func(h string) bool {
			h = limeCode(h)
			return slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(h, n) })
		})
	}
	switch {
	case has("submitdate", "Date submitted") && has("id", "Response ID"):
		return FormatLimeSurvey
	case has("_uuid", "_submission_time"):
		return FormatKobo
	case has("SubmissionDate", "ReviewState") || has("KEY") && has("meta-instanceID"):
		return FormatODK
	}
	return FormatMapped
}

// skipDef is a format's own rule for responses that do not count.
type skipDef struct {
	columns  []string // the first present is used
	values   []string
	reason   string
	required string // if no column is present: the error; "" makes the rule optional
}

// dialect holds a format's conventions.
type dialect struct {
	format    Format
	id        []string // id columns, the first present wins
	uuid      bool     // strip "uuid:" from ids, so that Kobo and ODK agree
	submitted []string
	utc       bool // submitted times without an offset are UTC
	skip      []skipDef
	canon     func(h string) string   // the column's name as the tool means it
	names     func(h string) []string // names (of canon) a question code is matched against
	meta      func(h string) bool     // the tool's own columns, not reported as ignored
}

func dialectOf(f Format) *dialect {
	switch f {
	case FormatLimeSurvey:
		return &limeDialect
	case FormatKobo:
		return &koboDialect
	case FormatODK:
		return &odkDialect
	}
	return &mappedDialect
}

func trimmed(h string) string { return strings.TrimSpace(h) }

// limeHeading is a LimeSurvey column in "question code & question text"
// mode, "Q1[SQ001]. Hur trygg …": the code is the part before ". ".
var limeHeading = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_]*(?:\[[A-Za-z0-9_#]+\])*)\.\s`)

func limeCode(h string) string {
	h = strings.TrimSpace(h)
	if m := limeHeading.FindStringSubmatch(h); m != nil {
		return m[1]
	}
	return h
}

var limeMeta = []string{"id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp",
	"ipaddr", "refurl", "interviewtime", "Response ID", "Date submitted", "Last page", "Start language", "Seed",
	"Token", "Date started", "Date last action", "IP address", "Referrer URL", "Total time"}

// limeDialect: question codes as headers, array subquestions as
// "Q1[SQ001]"; a question answers to the whole code or the subquestion
// code (so unsafe_evening finds "unsafeevening", "trygg[unsafeevening]"
// and "Q1[unsafeevening]"). An empty submitdate is an incomplete response.
var limeDialect = dialect{
	format:    FormatLimeSurvey,
	id:        []string{"id", "Response ID"},
	submitted: []string{"submitdate", "Date submitted"},
	skip: []skipDef{{columns: []string{"submitdate", "Date submitted"}, values: []string{""}, reason: "incomplete",
		required: `no column "submitdate": a LimeSurvey export needs it to tell complete responses from incomplete ones; is the format right?`}},
	canon: limeCode,
	names: func(h string) []string {
		names := []string{h}
		if i := strings.IndexByte(h, '['); i > 0 && strings.HasSuffix(h, "]") {
			names = append(names, h[i+1:len(h)-1])
		}
		return names
	},
	meta: func(h string) bool {
		return containsFold(limeMeta, h) || strings.HasSuffix(h, "Time") // timings: Q1Time, groupTime12
	},
}

var koboMeta = []string{"start", "end", "today", "deviceid", "username", "simserial", "subscriberid", "phonenumber",
	"audit", "__version__", "formhub/uuid", "meta/instanceID", "meta/instanceName", "meta/rootUuid", "meta/deprecatedID"}

// koboDialect: "group/question" headers (groups ignored: the last segment
// is the XLSForm name); _uuid identifies a submission; a submission whose
// validation status is "not approved" is rejected.
var koboDialect = dialect{
	format:    FormatKobo,
	id:        []string{"_uuid", "meta/instanceID", "_id"},
	uuid:      true,
	submitted: []string{"_submission_time"},
	utc:       true, // Kobo writes UTC without saying so
	skip: []skipDef{{columns: []string{"_validation_status"}, reason: "rejected",
		values: []string{"validation_status_not_approved", "Not approved"}}},
	canon: trimmed,
	names: func(h string) []string {
		if i := strings.LastIndexByte(h, '/'); i >= 0 {
			return []string{h, h[i+1:]}
		}
		return []string{h}
	},
	meta: func(h string) bool {
		last := h[strings.LastIndexByte(h, '/')+1:]
		return strings.HasPrefix(last, "_") || containsFold(koboMeta, h)
	},
}

var odkMeta = []string{"SubmissionDate", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
	"AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion", "start", "end", "today",
	"deviceid", "instanceID"}

// odkDialect: "grp-question" headers (groups ignored: a question answers to
// any ending after a "-", since names may hold "-" too); meta-instanceID or
// KEY identifies a submission; ReviewState "rejected" is left out.
var odkDialect = dialect{
	format:    FormatODK,
	id:        []string{"meta-instanceID", "KEY", "instanceID"},
	uuid:      true,
	submitted: []string{"SubmissionDate"},
	utc:       true,
	skip:      []skipDef{{columns: []string{"ReviewState"}, values: []string{"rejected"}, reason: "rejected"}},
	canon:     trimmed,
	names: func(h string) []string {
		names := []string{h}
		for i := 0; i < len(h); i++ {
			if h[i] == '-' && i+1 < len(h) {
				names = append(names, h[i+1:])
			}
		}
		return names
	},
	meta: func(h string) bool { return strings.HasPrefix(h, "meta-") || containsFold(odkMeta, h) },
}

// mappedDialect: no metadata, the column named as the question.
var mappedDialect = dialect{
	format: FormatMapped,
	id:     []string{"id"},
	canon:  trimmed,
	names:  func(h string) []string { return []string{h} },
	meta:   func(string) bool { return false },
}

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}
