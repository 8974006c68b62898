#!/usr/bin/env bash
# Before/after benchmark of the state path, alternating runs in one session (docs/benchmarks.md).
#   scripts/bench-replication.sh <before-tree> <after-tree> [runs] [clients] [seconds]
# Each run starts the tree's own server (its own process, 127.0.0.1, a free port), drives it with the same
# tree's load tester (so each side speaks its own protocol, and the bots decode every snapshot), writes the
# JSON report to $OUT/<label>-<run>.json, and stops the server. Summarise with
# `node scripts/bench-replication-summary.mjs $OUT`. PROFILE=1 also writes each server's V8 CPU profile to
# $OUT/prof-<label>-<run>/ (read it with `node scripts/profile-summary.mjs`).
set -euo pipefail
BEFORE=${1:?before tree}
AFTER=${2:?after tree}
RUNS=${3:-3}
CLIENTS=${4:-256}
SECONDS_=${5:-10}
OUT=${OUT:-/tmp/bench-replication}
mkdir -p "$OUT"

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

run_one() {
  local label=$1 tree=$2 run=$3
  local port
  port=$(free_port)
  echo "==> $label run $run: $CLIENTS clients, ${SECONDS_} s, port $port"
  (cd "$tree" && MAX_CONNECTIONS_PER_IP=0 MAX_PLAYERS=5000 MAX_ROOMS=2000 LOG_LEVEL=error PORT=$port \
    HOST=127.0.0.1 CLIENT_DIR= exec node ${PROFILE:+--cpu-prof --cpu-prof-dir=$OUT/prof-$label-$run} --import tsx \
    packages/server/src/main.ts) >"$OUT/$label-$run.server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 50); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  (cd "$tree" && node --import tsx packages/loadtest/src/main.ts "http://127.0.0.1:$port" -c "$CLIENTS" \
    -d "$SECONDS_" --json "$OUT/$label-$run.json") | grep -E "per client per s|bytes per snapshot|^  server  " || true
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

for run in $(seq 1 "$RUNS"); do
  run_one before "$BEFORE" "$run"
  run_one after "$AFTER" "$run"
done
