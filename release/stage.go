package release

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/internal/atomicfile"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/report"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// File names inside a version directory.
const (
	DocumentFile = "document.json"   // the Document (encoding/json)
	ManifestFile = "MANIFEST.sha256" // `sha256sum -c MANIFEST.sha256` verifies the others
)

// Dir is where the versions live: DATA/releases/<product>/<period>/v<N>/.
func Dir(st *store.Store) string { return filepath.Join(st.Dir, "releases") }

// Artifact writes one kind of download of a document (XLSX, CSV, Parquet,
// JSON: the report package's writers) into dir and returns the names of
// the files it wrote, relative to dir.
type Artifact interface {
	Write(dir string, doc *report.Document) ([]string, error)
}

// Options configure Stage.
type Options struct {
	// Policy is the product's release policy (config.Config.Product); its
	// zero value is an automatic 主动公开 product without a deadline.
	Policy    config.Product
	Artifacts []Artifact
	Now       time.Time    // staging (and, for automatic products, publication) time; zero = st.Clock()
	Log       *slog.Logger // nil = st.Log
}

// Stage records doc as a new version of its product-period unless the
// newest version has the same figures (the canonical JSON of the document
// without BuiltAt), in which case it returns that version and created =
// false. A new version N is written into DATA/releases/<product>/<period>/
// v<N>/ (document.json, the artifacts, MANIFEST.sha256) through a temp dir
// that is synced and renamed in place, and recorded in the database with
// its files, its deadline and, when an earlier version was released, the
// errata against the newest released one. Its status follows the policy:
// Public (主动公开 without review), Draft (review), Internal (依申请公开
// without review, 不予公开 always); older drafts become Superseded.
func Stage(ctx context.Context, st *store.Store, doc *report.Document, opt Options) (pub Publication, created bool, err error) {
	if doc == nil {
		return pub, false, errors.New("release: no document")
	}
	if opt.Log == nil {
		opt.Log = st.Log
	}
	if opt.Now.IsZero() {
		opt.Now = st.Clock()
	}
	now := opt.Now.In(store.CST)
	product, period := doc.Product, doc.Period
	what := product + " " + period
	if opt.Policy.Name != "" && opt.Policy.Name != product {
		return pub, false, fmt.Errorf("release %s: the policy given is for %s", what, opt.Policy.Name)
	}
	end, err := PeriodEnd(product, period)
	if err != nil {
		return pub, false, fmt.Errorf("release %s: %w", what, err)
	}
	if strings.ContainsAny(period, `/\.`) {
		return pub, false, fmt.Errorf("release %s: bad period", what)
	}
	disclosure := opt.Policy.Disclosure
	if disclosure == "" {
		disclosure = Active
	}
	canon, err := canonical(doc)
	if err != nil {
		return pub, false, fmt.Errorf("release %s: %w", what, err)
	}
	figures := sha256Hex(canon)

	// Same figures as the newest version: nothing new.
	var newest int
	var newestStatus, newestFigures string
	err = queryRow(ctx, st, "release/newest.sql", []any{product, period}, &newest, &newestStatus, &newestFigures)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		newest = 0
	case err != nil:
		return pub, false, fmt.Errorf("release %s: %w", what, err)
	case newestFigures == figures:
		p, err := get(ctx, st, product, period, newest)
		return p, false, err
	}
	version := newest + 1

	// Errata against the newest released version.
	var errata []Erratum
	var base sql.NullInt64
	var baseDir string
	err = queryRow(ctx, st, "release/errata_base.sql", []any{product, period}, &base, &baseDir)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return pub, false, fmt.Errorf("release %s: %w", what, err)
	}
	if base.Valid {
		old, err := ReadDocument(baseDir)
		if err != nil {
			return pub, false, fmt.Errorf("release %s: errata against v%d: %w", what, base.Int64, err)
		}
		errata = Errata(old, doc)
	}

	status := Public
	switch {
	case disclosure == Withheld:
		status = Internal
	case opt.Policy.Review:
		status = Draft
	case disclosure == OnRequest:
		status = Internal
	}

	// Deadline (not for a product that is never disclosed).
	var deadline any
	var rule any
	fallback := false
	if r, ok, err := config.ParseDeadline(opt.Policy.Deadline); err != nil {
		return pub, false, fmt.Errorf("release %s: %w", what, err)
	} else if ok && disclosure != Withheld {
		cal, err := LoadCalendar(st.SQL)
		if err != nil {
			return pub, false, fmt.Errorf("release %s: %w", what, err)
		}
		due, fb := cal.Due(end, r)
		if fb {
			opt.Log.Warn("deadline counted Monday-Friday: the working-day calendar does not cover these years",
				"product", product, "period", period, "deadline", due.Format(time.DateOnly), "calendar", CalendarFile)
		}
		deadline, rule, fallback = due.Format(time.DateOnly), opt.Policy.Deadline, fb
	}

	// Files: build in a temp dir next to the final one.
	parent := filepath.Join(Dir(st), product, period)
	final := filepath.Join(parent, fmt.Sprintf("v%d", version))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return pub, false, fmt.Errorf("release %s: %w", what, err)
	}
	tmp, err := os.MkdirTemp(parent, fmt.Sprintf(".tmp-v%d-", version))
	if err != nil {
		return pub, false, fmt.Errorf("release %s: %w", what, err)
	}
	renamed := false
	defer func() {
		if !renamed {
			_ = os.RemoveAll(tmp)
		}
	}()
	files, manifestSum, err := writeVersion(tmp, doc, opt.Artifacts)
	if err != nil {
		return pub, false, fmt.Errorf("release %s v%d: %w", what, version, err)
	}

	// Database rows, then the rename, then the commit.
	tx, err := st.DB.BeginTx(ctx, nil)
	if err != nil {
		return pub, false, err
	}
	defer func() { _ = tx.Rollback() }()
	var released, published any
	if status == Public || status == Internal {
		released = store.Wall(now)
	}
	if status == Public {
		published = store.Wall(now)
	}
	var errataBase any
	if base.Valid {
		errataBase = base.Int64
	}
	standards, _ := json.Marshal(nonNil(doc.Meta.Standards))
	inputs, _ := json.Marshal(nonNilInt(doc.Meta.InputFiles))
	absFinal, err := filepath.Abs(final)
	if err != nil {
		return pub, false, err
	}
	if err := execFile(ctx, st, tx, "release/insert.sql", product, period, version, status, disclosure,
		store.Wall(doc.BuiltAt), store.Wall(now), released, published, rule, deadline, fallback, absFinal,
		figures, manifestSum, string(standards), string(inputs), errataBase); err != nil {
		return pub, false, fmt.Errorf("release %s v%d: %w", what, version, err)
	}
	type fileRow struct {
		Seq    int    `json:"seq"`
		Name   string `json:"name"`
		Size   int64  `json:"size"`
		SHA256 string `json:"sha256"`
	}
	frows := make([]fileRow, len(files))
	for i, f := range files {
		frows[i] = fileRow{i + 1, f.Name, f.Size, f.SHA256}
	}
	fj, _ := json.Marshal(frows)
	if err := execFile(ctx, st, tx, "release/insert_files.sql", product, period, version, string(fj)); err != nil {
		return pub, false, fmt.Errorf("release %s v%d: files: %w", what, version, err)
	}
	if len(errata) > 0 {
		erows := make([]map[string]any, len(errata))
		for i, e := range errata {
			erows[i] = map[string]any{"seq": i + 1, "table": e.Table, "row": e.Row, "column": e.Column,
				"label": e.Label, "old": e.Old, "new": e.New}
		}
		ej, _ := json.Marshal(erows)
		if err := execFile(ctx, st, tx, "release/insert_errata.sql", product, period, version, string(ej)); err != nil {
			return pub, false, fmt.Errorf("release %s v%d: errata: %w", what, version, err)
		}
	}
	if err := execFile(ctx, st, tx, "release/supersede.sql", product, period, version); err != nil {
		return pub, false, fmt.Errorf("release %s v%d: %w", what, version, err)
	}
	// The database has no version N: a directory of that name is the
	// leftover of an interrupted earlier attempt.
	if _, err := os.Lstat(final); err == nil {
		if err := os.RemoveAll(final); err != nil {
			return pub, false, fmt.Errorf("release %s v%d: remove leftover %s: %w", what, version, final, err)
		}
	}
	if err := os.Rename(tmp, final); err != nil {
		return pub, false, fmt.Errorf("release %s v%d: %w", what, version, err)
	}
	renamed = true
	if err := atomicfile.Sync(parent); err != nil {
		_ = os.RemoveAll(final)
		return pub, false, fmt.Errorf("release %s v%d: %w", what, version, err)
	}
	if err := tx.Commit(); err != nil {
		_ = os.RemoveAll(final)
		return pub, false, fmt.Errorf("release %s v%d: commit: %w", what, version, err)
	}
	opt.Log.Info("release staged", "product", product, "period", period, "version", version,
		"status", status, "disclosure", disclosure, "files", len(files), "errata", len(errata))
	pub, err = get(ctx, st, product, period, version)
	return pub, err == nil, err
}

