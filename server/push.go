package server

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/store"
)

// rejectsSample is how many rejects a push response carries.
const rejectsSample = 20

// maxNameLen caps a stored file name (bytes, before the sha256 prefix).
const maxNameLen = 100

var stationCode = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// apiError is the body of every 4xx/5xx answer of the API.
type apiError struct {
	Error  string           `json:"error"`
	Detail string           `json:"detail,omitempty"`
	File   *store.FileEntry `json:"file,omitempty"`
	// Reasons of a rejected (unrecognised) file.
	Reasons       []ingest.ReasonCount `json:"reasons,omitempty"`
	RejectsSample []store.Reject       `json:"rejects_sample,omitempty"`
	Duplicate     bool                 `json:"duplicate,omitempty"`
}

// pushResult is the body of a 200/201 push answer.
type pushResult struct {
	File          store.FileEntry      `json:"file"`
	Duplicate     bool                 `json:"duplicate"`
	Reasons       []ingest.ReasonCount `json:"reasons,omitempty"`
	RejectsSample []store.Reject       `json:"rejects_sample"`
	URL           string               `json:"url"`
}

// fileResult is the body of GET /api/v1/files/{id}.
type fileResult struct {
	File    store.FileEntry `json:"file"`
	Rejects []store.Reject  `json:"rejects"`
	Retry   *retryInfo      `json:"retry,omitempty"` // automatic retries after a failed ingest
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg, detail string) {
	writeJSON(w, status, apiError{Error: msg, Detail: detail})
}

// authorize answers 401/403 itself and returns false when the request may
// not act for code ("" = any authenticated principal).
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) (principal, bool) {
	p, why := s.auth.check(r)
	if why != "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="envdisclose"`)
		writeError(w, http.StatusUnauthorized, why, "send Authorization: Bearer <token> with a station or staff token")
		return p, false
	}
	return p, true
}

