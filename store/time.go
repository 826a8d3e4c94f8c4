package store

import "time"

// CST is China Standard Time, UTC+08:00: the zone of every TIMESTAMP in the
// database (see sql/schema/001_core.sql). Asia/Shanghai has used this
// fixed offset since 1991, so a fixed zone avoids depending on tzdata.
var CST = time.FixedZone("CST", 8*3600)

// Wall returns t as a CST wall-clock time in a UTC-labelled time.Time, the
// form the DuckDB driver writes to a TIMESTAMP column unchanged.
func Wall(t time.Time) time.Time {
	t = t.In(CST)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// FromWall interprets a TIMESTAMP read from the database as CST.
func FromWall(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), CST)
}
