package publish

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/release"
	"github.com/envdisclose/envdisclose/store"
)

// The archive (/archive/index.html) lists every public version of every
// product-period with its files, which are copied (hard-linked when
// possible) into /archive/<product>/<period>/v<N>/ so that old versions
// stay downloadable. Drafts and products not disclosed proactively never
// appear here or in the feed (feed.go).

const archivePage = "archive/index.html"

// archiveUsable reports whether product, period and version can name the
// version's folders in the site.
func archiveUsable(p release.Publication) bool {
	return safeSegment(p.Product) && safeSegment(p.Period) && p.Version >= 1
}

// archiveVersionDir is the site path of a version's files (with a slash).
func archiveVersionDir(p release.Publication) string {
	return "archive/" + p.Product + "/" + p.Period + "/v" + strconv.Itoa(p.Version) + "/"
}

// archiveBulletinPage is the bulletin of a product-period (its newest
// public version, buildBulletins).
func archiveBulletinPage(p release.Publication) string {
	return "bulletins/" + p.Product + "/" + p.Period + "/index.html"
}

func archiveAnchor(p release.Publication) string {
	return p.Product + "-" + p.Period + "-v" + strconv.Itoa(p.Version)
}

// hrefPath escapes each segment of a slash path for use in a link.
func hrefPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// archived is one public version with what the archive and the feed show.
type archived struct {
	Pub         release.Publication
	Current     bool // the newest public version of its product-period
	Title       string
	TitleEN     string
	Bureau      string
	Files       []release.File // without the manifest
	Manifest    release.File   // MANIFEST.sha256 (hash computed here)
	publishedAt time.Time
}

// archiveCollect checks the versions that may be public and reads what the
// pages need (document title, manifest hash). The result is newest first
// within each product-period and product-periods in archive order.
func archiveCollect(pubs []release.Publication) ([]archived, error) {
	var out []archived
	for _, p := range pubs {
		if !publicBulletin(p) {
			continue
		}
		where := fmt.Sprintf("release %s %s v%d", p.Product, p.Period, p.Version)
		if !archiveUsable(p) {
			return nil, fmt.Errorf("%s: product, period or version not usable in a path", where)
		}
		if p.Dir == "" {
			return nil, fmt.Errorf("%s: no directory", where)
		}
		a := archived{Pub: p, publishedAt: p.PublishedAt}
		if a.publishedAt.IsZero() {
			a.publishedAt = p.BuiltAt
		}
		doc, err := LoadDocument(p.Dir)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		a.Title, a.TitleEN, a.Bureau = doc.Title, doc.TitleEN, doc.Bureau
		for _, f := range p.Files {
			if !filepath.IsLocal(filepath.FromSlash(f.Name)) || strings.Contains(f.Name, "\\") {
				return nil, fmt.Errorf("%s: file name %q is not inside the release directory", where, f.Name)
			}
			if f.Name == ManifestName {
				continue
			}
			a.Files = append(a.Files, f)
		}
		a.Manifest, err = release.HashFile(p.Dir, ManifestName)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if p.ManifestSHA256 != "" && !strings.EqualFold(p.ManifestSHA256, a.Manifest.SHA256) {
			return nil, fmt.Errorf("%s: %s has sha256 %s, the ledger says %s", where,
				filepath.Join(p.Dir, ManifestName), a.Manifest.SHA256, p.ManifestSHA256)
		}
		out = append(out, a)
	}
	slices.SortStableFunc(out, func(x, y archived) int {
		if c := cmp.Compare(productOrder(x.Pub.Product), productOrder(y.Pub.Product)); c != 0 {
			return c
		}
		if c := strings.Compare(x.Pub.Product, y.Pub.Product); c != 0 {
			return c
		}
		if c := strings.Compare(y.Pub.Period, x.Pub.Period); c != 0 { // newest period first
			return c
		}
		return cmp.Compare(y.Pub.Version, x.Pub.Version) // newest version first
	})
	for i := range out {
		out[i].Current = i == 0 || out[i-1].Pub.Product != out[i].Pub.Product || out[i-1].Pub.Period != out[i].Pub.Period
	}
	return out, nil
}

