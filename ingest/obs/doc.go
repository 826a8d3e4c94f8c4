// Package obs holds what the format decoders of package ingest share: the
// columnar batch of hourly air observations, the rejects collector with its
// stable reason wording, the physical-range limits, the station registry
// view and fast number and time parsing.
package obs
