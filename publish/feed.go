package publish

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/store"
)

// The Atom 1.0 feed (RFC 4287) of the portal's publications: one entry
// per public version; a version that corrects an earlier one is an
// erratum (勘误) whose summary lists every changed figure (old → new).
//
// Entry ids are urn:sha256:<SHA-256 of the version's MANIFEST.sha256>: the
// manifest names every file of the version with its hash, so the id is
// the same in every build and changes only with the published content.

const feedPath = "feed.atom"

const atomNS = "http://www.w3.org/2005/Atom"

type atomFeed struct {
	XMLName   xml.Name    `xml:"feed"`
	NS        string      `xml:"xmlns,attr"`
	Lang      string      `xml:"xml:lang,attr"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Subtitle  atomText    `xml:"subtitle"`
	Updated   string      `xml:"updated"`
	Author    atomPerson  `xml:"author"`
	Links     []atomLink  `xml:"link"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     atomText     `xml:"title"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published"`
	Author    *atomPerson  `xml:"author,omitempty"`
	Links     []atomLink   `xml:"link"`
	Category  atomCategory `xml:"category"`
	Summary   atomText     `xml:"summary"`
}

func atomTime(t time.Time) string { return t.In(store.CST).Format(time.RFC3339) }

// feedID is the id of the feed: its permanent URL when the site has one,
// otherwise a name derived from the feed's path (stable across builds).
func (s *site) feedID() string {
	if s.base != "" {
		return s.base + feedPath
	}
	h := sha256.Sum256([]byte("envdisclose " + feedPath))
	return "urn:sha256:" + hex.EncodeToString(h[:])
}

// feed writes /feed.atom from the public versions (archiveCollect).
func (s *site) feed(list []archived) error {
	root := s.root(feedPath) // "" or BaseURL: links relative to the feed's own URL
	f := atomFeed{
		NS: atomNS, Lang: "zh-CN", ID: s.feedID(),
		Title:     atomText{Type: "text", Text: "生态环境信息公开：公报发布与勘误 Environmental Information Disclosure: bulletins and errata"},
		Subtitle:  atomText{Type: "text", Text: "每一公报版本（含勘误）一条 One entry per published bulletin version, errata included"},
		Author:    atomPerson{Name: "生态环境信息公开 Environmental Information Disclosure"},
		Generator: "envdisclose",
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: root + feedPath},
			{Rel: "alternate", Type: "text/html", Href: root + archivePage},
		},
	}
	entries := slices.Clone(list)
	slices.SortStableFunc(entries, func(x, y archived) int {
		if c := y.publishedAt.Compare(x.publishedAt); c != 0 {
			return c
		}
		return cmp.Compare(archiveAnchor(x.Pub), archiveAnchor(y.Pub))
	})
	var updated time.Time
	for _, a := range entries {
		if a.publishedAt.After(updated) {
			updated = a.publishedAt
		}
	}
	for _, a := range entries { // the issuing bureau of the newest entry that names one
		if a.Bureau != "" {
			f.Author.Name = a.Bureau
			break
		}
	}
	for _, a := range entries {
		f.Entries = append(f.Entries, s.feedEntry(a, root))
	}
	if updated.IsZero() {
		updated = s.now
	}
	f.Updated = atomTime(updated)

	out, w, err := s.create(feedPath)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(xml.Header); err != nil {
		out.Close()
		return fmt.Errorf("write %s: %w", feedPath, err)
	}
	enc := xml.NewEncoder(bw)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		out.Close()
		return fmt.Errorf("write %s: %w", feedPath, err)
	}
	if err := bw.WriteByte('\n'); err != nil {
		out.Close()
		return fmt.Errorf("write %s: %w", feedPath, err)
	}
	if err := bw.Flush(); err != nil {
		out.Close()
		return fmt.Errorf("write %s: %w", feedPath, err)
	}
	return s.finish(feedPath, out)
}

func (s *site) feedEntry(a archived, root string) atomEntry {
	p := a.Pub
	title, titleEN := a.Title, a.TitleEN
	if title == "" {
		l := productLabelOf(p.Product)
		title, titleEN = l.ZH+" "+p.Period, l.EN+" "+p.Period
	}
	ver := "第" + strconv.Itoa(p.Version) + "版"
	verEN := "version " + strconv.Itoa(p.Version)
	e := atomEntry{
		ID:        "urn:sha256:" + a.Manifest.SHA256,
		Updated:   atomTime(a.publishedAt),
		Published: atomTime(a.publishedAt),
		Links: []atomLink{
			{Rel: "alternate", Type: "text/html", Href: root + hrefPath(archiveBulletinPage(p))},
			{Rel: "related", Type: "text/html", Href: root + archivePage + "#" + archiveAnchor(p)},
			{Rel: "related", Type: "text/plain", Href: root + hrefPath(archiveVersionDir(p)) + ManifestName},
		},
	}
	if a.Bureau != "" {
		e.Author = &atomPerson{Name: a.Bureau}
	}
	var sum strings.Builder
	if len(p.Errata) > 0 {
		e.Title = atomText{Type: "text", Text: "勘误：" + title + "（" + ver + "） Erratum: " + titleEN + ", " + verEN}
		e.Category = atomCategory{Term: "erratum", Label: "勘误 Erratum"}
		fmt.Fprintf(&sum, "本版更正了 %d 项数据（原值 → 新值） This version corrects %d figures (old → new):", len(p.Errata), len(p.Errata))
		for _, er := range p.Errata {
			label := er.Label
			if label == "" {
				label = er.Table + " · " + er.Row + " · " + er.Column
			}
			fmt.Fprintf(&sum, "\n%s：%s → %s", label, er.Old, er.New)
		}
	} else {
		e.Title = atomText{Type: "text", Text: "发布：" + title + "（" + ver + "） Published: " + titleEN + ", " + verEN}
		e.Category = atomCategory{Term: "publication", Label: "发布 Publication"}
		if p.Version > 1 {
			sum.WriteString("新版本，数据无变化 New version, no figure changed")
		} else {
			sum.WriteString("首次发布 First publication")
		}
	}
	pub, _ := archiveStamp(a.publishedAt)
	fmt.Fprintf(&sum, "\n发布时间 Published：%s", pub)
	if !p.Deadline.IsZero() {
		dl, _ := archiveStamp(p.Deadline)
		if p.OnTime {
			fmt.Fprintf(&sum, "；按时（期限 %s） on time (deadline %s)", dl, dl)
		} else {
			fmt.Fprintf(&sum, "；逾期（期限 %s） late (deadline %s)", dl, dl)
		}
	}
	fmt.Fprintf(&sum, "\n清单 Manifest %s sha256 %s", ManifestName, a.Manifest.SHA256)
	e.Summary = atomText{Type: "text", Text: sum.String()}
	return e
}