// handlePush is POST /api/v1/stations/{code}/files.
func (s *Server) handlePush(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	p, ok := s.authorize(w, r)
	if !ok {
		s.met.push("_unauthenticated")
		return
	}
	if !stationCode.MatchString(code) {
		s.met.push("_invalid")
		writeError(w, http.StatusBadRequest, "invalid station code", "a station code is 1-32 letters, digits, - or _")
		return
	}
	if !p.may(code) {
		s.met.push("_forbidden")
		writeError(w, http.StatusForbidden, "token not valid for this station",
			fmt.Sprintf("the token of station %s may push only to /api/v1/stations/%s/files", p.code, p.code))
		return
	}
	s.met.push(code)
	if ok, wait := s.limit.allow(code); !ok {
		secs := int(math.Ceil(wait.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(max(1, secs)))
		writeError(w, http.StatusTooManyRequests, "rate limit exceeded",
			fmt.Sprintf("station %s may push %g files a minute; retry after %d s", code, s.cfg.Push.RatePerMinute, max(1, secs)))
		return
	}
	name, body, status, err := s.readBody(w, r)
	if err != nil {
		writeError(w, status, http.StatusText(status), err.Error())
		return
	}
	if len(body) == 0 {
		writeError(w, http.StatusBadRequest, "empty body", "the request carried no file content")
		return
	}
	name = safeName(name)
	sum := sha256.Sum256(body)
	digest := hex.EncodeToString(sum[:])
	ctx := workContext(r)
	// Durable before anything else: the raw bytes are on disk before the
	// ledger sees them (written here, flushed with the other pushes of its
	// round before the round is received: pushqueue.go), and the answer
	// comes after both.
	sub := receivedDir
	if p.staff {
		sub = staffDir
	}
	saved, err := s.storeInbox(digest, name, body, false, sub)
	var res ingest.Summary
	if err == nil {
		res, err = s.ingestPushed(ctx, name, body, code, p.staff, saved)
	}
	if saved == "" || errors.Is(err, errNotStored) {
		s.log.Error("push: save body", "station", code, "err", err)
		writeError(w, http.StatusInternalServerError, "could not store the file", "server-side storage failed; send it again later")
		return
	}
	if err != nil {
		s.log.Error("push: ingest", "station", code, "file", name, "err", err)
		only := code
		if p.staff {
			only = ""
		}
		s.scheduleRetry(ctx, saved, digest, name, "push:"+code, only, res.Entry.ID, err)
		writeJSON(w, http.StatusInternalServerError, apiError{Error: "ingest failed",
			Detail: fmt.Sprintf("the file is stored and its ingest will be retried automatically (up to %d attempts); "+
				"GET the file's URL for its state, or send it again later", s.opt.RetryAttempts),
			File: entryOrNil(res.Entry)})
		return
	}
	e := res.Entry
	var rj []store.Reject
	// A file whose every row landed has no rejects: no query for it (one
	// DuckDB read less per push, on the path every station takes hourly).
	if e.Outcome != store.OutcomeAccepted || e.RowsRejected > 0 {
		if rj, err = s.st.Rejects(ctx, e.ID, rejectsSample); err != nil {
			s.log.Warn("push: rejects", "file_id", e.ID, "err", err)
		}
	}
	if rj == nil {
		rj = []store.Reject{}
	}
	s.log.Info("push", "station", code, "by", p.name, "file_id", e.ID, "outcome", e.Outcome, "duplicate", res.Duplicate,
		"accepted", e.RowsAccepted, "rejected", e.RowsRejected)
	if e.Outcome == store.OutcomeRejected {
		writeJSON(w, http.StatusUnprocessableEntity, apiError{
			Error:  "file not accepted",
			Detail: e.Message, File: &e, Reasons: res.Reasons, RejectsSample: rj, Duplicate: res.Duplicate,
		})
		return
	}
	out := pushResult{File: e, Duplicate: res.Duplicate, Reasons: res.Reasons, RejectsSample: rj,
		URL: "/api/v1/files/" + strconv.FormatInt(e.ID, 10)}
	w.Header().Set("Location", out.URL)
	if res.Duplicate {
		writeJSON(w, http.StatusOK, out)
		return
	}
	if e.RowsAccepted > 0 {
		if e.Kind == ingest.KindAirLong || e.Kind == ingest.KindAirWide {
			s.repub.triggerAir()
		} else {
			s.repub.trigger()
		}
	}
	writeJSON(w, http.StatusCreated, out)
}

// readBody returns the file name and content of a raw or multipart body,
// or the HTTP status and reason it cannot be read.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) (string, []byte, int, error) {
	maxBytes := s.cfg.Push.MaxBytes
	tooLarge := fmt.Errorf("the file is larger than the limit of %d bytes", maxBytes)
	if r.ContentLength > maxBytes+64<<10 { // multipart overhead allowed for
		return "", nil, http.StatusRequestEntityTooLarge, tooLarge
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBytes+64<<10)
	read := func(rd io.Reader) ([]byte, int, error) {
		b, err := io.ReadAll(io.LimitReader(rd, maxBytes+1))
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return nil, http.StatusRequestEntityTooLarge, tooLarge
		case err != nil:
			return nil, http.StatusBadRequest, fmt.Errorf("reading the body: %w", err)
		case int64(len(b)) > maxBytes:
			return nil, http.StatusRequestEntityTooLarge, tooLarge
		}
		return b, 0, nil
	}
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		if params["boundary"] == "" {
			return "", nil, http.StatusBadRequest, errors.New("multipart/form-data without a boundary")
		}
		mr, err := r.MultipartReader()
		if err != nil {
			return "", nil, http.StatusBadRequest, fmt.Errorf("multipart body: %w", err)
		}
		for {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return "", nil, http.StatusBadRequest, errors.New(`multipart body has no "file" field`)
			}
			if err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					return "", nil, http.StatusRequestEntityTooLarge, tooLarge
				}
				return "", nil, http.StatusBadRequest, fmt.Errorf("multipart body: %w", err)
			}
			if part.FormName() != "file" {
				_ = part.Close()
				continue
			}
			b, st, err := read(part)
			if err != nil {
				return "", nil, st, err
			}
			name := part.FileName()
			if q := r.URL.Query().Get("name"); name == "" && q != "" {
				name = q
			}
			return name, b, 0, nil
		}
	}
	b, st, err := read(r.Body)
	if err != nil {
		return "", nil, st, err
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		if _, p, err := mime.ParseMediaType(r.Header.Get("Content-Disposition")); err == nil {
			name = p["filename"]
		}
	}
	return name, b, 0, nil
}