// --- the page ----------------------------------------------------------------

type archiveView struct {
	Draft    bool // the staff list of drafts (WriteDraftIndex)
	FeedHref string
	Products []archiveProductView
	Versions int
}

type archiveProductView struct {
	Product, Title, TitleEN string
	Versions                []archiveVersionView
}

type archiveVersionView struct {
	Anchor                 string
	Period, Title, TitleEN string
	Version                int
	Current                bool
	PageHref               string // the bulletin (current) or the draft preview
	Built, BuiltISO        string
	Published, PublishedAt string
	ApprovedBy             string
	Timeliness             string // 按时 / 逾期 / —
	TimelinessEN           string
	Late                   bool
	Deadline               string
	Disclosure             string
	Errata                 []release.Erratum
	Files                  []archiveFileView
	Manifest               archiveFileView
}

type archiveFileView struct {
	Name, Href, Size, SHA256 string
	Bytes                    int64
}

func archiveStamp(t time.Time) (string, string) {
	if t.IsZero() {
		return "", ""
	}
	t = t.In(store.CST)
	return t.Format("2006-01-02 15:04"), t.Format(time.RFC3339)
}

// archiveVersion is the view of one version; files link under fileBase
// (the site path of the version's directory, or the preview's).
func archiveVersion(a archived, fileBase, pageHref string) archiveVersionView {
	p := a.Pub
	v := archiveVersionView{
		Anchor: archiveAnchor(p), Period: p.Period, Title: a.Title, TitleEN: a.TitleEN,
		Version: p.Version, Current: a.Current, PageHref: pageHref,
		ApprovedBy: p.ApprovedBy, Disclosure: p.Disclosure, Errata: p.Errata,
	}
	v.Built, v.BuiltISO = archiveStamp(p.BuiltAt)
	v.Published, v.PublishedAt = archiveStamp(p.PublishedAt)
	switch {
	case p.Deadline.IsZero():
		v.Timeliness, v.TimelinessEN = dash, "no deadline"
	case p.Status != release.Public:
		v.Deadline, _ = archiveStamp(p.Deadline)
		v.Timeliness, v.TimelinessEN = "待发布", "not yet published"
	case p.OnTime:
		v.Deadline, _ = archiveStamp(p.Deadline)
		v.Timeliness, v.TimelinessEN = "按时", "on time"
	default:
		v.Deadline, _ = archiveStamp(p.Deadline)
		v.Timeliness, v.TimelinessEN, v.Late = "逾期", "late", true
	}
	for _, f := range a.Files {
		v.Files = append(v.Files, archiveFileView{Name: f.Name, Href: fileBase + hrefPath(f.Name),
			Size: humanSize(f.Size), Bytes: f.Size, SHA256: f.SHA256})
	}
	m := a.Manifest
	v.Manifest = archiveFileView{Name: m.Name, Href: fileBase + ManifestName, Size: humanSize(m.Size), Bytes: m.Size, SHA256: m.SHA256}
	return v
}

// archiveGroup groups version views by product, keeping their order.
func archiveGroup(list []archived, view func(a archived) archiveVersionView) []archiveProductView {
	var out []archiveProductView
	for _, a := range list {
		if len(out) == 0 || out[len(out)-1].Product != a.Pub.Product {
			l := productLabelOf(a.Pub.Product)
			out = append(out, archiveProductView{Product: a.Pub.Product, Title: l.ZH, TitleEN: l.EN})
		}
		g := &out[len(out)-1]
		g.Versions = append(g.Versions, view(a))
	}
	return out
}

