#!/usr/bin/env bash
# Time from a fresh clone with empty package caches to `make run` answering /health.
# Usage: bench/fresh_clone.sh [REPO] [PORT]
# The Makefile picks the installer (uv on PATH, else uv fetched with pip into .tools/, else pip;
# PLACEMENT_NO_UV=1 forces pip); its choice is read back from the log.
set -euo pipefail
repo=${1:-$(git rev-parse --show-toplevel)}
port=${2:-18765}
work=$(mktemp -d)
# SIGTERM to `make run`: the app shuts down and stops its embedded PostgreSQL; wait for that
# before the files go.
trap 'kill -- -$pid 2>/dev/null || true; for _ in $(seq 75); do kill -0 $pid 2>/dev/null || break; sleep 0.2; done; rm -rf "$work"' EXIT
git clone -q "$repo" "$work/placement"
cd "$work/placement"
export UV_CACHE_DIR="$work/uv-cache" PIP_CACHE_DIR="$work/pip-cache"
export PLACEMENT_PORT=$port PLACEMENT_DEMO_PASSWORD=fresh-clone-wachtzin-1
start=$(date +%s.%N)
set -m
make run >"$work/run.log" 2>&1 &
pid=$!
installed=""
until curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
  if [ -z "$installed" ] && [ -f .venv/.runtime ]; then
    installed=$(echo "$(date +%s.%N) - $start" | bc)
  fi
  kill -0 $pid 2>/dev/null || { cat "$work/run.log"; exit 1; }
  sleep 0.2
done
total=$(echo "$(date +%s.%N) - $start" | bc)
installer=$(sed -n 's/^installer: \([a-z]*\).*/\1/p' "$work/run.log" | head -1)
load=$(cut -d' ' -f1 /proc/loadavg)
echo "installer: $installer; load average $load"
printf 'install done after %.1f s; serving after %.1f s\n' "$installed" "$total"
printf '{"bench": "fresh_clone", "installer": "%s", "install_s": %.1f, "serving_s": %.1f, "load": %s}\n' \
  "$installer" "$installed" "$total" "$load"