// canonical is the JSON of doc without its build time: equal figures give
// equal bytes (encoding/json writes struct fields in order).
func canonical(doc *report.Document) ([]byte, error) {
	c := *doc
	c.BuiltAt = time.Time{}
	b, err := json.Marshal(&c)
	if err != nil {
		return nil, fmt.Errorf("document as JSON: %w", err)
	}
	return b, nil
}

// ReadDocument reads the document.json of a version directory.
func ReadDocument(dir string) (*report.Document, error) {
	b, err := os.ReadFile(filepath.Join(dir, DocumentFile))
	if err != nil {
		return nil, err
	}
	var d report.Document
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, DocumentFile), err)
	}
	return &d, nil
}

// writeVersion writes document.json and the artifacts into dir, syncs every
// file, writes MANIFEST.sha256 and returns the files in manifest order and
// the manifest's own sha256.
func writeVersion(dir string, doc *report.Document, arts []Artifact) ([]File, string, error) {
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", DocumentFile, err)
	}
	if err := os.WriteFile(filepath.Join(dir, DocumentFile), append(b, '\n'), 0o644); err != nil {
		return nil, "", err
	}
	for i, a := range arts {
		names, err := a.Write(dir, doc)
		if err != nil {
			return nil, "", fmt.Errorf("artifact %d (%T): %w", i+1, a, err)
		}
		for _, n := range names {
			if !fs.ValidPath(filepath.ToSlash(n)) || n == ManifestFile {
				return nil, "", fmt.Errorf("artifact %d (%T): bad file name %q", i+1, a, n)
			}
			if fi, err := os.Lstat(filepath.Join(dir, n)); err != nil || !fi.Mode().IsRegular() {
				return nil, "", fmt.Errorf("artifact %d (%T): %s was not written as a regular file", i+1, a, n)
			}
		}
	}
	files, err := hashTree(dir)
	if err != nil {
		return nil, "", err
	}
	var m strings.Builder
	for _, f := range files {
		fmt.Fprintf(&m, "%s  %s\n", f.SHA256, f.Name)
	}
	mp := filepath.Join(dir, ManifestFile)
	if err := os.WriteFile(mp, []byte(m.String()), 0o644); err != nil {
		return nil, "", err
	}
	if err := atomicfile.Sync(mp); err != nil {
		return nil, "", err
	}
	if err := atomicfile.Sync(dir); err != nil {
		return nil, "", err
	}
	return files, sha256Hex([]byte(m.String())), nil
}

