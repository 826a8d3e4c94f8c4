package publish

import (
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path"
	"strings"
)

// contentTypes of the files a build contains; anything else is served as
// application/octet-stream (never sniffed).
var contentTypes = map[string]string{
	".html":    "text/html; charset=utf-8",
	".css":     "text/css; charset=utf-8",
	".js":      "text/javascript; charset=utf-8",
	".csv":     "text/csv; charset=utf-8",
	".json":    "application/json",
	".svg":     "image/svg+xml",
	".png":     "image/png",
	".ico":     "image/x-icon",
	".txt":     "text/plain; charset=utf-8",
	".atom":    "application/atom+xml; charset=utf-8",
	".xlsx":    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".parquet": "application/vnd.apache.parquet",
	".sha256":  "text/plain; charset=utf-8",
}

// Handler serves the current build of the site at siteDir (the DATA/site
// symlink). The link is resolved once per request, so every file of a
// response comes from one complete build even while Build swaps it. Only
// regular files inside the build are served: no directory listings, no
// path traversal (the build is opened as an os.Root), 404 otherwise.
// readers (may be nil) counts each request as a reader of its build
// while it is served (readers.go).
func Handler(siteDir string, log *slog.Logger, readers *Readers) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := r.URL.Path
		if !strings.HasPrefix(p, "/") || strings.Contains(p, "\x00") || strings.Contains(p, "\\") || hasDotDot(p) {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		build, release, err := readers.holdCurrent(siteDir)
		if err != nil {
			log.Warn("site not available", "dir", siteDir, "err", err)
			http.Error(w, "the portal has not been built yet (run envdisclose build)", http.StatusServiceUnavailable)
			return
		}
		defer release()
		root, err := os.OpenRoot(build)
		if err != nil {
			log.Warn("open site", "dir", build, "err", err)
			http.Error(w, "the portal is not available", http.StatusServiceUnavailable)
			return
		}
		defer root.Close()
		name := strings.TrimPrefix(path.Clean(p), "/")
		if strings.HasSuffix(p, "/") {
			name = path.Join(name, "index.html")
		}
		if name == "" || name == "." {
			name = "index.html"
		}
		f, err := root.Open(name)
		if err != nil {
			notFound(w, r, root)
			return
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			notFound(w, r, root)
			return
		}
		if fi.IsDir() {
			// A directory with an index: redirect to the slash form; never list.
			if idx, err := root.Stat(path.Join(name, "index.html")); err == nil && idx.Mode().IsRegular() {
				http.Redirect(w, r, path.Base(p)+"/", http.StatusMovedPermanently)
				return
			}
			notFound(w, r, root)
			return
		}
		if !fi.Mode().IsRegular() {
			notFound(w, r, root)
			return
		}
		ct, ok := contentTypes[strings.ToLower(path.Ext(name))]
		if !ok {
			ct = "application/octet-stream"
		}
		h.Set("Content-Type", ct)
		if strings.HasPrefix(name, "assets/") {
			h.Set("Cache-Control", "public, max-age=3600")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		http.ServeContent(w, r, name, fi.ModTime(), f)
	})
}

func hasDotDot(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// notFound answers 404 with the build's 404.html when there is one.
func notFound(w http.ResponseWriter, r *http.Request, root *os.Root) {
	b, err := fs.ReadFile(root.FS(), "404.html")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
}
