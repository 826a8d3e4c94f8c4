// Package release is the publication ledger of the periodic products
// (report.Document): every release of a product for a period gets a
// version, its files under DATA/releases/<product>/<period>/v<N>/ with a
// SHA-256 manifest, the ledger ids of its input files and the standard
// versions used. A product under review is released as a draft that only
// staff can see until `envdisclose approve PRODUCT PERIOD`; a correction of
// an already published period makes a new version with an erratum (勘误)
// listing every changed figure (old → new). Old versions stay on disk and
// in the archive page.
package release

import "time"

// Status of a version.
const (
	Draft  = "draft"  // built, waiting for review; staff only
	Public = "public" // approved (or automatic) and published
	// Internal is a final version that never goes on the portal: a 依申请公开
	// product (OnRequest) is released this way — staff hand its files
	// (Dir, verified by MANIFEST.sha256) to an applicant — and a 不予公开
	// product (Withheld) is kept on record only (it is never a draft and
	// cannot be approved).
	Internal = "internal"
	// Superseded is a draft replaced by a newer version before it was
	// approved; it is never published.
	Superseded = "superseded"
)

// Disclosure attributes (政府信息公开属性).
const (
	Active    = "主动公开"  // published proactively
	OnRequest = "依申请公开" // disclosed on request only
	Withheld  = "不予公开"  // not disclosed
)

// Publication is one version of a product for a period.
type Publication struct {
	Product     string
	Period      string
	Version     int
	Status      string // Draft, Public, Internal or Superseded
	Disclosure  string // Active, OnRequest, Withheld
	BuiltAt     time.Time
	PublishedAt time.Time // zero while a draft
	ApprovedBy  string    // "" for automatic products
	Deadline    time.Time // zero when the product has no deadline rule
	OnTime      bool      // first release (Public, or Internal for 依申请公开) on or before the deadline day
	Dir         string    // absolute path of the version's files
	Files       []File    // every file of the version (manifest order)
	Errata      []Erratum // figures changed against the previous version
	Standards   []string
	InputFiles  []int64

	// Added with the ledger (release.Stage):
	ReleasedAt   time.Time // when the version became final (Public or Internal); zero otherwise
	ApprovedAt   time.Time // when it was approved; zero for automatic products
	DeadlineRule string    // the configured rule, e.g. "10 working days"
	// CalendarFallback: the deadline was counted Monday–Friday because the
	// working-day calendar does not cover its year.
	CalendarFallback bool
	ManifestSHA256   string // sha256 of Dir/MANIFEST.sha256
}

// File of a release with its hash.
type File struct {
	Name   string // relative to Dir
	Size   int64
	SHA256 string // hex
}

// Erratum is one changed figure between two versions.
type Erratum struct {
	Table  string // report.Table.ID
	Row    string // the row key values joined with " / "
	Column string // report.Column.Key
	Label  string // Chinese "<table title> · <row> · <column header>"
	Old    string // formatted old value ("—" when missing)
	New    string // formatted new value
}
