package server

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/config"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// TestDeadlineJobWarns runs the deadlines job once: with the default
// policies on 2025-10-18, the September bulletins (due Tuesday 2025-10-21,
// 10 working days after the National Day holiday) are 3 days away with no
// release, so both monthly products are warned about; the quarterly
// bulletin of 2025Q3 (15 working days: 2025-10-28) is not yet within 3 days.
func TestDeadlineJobWarns(t *testing.T) {
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	st, err := store.Open(context.Background(), t.TempDir(), store.Options{SQL: fsys, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := config.Default()
	cfg.Schedules = config.Schedules{}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 10, 18, 9, 0, 0, 0, store.CST)
	s, err := New(st, cfg, Options{Log: log, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Scheduler().RunNow(context.Background(), JobDeadlines, "manual"); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	for _, want := range []string{"product=air-monthly period=2025-09 deadline=2025-10-21 days_left=3",
		"product=water-monthly period=2025-09 deadline=2025-10-21 days_left=3"} {
		if !strings.Contains(out, want) {
			t.Errorf("no warning %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "product=quarterly") {
		t.Errorf("quarterly warned too early:\n%s", out)
	}
}
