package long

import (
	"strings"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

// DecodeCSV parses the long layout from UTF-8 CSV text (header on line 1).
func DecodeCSV(text []byte, chk obs.Check) (*obs.Batch, *obs.Rejects, error) {
	var d *rowDecoder
	var ferr error
	fields := make([][]byte, 0, 16)
	obs.Lines(text, func(n int64, line []byte) bool {
		var ok bool
		fields, ok = obs.SplitCSV(line, fields)
		if n == 1 {
			if !ok {
				ferr = &obs.FileError{Reason: obs.ReasonQuoting, Line: 1}
				return false
			}
			names := make([]string, len(fields))
			for i, f := range fields {
				names[i] = strings.TrimSpace(string(f))
			}
			l, err := ParseHeader(names)
			if err != nil {
				ferr = err
				return false
			}
			d = newRowDecoder(l, chk)
			return true
		}
		if len(line) == 0 {
			return true
		}
		if !ok {
			d.rows++
			d.rj.Add(n, "", string(line[:min(len(line), 80)]), obs.ReasonQuoting)
			d.rj.Unit(1)
			return true
		}
		d.row(n, fields)
		return true
	})
	if ferr != nil {
		return nil, nil, ferr
	}
	if d == nil {
		return nil, nil, &obs.FileError{Reason: obs.ReasonEmpty}
	}
	return d.finish()
}
