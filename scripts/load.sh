#!/usr/bin/env bash
# Load check of the push API (not a test): an in-process server on 127.0.0.1
# with a temporary data dir; N stations push H hourly files each over
# loopback; every row must land exactly once. Prints
#   load: files=<n> ok=<n> dup=<n> failed=<n> p95_push_to_publish_s=<s>
# Usage: scripts/load.sh [--stations 2000] [--hours 24] [--concurrency 64]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/assets.sh
bin="$(mktemp -d)/envdisclose"
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -tags duckdb_arrow -o "$bin" ./cmd/envdisclose
"$bin" load "$@"
