package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/envdisclose/envdisclose/ingest/hj212"
)

// hj212Dir (under DATA/inbox) keeps the batches of HJ 212 messages received
// over TCP; the inbox job leaves it alone.
const hj212Dir = "hj212"

// maxBadLogged is how many bad packets of one connection are logged as
// warnings (the rest at debug level; all are counted).
const maxBadLogged = 10

// writeTimeout bounds the write of one answer to a device.
const writeTimeout = 10 * time.Second

// hj212Server accepts HJ 212 device connections on one listener.
//
// Per connection, good data messages (CN 2011/2051/2061/2031) are batched
// for BatchInterval or BatchMessages, whichever comes first; a batch (the
// raw messages, newline-joined) is saved durably under DATA/inbox/hj212/,
// then the messages of it whose Flag asks for an answer are answered
// (CN 9014), then the batch is ingested as one file with source
// "hj212:<MN>" (or "hj212:<address>" when a connection mixes MNs). So an
// answered message is on disk; a batch whose ingest failed stays there for
// an operator (`envdisclose ingest`). Bad packets are counted and skipped.
type hj212Server struct {
	s   *Server
	ln  net.Listener
	sem chan struct{} // one slot per open connection

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	wg     sync.WaitGroup // connection handlers
	done   chan struct{}  // closed when the accept loop ends
}

func (s *Server) newHJ212(ln net.Listener) *hj212Server {
	return &hj212Server{s: s, ln: ln, sem: make(chan struct{}, max(s.cfg.HJ212.MaxConnections, 1)),
		conns: map[net.Conn]struct{}{}, done: make(chan struct{})}
}

// serve accepts connections until shutdown; work is the context of the
// ingests (it outlives the shutdown's grace period only as long as Run
// lets it).
func (h *hj212Server) serve(work context.Context) {
	defer close(h.done)
	log := h.s.log
	log.Info("hj212: listening", "addr", h.ln.Addr().String())
	var delay time.Duration
	for {
		select { // at most MaxConnections at once; the rest wait in the backlog
		case h.sem <- struct{}{}:
		case <-work.Done():
			return
		}
		c, err := h.ln.Accept()
		if err != nil {
			<-h.sem
			if h.isClosed() || errors.Is(err, net.ErrClosed) {
				return
			}
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			log.Warn("hj212: accept", "err", err, "retry_in", delay.String())
			time.Sleep(delay)
			continue
		}
		delay = 0
		h.mu.Lock()
		if h.closed {
			h.mu.Unlock()
			_ = c.Close()
			<-h.sem
			return
		}
		h.conns[c] = struct{}{}
		h.wg.Add(1)
		h.mu.Unlock()
		h.s.met.mu.Lock()
		h.s.met.connsOpen++
		h.s.met.connsTotal++
		h.s.met.mu.Unlock()
		go func() {
			defer func() {
				h.mu.Lock()
				delete(h.conns, c)
				h.mu.Unlock()
				h.s.met.add(&h.s.met.connsOpen, -1)
				<-h.sem
				h.wg.Done()
			}()
			h.handle(work, c)
		}()
	}
}

func (h *hj212Server) isClosed() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closed
}

// shutdown stops accepting, ends the reads of every connection (each
// handler then lands what it has batched and answers it) and waits for the
// handlers until ctx ends; then it closes the connections outright.
func (h *hj212Server) shutdown(ctx context.Context) error {
	h.mu.Lock()
	h.closed = true
	for c := range h.conns {
		_ = c.SetReadDeadline(time.Now()) // unblocks the reader; the flush still answers
	}
	h.mu.Unlock()
	err := h.ln.Close()
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	done := make(chan struct{})
	go func() { h.wg.Wait(); <-h.done; close(done) }()
	select {
	case <-done:
		return err
	case <-ctx.Done():
		h.mu.Lock()
		for c := range h.conns {
			_ = c.Close()
		}
		h.mu.Unlock()
		<-done
		return errors.Join(err, fmt.Errorf("hj212: connections still open at the end of the grace period: %w", ctx.Err()))
	}
}

// idleReader sets the read deadline before each read, so a connection
// silent for longer than idle ends, unless shutdown set an earlier one.
type idleReader struct {
	h    *hj212Server
	c    net.Conn
	idle time.Duration
}

func (r idleReader) Read(p []byte) (int, error) {
	// Under h.mu, so that shutdown's deadline is never pushed back.
	r.h.mu.Lock()
	closed := r.h.closed
	var err error
	if !closed {
		err = r.c.SetReadDeadline(time.Now().Add(r.idle))
	}
	r.h.mu.Unlock()
	if closed {
		return 0, io.EOF
	}
	if err != nil {
		return 0, err
	}
	return r.c.Read(p)
}

// hjConn is one device connection.
type hjConn struct {
	h    *hj212Server
	c    net.Conn
	addr string
	work context.Context

	wmu sync.Mutex // serializes writes to c

	mu      sync.Mutex // guards the batch, and makes flushes one at a time with flushMu
	msgs    [][]byte
	answers [][]byte
	mns     map[string]bool
	timer   *time.Timer
	flushMu sync.Mutex
}

