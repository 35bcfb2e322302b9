package app

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// WalkGroups are the groups a safety walk's participants are counted in.
// A walk records how many came from each, never who.
var WalkGroups = []string{"residents", "kommun", "polis", "property_owner", "youth", "other"}

// WalkProblems are the kinds of problem a safety-walk finding names.
var WalkProblems = []string{"lighting", "vegetation", "sight_lines", "vandalism", "littering", "other"}

// walkProblemNames are the problems in Swedish, for the text a finding
// leaves in a measure (data is kept in the kommun's language).
var walkProblemNames = map[string]string{"lighting": "belysning", "vegetation": "växtlighet", "sight_lines": "skymd sikt",
	"vandalism": "skadegörelse", "littering": "nedskräpning", "other": "annat"}

// walkProblemMeasureTypes is the type of the measure a finding becomes.
// Sight lines are mostly blocked by growth; vandalism and litter are
// cleaned up or repaired, which no measure type names.
var walkProblemMeasureTypes = map[string]string{"lighting": "lighting", "vegetation": "vegetation", "sight_lines": "vegetation",
	"vandalism": "other", "littering": "other", "other": "other"}

// Finding decisions. A finding is undecided until it becomes a measure
// (will do) or is turned down with a reason (will not).
const (
	FindingUndecided = ""
	FindingWillDo    = "will_do"
	FindingWillNot   = "will_not"
)

// Walk is a safety walk (trygghetsvandring): residents, the kommun, the
// police and property owners walk a district, by day or after dark, and
// note what makes it feel unsafe.
type Walk struct {
	ID        int64 `json:"id"`
	TenantID  int64 `json:"-"`
	Date      Date  `json:"date"`
	AfterDark bool  `json:"after_dark"`
	// DistrictKey is the district walked.
	DistrictKey string `json:"district"`
	// Participants counts who took part by group (WalkGroups): no names.
	Participants map[string]int `json:"participants"`
	Note         string         `json:"note"`
	Synthetic    bool           `json:"synthetic"`
	CreatedAt    time.Time      `json:"created_at"`
	// Findings are filled by FindWalk, in the order they were noted.
	Findings []*Finding `json:"findings,omitempty"`
	// FindingCount and Undecided are filled by FindWalks.
	FindingCount int `json:"-"`
	Undecided    int `json:"-"`
}

