#!/usr/bin/env bash
# Fetch the pinned chart library (web/package.json, web/package-lock.json) and
# copy echarts.min.js to publish/assets/vendor/, where the binary embeds it
# (go:embed) and `envdisclose build` publishes it as site/assets/echarts.min.js.
#
# Idempotent and fast when up to date: npm ci runs only when the lock file is
# newer than the installed tree, and the copy only when the file differs.
# Run it once after cloning and after changing web/package*.json, then rebuild.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="$root/web"
src="$web/node_modules/echarts/dist/echarts.min.js"
dst_dir="$root/publish/assets/vendor"
dst="$dst_dir/echarts.min.js"
stamp="$web/node_modules/.package-lock.json" # written by npm ci / npm install

command -v npm >/dev/null 2>&1 || { echo "assets.sh: npm not found (install Node.js >= 18)" >&2; exit 1; }

if [[ ! -f "$src" || ! -f "$stamp" || "$web/package-lock.json" -nt "$stamp" ]]; then
	echo "assets.sh: npm ci in web/" >&2
	(cd "$web" && npm ci --no-audit --no-fund --prefer-offline --ignore-scripts --loglevel=error)
fi

want="$(node -p 'require(process.argv[1]).dependencies.echarts' "$web/package.json")"
have="$(node -p 'require(process.argv[1]).version' "$web/node_modules/echarts/package.json")"
if [[ "$want" != "$have" ]]; then
	echo "assets.sh: web/node_modules has echarts $have, package.json pins $want; run: (cd web && npm ci)" >&2
	exit 1
fi

mkdir -p "$dst_dir"
if ! cmp -s "$src" "$dst"; then
	cp "$src" "$dst.tmp"
	mv "$dst.tmp" "$dst"
	echo "assets.sh: installed echarts $have -> ${dst#"$root"/}" >&2
else
	echo "assets.sh: echarts $have up to date" >&2
fi
