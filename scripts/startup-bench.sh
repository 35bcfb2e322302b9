#!/usr/bin/env bash
# Measures how long `trygg serve` takes to answer /healthz on an empty SQLite
# database (with and without the demo load) and its resident memory at rest
# and after 200 page requests. Results go in docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/trygg
go build -o "$bin" ./cmd/trygg
port=18098
measure() {
  local db; db=$(mktemp -d)/t.db
  local start end pid
  start=$(date +%s%N)
  "$bin" serve --db "sqlite:$db" --addr 127.0.0.1:$port "$@" >/dev/null 2>&1 & pid=$!
  until curl -sf localhost:$port/healthz >/dev/null; do sleep 0.01; done
  end=$(date +%s%N)
  sleep 2
  local rest; rest=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  for _ in $(seq 200); do curl -s localhost:$port/katrineholm/ >/dev/null; done
  local busy; busy=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  kill $pid; wait $pid || true
  echo "serve $*: /healthz after $(( (end-start)/1000000 )) ms; RSS at rest $((rest/1024)) MB, after 200 pages $((busy/1024)) MB"
}
measure
measure --no-demo
