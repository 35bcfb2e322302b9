package demo

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/trygg-se/trygg/internal/app"
	"github.com/trygg-se/trygg/internal/importer"
	"github.com/trygg-se/trygg/internal/importer/polisen"
)

// The real police notices about Katrineholm published 2023–2025, and their
// body texts (dnouri/polisen-se-events-history; see shared/data/SOURCES.md).
var (
	//go:embed data/katrineholm_events.json
	noticesJSON []byte
	//go:embed data/katrineholm_event_texts.json
	noticeTextsJSON []byte
)

// policeNotices imports the real notices exactly as `trygg import police`
// would: the same parser, classes, gazetteer and darkness.
func policeNotices(ds []*app.District, g app.Gazetteer) ([]*app.Incident, error) {
	notices, err := polisen.Parse(bytes.NewReader(noticesJSON))
	if err != nil {
		return nil, fmt.Errorf("demo: police notices: %w", err)
	}
	texts, err := polisen.ParseTexts(bytes.NewReader(noticeTextsJSON))
	if err != nil {
		return nil, fmt.Errorf("demo: police texts: %w", err)
	}
	for i := range notices {
		if b, ok := texts[notices[i].ID]; ok {
			notices[i].AttachBody(b)
		}
	}
	en, err := importer.NewEnricher(ds, &g, importer.PlaceOf(ds))
	if err != nil {
		return nil, err
	}
	return importer.PoliceIncidents(notices, "Katrineholm", en, polisen.DefaultClasses()).Incidents, nil
}
