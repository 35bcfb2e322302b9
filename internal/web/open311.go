package web

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/auth"
	"github.com/trygg-se/trygg/internal/open311"
)

// open311Backend gives Open311 GeoReport v2 clients (FixMyStreet-style
// apps) the same citizen reports as the form at /{tenant}/rapportera: a
// POST files a pending report, and GETs see only reviewed ones, coarsened
// exactly as on the public pages.
type open311Backend struct{ s *Server }

var _ open311.Backend = open311Backend{}

func (b open311Backend) Jurisdiction(ctx context.Context, id string) (open311.Jurisdiction, error) {
	if id != "" {
		t, err := b.s.svc.Tenants.FindTenantBySlug(ctx, id)
		if err != nil {
			return open311.Jurisdiction{}, app.Errorf(app.ENOTFOUND, "unknown jurisdiction_id %q", id)
		}
		return open311.Jurisdiction{ID: t.Slug, Tenant: t}, nil
	}
	ts, err := b.s.svc.Tenants.FindTenants(ctx)
	if err != nil {
		return open311.Jurisdiction{}, err
	}
	if len(ts) != 1 {
		return open311.Jurisdiction{}, app.Errorf(app.EINVALID, "jurisdiction_id is required: this installation serves several kommuner")
	}
	return open311.Jurisdiction{ID: ts[0].Slug, Tenant: ts[0]}, nil
}

// Services are the report categories. They are batch services: a new
// report gets a token, and a public id only once a coordinator accepts it.
func (b open311Backend) Services(ctx context.Context, j open311.Jurisdiction) ([]open311.Service, error) {
	out := make([]open311.Service, len(app.ReportCategories))
	for i, c := range app.ReportCategories {
		out[i] = open311.Service{Code: c.Key, Name: c.Name, Description: c.NameEn, Type: open311.Batch, Group: "Trygghet"}
	}
	return out, nil
}

// publicRequest is a reviewed report as Open311 shows it: the category,
// the district, the centre of its 100 m square and the day it came in, at
// midnight — no text and no finer time, as on the public pages.
func (b open311Backend) publicRequest(t *app.Tenant, i *app.Incident, districts map[string]string) open311.Request {
	p := coarsen(i)
	day, _ := time.ParseInLocation(time.DateOnly, i.CreatedAt.In(stockholm).Format(time.DateOnly), stockholm)
	r := open311.Request{ID: strconv.FormatInt(i.ID, 10), Status: open311.Open, ServiceCode: i.Category,
		ServiceName: categoryNames("sv")[i.Category], AgencyResponsible: t.Name, Requested: day, Updated: day,
		Address: districts[i.DistrictKey]}
	if p.Lat != nil {
		r.Point = &open311.LatLong{Lat: *p.Lat, Long: *p.Lon}
	}
	return r
}

func (b open311Backend) districtNames(ctx context.Context, t *app.Tenant) (map[string]string, error) {
	ds, err := b.s.svc.Districts.FindDistricts(ctx, t.ID)
	names := map[string]string{"": t.Name}
	for _, d := range ds {
		names[d.Key] = d.Name
	}
	return names, err
}

func (b open311Backend) Requests(ctx context.Context, j open311.Jurisdiction, q open311.Query) ([]open311.Request, error) {
	names, err := b.districtNames(ctx, j.Tenant)
	if err != nil {
		return nil, err
	}
	var out []open311.Request
	if len(q.IDs) > 0 {
		for _, id := range q.IDs {
			if r, err := b.Request(ctx, j, id); err == nil {
				out = append(out, r)
			} else if app.ErrorCode(err) != app.ENOTFOUND {
				return nil, err
			}
		}
		return out, nil
	}
	if len(q.Statuses) > 0 && !slices.Contains(q.Statuses, open311.Open) {
		return nil, nil // reviewed reports are open: nothing is closed yet
	}
	// Requested is the day a report came in, so the window is widened to
	// whole days before the precise bounds are applied to that day.
	incs, err := b.s.publicIncidents(ctx, j.Tenant, app.IncidentFilter{Source: app.SourceCitizen})
	if err != nil {
		return nil, err
	}
	for _, i := range incs {
		if len(q.ServiceCodes) > 0 && !slices.Contains(q.ServiceCodes, i.Category) {
			continue
		}
		r := b.publicRequest(j.Tenant, i, names)
		if r.Requested.Before(q.Start) || r.Requested.After(q.End) {
			continue
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, c open311.Request) int {
		if d := c.Requested.Compare(a.Requested); d != 0 {
			return d
		}
		x, _ := strconv.ParseInt(a.ID, 10, 64)
		y, _ := strconv.ParseInt(c.ID, 10, 64)
		return int(y - x)
	})
	from := min(q.Offset(), len(out))
	return out[from:min(from+q.PageSize, len(out))], nil
}