// safeName keeps the base name of a client-given file name with only safe
// characters (letters, digits, CJK, . _ -), at most maxNameLen bytes.
func safeName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = filepath.Base("/" + name)
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
		case r >= 0x4e00 && r <= 0x9fff: // CJK unified ideographs (station names)
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	out := strings.TrimLeft(b.String(), ".")
	for len(out) > maxNameLen {
		_, size := utf8.DecodeLastRuneInString(out)
		out = out[:len(out)-size]
	}
	if out == "" || out == "_" {
		out = "upload"
	}
	return out
}

// saveInbox writes body to DATA/inbox/<sub...>/<yyyymmdd>/<sha256>-<name>
// durably: temp file, fsync, rename, fsync of the directory. The same bytes
// already there are not written again. Pushed files go under received/,
// pulled ones under pulled/<source>/, HJ 212 batches under hj212/.
func (s *Server) saveInbox(digest, name string, body []byte, sub ...string) (string, error) {
	return s.storeInbox(digest, name, body, true, sub...)
}

// storeInbox is saveInbox; without durable, the file is written and
// renamed into place but not flushed: the caller flushes it (pushes: the
// round's syncSaved, before the ledger sees them).
func (s *Server) storeInbox(digest, name string, body []byte, durable bool, sub ...string) (string, error) {
	day := s.opt.Now().In(s.cfg.Location()).Format("20060102")
	dir := filepath.Join(append(append([]string{s.inboxDir()}, sub...), day)...)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	dst := filepath.Join(dir, digest+"-"+name)
	if fi, err := os.Stat(dst); err == nil && fi.Size() == int64(len(body)) {
		return dst, nil
	}
	if err := writeFile(dir, dst, body, durable); err != nil {
		return "", err
	}
	return dst, nil
}

// writeFile writes data to dst atomically (temp file renamed into place)
// and, when durable, flushed with its directory.
func writeFile(dir, dst string, data []byte, durable bool) (err error) {
	f, err := os.CreateTemp(dir, ".recv-*")
	if err != nil {
		return fmt.Errorf("create temp file in %s: %w", dir, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		_ = f.Close()
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if durable {
		if err = f.Sync(); err != nil {
			_ = f.Close()
			return fmt.Errorf("fsync %s: %w", tmp, err)
		}
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp, err)
	}
	if err = os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("rename to %s: %w", dst, err)
	}
	if !durable {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open %s: %w", dir, err)
	}
	defer d.Close()
	if err = d.Sync(); err != nil {
		return fmt.Errorf("fsync %s: %w", dir, err)
	}
	return nil
}

// handleFile is GET /api/v1/files/{id}.
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	p, ok := s.authorize(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, http.StatusBadRequest, "invalid file id", "the id is the positive integer of the ledger entry")
		return
	}
	e, err := s.st.Entry(r.Context(), id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		writeError(w, http.StatusNotFound, "no such file", fmt.Sprintf("no ledger entry %d", id))
		return
	case err != nil:
		s.log.Error("file: ledger", "file_id", id, "err", err)
		writeError(w, http.StatusInternalServerError, "ledger not available", "")
		return
	}
	if !p.staff && e.Source != "push:"+p.code {
		writeError(w, http.StatusForbidden, "not your file", "a station token can read only the files its station pushed")
		return
	}
	rj, err := s.st.Rejects(r.Context(), id, 0)
	if err != nil {
		s.log.Error("file: rejects", "file_id", id, "err", err)
		writeError(w, http.StatusInternalServerError, "rejects not available", "")
		return
	}
	if rj == nil {
		rj = []store.Reject{}
	}
	ri, err := s.fileRetry(r.Context(), id)
	if err != nil {
		s.log.Warn("file: retry record", "file_id", id, "err", err)
	}
	writeJSON(w, http.StatusOK, fileResult{File: e, Rejects: rj, Retry: ri})
}

// entryOrNil is e when it is a ledger entry (it has an id).
func entryOrNil(e store.FileEntry) *store.FileEntry {
	if e.ID == 0 {
		return nil
	}
	return &e
}
