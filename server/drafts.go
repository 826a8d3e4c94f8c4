package server

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/envdisclose/envdisclose/publish"
	"github.com/envdisclose/envdisclose/release"
)

// The staff preview of the bulletins under review (先审查后公开): a version
// staged as a draft is never written into the public site; staff see it
// here, rendered from its release folder on each request:
//
//	GET /staff/drafts/                               the drafts (HTML)
//	GET /staff/drafts/<product>/<period>/            the newest draft, with its DRAFT banner
//	GET /staff/drafts/<product>/<period>/print.html  its printable version
//	GET /staff/drafts/<product>/<period>/v<N>/<file> a file of draft version N
//
// Only a staff token may read them (401 without a valid token, 403 for a
// station token), every answer is Cache-Control: no-store, and the pages
// load the chart assets from the public site's /assets/.
const draftsPrefix = "/staff/drafts/"

// draftTypes are the content types of a release's files; anything else is
// application/octet-stream. Files are always downloads, never rendered.
var draftTypes = map[string]string{
	".csv":     "text/csv; charset=utf-8",
	".json":    "application/json",
	".xlsx":    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".parquet": "application/vnd.apache.parquet",
	".sha256":  "text/plain; charset=utf-8",
	".txt":     "text/plain; charset=utf-8",
}

func (s *Server) handleDrafts(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	h.Set("Referrer-Policy", "same-origin")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "method not allowed", "the draft preview is read-only (GET)")
		return
	}
	p, ok := s.authorize(w, r)
	if !ok {
		return
	}
	if !p.staff {
		writeError(w, http.StatusForbidden, "staff token required",
			"drafts under review are shown to staff tokens only; a station token may only push data")
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, draftsPrefix)
	if !ok {
		if r.URL.Path+"/" == draftsPrefix {
			http.Redirect(w, r, draftsPrefix, http.StatusMovedPermanently)
			return
		}
		writeError(w, http.StatusNotFound, "no such draft", "see "+draftsPrefix)
		return
	}
	pubs, err := release.List(r.Context(), s.st)
	if err != nil {
		s.log.Error("draft preview: read the publication ledger", "err", err)
		writeError(w, http.StatusInternalServerError, "cannot read the publication ledger", err.Error())
		return
	}
	drafts := publish.Drafts(pubs)
	if rest == "" || rest == "index.html" {
		var buf bytes.Buffer
		if err := publish.WriteDraftIndex(&buf, drafts, publish.DraftOptions{Root: "/", Base: draftsPrefix, Now: s.opt.Now()}); err != nil {
			s.log.Error("draft preview: list", "err", err)
			writeError(w, http.StatusInternalServerError, "cannot list the drafts", err.Error())
			return
		}
		s.writeDraftPage(w, buf.Bytes())
		return
	}
	product, rest, _ := strings.Cut(rest, "/")
	period, file, slash := strings.Cut(rest, "/")
	var draft *release.Publication
	for i := range drafts { // newest version first
		if drafts[i].Product == product && drafts[i].Period == period {
			draft = &drafts[i]
			break
		}
	}
	if draft == nil {
		writeError(w, http.StatusNotFound, "no draft of this product and period",
			fmt.Sprintf("%q %q has no version under review; see %s for the drafts (published versions are on the portal)", product, period, draftsPrefix))
		return
	}
	if !slash {
		http.Redirect(w, r, draftsPrefix+product+"/"+period+"/", http.StatusMovedPermanently)
		return
	}
	switch file {
	case "", "index.html", "print.html":
		doc, err := publish.LoadDocument(draft.Dir)
		if err != nil {
			s.log.Error("draft preview: document", "product", product, "period", period, "err", err)
			writeError(w, http.StatusInternalServerError, "cannot read the draft's document", err.Error())
			return
		}
		var buf bytes.Buffer
		opt := publish.BulletinOptions{Draft: true, Print: file == "print.html", AssetBase: "/assets/", Generated: s.opt.Now()}
		if err := publish.WriteBulletin(&buf, *draft, doc, opt); err != nil {
			s.log.Error("draft preview: render", "product", product, "period", period, "err", err)
			writeError(w, http.StatusInternalServerError, "cannot render the draft", err.Error())
			return
		}
		s.writeDraftPage(w, buf.Bytes())
		return
	}
	s.serveDraftFile(w, r, drafts, product, period, file)
}

func (s *Server) writeDraftPage(w http.ResponseWriter, page []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'")
	h.Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(page)
}

// serveDraftFile serves v<N>/<name> of a draft version of product-period:
// only the files of its manifest (and the manifest itself).
func (s *Server) serveDraftFile(w http.ResponseWriter, r *http.Request, drafts []release.Publication, product, period, file string) {
	ver, name, ok := strings.Cut(file, "/")
	n, err := strconv.Atoi(strings.TrimPrefix(ver, "v"))
	if !ok || !strings.HasPrefix(ver, "v") || err != nil || name == "" {
		writeError(w, http.StatusNotFound, "no such draft file", "files are under "+draftsPrefix+product+"/"+period+"/v<N>/")
		return
	}
	var pub *release.Publication
	for i := range drafts {
		if drafts[i].Product == product && drafts[i].Period == period && drafts[i].Version == n {
			pub = &drafts[i]
			break
		}
	}
	listed := name == publish.ManifestName
	if pub != nil {
		for _, f := range pub.Files {
			listed = listed || f.Name == name
		}
	}
	if pub == nil || !listed {
		writeError(w, http.StatusNotFound, "no such draft file",
			fmt.Sprintf("%s %s v%d is not a draft or has no file %q", product, period, n, name))
		return
	}
	root, err := os.OpenRoot(pub.Dir)
	if err != nil {
		s.log.Error("draft preview: open release", "dir", pub.Dir, "err", err)
		writeError(w, http.StatusInternalServerError, "cannot open the draft's files", err.Error())
		return
	}
	defer root.Close()
	f, err := root.Open(name)
	if err != nil {
		status := http.StatusInternalServerError
		if errors.Is(err, fs.ErrNotExist) {
			status = http.StatusNotFound
		}
		s.log.Error("draft preview: open file", "dir", pub.Dir, "file", name, "err", err)
		writeError(w, status, "cannot open the draft file", name)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		writeError(w, http.StatusNotFound, "no such draft file", name)
		return
	}
	ct, ok := draftTypes[strings.ToLower(path.Ext(name))]
	if !ok {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+pathEscapeName(path.Base(name)))
	http.ServeContent(w, r, "", fi.ModTime(), f)
}

// pathEscapeName percent-encodes a file name for Content-Disposition
// (RFC 5987 attr-chars kept).
func pathEscapeName(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
