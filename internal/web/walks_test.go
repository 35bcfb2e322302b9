package web_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/sqlstore"
)

// phoneJPEG is a JPEG as a phone writes it: an APP1 Exif segment with a
// GPS position right after the SOI marker.
func phoneJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 13), uint8((x ^ y) * 31), 255}) // not flat, so it compresses badly
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	payload := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00GPSLatitude 58.9861 N GPSLongitude 16.2291 E")
	seg := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(payload)+2))
	b := buf.Bytes()
	out := append(append(append([]byte{}, b[:2]...), append(seg, payload...)...), b[2:]...)
	if _, err := jpeg.Decode(bytes.NewReader(out)); err != nil {
		t.Fatalf("test photo: %v", err)
	}
	return out
}

// upload posts a multipart form, with file (if any) as the "photo" part,
// as the principal.
func (f *fixture) upload(path, principal string, fields url.Values, file []byte, fileType string) (int, string, http.Header) {
	f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if file != nil {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="photo"; filename="IMG_0042.jpg"`)
		h.Set("Content-Type", fileType)
		pw, _ := mw.CreatePart(h)
		pw.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", f.env.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if c := f.session(principal); c != "" {
		req.AddCookie(&http.Cookie{Name: "trygg_session", Value: c})
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// idAfter is the number after prefix in a redirect's Location.
func idAfter(t *testing.T, loc, prefix string) int64 {
	t.Helper()
	rest, ok := strings.CutPrefix(loc, prefix)
	if !ok {
		t.Fatalf("Location %q, want %s…", loc, prefix)
	}
	end := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(rest)
	}
	id, err := strconv.ParseInt(rest[:end], 10, 64)
	if err != nil {
		t.Fatalf("Location %q: %v", loc, err)
	}
	return id
}

// section is the part of page from the heading that starts with title to
// the next section's end.
func section(page, title string) string {
	i := strings.Index(page, title)
	if i < 0 {
		return ""
	}
	rest := page[i:]
	if j := strings.Index(rest, "</section>"); j >= 0 {
		return rest[:j]
	}
	return rest
}

// TestSafetyWalk follows a coordinator from a safety walk's finding to a
// measure and into the next follow-up, all through the real server.
func TestSafetyWalk(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const list = "/admin/katrineholm/trygghetsvandringar"

	code, page, _ := f.send("GET", list, "police", nil, nil)
	if code != 200 || !strings.Contains(page, "Trygghetsvandringar") || !strings.Contains(page, "2022-03-17") {
		t.Fatalf("walk list = %d", code)
	}
	// The demo's Nävertorp walk: its protocol says what will be done (the
	// lighting measure) and what will not, and why.
	demoWalks, _ := sqlstore.NewWalkService(f.env.DB).FindWalks(ctx, f.kat.ID)
	for _, w := range demoWalks {
		if w.DistrictKey != "navertorp" {
			continue
		}
		code, proto, _ := f.send("GET", fmt.Sprintf("%s/%d/protokoll", list, w.ID), "council", nil, nil)
		if code != 200 || !strings.Contains(proto, "Ny belysning i gångtunneln vid Nävertorp") || !strings.Contains(proto, "Stationen flyttas hösten 2022") {
			t.Errorf("demo walk protocol = %d", code)
		}
	}
	walk := url.Values{"date": {"2023-09-12"}, "time": {"dark"}, "district": {"navertorp"}, "n-residents": {"12"}, "n-kommun": {"3"},
		"n-polis": {"2"}, "n-youth": {""}, "note": {"Samling vid skolan, frågor till 070-123 45 67"}}
	for name, bad := range map[string]url.Values{
		"no district":      with(walk, "district", ""),
		"unknown district": with(walk, "district", "atlantis"),
		"nobody":           with(with(with(walk, "n-residents", "0"), "n-kommun", ""), "n-polis", ""),
		"not a number":     with(walk, "n-residents", "många"),
		"in the future":    with(walk, "date", "2999-01-01"),
		"no time of day":   with(walk, "time", "noon"),
	} {
		if code, body, _ := f.send("POST", list, "coordinator", bad, nil); code != 400 || !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("%s = %d, want 400 with the field marked", name, code)
		}
	}
	code, _, hdr := f.send("POST", list, "coordinator", walk, nil)
	if code != 303 {
		t.Fatalf("create walk = %d", code)
	}
	walkID := idAfter(t, hdr.Get("Location"), list+"/")
	walkPath := fmt.Sprintf("%s/%d", list, walkID)
	ws := sqlstore.NewWalkService(f.env.DB)
	if w, err := ws.FindWalk(ctx, f.kat.ID, walkID); err != nil || !w.AfterDark || w.Participants["residents"] != 12 || w.Participants["youth"] != 0 ||
		strings.Contains(w.Note, "070") || !strings.Contains(w.Note, "[telefon]") {
		t.Fatalf("stored walk = %+v, %v", w, err)
	}

	// A finding with a phone photo: the GPS position goes nowhere.
	photo := phoneJPEG(t, 64, 48)
	finding := url.Values{"problem": {"lighting"}, "place": {"Gångtunneln under Vasavägen"}, "lat": {"58.98610"}, "lon": {"16.22910"},
		"description": {"Två armaturer trasiga; anmält av anna@example.se"}, "proposed_fix": {"Byt armaturerna i gångtunneln"}, "unit": {"Gatuenheten"},
		"due": {""}}
	code, body, hdr := f.upload(walkPath+"/fynd", "coordinator", finding, photo, "image/jpeg")
	if code != 303 {
		t.Fatalf("add finding = %d %s", code, body)
	}
	lightID := idAfter(t, hdr.Get("Location"), walkPath+"?saved=finding#fynd-")
	code, pic, hdr := f.send("GET", fmt.Sprintf("%s/fynd/%d/foto", walkPath, lightID), "council", nil, nil)
	if code != 200 || hdr.Get("Content-Type") != "image/jpeg" || hdr.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("photo = %d %q %q", code, hdr.Get("Content-Type"), hdr.Get("X-Content-Type-Options"))
	}
	if strings.Contains(pic, "Exif") || strings.Contains(pic, "GPS") {
		t.Error("the served photo still has its Exif")
	}
	if _, err := jpeg.Decode(strings.NewReader(pic)); err != nil {
		t.Errorf("the served photo is not a JPEG: %v", err)
	}
	if stored, _, err := ws.FindPhoto(ctx, f.kat.ID, walkID, lightID); err != nil || bytes.Contains(stored, []byte("Exif")) || bytes.Contains(stored, []byte("GPS")) {
		t.Errorf("the stored photo still has its Exif (%v)", err)
	}
	w, _ := ws.FindWalk(ctx, f.kat.ID, walkID)
	if lf := w.Findings[0]; lf.Due.String() != "2024-03-12" || lf.Lat == nil || strings.Contains(lf.Description, "anna@") || !strings.Contains(lf.Description, "[e-post]") {
		t.Errorf("stored finding = %+v", lf)
	}

	// Uploads that are not photos, or too big, are refused and store nothing.
	for name, up := range map[string]struct {
		file []byte
		typ  string
	}{
		"a text file called .jpg": {[]byte("Lösenord: hemligt\n"), "image/jpeg"},
		"a PDF":                   {[]byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), "application/pdf"},
		"an SVG":                  {[]byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "image/svg+xml"},
		// Over 1 MiB, so it reaches the handler only through the
		// route's own body limit; over 5 MiB, so the handler refuses it.
		"over 5 MiB": {append(phoneJPEG(t, 8, 8), make([]byte, 5<<20)...), "image/jpeg"},
	} {
		if code, body, _ := f.upload(walkPath+"/fynd", "coordinator", finding, up.file, up.typ); code != 400 || !strings.Contains(body, `id="f-photo"`) ||
			!strings.Contains(body, "JPEG") {
			t.Errorf("%s = %d, want 400 with the form", name, code)
		}
	}
	// A photo of more than a megabyte goes through: the 1 MiB limit of
	// other forms does not apply to this route.
	big := phoneJPEG(t, 1100, 1100)
	if len(big) < 1<<20 {
		t.Fatalf("the big photo is only %d bytes", len(big))
	}
	if code, body, _ := f.upload(walkPath+"/fynd", "coordinator", with(finding, "problem", "other"), big, "image/jpeg"); code != 303 {
		t.Errorf("a %d-byte photo = %d %s", len(big), code, body[:min(len(body), 300)])
	}
	if code, _, _ := f.upload(walkPath+"/fynd", "coordinator", finding, make([]byte, 7<<20), "image/jpeg"); code != 413 {
		t.Errorf("a 7 MiB body = %d, want 413", code)
	}
	// Other forms keep their limit of 1 MiB.
	if code, _, _ := f.send("POST", list, "coordinator", with(walk, "note", strings.Repeat("x", 2<<20)), nil); code != 413 {
		t.Errorf("a 2 MiB walk form = %d, want 413", code)
	}
	if w, _ := ws.FindWalk(ctx, f.kat.ID, walkID); len(w.Findings) != 2 {
		t.Fatalf("%d findings after the refused uploads, want 2", len(w.Findings))
	}

	// The map is never the only way: a place in words is enough, and a
	// form with neither is refused.
	if code, _, _ := f.upload(walkPath+"/fynd", "coordinator", url.Values{"problem": {"sight_lines"}, "place": {""}}, nil, ""); code != 400 {
		t.Errorf("a finding with no place = %d", code)
	}
	code, _, hdr = f.upload(walkPath+"/fynd", "coordinator", url.Values{"problem": {"sight_lines"}, "place": {"Stigen mot Sandbäcksskolan"},
		"proposed_fix": {"Glesa ut buskarna"}}, nil, "")
	if code != 303 {
		t.Fatalf("finding without a point = %d", code)
	}
	bushID := idAfter(t, hdr.Get("Location"), walkPath+"?saved=finding#fynd-")
	code, _, hdr = f.upload(walkPath+"/fynd", "police", url.Values{"problem": {"littering"}, "place": {"Lekplatsen vid Nävertorpsvägen"}}, nil, "")
	if code != 303 {
		t.Fatalf("finding by the police = %d", code)
	}
	litterID := idAfter(t, hdr.Get("Location"), walkPath+"?saved=finding#fynd-")

	// Will not: only with a reason.
	decide := fmt.Sprintf("%s/fynd/%d/beslut", walkPath, litterID)
	if code, body, _ := f.send("POST", decide, "coordinator", url.Values{"decision": {"will_not"}, "reason": {" "}}, nil); code != 400 ||
		!strings.Contains(body, fmt.Sprintf(`id="r-%d"`, litterID)) {
		t.Errorf("will not without a reason = %d", code)
	}
	if code, _, _ := f.send("POST", decide, "coordinator", url.Values{"decision": {"will_do"}}, nil); code != 400 {
		t.Errorf("will do without a measure = %d", code)
	}
	if code, _, _ := f.send("POST", decide, "coordinator", url.Values{"decision": {"will_not"}, "reason": {"Lekplatsen städas redan varje vecka."}}, nil); code != 303 {
		t.Fatalf("will not = %d", code)
	}

	// One click: the finding becomes a measure and the coordinator lands on it.
	ms := sqlstore.NewMeasureService(f.env.DB)
	before, _ := ms.FindMeasures(ctx, f.kat.ID)
	toMeasure := fmt.Sprintf("%s/fynd/%d/atgard", walkPath, lightID)
	code, _, hdr = f.send("POST", toMeasure, "coordinator", nil, nil)
	if code != 303 {
		t.Fatalf("to measure = %d", code)
	}
	measureID := idAfter(t, hdr.Get("Location"), "/admin/katrineholm/atgarder/")
	m, err := ms.FindMeasure(ctx, f.kat.ID, measureID)
	if err != nil {
		t.Fatal(err)
	}
	const ref = "Trygghetsvandring Nävertorp 2023-09-12: belysning"
	if m.ProblemRef != ref || m.Title != "Byt armaturerna i gångtunneln" || m.DistrictKey != "navertorp" || m.Type != "lighting" ||
		m.Unit != "Gatuenheten" || m.PlannedEnd == nil || m.PlannedEnd.String() != "2024-03-12" || m.Status != app.MeasurePlanned {
		t.Errorf("measure = %+v", m)
	}
	if code, edit, _ := f.send("GET", hdr.Get("Location"), "coordinator", nil, nil); code != 200 || !strings.Contains(edit, ref) || !strings.Contains(edit, "Byt armaturerna i gångtunneln") {
		t.Errorf("the measure's page = %d", code)
	}
	if code, body, _ := f.send("POST", toMeasure, "coordinator", nil, nil); code != 409 || !strings.Contains(body, "redan") {
		t.Errorf("second click = %d, want 409", code)
	}
	if code, _, _ := f.send("POST", decide[:strings.LastIndex(decide, "/fynd/")]+fmt.Sprintf("/fynd/%d/beslut", lightID), "coordinator",
		url.Values{"decision": {"will_not"}, "reason": {"Ångrat"}}, nil); code != 409 {
		t.Errorf("will not for a finding that is a measure = %d, want 409", code)
	}
	if after, _ := ms.FindMeasures(ctx, f.kat.ID); len(after) != len(before)+1 {
		t.Errorf("measures %d → %d, want exactly one more", len(before), len(after))
	}

	// The measure is in the next follow-up, September–December 2023.
	if code, report, _ := f.send("GET", "/admin/katrineholm/uppfoljning/2023-T3/rapport?lang=sv", "coordinator", nil, nil); code != 200 ||
		!strings.Contains(report, "Byt armaturerna i gångtunneln") {
		t.Errorf("the 2023-T3 follow-up lacks the measure (%d)", code)
	}
	// Progress on the measure shows on the walk and in its protocol.
	m.Status, m.Progress = app.MeasureStarted, 40
	if err := ms.UpdateMeasure(ctx, m); err != nil {
		t.Fatal(err)
	}

	// The protocol: what will be done, what will not and why, what is open.
	code, proto, _ := f.send("GET", walkPath+"/protokoll", "council", nil, nil)
	if code != 200 {
		t.Fatalf("protocol = %d", code)
	}
	if do := section(proto, "Det här ska göras"); !strings.Contains(do, "Byt armaturerna i gångtunneln") || !strings.Contains(do, "Pågår") ||
		!strings.Contains(do, "40&nbsp;%") || strings.Contains(do, "Lekplatsen") {
		t.Errorf("the protocol's will-do part is wrong: %s", do)
	}
	if not := section(proto, "Det här ska inte göras"); !strings.Contains(not, "Lekplatsen städas redan varje vecka.") || strings.Contains(not, "armaturerna") {
		t.Errorf("the protocol's will-not part is wrong: %s", not)
	}
	if open := section(proto, "Ännu inte beslutat"); !strings.Contains(open, "Stigen mot Sandbäcksskolan") || !strings.Contains(open, "Glesa ut buskarna") {
		t.Errorf("the protocol's undecided part is wrong: %s", open)
	}
	if !strings.Contains(proto, "walks.css") || !strings.Contains(proto, fmt.Sprintf("/fynd/%d/foto", lightID)) || !strings.Contains(proto, "Boende 12") {
		t.Error("the protocol lacks its print stylesheet, the photo or the participants")
	}
	if _, en, _ := f.send("GET", walkPath+"/protokoll?lang=en", "council", nil, nil); !strings.Contains(en, "What will not be done, and why") ||
		!strings.Contains(en, "Safety walk in Nävertorp on 2023-09-12") {
		t.Error("the English protocol is not in English")
	}

	// The walk page: the council reads, without the forms.
	code, wp, _ := f.send("GET", walkPath, "council", nil, nil)
	if code != 200 || !strings.Contains(wp, "Gångtunneln under Vasavägen") || strings.Contains(wp, "Gör till åtgärd") || strings.Contains(wp, `enctype="multipart/form-data"`) {
		t.Errorf("council's walk page = %d", code)
	}
	_, wp, _ = f.send("GET", walkPath, "coordinator", nil, nil)
	if !strings.Contains(wp, `data-map-pick="f-lat,f-lon"`) || !strings.Contains(wp, `id="f-place"`) || !strings.Contains(wp, fmt.Sprintf(`/atgarder/%d"`, measureID)) ||
		strings.Count(wp, "Gör till åtgärd") != 3 { // the two undecided findings, the one turned down; not the measure
		t.Errorf("coordinator's walk page: map %v, %d buttons", strings.Contains(wp, "data-map-pick"), strings.Count(wp, "Gör till åtgärd"))
	}
	_, lp, _ := f.send("GET", list, "council", nil, nil)
	if !strings.Contains(lp, fmt.Sprintf(`href="%s"`, walkPath)) || !strings.Contains(lp, "Efter mörkrets inbrott") || strings.Contains(lp, `name="district"`) {
		t.Error("the list lacks the walk, or shows the council the form")
	}
	for path, body := range map[string]string{list: lp, walkPath: wp, walkPath + "/protokoll": proto} {
		if b := strings.ReplaceAll(body, "walks.css", ""); strings.Contains(b, "walks.") {
			t.Errorf("%s: an untranslated key", path)
		}
	}

	// Tenants and roles: another kommun's coordinator finds nothing; a
	// reporter may not add findings; the council may not decide.
	f.users["flen-coordinator"] = f.mustUser("flen-samordnare@example.se", f.flen, app.RoleCoordinator, false)
	flenWalk := fmt.Sprintf("/admin/flen/trygghetsvandringar/%d", walkID)
	for _, p := range []string{flenWalk, flenWalk + "/protokoll", fmt.Sprintf("%s/fynd/%d/foto", flenWalk, lightID)} {
		if code, _, _ := f.send("GET", p, "flen-coordinator", nil, nil); code != 404 {
			t.Errorf("GET %s from Flen = %d, want 404", p, code)
		}
	}
	if code, _, _ := f.send("POST", fmt.Sprintf("%s/fynd/%d/atgard", flenWalk, bushID), "flen-coordinator", nil, nil); code != 404 {
		t.Errorf("Flen makes Katrineholm's finding a measure = %d, want 404", code)
	}
	if code, _, _ := f.upload(flenWalk+"/fynd", "flen-coordinator", finding, nil, ""); code != 404 {
		t.Errorf("Flen adds a finding to Katrineholm's walk = %d, want 404", code)
	}
	if code, _, _ := f.upload(walkPath+"/fynd", "reporter", finding, photo, "image/jpeg"); code != 403 {
		t.Errorf("a reporter adds a finding = %d, want 403", code)
	}
	if code, _, _ := f.send("POST", fmt.Sprintf("%s/fynd/%d/atgard", walkPath, bushID), "council", nil, nil); code != 403 {
		t.Errorf("the council makes a measure = %d, want 403", code)
	}
	if code, _, _ := f.send("GET", fmt.Sprintf("%s/fynd/%d/foto", walkPath, bushID), "coordinator", nil, nil); code != 404 {
		t.Errorf("the photo of a finding without one = %d, want 404", code)
	}
	// A finding turned down may be reconsidered.
	if code, _, _ := f.send("POST", decide, "coordinator", url.Values{"decision": {""}}, nil); code != 303 {
		t.Errorf("reconsider = %d", code)
	}
	w, _ = ws.FindWalk(ctx, f.kat.ID, walkID)
	if len(w.Findings) != 4 || w.Findings[3].Decision != app.FindingUndecided || w.Findings[3].Reason != "" {
		t.Errorf("at the end: %d findings, the last %+v", len(w.Findings), w.Findings[len(w.Findings)-1])
	}
}

// TestCorrectAndDeleteWalk: a coordinator corrects a walk (bad input
// changes nothing), deletes a finding noted by mistake, cannot delete a
// walk whose finding became a measure, and deletes one whose did not —
// each step in the audit log.
func TestCorrectAndDeleteWalk(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	walks := sqlstore.NewWalkService(f.env.DB)
	demo, _ := walks.FindWalks(ctx, f.kat.ID)
	var navertorp, centrum *app.Walk
	for _, w := range demo {
		switch w.DistrictKey {
		case "navertorp":
			navertorp = w
		case "centrum":
			centrum = w
		}
	}
	path := func(w *app.Walk) string { return fmt.Sprintf("/admin/katrineholm/trygghetsvandringar/%d", w.ID) }

	edit := url.Values{"date": {"2022-10-14"}, "time": {"dark"}, "district": {"centrum"}, "n-residents": {"11"}, "n-youth": {"4"},
		"note": {"Rättat datum"}}
	for name, bad := range map[string]url.Values{
		"future date":      with(edit, "date", "2999-01-01"),
		"unknown district": with(edit, "district", "atlantis"),
		"nobody":           with(with(edit, "n-residents", "0"), "n-youth", ""),
	} {
		code, page, _ := f.send("POST", path(centrum), "coordinator", bad, nil)
		if code != 400 || !strings.Contains(page, `role="alert"`) || !strings.Contains(page, "<details class=\"no-print\" open>") {
			t.Errorf("%s: %d", name, code)
		}
	}
	if got, _ := walks.FindWalk(ctx, f.kat.ID, centrum.ID); got.Date != centrum.Date || got.Participants["residents"] != 9 {
		t.Fatalf("a refused correction changed the walk: %+v", got)
	}
	if code, _, _ := f.send("POST", path(centrum), "reporter", edit, nil); code != 403 {
		t.Errorf("a reporter corrected a walk: %d", code)
	}
	code, _, hdr := f.send("POST", path(centrum), "coordinator", edit, nil)
	if code != 303 || !strings.HasSuffix(hdr.Get("Location"), "?saved=updated") {
		t.Fatalf("correction = %d %s", code, hdr.Get("Location"))
	}
	got, _ := walks.FindWalk(ctx, f.kat.ID, centrum.ID)
	if got.Date.String() != "2022-10-14" || got.Participants["residents"] != 11 || got.Participants["kommun"] != 0 || len(got.Findings) != 2 {
		t.Errorf("after correction: %+v", got)
	}

	// A finding's words are corrected; a due date before the walk is not.
	fd := got.Findings[0]
	fix := url.Values{"problem": {"lighting"}, "place": {"Parkeringen vid resecentrum, norra delen"}, "description": {"Två trasiga armaturer."},
		"proposed_fix": {"Byt båda"}, "unit": {"Gatuenheten"}, "due": {"2023-03-01"}}
	findingPath := fmt.Sprintf("%s/fynd/%d", path(centrum), fd.ID)
	for name, bad := range map[string]url.Values{
		"due before the walk": with(fix, "due", "2022-01-01"),
		"no due date":         with(fix, "due", ""),
		"unknown problem":     with(fix, "problem", "ghosts"),
	} {
		if code, page, _ := f.send("POST", findingPath, "coordinator", bad, nil); code != 400 || !strings.Contains(page, "Två trasiga armaturer.") {
			t.Errorf("%s: %d (the typed text should be shown again)", name, code)
		}
	}
	if code, _, _ := f.send("POST", findingPath, "coordinator", fix, nil); code != 303 {
		t.Errorf("correct a finding = %d", code)
	}
	got, _ = walks.FindWalk(ctx, f.kat.ID, centrum.ID)
	if c := got.Findings[0]; c.Place != "Parkeringen vid resecentrum, norra delen" || c.Due.String() != "2023-03-01" || c.Unit != "Gatuenheten" ||
		c.Lat != nil {
		t.Errorf("after correcting the finding: %+v", c)
	}
	// Its point is moved, and removed again; a broken point, or none for a
	// finding without words for its place, changes nothing.
	moved := with(with(fix, "lat", "58.99712"), "lon", "16.20811")
	for name, bad := range map[string]url.Values{
		"broken point":          with(moved, "lat", "north"),
		"half a point":          with(moved, "lon", ""),
		"no place and no point": with(fix, "place", ""),
	} {
		if code, _, _ := f.send("POST", findingPath, "coordinator", bad, nil); code != 400 {
			t.Errorf("%s: %d, want 400", name, code)
		}
	}
	if code, _, _ := f.send("POST", findingPath, "coordinator", moved, nil); code != 303 {
		t.Errorf("move the point = %d", code)
	}
	got, _ = walks.FindWalk(ctx, f.kat.ID, centrum.ID)
	if c := got.Findings[0]; c.Lat == nil || *c.Lat != 58.99712 || *c.Lon != 16.20811 {
		t.Errorf("after moving the point: %+v", c)
	}
	if _, page, _ := f.send("GET", path(centrum), "coordinator", nil, nil); !strings.Contains(page, `name="lat" value="58.99712"`) {
		t.Error("the correction form does not hold the finding's point")
	}
	if code, _, _ := f.send("POST", findingPath, "coordinator", fix, nil); code != 303 {
		t.Errorf("remove the point = %d", code)
	}
	if got, _ = walks.FindWalk(ctx, f.kat.ID, centrum.ID); got.Findings[0].Lat != nil {
		t.Errorf("after removing the point: %+v", got.Findings[0])
	}

	// A finding noted by mistake goes; one that is a measure stays.
	code, _, _ = f.send("POST", fmt.Sprintf("%s/fynd/%d/ta-bort", path(centrum), got.Findings[1].ID), "coordinator", url.Values{}, nil)
	if got, _ := walks.FindWalk(ctx, f.kat.ID, centrum.ID); code != 303 || len(got.Findings) != 1 {
		t.Errorf("delete finding = %d, %d findings left", code, len(got.Findings))
	}
	nv, _ := walks.FindWalk(ctx, f.kat.ID, navertorp.ID)
	for _, fd := range nv.Findings {
		if fd.MeasureID != nil {
			if code, _, _ := f.send("POST", fmt.Sprintf("%s/fynd/%d/ta-bort", path(navertorp), fd.ID), "coordinator", url.Values{}, nil); code != 409 {
				t.Errorf("deleting a finding that is a measure = %d", code)
			}
		}
	}

	// Nävertorp's walk is the basis of a measure: it stays.
	code, page, _ := f.send("POST", path(navertorp)+"/ta-bort", "coordinator", url.Values{"confirm": {"1"}}, nil)
	if code != 409 || !strings.Contains(page, "blivit åtgärder") {
		t.Errorf("delete a walk with a measure = %d", code)
	}
	if code, _, _ := f.send("POST", path(centrum)+"/ta-bort", "coordinator", url.Values{}, nil); code != 400 {
		t.Errorf("delete without confirming = %d", code)
	}
	code, _, hdr = f.send("POST", path(centrum)+"/ta-bort", "coordinator", url.Values{"confirm": {"1"}}, nil)
	if code != 303 || !strings.HasSuffix(hdr.Get("Location"), "?deleted=1") {
		t.Fatalf("delete = %d", code)
	}
	if _, err := walks.FindWalk(ctx, f.kat.ID, centrum.ID); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("deleted walk: %v", err)
	}
	entries, _, _ := sqlstore.NewAuditService(f.env.DB).FindAudit(ctx, f.kat.ID, app.AuditFilter{Entity: "walk", EntityID: fmt.Sprint(centrum.ID), Limit: 50})
	actions := map[string]int{}
	for _, e := range entries {
		actions[e.Action]++
	}
	if actions["walk.update"] != 1 || actions["walk.finding.update"] != 3 || actions["walk.finding.delete"] != 1 || actions["walk.delete"] != 1 {
		t.Errorf("audit = %v", actions)
	}
}