// buildArchive writes /archive/index.html with the files of every public
// version and /feed.atom. Without releases (Options.Releases nil) both are
// written empty, so the links of the layout always work.
func (s *site) buildArchive() error {
	list, err := archiveCollect(s.pubs)
	if err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	root := s.root(archivePage)
	v := archiveView{FeedHref: root + feedPath, Versions: len(list)}
	for _, a := range list {
		if err := s.copyRelease(a.Pub, archiveVersionDir(a.Pub)); err != nil {
			return fmt.Errorf("archive: %w", err)
		}
	}
	v.Products = archiveGroup(list, func(a archived) archiveVersionView {
		page := ""
		if a.Current {
			page = root + hrefPath(archiveBulletinPage(a.Pub))
		}
		return archiveVersion(a, root+hrefPath(archiveVersionDir(a.Pub)), page)
	})
	if err := s.page(archivePage, "archive", "公报历史版本", "Archive of bulletins", "bulletins", false, v); err != nil {
		return err
	}
	return s.feed(list)
}

// --- the staff list of drafts ---------------------------------------------------

// DraftOptions configure WriteDraftIndex.
type DraftOptions struct {
	// Root is the prefix of the public site's links (navigation, assets),
	// "/" when the portal is served at the server's root.
	Root string
	// Base is the URL path of the draft preview, e.g. "/staff/drafts/":
	// a draft's page is Base<product>/<period>/ and its files
	// Base<product>/<period>/v<N>/<file>.
	Base string
	Now  time.Time
}

// Drafts returns the versions staff can preview: every draft, newest
// version first within a product-period.
func Drafts(pubs []release.Publication) []release.Publication {
	var out []release.Publication
	for _, p := range pubs {
		if p.Status == release.Draft {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(x, y release.Publication) int {
		if c := cmp.Compare(productOrder(x.Product), productOrder(y.Product)); c != 0 {
			return c
		}
		if c := strings.Compare(x.Product, y.Product); c != 0 {
			return c
		}
		if c := strings.Compare(y.Period, x.Period); c != 0 {
			return c
		}
		return cmp.Compare(y.Version, x.Version)
	})
	return out
}

// WriteDraftIndex writes the staff page listing the drafts among pubs
// (never a public version) with links to their previews and files.
func WriteDraftIndex(w io.Writer, pubs []release.Publication, opt DraftOptions) error {
	tpl, err := parseTemplates()
	if err != nil {
		return err
	}
	t, ok := tpl["archive"]
	if !ok {
		return errors.New("no template archive")
	}
	var list []archived
	for _, p := range Drafts(pubs) {
		where := fmt.Sprintf("draft %s %s v%d", p.Product, p.Period, p.Version)
		if !archiveUsable(p) {
			return fmt.Errorf("%s: product, period or version not usable in a path", where)
		}
		a := archived{Pub: p}
		doc, err := LoadDocument(p.Dir)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		a.Title, a.TitleEN = doc.Title, doc.TitleEN
		for _, f := range p.Files {
			if f.Name != ManifestName {
				a.Files = append(a.Files, f)
			}
		}
		if a.Manifest, err = release.HashFile(p.Dir, ManifestName); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		a.Current = len(list) == 0 || list[len(list)-1].Pub.Product != p.Product || list[len(list)-1].Pub.Period != p.Period
		list = append(list, a)
	}
	v := archiveView{Draft: true, Versions: len(list)}
	v.Products = archiveGroup(list, func(a archived) archiveVersionView {
		base := opt.Base + hrefPath(a.Pub.Product+"/"+a.Pub.Period) + "/"
		page := ""
		if a.Current {
			page = base
		}
		return archiveVersion(a, base+"v"+strconv.Itoa(a.Pub.Version)+"/", page)
	})
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	gen, genISO := archiveStamp(now)
	pd := pageData{Root: opt.Root, Title: "待审核公报（草稿）", TitleEN: "Drafts under review", Nav: "bulletins",
		Generated: gen, GeneratedISO: genISO, View: v}
	bw := bufio.NewWriter(w)
	if err := t.ExecuteTemplate(bw, "layout", pd); err != nil {
		return fmt.Errorf("render draft list: %w", err)
	}
	return bw.Flush()
}
