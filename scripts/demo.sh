#!/usr/bin/env bash
# The main job on the embedded default: installs the chart assets (npm,
# pinned), builds the binary, ingests the bundled real sample into a fresh
# ./data-demo, computes everything, publishes the portal and serves it at
# http://127.0.0.1:8080 (Ctrl-C to stop). Extra arguments go to
# `envdisclose demo` (e.g. --addr 127.0.0.1:9090, --no-serve).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/assets.sh
go build -tags duckdb_arrow -o envdisclose ./cmd/envdisclose
exec ./envdisclose demo "$@"