// hashTree hashes (and syncs) every regular file under dir but the
// manifest, sorted by slash-separated name.
func hashTree(dir string) ([]File, error) {
	var out []File
	err := filepath.WalkDir(dir, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if de.IsDir() {
			if p != dir {
				if err := atomicfile.Sync(p); err != nil {
					return err
				}
			}
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == ManifestFile {
			return nil
		}
		if !de.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file", rel)
		}
		f, err := HashFile(dir, rel)
		if err != nil {
			return err
		}
		out = append(out, f)
		return atomicfile.Sync(p)
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// HashFile returns the size and SHA-256 of the file name (slash-separated)
// in dir, as a File of a release.
func HashFile(dir, name string) (File, error) {
	full := filepath.Join(dir, filepath.FromSlash(name))
	f, err := os.Open(full)
	if err != nil {
		return File{}, fmt.Errorf("read %s: %w", full, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return File{}, fmt.Errorf("read %s: %w", full, err)
	}
	return File{Name: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// Check compares the file f.Name in dir with the size and SHA-256 the
// ledger recorded for it.
func (f File) Check(dir string) error {
	got, err := HashFile(dir, f.Name)
	if err != nil {
		return err
	}
	if got.Size != f.Size {
		return fmt.Errorf("%s: %d bytes, the ledger says %d", f.Name, got.Size, f.Size)
	}
	if f.SHA256 != "" && !strings.EqualFold(got.SHA256, f.SHA256) {
		return fmt.Errorf("%s: sha256 %s, the ledger says %s", f.Name, got.SHA256, f.SHA256)
	}
	return nil
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Verify checks the MANIFEST.sha256 of a version directory (in `sha256sum`
// format) against the files: every listed file must exist with its hash,
// and no other file may be there. The error names every bad file.
func Verify(dir string) error {
	f, err := os.Open(filepath.Join(dir, ManifestFile))
	if err != nil {
		return fmt.Errorf("verify %s: %w", dir, err)
	}
	defer f.Close()
	var errs []error
	listed := map[string]bool{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" {
			continue
		}
		sum, name, ok := strings.Cut(text, " ")
		name = strings.TrimPrefix(strings.TrimPrefix(name, " "), "*")
		if !ok || len(sum) != 64 || name == "" || !fs.ValidPath(name) {
			errs = append(errs, fmt.Errorf("%s line %d: not \"<sha256>  <file>\": %q", ManifestFile, line, text))
			continue
		}
		listed[name] = true
		got, err := HashFile(dir, name)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s (%s line %d): %w", name, ManifestFile, line, err))
		case got.SHA256 != strings.ToLower(sum):
			errs = append(errs, fmt.Errorf("%s: sha256 %s, the manifest says %s", name, got.SHA256, sum))
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("read %s: %w", ManifestFile, err))
	}
	all, err := listFiles(dir)
	if err != nil {
		errs = append(errs, err)
	}
	for _, n := range all {
		if !listed[n] {
			errs = append(errs, fmt.Errorf("%s: not in %s", n, ManifestFile))
		}
	}
	if len(listed) == 0 && len(errs) == 0 {
		errs = append(errs, fmt.Errorf("%s lists no file", ManifestFile))
	}
	if len(errs) > 0 {
		return fmt.Errorf("verify %s: %w", dir, errors.Join(errs...))
	}
	return nil
}

func listFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err == nil && filepath.ToSlash(rel) != ManifestFile {
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	return out, err
}

// queryRow runs one query file and scans its single row.
func queryRow(ctx context.Context, st *store.Store, name string, args []any, dest ...any) error {
	q, err := envsql.Read(st.SQL, name)
	if err != nil {
		return err
	}
	if err := st.DB.QueryRowContext(ctx, q, args...).Scan(dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return err
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// execFile runs one statement file inside tx.
func execFile(ctx context.Context, st *store.Store, tx *sql.Tx, name string, args ...any) error {
	q, err := envsql.Read(st.SQL, name)
	if err != nil {
		return err
	}
	return st.ExecScript(ctx, tx, name, q, args...)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilInt(s []int64) []int64 {
	if s == nil {
		return []int64{}
	}
	return s
}
