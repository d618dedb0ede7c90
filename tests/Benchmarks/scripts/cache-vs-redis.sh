#!/usr/bin/env bash
# Issue 14's cache benchmark beside its baseline: Debian's redis-server on a loopback port off the
# default (16390, no persistence) and `dotnet run -c Release --project tests/Benchmarks -- cache`,
# which starts its own three-silo cluster in process. redis-server is stopped by PID on exit.
#
# usage: tests/Benchmarks/scripts/cache-vs-redis.sh [SECONDS]   (default 3: the local-hit loops)
set -euo pipefail

seconds="${1:-3}"
port=16390
root="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(mktemp -d /tmp/cache-vs-redis.XXXXXX)"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

command -v redis-server >/dev/null 2>&1 || { echo "error: redis-server is not on PATH (apt-get install redis-server)" >&2; exit 1; }
redis-server --version
redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)

dotnet build -c Release "$root/tests/Benchmarks" -v quiet -nologo >/dev/null
for _ in $(seq 1 60); do
  if redis-cli -p "$port" ping >/dev/null 2>&1; then break; fi
  sleep 0.25
done

dotnet "$root/tests/Benchmarks/bin/Release/net10.0/OrleansSync.Benchmarks.dll" cache --seconds "$seconds" --redis "127.0.0.1:$port"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
