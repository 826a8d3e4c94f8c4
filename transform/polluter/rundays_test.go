package polluter

import (
	"context"
	"testing"
	"time"
)

// TestRunDaySelection: the days a run recomputes for each way of selecting
// them (sql/transform/polluters/run_days_*.sql), on the fixture's data days
// 1, 2, 3 and 5 March 2026.
func TestRunDaySelection(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	mar := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }

	// Nothing stored yet: an open range has no end.
	for _, o := range []Options{{From: mar(2)}, {To: mar(2)}} {
		rep, err := Run(ctx, st, o)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Days != 0 {
			t.Errorf("no data, %v..%v: %d days, want 0", o.From, o.To, rep.Days)
		}
	}

	fixture(t, st)
	landRows(t, st, "days.csv", fixtureValues())
	cases := []struct {
		name string
		opt  Options
		days int
	}{
		{"from and to", Options{From: mar(2), To: mar(3)}, 2},
		// Landing marked the data days; the range run consumed 2 and 3.
		{"dirty", Options{}, 2},
		{"dirty, consumed", Options{}, 0},
		{"from only: to the last data day", Options{From: mar(3)}, 3},
		{"to only: from the first data day", Options{To: mar(2)}, 2},
		{"from after the last data day", Options{From: mar(10)}, 0},
		{"reversed", Options{From: mar(4), To: mar(2)}, 0},
		{"full: the data days", Options{Full: true}, 4},
	}
	for _, c := range cases {
		rep, err := Run(ctx, st, c.opt)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if rep.Days != c.days {
			t.Errorf("%s: %d days, want %d", c.name, rep.Days, c.days)
		}
	}
}
