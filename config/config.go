// Package config reads the one configuration file of `envdisclose serve`
// (TOML). Every key has a default, so an empty file is a working
// configuration; envdisclose.example.toml documents each key.
package config

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is the whole configuration.
type Config struct {
	DataDir     string `toml:"data_dir"`
	Listen      string `toml:"listen"`
	TimeZone    string `toml:"time_zone"`
	RegionLevel string `toml:"region_level"`

	Log       Log       `toml:"log"`
	Publish   Publish   `toml:"publish"`
	Schedules Schedules `toml:"schedules"`
	Sources   []Source  `toml:"sources"`
	Stations  []Token   `toml:"stations"`
	Staff     []Token   `toml:"staff"`
	Push      Push      `toml:"push"`
	HJ212     HJ212     `toml:"hj212"`

	// Bureau is the issuing bureau printed on the bulletins (report.Document.Bureau).
	Bureau string `toml:"bureau"`
	// Products are the release policies of the periodic products; a
	// catalogue product not listed gets its default (DefaultProducts).
	Products  []Product `toml:"products"`
	Deadlines Deadlines `toml:"deadlines"`

	loc *time.Location
}

// Log configures log/slog.
type Log struct {
	Level  string `toml:"level"`  // debug, info, warn, error
	Format string `toml:"format"` // text, json
}

// Publish configures what is published and where.
type Publish struct {
	Folder string   `toml:"folder"` // also mirror each build here ("" = no)
	Hook   []string `toml:"hook"`   // command (argv) run after each successful publish
}

// Schedules are cron expressions (5 or 6 fields, CRON_TZ= allowed).
type Schedules struct {
	Ingest    string `toml:"ingest"`    // ingest the inbox
	Transform string `toml:"transform"` // recompute touched periods and republish
	Realtime  string `toml:"realtime"`  // republish real-time pages
	Monthly   string `toml:"monthly"`   // monthly products
	Quarterly string `toml:"quarterly"` // quarterly products
}

// Source is a pull source: an HTTP URL template or a drop folder.
type Source struct {
	Name         string   `toml:"name"`
	Kind         string   `toml:"kind"`          // http, folder
	URL          string   `toml:"url"`           // http: template with {yyyymmdd}, {yyyy}, {mm}, {dd}, {hh}
	Path         string   `toml:"path"`          // folder: watched directory
	Archive      string   `toml:"archive"`       // folder: where ingested files move ("" = <path>/archive)
	Schedule     string   `toml:"schedule"`      // cron expression
	Timeout      Duration `toml:"timeout"`       // per request
	Retries      int      `toml:"retries"`       // after the first attempt
	LookbackDays int      `toml:"lookback_days"` // http: also fetch this many earlier periods (corrections)
}

// Token is a credential: only its SHA-256 is stored.
type Token struct {
	Name        string `toml:"name"`         // staff member, or the station code
	Code        string `toml:"code"`         // station code (stations only)
	TokenSHA256 string `toml:"token_sha256"` // hex sha256 of the token
}

// Push limits the station push API.
type Push struct {
	MaxBytes      int64   `toml:"max_bytes"`       // body size limit
	RatePerMinute float64 `toml:"rate_per_minute"` // per station
}

// HJ212 configures the HJ 212 TCP listener for online monitoring devices.
type HJ212 struct {
	Listen          string   `toml:"listen"`            // TCP address, e.g. ":9212"; "" = off
	MaxConnections  int      `toml:"max_connections"`   // concurrent device connections; more wait in the accept queue
	IdleTimeout     Duration `toml:"idle_timeout"`      // a connection silent this long is closed
	BatchInterval   Duration `toml:"batch_interval"`    // good messages of a connection are landed together at most this often
	BatchMessages   int      `toml:"batch_messages"`    // ... or when this many have arrived
	MaxMessageBytes int      `toml:"max_message_bytes"` // largest data segment accepted (the standard says 1024)
}

// Disclosure attributes of a product (政府信息公开属性); the same strings as
// release.Active, release.OnRequest and release.Withheld.
const (
	DisclosureActive    = "主动公开"
	DisclosureOnRequest = "依申请公开"
	DisclosureWithheld  = "不予公开"
)

// ProductNames is the catalogue of periodic products (report.AirMonthly,
// report.WaterMonthly, report.Quarterly; a test in release checks they agree).
var productNames = []string{"air-monthly", "water-monthly", "quarterly"}

// Product is the release policy of one periodic product.
type Product struct {
	Name       string `toml:"name"`       // air-monthly, water-monthly, quarterly
	Disclosure string `toml:"disclosure"` // 主动公开 | 依申请公开 | 不予公开
	Review     bool   `toml:"review"`     // true: released as a draft until `envdisclose approve`
	// Deadline is "N working days" or "N days" after the last day of the
	// period ("" = no deadline). Working days follow the State Council
	// holiday notices (sql/standards/calendar).
	Deadline string `toml:"deadline"`
}

