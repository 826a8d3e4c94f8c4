#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this).
# Installs what a fresh machine lacks: the chart assets from the npm registry
# (pinned by web/package-lock.json), staticcheck from the Go module proxy, and
# Debian's chromium for the browser tests (when running as root with apt;
# set ENVDISCLOSE_NO_APT=1 to skip, the browser tests then skip).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS="${GOFLAGS:-} -tags=duckdb_arrow"

scripts/assets.sh

if [[ -z "${ENVDISCLOSE_NO_APT:-}" && "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
  if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
    echo "== installing chromium, CJK fonts and poppler-utils (Debian packages)"
    if ! { apt-get update -qq >/dev/null &&
           DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null; }; then
      echo "warning: could not install chromium; the browser tests will skip" >&2
    fi
  fi
fi

echo "== gofmt"
bad=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './web/*'))
if [[ -n "$bad" ]]; then echo "gofmt needed:"; echo "$bad"; exit 1; fi

echo "== go vet"
go vet ./...

echo "== staticcheck"
SC="$(go env GOPATH)/bin/staticcheck"
if [[ ! -x "$SC" ]]; then go install honnef.co/go/tools/cmd/staticcheck@v0.8.2; fi
"$SC" ./...

echo "== go test"
go test -count=1 -timeout 15m ./... "$@"
