package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/internal/atomicfile"
)

// Targets are where a published build also goes besides DATA/site: a
// folder for a web server or a CMS on the same machine, and a command hook
// (config [publish] folder and hook).
//
// The folder is published like DATA/site: Folder becomes a symlink to
// <Folder>.builds/<build>, a tree of hard links to the build (copies where
// the folder is on another file system), swapped atomically, so nginx
// never serves half a site. A real directory found at Folder is moved
// into <Folder>.builds first (once). The hook runs after the folder, with
// the environment ENVDISCLOSE_SITE (the published build directory) and
// ENVDISCLOSE_BUILD (its name); its output goes to the log.
type Targets struct {
	Folder      string
	Hook        []string
	HookTimeout time.Duration // 0 = 5 minutes
	// Readers, when set, counts the hook as a reader of the build it
	// delivers while it runs (readers.go).
	Readers *Readers
}

// Empty reports whether there is nothing to deliver to.
func (t Targets) Empty() bool { return t.Folder == "" && len(t.Hook) == 0 }

// Deliver sends the build DATA/site currently points at (siteLink) to the
// targets. The portal itself is already published: an error here is the
// targets' alone.
func (t Targets) Deliver(ctx context.Context, siteLink string, log *slog.Logger) error {
	if t.Empty() {
		return nil
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	build, release, err := t.Readers.holdCurrent(siteLink)
	if err != nil {
		return fmt.Errorf("publish targets: no published site at %s: %w", siteLink, err)
	}
	defer release()
	name := filepath.Base(build)
	var errs []error
	if t.Folder != "" {
		if err := t.mirror(build, name, log); err != nil {
			errs = append(errs, err)
		}
	}
	if len(t.Hook) > 0 {
		if err := t.runHook(ctx, build, name, log); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (t Targets) mirror(build, name string, log *slog.Logger) error {
	folder := filepath.Clean(t.Folder)
	builds := folder + ".builds"
	if err := os.MkdirAll(builds, 0o755); err != nil {
		return fmt.Errorf("publish folder: %w", err)
	}
	dst := filepath.Join(builds, name)
	if _, err := os.Stat(dst); err == nil {
		return nil // this build is there already
	}
	tmp, err := os.MkdirTemp(builds, ".tmp-"+name+"-")
	if err != nil {
		return fmt.Errorf("publish folder: %w", err)
	}
	dirs, err := linkTree(build, tmp, map[string]bool{}, nil)
	if err == nil {
		for _, d := range dirs {
			if err = atomicfile.Sync(d); err != nil {
				break
			}
		}
	}
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("publish folder %s: %w", folder, err)
	}
	if fi, err := os.Lstat(folder); err == nil && fi.IsDir() {
		legacy := filepath.Join(builds, "000000-legacy")
		log.Warn("moving a non-symlink publish folder aside", "from", folder, "to", legacy)
		if err := os.Rename(folder, legacy); err != nil {
			return fmt.Errorf("publish folder: move %s aside: %w", folder, err)
		}
	}
	target, err := filepath.Rel(filepath.Dir(folder), dst)
	if err != nil {
		target = dst
	}
	if err := swapLink(folder, target, log); err != nil {
		return fmt.Errorf("publish folder: %w", err)
	}
	n := prune(builds, name, false, nil, log)
	log.Info("published to folder", "folder", folder, "build", name, "pruned", n)
	return nil
}

func (t Targets) runHook(ctx context.Context, build, name string, log *slog.Logger) error {
	timeout := t.HookTimeout
	if timeout <= 0 {
		timeout = 5 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, t.Hook[0], t.Hook[1:]...)
	cmd.Env = append(os.Environ(), "ENVDISCLOSE_SITE="+build, "ENVDISCLOSE_BUILD="+name)
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	msg := strings.TrimSpace(string(out))
	if len(msg) > 4000 {
		msg = msg[:4000] + "…"
	}
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("timed out after %s: %w", timeout, err)
		}
		return fmt.Errorf("publish hook %s: %w (output: %s)", strings.Join(t.Hook, " "), err, msg)
	}
	log.Info("publish hook done", "hook", strings.Join(t.Hook, " "), "build", name, "output", msg)
	return nil
}