// Deadlines configures the deadline warning job.
type Deadlines struct {
	Schedule string `toml:"schedule"`  // cron expression of the check ("" = manual only)
	WarnDays int    `toml:"warn_days"` // warn when a deadline is this many days away or less without a release
}

// DeadlineRule is a parsed Product.Deadline.
type DeadlineRule struct {
	Days    int  // N
	Working bool // N working days (else calendar days)
}

var deadlineRe = regexp.MustCompile(`^\s*([0-9]{1,3})\s+(working\s+)?days?\s*$`)

// ParseDeadline parses "N working days" / "N days" ("1 working day" too).
// The empty rule gives ok = false.
func ParseDeadline(s string) (r DeadlineRule, ok bool, err error) {
	if strings.TrimSpace(s) == "" {
		return r, false, nil
	}
	m := deadlineRe.FindStringSubmatch(strings.ToLower(s))
	if m == nil {
		return r, false, fmt.Errorf("deadline %q: want \"N working days\" or \"N days\" (after the end of the period)", s)
	}
	fmt.Sscan(m[1], &r.Days)
	if r.Days < 1 {
		return r, false, fmt.Errorf("deadline %q: N must be at least 1", s)
	}
	r.Working = m[2] != ""
	return r, true, nil
}

// DefaultProducts are the policies of the catalogue products when the
// configuration does not list them.
func DefaultProducts() []Product {
	return []Product{
		{Name: "air-monthly", Disclosure: DisclosureActive, Review: false, Deadline: "10 working days"},
		{Name: "water-monthly", Disclosure: DisclosureActive, Review: true, Deadline: "10 working days"},
		{Name: "quarterly", Disclosure: DisclosureActive, Review: true, Deadline: "15 working days"},
	}
}

// Product returns the policy of a product by name (after Validate every
// catalogue product has one).
func (c *Config) Product(name string) (Product, bool) {
	for _, p := range c.Products {
		if p.Name == name {
			return p, true
		}
	}
	return Product{}, false
}

// Duration is a time.Duration read from a TOML string such as "30s".
type Duration struct{ time.Duration }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("duration %q: %w", b, err)
	}
	d.Duration = v
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Default returns the configuration used when a key is absent.
func Default() Config {
	return Config{
		DataDir:     "./data",
		Listen:      "127.0.0.1:8080",
		TimeZone:    "Asia/Shanghai",
		RegionLevel: "city",
		Log:         Log{Level: "info", Format: "text"},
		Schedules: Schedules{
			Ingest:    "* * * * *",
			Transform: "2 * * * *",
			Realtime:  "5 * * * *",
			Monthly:   "0 9 3 * *",
			Quarterly: "0 9 10 1,4,7,10 *",
		},
		Push: Push{MaxBytes: 32 << 20, RatePerMinute: 60},
		HJ212: HJ212{
			MaxConnections:  256,
			IdleTimeout:     Duration{10 * time.Minute},
			BatchInterval:   Duration{2 * time.Second},
			BatchMessages:   500,
			MaxMessageBytes: 4096,
		},
		Products:  DefaultProducts(),
		Deadlines: Deadlines{Schedule: "0 9 * * *", WarnDays: 3},
	}
}