// Finding is one thing a safety walk noted: where, what, what would fix
// it, who would and by when; then the decision about it.
type Finding struct {
	ID       int64 `json:"id"`
	TenantID int64 `json:"-"`
	WalkID   int64 `json:"walk_id"`
	// Lat and Lon are a point picked on a map, optional: Place says where
	// in words, so the map is never the only way.
	Lat         *float64 `json:"lat"`
	Lon         *float64 `json:"lon"`
	Place       string   `json:"place"`
	Problem     string   `json:"problem"` // one of WalkProblems
	Description string   `json:"description"`
	ProposedFix string   `json:"proposed_fix"`
	Unit        string   `json:"unit"` // the responsible unit
	Due         Date     `json:"due"`  // by default six months after the walk
	Decision    string   `json:"decision"`
	Reason      string   `json:"reason"` // why not, for FindingWillNot
	// MeasureID is the measure the finding became.
	MeasureID *int64 `json:"measure_id"`
	// Photo is a picture of the place. The store keeps only a re-encoded
	// copy without EXIF or any other metadata; reads other than FindPhoto
	// leave it empty and set HasPhoto. It never goes into the audit log.
	Photo     []byte    `json:"-"`
	PhotoType string    `json:"photo_type"`
	HasPhoto  bool      `json:"has_photo"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate reports the first invalid field of w.
func (w *Walk) Validate() error {
	switch {
	case w.Date.IsZero():
		return FieldErrorf("date", "Ange datum för vandringen / Give the date of the walk.")
	case w.DistrictKey == "":
		return FieldErrorf("district", "Välj område / Choose the district.")
	case len(w.Note) > 2000:
		return FieldErrorf("note", "Anteckningen är för lång / The note is too long.")
	}
	total := 0
	for g, n := range w.Participants {
		if !slices.Contains(WalkGroups, g) {
			return FieldErrorf("participants", "Okänd grupp %q / Unknown group.", g)
		}
		if n < 0 || n > 10_000 {
			return FieldErrorf("participants", "Antal deltagare anges 0–10 000 per grupp / Give 0–10,000 participants per group.")
		}
		total += n
	}
	if total == 0 {
		return FieldErrorf("participants", "Ange hur många som deltog / Give how many took part.")
	}
	return nil
}

// DefaultDue is when a finding of w is due unless given: six months after
// the walk, on the last day of the month when that month is shorter
// (2023-08-31 gives 2024-02-29).
func (w *Walk) DefaultDue() Date {
	y, m, d := w.Date.Date()
	due := NewDate(y, m+6, 1)
	last := due.AddDate(0, 1, -1).Day()
	return NewDate(due.Year(), due.Month(), min(d, last))
}

// Validate reports the first invalid field of f.
func (f *Finding) Validate() error {
	switch {
	case !slices.Contains(WalkProblems, f.Problem):
		return FieldErrorf("problem", "Välj vilket slags problem / Choose the kind of problem.")
	case (f.Lat == nil) != (f.Lon == nil) || f.Lat != nil && (!(*f.Lat >= -90 && *f.Lat <= 90) || !(*f.Lon >= -180 && *f.Lon <= 180)):
		return FieldErrorf("place", "Ogiltig punkt på kartan / Invalid point on the map.")
	case strings.TrimSpace(f.Place) == "" && f.Lat == nil:
		return FieldErrorf("place", "Beskriv platsen med ord eller välj en punkt på kartan / Describe the place or pick a point on the map.")
	case len(f.Place) > 200:
		return FieldErrorf("place", "Platsen är för lång (högst 200 tecken) / The place is too long.")
	case len(f.Description) > 2000:
		return FieldErrorf("description", "Beskrivningen är för lång / The description is too long.")
	case len(f.ProposedFix) > 1000:
		return FieldErrorf("proposed_fix", "Förslaget är för långt / The proposed fix is too long.")
	case len(f.Unit) > 200:
		return FieldErrorf("unit", "Enheten är för lång / The unit is too long.")
	case f.Due.IsZero():
		return FieldErrorf("due", "Ange när det ska vara åtgärdat / Give the due date.")
	case len(f.Reason) > 2000:
		return FieldErrorf("reason", "Motiveringen är för lång / The reason is too long.")
	case len(f.Photo) > 0 && f.PhotoType != "image/jpeg" && f.PhotoType != "image/png":
		return FieldErrorf("photo", "Bara JPEG- eller PNG-bilder / Only JPEG or PNG photos.")
	}
	switch f.Decision {
	case FindingUndecided:
	case FindingWillDo:
		if f.MeasureID == nil {
			return FieldErrorf("decision", "Det som ska göras blir en åtgärd / What will be done becomes a measure.")
		}
	case FindingWillNot:
		if strings.TrimSpace(f.Reason) == "" {
			return FieldErrorf("reason", "Ange varför det inte ska åtgärdas / Give the reason it will not be done.")
		}
	default:
		return FieldErrorf("decision", "Okänt beslut / Unknown decision.")
	}
	return nil
}

// MeasureFor is the measure finding f of walk w becomes, planned from the
// walk to the due date and owned by the kommun, for the coordinator to
// adjust. Its problem reference names the walk and the problem, so the
// measure keeps the link to what it answers. districtName is the walk's
// district as people call it.
func (f *Finding) MeasureFor(w *Walk, districtName string) *Measure {
	problem := walkProblemNames[f.Problem]
	title := f.ProposedFix
	if strings.TrimSpace(title) == "" {
		title = strings.ToUpper(problem[:1]) + problem[1:]
		if f.Place != "" {
			title += ": " + f.Place
		}
	}
	var desc []string
	if f.Description != "" {
		desc = append(desc, f.Description)
	}
	if f.Place != "" {
		desc = append(desc, "Plats: "+f.Place)
	}
	horizon := HorizonShort
	if f.Due.After(w.Date.AddDate(1, 0, 0)) {
		horizon = HorizonLong
	}
	start, end := w.Date, f.Due
	return &Measure{TenantID: w.TenantID, Type: walkProblemMeasureTypes[f.Problem], Horizon: horizon, OwnerParty: PartyKommun,
		Unit: f.Unit, Title: clipText(strings.Join(strings.Fields(title), " "), 200), Description: strings.Join(desc, "\n\n"), Lat: f.Lat, Lon: f.Lon,
		PlannedStart: &start, PlannedEnd: &end, Status: MeasurePlanned, Synthetic: w.Synthetic,
		ProblemRef: clipText("Trygghetsvandring "+districtName+" "+w.Date.String()+": "+problem, 500)}
}

// clipText cuts s to at most n bytes, at a character boundary.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// WalkService stores safety walks and their findings; every method
// enforces the tenant.
type WalkService interface {
	// CreateWalk returns EINVALID, also for a district of another tenant.
	CreateWalk(ctx context.Context, w *Walk) error
	// FindWalks returns the tenant's walks, newest first, with the number
	// of findings and of undecided ones.
	FindWalks(ctx context.Context, tenantID int64) ([]*Walk, error)
	// FindWalk returns a walk with its findings (without photo bytes);
	// ENOTFOUND unless the tenant has it.
	FindWalk(ctx context.Context, tenantID, id int64) (*Walk, error)
	// AddFinding stores a finding of walk f.WalkID. A zero Due becomes the
	// walk's DefaultDue; a photo is stored only re-encoded without its
	// metadata (EINVALID for one that is not a JPEG or PNG, over 5 MiB or
	// over 30 megapixels). EINVALID, ENOTFOUND for another tenant's walk.
	AddFinding(ctx context.Context, f *Finding) error
	// DecideFinding records FindingWillNot with its reason, or reopens a
	// finding (FindingUndecided). A finding becomes FindingWillDo only
	// through FindingToMeasure. EINVALID; ENOTFOUND; ECONFLICT once the
	// finding is a measure (the measure's status says what became of it).
	DecideFinding(ctx context.Context, tenantID, walkID, findingID int64, decision, reason string) error
	// FindingToMeasure makes the finding a measure (see MeasureFor) and
	// links it, in one transaction, and returns the measure. ENOTFOUND;
	// ECONFLICT if the finding already is a measure.
	FindingToMeasure(ctx context.Context, tenantID, walkID, findingID int64) (*Measure, error)
	// UpdateWalk corrects w (by w.ID and w.TenantID); its findings stay.
	// EINVALID, ENOTFOUND.
	UpdateWalk(ctx context.Context, w *Walk) error
	// DeleteWalk removes a walk with its findings; ECONFLICT once a
	// finding has become a measure (the walk is its basis), ENOTFOUND.
	DeleteWalk(ctx context.Context, tenantID, id int64) error
	// UpdateFinding corrects f's problem, place, point (nil: none),
	// description, proposed fix, unit and due date (by f.ID, f.WalkID,
	// f.TenantID); its photo and decision stay. EINVALID, ENOTFOUND.
	UpdateFinding(ctx context.Context, f *Finding) error
	// DeleteFinding removes a finding; ECONFLICT once it is a measure,
	// ENOTFOUND.
	DeleteFinding(ctx context.Context, tenantID, walkID, findingID int64) error
	// FindPhoto returns a finding's stored photo and its content type;
	// ENOTFOUND if there is none.
	FindPhoto(ctx context.Context, tenantID, walkID, findingID int64) ([]byte, string, error)
}
