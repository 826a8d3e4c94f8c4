package obs

// Reject reasons. The wording is stable (the rejects ledger is queried and
// counted by it): variable details go into the reject's value, never into
// the reason.
const (
	// Whole-file reasons.
	ReasonEmpty          = "empty file"
	ReasonNoRows         = "no data rows"
	ReasonBinary         = "binary content, not CSV, Parquet or Arrow IPC"
	ReasonEncoding       = "text is neither valid UTF-8 nor valid GB18030"
	ReasonMixedEncoding  = "mixed text encodings (UTF-8 and GB18030 lines)"
	ReasonUnknownHeader  = "unrecognised header"
	ReasonMissingColumn  = "missing required column"
	ReasonDupColumn      = "duplicate column"
	ReasonParquet        = "unreadable Parquet file"
	ReasonArrow          = "unreadable Arrow IPC data"
	ReasonGzip           = "unreadable gzip data"
	ReasonTooLarge       = "decompressed size over the limit"
	ReasonColumnType     = "unsupported column type"
	ReasonRegistryAbsent = "the station registry is empty: ingest a station list first"

	// Row and value reasons.
	ReasonColumnCount     = "wrong column count"
	ReasonQuoting         = "malformed CSV quoting"
	ReasonNotNumber       = "not a number"
	ReasonNegative        = "negative value"
	ReasonRange           = "beyond physical range"
	ReasonAQIInteger      = "AQI not an integer"
	ReasonHourRange       = "hour outside 0-23"
	ReasonBadHour         = "bad hour"
	ReasonBadDate         = "bad date"
	ReasonBadTime         = "bad time"
	ReasonNotOnHour       = "time not on the hour"
	ReasonFuture          = "time in the future"
	ReasonUnknownStation  = "unknown station"
	ReasonUnknownStationR = "unknown station (the station registry is empty)"
	ReasonMissingStation  = "missing station code"
	ReasonDupStationHour  = "duplicate station-hour in file"
	ReasonUnknownType     = "unknown type"
	ReasonDupHourType     = "duplicate hour and type in file"
	ReasonDupStationCol   = "duplicate station column"
	ReasonNoStationCode   = "values in a column without a station code"
	ReasonDupStation      = "duplicate station code in file"
	ReasonMissingName     = "missing station name"
	ReasonControlFlag     = "control flag not Y or N"
	ReasonTooManyHours    = "too many hours in one file"
	ReasonTruncated       = "more rejects not listed"
)
