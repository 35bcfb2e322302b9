package web_test

import (
	"net/url"
	"os/exec"
	"strings"
	"testing"
)

func TestFollowUpFlow(t *testing.T) {
	f := newFixture(t)
	const page = "/admin/katrineholm/uppfoljning/2023-T1"
	if code, list, _ := f.send("GET", "/admin/katrineholm/uppfoljning", "coordinator", nil, nil); code != 200 || !strings.Contains(list, "2023-T1") || !strings.Contains(list, "2022-T1") {
		t.Fatalf("follow-up list = %d", code)
	}
	// The draft report is made from the data.
	code, rep, _ := f.send("GET", page+"/rapport?lang=sv", "council", nil, nil)
	if code != 200 || !strings.Contains(rep, "2023-T1") || !strings.Contains(rep, "Kamerabevakning vid resecentrum") || !strings.Contains(rep, "Nävertorp") {
		t.Fatalf("draft report = %d", code)
	}
	// The public sees nothing before adoption.
	if code, _, _ := f.send("GET", "/katrineholm/uppfoljning/2023-T1", "", nil, nil); code != 404 {
		t.Errorf("public draft = %d, want 404", code)
	}
	comment := url.Values{"c-summary": {"Lugnare i Nävertorp efter belysningen."}, "c-focus-violence": {"Färre våldshändelser i Centrum."}}
	if code, _, _ := f.send("POST", page, "coordinator", comment, nil); code != 303 {
		t.Fatalf("save commentary = %d", code)
	}
	if code, _, _ := f.send("POST", page, "coordinator", url.Values{"c-nonsense": {"x"}}, nil); code != 400 {
		t.Errorf("commentary on an unknown section = %d", code)
	}
	if code, _, _ := f.send("POST", page+"/anta", "coordinator", nil, nil); code != 403 {
		t.Errorf("a coordinator adopts = %d, want 403 (the council adopts)", code)
	}
	if code, _, _ := f.send("POST", page+"/anta", "council", nil, nil); code != 303 {
		t.Fatalf("adopt = %d", code)
	}
	_, public, _ := f.send("GET", "/katrineholm/uppfoljning/2023-T1?lang=sv", "", nil, nil)
	if !strings.Contains(public, "Lugnare i Nävertorp efter belysningen.") || !strings.Contains(public, "Kamerabevakning vid resecentrum") {
		t.Fatal("the adopted report is not public, or lacks its commentary")
	}
	// Frozen: later changes neither to commentary nor to data reach it.
	if code, _, _ := f.send("POST", page, "coordinator", comment, nil); code != 409 {
		t.Errorf("commentary after adoption = %d, want 409", code)
	}
	if code, _, _ := f.send("POST", page+"/anta", "council", nil, nil); code != 409 {
		t.Errorf("second adoption = %d, want 409", code)
	}
	m := url.Values{"title": {"Ny åtgärd efter antagandet"}, "type": {"lighting"}, "horizon": {"short"}, "owner_party": {"kommun"},
		"status": {"started"}, "progress": {"10"}, "problem_focus_area": {"violence"}, "planned_start": {"2023-02-01"}}
	if code, _, _ := f.send("POST", "/admin/katrineholm/atgarder", "coordinator", m, nil); code != 303 {
		t.Fatalf("new measure = %d", code)
	}
	if _, again, _ := f.send("GET", "/katrineholm/uppfoljning/2023-T1?lang=sv", "", nil, nil); strings.Contains(again, "Ny åtgärd efter antagandet") {
		t.Error("the adopted report changed with the data")
	}
	if _, draft, _ := f.send("GET", "/admin/katrineholm/uppfoljning/2023-T2/rapport", "coordinator", nil, nil); !strings.Contains(draft, "Ny åtgärd efter antagandet") {
		t.Error("a draft does not show the new measure")
	}
	// A correction is a new version from today's data, with its reason;
	// the earlier version is kept.
	if code, _, _ := f.send("POST", page+"/rattelse", "council", url.Values{"reason": {""}}, nil); code != 400 {
		t.Errorf("a correction without a reason = %d", code)
	}
	if code, _, _ := f.send("POST", "/admin/katrineholm/uppfoljning/2023-T2/rattelse", "council", url.Values{"reason": {"x"}}, nil); code != 409 {
		t.Errorf("correcting a draft = %d", code)
	}
	if code, _, _ := f.send("POST", page+"/rattelse", "council", url.Values{"reason": {"Åtgärden efter antagandet hörde till tertialet."}}, nil); code != 303 {
		t.Fatalf("correct = %d", code)
	}
	_, corrected, _ := f.send("GET", "/katrineholm/uppfoljning/2023-T1?lang=sv", "", nil, nil)
	if !strings.Contains(corrected, "Ny åtgärd efter antagandet") || !strings.Contains(corrected, "Version 2, rättad den") ||
		!strings.Contains(corrected, "Åtgärden efter antagandet hörde till tertialet.") || !strings.Contains(corrected, "Lugnare i Nävertorp") {
		t.Error("the corrected version lacks the new data, its reason or the commentary")
	}
	// The promise page lists the adopted follow-up.
	if _, home, _ := f.send("GET", "/katrineholm/", "", nil, nil); !strings.Contains(home, `href="/katrineholm/uppfoljning/2023-T1"`) {
		t.Error("the promise page does not link the adopted follow-up")
	}
	if code, _, _ := f.send("GET", "/katrineholm/uppfoljning/not-a-period", "", nil, nil); code != 404 {
		t.Errorf("bad period = %d", code)
	}
	if _, err := exec.LookPath("chromium"); err == nil {
		code, pdf, hdr := f.send("GET", "/katrineholm/uppfoljning/2023-T1/rapport.pdf?lang=sv", "", nil, nil)
		if code != 200 || hdr.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf, "%PDF") {
			t.Errorf("public PDF = %d %q", code, hdr.Get("Content-Type"))
		}
	}
}