func (b open311Backend) Request(ctx context.Context, j open311.Jurisdiction, id string) (open311.Request, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return open311.Request{}, app.Errorf(app.ENOTFOUND, "no request %q", id)
	}
	i, err := b.s.svc.Incidents.FindIncident(ctx, j.Tenant.ID, n)
	if err != nil || i.Source != app.SourceCitizen || i.ReviewState != app.ReviewAccepted {
		return open311.Request{}, app.Errorf(app.ENOTFOUND, "no request %q", id)
	}
	names, err := b.districtNames(ctx, j.Tenant)
	return b.publicRequest(j.Tenant, i, names), err
}

// Token is the status link's token: the client holds what the citizen
// would have got from the form.
func (b open311Backend) Token(ctx context.Context, j open311.Jurisdiction, token string) (open311.TokenStatus, error) {
	i, err := b.s.svc.Incidents.FindIncidentByStatusToken(ctx, j.Tenant.ID, auth.HashToken(token))
	if err != nil {
		return open311.TokenStatus{}, app.Errorf(app.ENOTFOUND, "unknown token")
	}
	st := open311.TokenStatus{Token: token}
	// A duplicate answers with the report it was merged into, once public.
	if i.ReviewState == app.ReviewMerged && i.MergedInto != nil {
		if orig, err := b.s.svc.Incidents.FindIncident(ctx, j.Tenant.ID, *i.MergedInto); err == nil {
			i = orig
		}
	}
	if i.ReviewState == app.ReviewAccepted && i.Source == app.SourceCitizen {
		st.ServiceRequestID = strconv.FormatInt(i.ID, 10)
	}
	return st, nil
}

// Create files a pending citizen report. The api_key is one of the
// tenant's API tokens with the right to file reports; each key is rate
// limited like a citizen's address.
func (b open311Backend) Create(ctx context.Context, j open311.Jurisdiction, apiKey string, in open311.NewRequest) (open311.Created, error) {
	key, err := b.s.svc.Users.TokenByHash(ctx, auth.HashToken(apiKey))
	if err != nil || !key.Can(j.Tenant.ID, app.PermReportFile) {
		return open311.Created{}, app.Errorf(app.EFORBIDDEN, "api_key is not valid for this jurisdiction")
	}
	if ok, _ := b.s.limits.publicWrite.Check("open311:" + strconv.FormatInt(key.ID, 10)); !ok {
		return open311.Created{}, app.Errorf(app.ERATELIMIT, "too many requests with this api_key; try again in a minute")
	}
	districts, err := b.s.svc.Districts.FindDistricts(ctx, j.Tenant.ID)
	if err != nil {
		return open311.Created{}, err
	}
	now := b.s.now().UTC().Truncate(time.Second)
	inc := &app.Incident{TenantID: j.Tenant.ID, Source: app.SourceCitizen, Category: in.ServiceCode, OccurredFrom: now,
		OccurredTo: now, Place: in.AddressString, Text: in.Description, ContactEmail: app.NormalizeEmail(in.Email),
		SourceRef: "open311 " + key.Name}
	if in.Point != nil {
		inc.Lat, inc.Lon = &in.Point.Lat, &in.Point.Long
	}
	if err := b.s.enrichReport(ctx, j.Tenant.ID, districts, inc); err != nil {
		return open311.Created{}, err
	}
	// The districts cover the kommun, so a point in none is outside it.
	if inc.Lat != nil && inc.DistrictID == nil && inc.DistrictKey == "" {
		return open311.Created{}, app.FieldErrorf("lat", "the point is outside %s", j.Tenant.Name)
	}
	token := auth.NewToken()
	inc.StatusTokenHash = auth.HashToken(token)
	if err := b.s.svc.Incidents.CreateIncident(ctx, inc); err != nil {
		return open311.Created{}, err
	}
	return open311.Created{Token: token, ServiceNotice: "Rapporten granskas innan den visas. / The report is reviewed before it is shown."}, nil
}
