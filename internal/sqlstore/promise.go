package sqlstore

import (
	"context"
	"fmt"

	"github.com/trygg-se/trygg/internal/app"
)

// PromiseService implements app.PromiseService.
type PromiseService struct{ db *DB }

// NewPromiseService returns a PromiseService on db.
func NewPromiseService(db *DB) *PromiseService { return &PromiseService{db: db} }

var _ app.PromiseService = (*PromiseService)(nil)

// FindPromises returns a tenant's promises, newest validity first, with
// focus areas, commitments and priority districts attached.
func (s *PromiseService) FindPromises(ctx context.Context, tenantID int64) ([]*app.Promise, error) {
	rows, err := s.db.query(ctx, `SELECT id, tenant_id, slug, title, parties, signatories, valid_from, valid_to,
		background, goal, follow_up, follow_ups_per_year, council, status
		FROM promises WHERE tenant_id = ? ORDER BY valid_from DESC, id`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find promises: %w", err)
	}
	var out []*app.Promise
	byID := map[int64]*app.Promise{}
	for rows.Next() {
		var p app.Promise
		if err := rows.Scan(&p.ID, &p.TenantID, &p.Slug, &p.Title, jsonCol{&p.Parties}, jsonCol{&p.Signatories},
			dateCol{&p.ValidFrom}, dateCol{&p.ValidTo}, &p.Background, &p.Goal, &p.FollowUp, &p.FollowUpsPerYear,
			&p.Council, &p.Status); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlstore: find promises: %w", err)
		}
		out = append(out, &p)
		byID[p.ID] = &p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: find promises: %w", err)
	}
	if err := s.attach(ctx, tenantID, byID); err != nil {
		return nil, err
	}
	return out, nil
}

// attach loads the children of the promises in byID with one query per
// kind, not one per promise.
func (s *PromiseService) attach(ctx context.Context, tenantID int64, byID map[int64]*app.Promise) error {
	if len(byID) == 0 {
		return nil
	}
	err := s.each(ctx, `SELECT f.promise_id, f.id, f.key, f.name, f.name_en, f.description FROM focus_areas f
		JOIN promises p ON p.id = f.promise_id WHERE p.tenant_id = ? ORDER BY f.promise_id, f.position`, tenantID,
		func(scan func(...any) error) error {
			var pid int64
			var f app.FocusArea
			if err := scan(&pid, &f.ID, &f.Key, &f.Name, &f.NameEn, &f.Description); err != nil {
				return err
			}
			byID[pid].FocusAreas = append(byID[pid].FocusAreas, &f)
			return nil
		})
	if err != nil {
		return fmt.Errorf("sqlstore: focus areas: %w", err)
	}
	err = s.each(ctx, `SELECT c.promise_id, c.id, c.party, c.text, c.examples FROM commitments c
		JOIN promises p ON p.id = c.promise_id WHERE p.tenant_id = ? ORDER BY c.promise_id, c.position`, tenantID,
		func(scan func(...any) error) error {
			var pid int64
			var c app.Commitment
			if err := scan(&pid, &c.ID, &c.Party, &c.Text, jsonCol{&c.Examples}); err != nil {
				return err
			}
			byID[pid].Commitments = append(byID[pid].Commitments, &c)
			return nil
		})
	if err != nil {
		return fmt.Errorf("sqlstore: commitments: %w", err)
	}
	err = s.each(ctx, `SELECT pd.promise_id, d.key FROM promise_districts pd
		JOIN districts d ON d.id = pd.district_id WHERE d.tenant_id = ? ORDER BY pd.promise_id, d.name`, tenantID,
		func(scan func(...any) error) error {
			var pid int64
			var key string
			if err := scan(&pid, &key); err != nil {
				return err
			}
			byID[pid].PriorityDistricts = append(byID[pid].PriorityDistricts, key)
			return nil
		})
	if err != nil {
		return fmt.Errorf("sqlstore: priority districts: %w", err)
	}
	return nil
}

// each runs q and calls fn for every row.
func (s *PromiseService) each(ctx context.Context, q string, arg any, fn func(scan func(...any) error) error) error {
	rows, err := s.db.query(ctx, q, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

func createPromise(ctx context.Context, tx *Tx, p *app.Promise, districtIDs map[string]int64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	var err error
	p.ID, err = tx.insert(ctx, `INSERT INTO promises (tenant_id, agreement_id, slug, title, parties, signatories,
		valid_from, valid_to, background, goal, follow_up, follow_ups_per_year, council, status)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.TenantID, nullID(p.AgreementID), p.Slug, p.Title, mustJSON(p.Parties), mustJSON(p.Signatories),
		dateArg(p.ValidFrom), dateArg(p.ValidTo), p.Background, p.Goal, p.FollowUp, p.FollowUpsPerYear, p.Council, p.Status)
	if err != nil {
		return fmt.Errorf("sqlstore: create promise %q: %w", p.Slug, err)
	}
	for i, f := range p.FocusAreas {
		if f.ID, err = tx.insert(ctx, `INSERT INTO focus_areas (promise_id, key, name, name_en, description, position)
			VALUES (?, ?, ?, ?, ?, ?)`, p.ID, f.Key, f.Name, f.NameEn, f.Description, i); err != nil {
			return fmt.Errorf("sqlstore: create focus area %q: %w", f.Key, err)
		}
	}
	for i, c := range p.Commitments {
		if c.ID, err = tx.insert(ctx, `INSERT INTO commitments (promise_id, party, text, examples, position)
			VALUES (?, ?, ?, ?, ?)`, p.ID, c.Party, c.Text, mustJSON(c.Examples), i); err != nil {
			return fmt.Errorf("sqlstore: create commitment: %w", err)
		}
	}
	for _, key := range p.PriorityDistricts {
		id, ok := districtIDs[key]
		if !ok {
			return app.Errorf(app.EINVALID, "Prioriterat område %q finns inte bland kommunens områden.", key)
		}
		if _, err := tx.exec(ctx, "INSERT INTO promise_districts (promise_id, district_id) VALUES (?, ?)", p.ID, id); err != nil {
			return fmt.Errorf("sqlstore: priority district %q: %w", key, err)
		}
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
