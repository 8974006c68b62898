#!/usr/bin/env bash
# One node vs two nodes on one Redis, with the load tester on the same machine (docs/benchmarks.md,
# "One node vs two nodes on one Redis"). From the repository root:
#   pnpm build && OUT=/tmp/cluster-bench bash deploy/bench/cluster-bench.sh "200 300 400 500" 2
#   node deploy/bench/summarise.mjs /tmp/cluster-bench
# Arguments: total client counts, rounds. Each round runs every count on one node, then on two nodes
# (half the clients each, one tester per node, started together); both nodes are always up and
# registered, so one-node runs pay the same heartbeats. Redis's total_commands_processed is sampled every
# 0.5 s into redis-samples.txt; the summary takes the steady-state rate while every client is in a room.
set -euo pipefail
COUNTS=${1:-"200 400"}; ROUNDS=${2:-2}
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/cluster-bench}; mkdir -p "$OUT"
# Free loopback ports, chosen by the kernel (bind to port 0, read it, release it), as the tests do.
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
RPORT=$(free_port); A=$(free_port); B=$(free_port); RAMP=100; WARMUP=${WARMUP:-5}; DURATION=${DURATION:-15}
redis-server --port $RPORT --bind 127.0.0.1 --save '' --appendonly no --loglevel warning &
REDIS=$!
node_env="REDIS_URL=redis://127.0.0.1:$RPORT HOST=127.0.0.1 CLIENT_DIR= LOG_LEVEL=error"
node_env="$node_env MAX_PLAYERS=100000 MAX_CONNECTIONS_PER_IP=100000"
env $node_env PORT=$A NODE_ID=bench-a node --conditions=tick-arena-dist packages/server/dist/src/main.js &
NA=$!
env $node_env PORT=$B NODE_ID=bench-b node --conditions=tick-arena-dist packages/server/dist/src/main.js &
NB=$!
for port in $A $B; do until curl -sf "http://127.0.0.1:$port/readyz" > /dev/null; do sleep 0.5; done; done
( while true; do
    echo "$(date +%s%3N) $(redis-cli -p $RPORT info stats | sed -n 's/^total_commands_processed:\([0-9]*\).*/\1/p')"
    sleep 0.5
  done ) > "$OUT/redis-samples.txt" &
SAMPLER=$!
trap 'kill $SAMPLER $NA $NB $REDIS 2>/dev/null' EXIT
loadtest() { pnpm -s loadtest "http://127.0.0.1:$1" -c "$2" --ramp $RAMP --warmup $WARMUP -d $DURATION \
  --connect-timeout 30000 --no-progress --json "$3" > "$3.txt" 2>&1 || true; }
for round in $(seq "$ROUNDS"); do
  for n in $COUNTS; do
    for nodes in 1 2; do
      tag="$OUT/n$n-nodes$nodes-r$round"
      testers=()
      if [ $nodes = 1 ]; then loadtest $A "$n" "$tag-a.json" & testers+=($!); else
        loadtest $A $((n / 2)) "$tag-a.json" & testers+=($!)
        loadtest $B $((n / 2)) "$tag-b.json" & testers+=($!); fi
      wait "${testers[@]}"
      redis-cli -p $RPORT info commandstats > "$tag-commandstats.txt"
      echo "$n $nodes $round $(cut -d' ' -f1 /proc/loadavg)" >> "$OUT/runs.txt"
    done
  done
done
