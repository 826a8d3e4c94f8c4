package server

import (
	_ "embed"
	"net/http"
	"strings"

	"github.com/envdisclose/envdisclose/publish"
)

// openAPI documents every route (tested against routes()).
//
//go:embed openapi.json
var openAPI []byte

// route is one pattern of the mux with the OpenAPI path and method that
// document it.
type route struct {
	pattern string // http.ServeMux pattern
	method  string // OpenAPI operation ("get", "post")
	path    string // OpenAPI path
	handler http.Handler
}

func (s *Server) routes() []route {
	return []route{
		{"POST /api/v1/stations/{code}/files", "post", "/api/v1/stations/{code}/files", http.HandlerFunc(s.handlePush)},
		{"GET /api/v1/files/{id}", "get", "/api/v1/files/{id}", http.HandlerFunc(s.handleFile)},
		{"GET /api/v1/openapi.json", "get", "/api/v1/openapi.json", http.HandlerFunc(handleOpenAPI)},
		{"GET /healthz", "get", "/healthz", http.HandlerFunc(s.handleHealth)},
		{"GET /metrics", "get", "/metrics", http.HandlerFunc(s.handleMetrics)},
		{"GET " + draftsPrefix, "get", draftsPrefix, http.HandlerFunc(s.handleDrafts)},
		{"POST /api/v1/publications/{product}/{period}/approve", "post", "/api/v1/publications/{product}/{period}/approve", http.HandlerFunc(s.handleApprove)},
		{"/", "get", "/", s.portal()},
	}
}

func handleOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(openAPI)
}

// portal serves the published site; unknown /api/ paths get a JSON 404.
func (s *Server) portal() http.Handler {
	site := publish.Handler(s.siteDir(), s.log, s.readers)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/") {
			writeError(w, http.StatusNotFound, "no such API route", "see /api/v1/openapi.json")
			return
		}
		site.ServeHTTP(w, r)
	})
}
