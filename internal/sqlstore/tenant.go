package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/trygg-se/trygg/internal/app"
)

// TenantService implements app.TenantService.
type TenantService struct{ db *DB }

// NewTenantService returns a TenantService on db.
func NewTenantService(db *DB) *TenantService { return &TenantService{db: db} }

var _ app.TenantService = (*TenantService)(nil)

const tenantColumns = "id, slug, name, kommun_code, police_area, population, created_at, measure_types"

func scanTenant(s interface{ Scan(...any) error }) (*app.Tenant, error) {
	var t app.Tenant
	var types string
	err := s.Scan(&t.ID, &t.Slug, &t.Name, &t.KommunCode, &t.PoliceArea, &t.Population, &t.CreatedAt, &types)
	if err == nil {
		err = json.Unmarshal([]byte(types), &t.MeasureTypes)
	}
	return &t, err
}

// FindTenants returns all tenants ordered by name.
func (s *TenantService) FindTenants(ctx context.Context) ([]*app.Tenant, error) {
	rows, err := s.db.query(ctx, "SELECT "+tenantColumns+" FROM tenants ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find tenants: %w", err)
	}
	defer rows.Close()
	var out []*app.Tenant
	for rows.Next() {
		t, err := scanTenant(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: find tenants: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// FindTenantBySlug returns ENOTFOUND if no tenant has the slug.
func (s *TenantService) FindTenantBySlug(ctx context.Context, slug string) (*app.Tenant, error) {
	t, err := scanTenant(s.db.queryRow(ctx, "SELECT "+tenantColumns+" FROM tenants WHERE slug = ?", slug))
	if err != nil {
		if err := mapErr(err); app.ErrorCode(err) == app.ENOTFOUND {
			return nil, app.Errorf(app.ENOTFOUND, "Kommunen %q finns inte.", slug)
		}
		return nil, fmt.Errorf("sqlstore: find tenant %q: %w", slug, err)
	}
	return t, nil
}

// CreateTenant returns EINVALID or ECONFLICT (slug or kommun code taken).
func (s *TenantService) CreateTenant(ctx context.Context, t *app.Tenant) error {
	if err := t.Validate(); err != nil {
		return err
	}
	tx, err := s.db.beginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := createTenant(ctx, tx, t); err != nil {
		return err
	}
	if err := appendAudit(ctx, tx, &app.AuditEntry{TenantID: &t.ID, Action: "tenant.create", Entity: "tenant", EntityID: t.Slug}, nil, t); err != nil {
		return err
	}
	return tx.Commit()
}

func createTenant(ctx context.Context, tx *Tx, t *app.Tenant) error {
	t.CreatedAt = tx.now
	id, err := tx.insert(ctx, `INSERT INTO tenants (slug, name, kommun_code, police_area, population, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, t.Slug, t.Name, t.KommunCode, t.PoliceArea, t.Population, t.CreatedAt)
	if app.ErrorCode(err) == app.ECONFLICT {
		return app.Errorf(app.ECONFLICT, "Det finns redan en kommun med kortnamnet %q eller kommunkoden %s.", t.Slug, t.KommunCode)
	} else if err != nil {
		return fmt.Errorf("sqlstore: create tenant %q: %w", t.Slug, err)
	}
	t.ID = id
	return nil
}

// UpdateTenant changes the tenant's settings; EINVALID, ENOTFOUND.
func (s *TenantService) UpdateTenant(ctx context.Context, id int64, upd app.TenantUpdate) (*app.Tenant, error) {
	var out *app.Tenant
	err := s.db.inTx(ctx, func(tx *Tx) error {
		before, err := scanTenant(tx.queryRow(ctx, "SELECT "+tenantColumns+" FROM tenants WHERE id = ?", id))
		if err != nil {
			return mapErr(err)
		}
		t := *before
		if upd.Name != nil {
			t.Name = *upd.Name
		}
		if upd.PoliceArea != nil {
			t.PoliceArea = *upd.PoliceArea
		}
		if upd.Population != nil {
			t.Population = *upd.Population
		}
		if upd.MeasureTypes != nil {
			t.MeasureTypes = *upd.MeasureTypes
		}
		if err := t.Validate(); err != nil {
			return err
		}
		types, _ := json.Marshal(t.MeasureTypes)
		if t.MeasureTypes == nil {
			types = []byte("[]")
		}
		if _, err := tx.exec(ctx, "UPDATE tenants SET name = ?, police_area = ?, population = ?, measure_types = ? WHERE id = ?",
			t.Name, t.PoliceArea, t.Population, string(types), id); err != nil {
			return fmt.Errorf("sqlstore: update tenant: %w", err)
		}
		out = &t
		return appendAudit(ctx, tx, &app.AuditEntry{TenantID: &id, Action: "tenant.update", Entity: "tenant", EntityID: t.Slug}, before, &t)
	})
	return out, err
}