// Load reads a TOML file over the defaults and validates it.
func Load(path string) (Config, error) {
	c := Default()
	// Listed products replace the defaults entry by entry (the decoder would
	// otherwise write into the default entries); Validate adds the rest.
	c.Products = nil
	b, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("config: %w", err)
	}
	md, err := toml.Decode(string(b), &c)
	if err != nil {
		return c, fmt.Errorf("config %s: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return c, fmt.Errorf("config %s: unknown keys: %s", path, strings.Join(keys, ", "))
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

var (
	hexSHA256  = regexp.MustCompile(`^[0-9a-f]{64}$`)
	sourceName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
)

// Validate checks the values and fills per-source defaults.
func (c *Config) Validate() error {
	var errs []error
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		errs = append(errs, fmt.Errorf("time_zone %q: %w", c.TimeZone, err))
	}
	c.loc = loc
	switch c.RegionLevel {
	case "county", "city", "province":
	default:
		errs = append(errs, fmt.Errorf("region_level %q: use county, city or province", c.RegionLevel))
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log.level %q: use debug, info, warn or error", c.Log.Level))
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		errs = append(errs, fmt.Errorf("log.format %q: use text or json", c.Log.Format))
	}
	seen := map[string]bool{}
	for i := range c.Sources {
		s := &c.Sources[i]
		where := fmt.Sprintf("sources[%d] (%s)", i, s.Name)
		if !sourceName.MatchString(s.Name) {
			errs = append(errs, fmt.Errorf("%s: name must be lower-case letters, digits, - or _", where))
		}
		if seen[s.Name] {
			errs = append(errs, fmt.Errorf("%s: duplicate name", where))
		}
		seen[s.Name] = true
		switch s.Kind {
		case "http":
			if !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") {
				errs = append(errs, fmt.Errorf("%s: url must start with http:// or https://", where))
			}
		case "folder":
			if s.Path == "" {
				errs = append(errs, fmt.Errorf("%s: path is required for a folder source", where))
			}
		default:
			errs = append(errs, fmt.Errorf("%s: kind %q: use http or folder", where, s.Kind))
		}
		if s.Schedule == "" {
			s.Schedule = "*/10 * * * *"
		}
		if s.Timeout.Duration == 0 {
			s.Timeout.Duration = 30 * time.Second
		}
		if s.Retries == 0 {
			s.Retries = 3
		}
	}
	for i, t := range c.Stations {
		if t.Code == "" {
			errs = append(errs, fmt.Errorf("stations[%d]: code is required", i))
		}
		if !hexSHA256.MatchString(t.TokenSHA256) {
			errs = append(errs, fmt.Errorf("stations[%d] (%s): token_sha256 must be 64 lower-case hex digits", i, t.Code))
		}
	}
	for i, t := range c.Staff {
		if !hexSHA256.MatchString(t.TokenSHA256) {
			errs = append(errs, fmt.Errorf("staff[%d] (%s): token_sha256 must be 64 lower-case hex digits", i, t.Name))
		}
	}
	h := &c.HJ212
	if h.MaxConnections == 0 {
		h.MaxConnections = 256
	}
	if h.IdleTimeout.Duration == 0 {
		h.IdleTimeout.Duration = 10 * time.Minute
	}
	if h.BatchInterval.Duration == 0 {
		h.BatchInterval.Duration = 2 * time.Second
	}
	if h.BatchMessages == 0 {
		h.BatchMessages = 500
	}
	if h.MaxMessageBytes == 0 {
		h.MaxMessageBytes = 4096
	}
	if h.MaxConnections < 0 || h.IdleTimeout.Duration < 0 || h.BatchInterval.Duration < 0 || h.BatchMessages < 0 {
		errs = append(errs, errors.New("hj212: max_connections, idle_timeout, batch_interval and batch_messages must be positive"))
	}
	if h.MaxMessageBytes < 0 || h.MaxMessageBytes > 9999 {
		errs = append(errs, errors.New("hj212.max_message_bytes must be 1..9999 (the 4-digit length field)"))
	}
	if c.Push.MaxBytes <= 0 {
		errs = append(errs, errors.New("push.max_bytes must be positive"))
	}
	errs = append(errs, c.validateProducts()...)
	return errors.Join(errs...)
}

// Location is the configured time zone (valid after Validate).
func (c *Config) Location() *time.Location {
	if c.loc == nil {
		return time.UTC
	}
	return c.loc
}

// validateProducts checks the [[products]] policies and adds the default
// policy of every catalogue product that is not listed.
func (c *Config) validateProducts() []error {
	var errs []error
	seen := map[string]bool{}
	for i := range c.Products {
		p := &c.Products[i]
		where := fmt.Sprintf("products[%d] (%s)", i, p.Name)
		known := false
		for _, n := range productNames {
			known = known || n == p.Name
		}
		if !known {
			errs = append(errs, fmt.Errorf("%s: unknown product; use one of %s", where, strings.Join(productNames, ", ")))
		}
		if seen[p.Name] {
			errs = append(errs, fmt.Errorf("%s: duplicate product", where))
		}
		seen[p.Name] = true
		switch p.Disclosure {
		case "":
			p.Disclosure = DisclosureActive
		case DisclosureActive, DisclosureOnRequest, DisclosureWithheld:
		default:
			errs = append(errs, fmt.Errorf("%s: disclosure %q: use %s, %s or %s", where, p.Disclosure,
				DisclosureActive, DisclosureOnRequest, DisclosureWithheld))
		}
		if _, _, err := ParseDeadline(p.Deadline); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
		}
	}
	for _, d := range DefaultProducts() {
		if !seen[d.Name] {
			c.Products = append(c.Products, d)
		}
	}
	if c.Deadlines.WarnDays == 0 {
		c.Deadlines.WarnDays = 3
	}
	if c.Deadlines.WarnDays < 0 {
		errs = append(errs, errors.New("deadlines.warn_days must be positive"))
	}
	return errs
}
