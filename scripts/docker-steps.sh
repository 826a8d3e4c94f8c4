#!/usr/bin/env bash
# Runs the build steps of the Dockerfile without a Docker engine (none runs
# on the development and CI machines) and checks the result: the chart
# assets from `npm ci`, a statically linked cgo binary with the same flags,
# and that binary working with no files beside it. Usage: scripts/docker-steps.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "== stage 1: chart assets (npm ci, as in the Dockerfile)"
(cd web && npm ci --no-audit --no-fund --silent)
mkdir -p publish/assets/vendor
cp web/node_modules/echarts/dist/echarts.min.js publish/assets/vendor/echarts.min.js

echo "== stage 2: static binary (CGO, -tags duckdb_arrow,netgo,osusergo)"
CGO_ENABLED=1 go build -tags duckdb_arrow,netgo,osusergo -trimpath \
  -ldflags '-s -w -linkmode external -extldflags "-static"' \
  -o "$out/envdisclose" ./cmd/envdisclose 2> "$out/link.log" || { cat "$out/link.log"; exit 1; }
if command -v file >/dev/null; then file "$out/envdisclose" | grep -q "statically linked"; fi
if ldd "$out/envdisclose" 2>&1 | grep -q "=>"; then echo "binary is dynamically linked"; exit 1; fi

echo "== stage 3: the binary alone (no sources, no node_modules): demo build and healthcheck"
cd "$out"
./envdisclose --help >/dev/null
./envdisclose demo --data "$out/data" --no-serve >/dev/null
./envdisclose serve --data "$out/data" --addr 127.0.0.1:18089 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 50); do ./envdisclose healthcheck --url http://127.0.0.1:18089/healthz >/dev/null 2>&1 && break; sleep 0.2; done
./envdisclose healthcheck --url http://127.0.0.1:18089/healthz
kill -TERM "$pid"; wait "$pid"
echo "docker steps: ok"