func (h *hj212Server) handle(work context.Context, c net.Conn) {
	cfg := h.s.cfg.HJ212
	log := h.s.log.With("remote", c.RemoteAddr().String())
	log.Info("hj212: connected")
	hc := &hjConn{h: h, c: c, addr: c.RemoteAddr().String(), work: work, mns: map[string]bool{}}
	defer func() {
		hc.mu.Lock()
		if hc.timer != nil {
			hc.timer.Stop()
		}
		hc.mu.Unlock()
		hc.flush()
		_ = c.Close()
		log.Info("hj212: disconnected")
	}()
	sc := hj212.NewScanner(idleReader{h: h, c: c, idle: cfg.IdleTimeout.Duration})
	sc.SetMaxDataLen(cfg.MaxMessageBytes)
	bad := 0
	for {
		m, err := sc.Next()
		if err != nil {
			var he *hj212.Error
			if errors.As(err, &he) {
				h.s.met.badPacket(strings.ToLower(he.Kind.String()))
				bad++
				lvl := slog.LevelWarn // the first few of a connection; a flood of junk goes to debug
				if bad > maxBadLogged {
					lvl = slog.LevelDebug
				}
				log.Log(work, lvl, "hj212: bad packet", "kind", he.Kind.String(), "err", he.Error(), "n", bad)
				continue
			}
			var ne net.Error
			switch {
			case errors.Is(err, io.EOF):
			case errors.As(err, &ne) && ne.Timeout():
				if !h.isClosed() {
					log.Info("hj212: idle timeout", "idle", cfg.IdleTimeout.Duration.String())
				}
			default:
				log.Info("hj212: read", "err", err)
			}
			return
		}
		h.s.met.add(&h.s.met.messages, 1)
		switch m.CN {
		case hj212.CNRealtime, hj212.CNMinute, hj212.CNHourly, hj212.CNDaily:
		default:
			log.Debug("hj212: message ignored", "cn", m.CN, "mn", m.MN)
			continue
		}
		raw := bytes.TrimRight(sc.Raw(), "\r\n")
		var answer []byte
		if m.NeedsAnswer() {
			a := hj212.DataAnswer(&m)
			if answer, err = hj212.Encode(a); err != nil {
				log.Warn("hj212: encode answer", "mn", m.MN, "err", err)
				answer = nil
			}
		}
		if full := hc.add(bytes.Clone(raw), answer, m.MN, cfg.BatchMessages, cfg.BatchInterval.Duration); full {
			hc.flush()
		}
	}
}

// add appends a message to the batch; it reports whether the batch is full
// and starts the batch timer with the first message.
func (hc *hjConn) add(raw, answer []byte, mn string, maxMsgs int, interval time.Duration) bool {
	hc.mu.Lock()
	defer hc.mu.Unlock()
	hc.msgs = append(hc.msgs, raw)
	if answer != nil {
		hc.answers = append(hc.answers, answer)
	}
	hc.mns[mn] = true
	if len(hc.msgs) == 1 {
		if hc.timer == nil {
			hc.timer = time.AfterFunc(interval, hc.flush)
		} else {
			hc.timer.Reset(interval)
		}
	}
	return len(hc.msgs) >= maxMsgs
}

// flush lands the batch: saves it, answers its messages, ingests it.
func (hc *hjConn) flush() {
	hc.flushMu.Lock()
	defer hc.flushMu.Unlock()
	hc.mu.Lock()
	msgs, answers, mns := hc.msgs, hc.answers, hc.mns
	hc.msgs, hc.answers, hc.mns = nil, nil, map[string]bool{}
	if hc.timer != nil {
		hc.timer.Stop()
	}
	hc.mu.Unlock()
	if len(msgs) == 0 {
		return
	}
	s := hc.h.s
	log := s.log.With("remote", hc.addr)
	label := hc.addr
	if len(mns) == 1 {
		for mn := range mns {
			if mn != "" {
				label = mn
			}
		}
	}
	body := append(bytes.Join(msgs, []byte("\r\n")), '\r', '\n')
	sum := sha256.Sum256(body)
	digest := hex.EncodeToString(sum[:])
	now := s.opt.Now().In(s.cfg.Location())
	name := safeName("hj212-" + label + "-" + now.Format("20060102T150405") + ".txt")
	saved, err := s.saveInbox(digest, name, body, hj212Dir)
	if err != nil {
		// Not on disk: no answer, so the devices send the data again.
		log.Error("hj212: save batch", "messages", len(msgs), "err", err)
		return
	}
	hc.wmu.Lock()
	for _, a := range answers {
		_ = hc.c.SetWriteDeadline(time.Now().Add(writeTimeout))
		if _, err := hc.c.Write(a); err != nil {
			log.Info("hj212: write answer", "err", err)
			break
		}
	}
	hc.wmu.Unlock()
	res, err := s.ingestBytes(hc.work, name, body, "hj212:"+label)
	if err != nil {
		log.Error("hj212: ingest batch", "file", name, "messages", len(msgs), "err", err)
		// Answered and on disk: the batch lands by the automatic retry.
		s.scheduleRetry(hc.work, saved, digest, name, "hj212:"+label, "", res.Entry.ID, err)
		return
	}
	s.met.add(&s.met.batches, 1)
	e := res.Entry
	log.Info("hj212: batch", "source", "hj212:"+label, "messages", len(msgs), "file_id", e.ID, "outcome", e.Outcome,
		"duplicate", res.Duplicate, "accepted", e.RowsAccepted, "rejected", e.RowsRejected)
	if e.RowsAccepted > 0 && !res.Duplicate {
		s.repub.trigger()
	}
}
