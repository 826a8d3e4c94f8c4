package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/envdisclose/envdisclose/config"
)

// principal is who a token belongs to.
type principal struct {
	staff bool
	name  string // staff name, or the station code
	code  string // station code ("" for staff)
}

// may reports whether p may act for station code.
func (p principal) may(code string) bool { return p.staff || p.code == code }

type credential struct {
	digest [sha256.Size]byte
	who    principal
}

// authenticator checks bearer tokens against the SHA-256 digests of the
// configuration (stations and staff).
type authenticator struct{ creds []credential }

func newAuthenticator(cfg config.Config) (*authenticator, error) {
	a := &authenticator{}
	add := func(hexDigest string, who principal, where string) error {
		b, err := hex.DecodeString(hexDigest)
		if err != nil || len(b) != sha256.Size {
			return fmt.Errorf("%s: token_sha256 is not a hex SHA-256", where)
		}
		var c credential
		copy(c.digest[:], b)
		c.who = who
		a.creds = append(a.creds, c)
		return nil
	}
	for i, t := range cfg.Stations {
		if err := add(t.TokenSHA256, principal{name: t.Code, code: t.Code}, fmt.Sprintf("stations[%d]", i)); err != nil {
			return nil, err
		}
	}
	for i, t := range cfg.Staff {
		if err := add(t.TokenSHA256, principal{staff: true, name: t.Name}, fmt.Sprintf("staff[%d]", i)); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// errNoToken and errBadToken are the two 401 cases.
const (
	errNoToken  = "missing bearer token"
	errBadToken = "invalid token"
)

// check returns the principal of the request's bearer token. Every
// credential is compared in constant time (no early exit), so the time
// taken says nothing about which digest bytes matched.
func (a *authenticator) check(r *http.Request) (principal, string) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if h == "" || !ok || !strings.EqualFold(scheme, "Bearer") {
		return principal{}, errNoToken
	}
	tok = strings.TrimSpace(tok)
	if tok == "" {
		return principal{}, errNoToken
	}
	d := sha256.Sum256([]byte(tok))
	found := -1
	for i := range a.creds {
		if subtle.ConstantTimeCompare(d[:], a.creds[i].digest[:]) == 1 && found < 0 {
			found = i
		}
	}
	if found < 0 {
		return principal{}, errBadToken
	}
	return a.creds[found].who, ""
}

// limiter is a token bucket per station code: ratePerMinute tokens a
// minute, bursts up to one minute's worth. A rate <= 0 means no limit.
type limiter struct {
	mu      sync.Mutex
	perSec  float64
	burst   float64
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(ratePerMinute float64, now func() time.Time) *limiter {
	return &limiter{perSec: ratePerMinute / 60, burst: math.Max(1, ratePerMinute), now: now, buckets: map[string]*bucket{}}
}

// allow takes a token for code; when none is left it returns how long until
// one is.
func (l *limiter) allow(code string) (bool, time.Duration) {
	if l.perSec <= 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[code]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[code] = b
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(l.burst, b.tokens+el*l.perSec)
	}
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.perSec * float64(time.Second))
	return false, wait
}
