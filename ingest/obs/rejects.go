package obs

import (
	"sort"
	"strconv"

	"github.com/envdisclose/envdisclose/store"
)

// MaxRejectRecords caps the reject records kept per file; beyond it only
// the counts per reason are kept (and one record says how many were left
// out), so a file of garbage cannot flood the rejects ledger.
const MaxRejectRecords = 10000

// Rejects collects the refused rows and values of one file.
type Rejects struct {
	list    []store.Reject
	counts  map[string]int64
	dropped int64
	// Units is the number of refused units (rows, or cells of the wide
	// layout, or station-hours of a refused column); it becomes the
	// ledger's rows_rejected.
	Units int64
}

// NewRejects returns an empty collector.
func NewRejects() *Rejects { return &Rejects{counts: map[string]int64{}} }

// Add records one reject. It does not count a unit: see Unit.
func (r *Rejects) Add(line int64, field, value, reason string) {
	r.counts[reason]++
	if len(r.list) >= MaxRejectRecords {
		r.dropped++
		return
	}
	if len(value) > 200 {
		value = value[:200]
	}
	r.list = append(r.list, store.Reject{Line: line, Field: field, Value: value, Reason: reason})
}

// Unit counts n refused units.
func (r *Rejects) Unit(n int64) { r.Units += n }

// Len is the number of rejects added (including those not kept).
func (r *Rejects) Len() int64 { return int64(len(r.list)) + r.dropped }

// Records returns the reject records for the ledger.
func (r *Rejects) Records() []store.Reject {
	if r.dropped == 0 {
		return r.list
	}
	out := append([]store.Reject(nil), r.list...)
	return append(out, store.Reject{Value: strconv.FormatInt(r.dropped, 10), Reason: ReasonTruncated})
}

// ReasonCount is the number of rejects with one reason.
type ReasonCount struct {
	Reason string `json:"reason"`
	Count  int64  `json:"count"`
}

// Top returns the n most frequent reasons, most frequent first (ties by
// reason text).
func (r *Rejects) Top(n int) []ReasonCount {
	out := make([]ReasonCount, 0, len(r.counts))
	for k, v := range r.counts {
		out = append(out, ReasonCount{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Reason < out[j].Reason
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// FileError refuses a whole file (structurally broken or unrecognised).
type FileError struct {
	Reason string
	Field  string
	Value  string
	Line   int64
}

func (e *FileError) Error() string {
	s := e.Reason
	if e.Line > 0 {
		s = "line " + strconv.FormatInt(e.Line, 10) + ": " + s
	}
	if e.Field != "" {
		s += " " + strconv.Quote(e.Field)
	}
	if e.Value != "" {
		s += ": " + e.Value
	}
	return s
}
