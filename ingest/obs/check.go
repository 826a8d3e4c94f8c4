package obs

import "time"

// Registry is the set of station codes known to the station table (any
// version: historic data of a closed station is still valid).
type Registry struct {
	codes map[string]struct{}
	only  string // when set, only this code is accepted (a station pushing its own data)
}

// NewRegistry returns a registry holding codes.
func NewRegistry(codes []string) *Registry {
	r := &Registry{codes: make(map[string]struct{}, len(codes))}
	for _, c := range codes {
		r.codes[c] = struct{}{}
	}
	return r
}

// Known reports whether code is a registered station (and, for a
// registry restricted with Only, the allowed one).
func (r *Registry) Known(code string) bool {
	if r.only != "" && code != r.only {
		return false
	}
	_, ok := r.codes[code]
	return ok
}

// Only returns the registry restricted to one station code: the rows of
// any other station are refused (a station may push only its own data).
func (r *Registry) Only(code string) *Registry {
	return &Registry{codes: r.codes, only: code}
}

// Empty reports whether no station is registered.
func (r *Registry) Empty() bool { return len(r.codes) == 0 }

// UnknownReason is the reason for a code that is not Known: it says when
// the registry is empty.
func (r *Registry) UnknownReason() string {
	if r.only != "" {
		return ReasonOtherStation
	}
	if r.Empty() {
		return ReasonUnknownStationR
	}
	return ReasonUnknownStation
}

// Check is what a decoder validates rows against.
type Check struct {
	Registry *Registry
	Limits   *Limits
	// NowMicros is the current CST wall clock as Batch microseconds: rows
	// labelled later are "in the future".
	NowMicros int64
}

// NewCheck builds a Check for the instant now.
func NewCheck(reg *Registry, lim *Limits, now time.Time) Check {
	n := now.In(time.FixedZone("CST", 8*3600))
	wall := time.Date(n.Year(), n.Month(), n.Day(), n.Hour(), n.Minute(), n.Second(), 0, time.UTC)
	return Check{Registry: reg, Limits: lim, NowMicros: wall.UnixMicro()}
}
