#!/usr/bin/env bash
# Issue 12's failover measurement with real SIGKILLs: a private redis-server on a loopback port off
# the default (started here, stopped by PID on exit), then `tests/Benchmarks -- failover-sigkill`,
# which starts the built silo as 3 processes of the Redis form, keeps one client granting a lock of
# group 0, and N times SIGKILLs the process hosting that group's leader, measures the gap in
# grants, and restarts it. Silo data and logs live in a fresh temp directory, removed on exit
# unless FAILOVER_KEEP=1.
#
# usage: tests/Benchmarks/scripts/failover-sigkill.sh [KILLS] [SILOS]   (defaults 12 and 3)
set -euo pipefail

kills="${1:-12}"
silos="${2:-3}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(mktemp -d /tmp/failover-sigkill.XXXXXX)"
redis_port=26391
redis_pid=""

cleanup() {
  if [ -n "$redis_pid" ]; then
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
  if [ "${FAILOVER_KEEP:-}" = 1 ]; then echo "logs: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap "exit 130" INT TERM

command -v redis-server >/dev/null || { echo "needs redis-server (apt-get install -y redis-server)" >&2; exit 2; }
dotnet build -c Release "$root/Silo" -v quiet -nologo >/dev/null
dotnet build -c Release "$root/tests/Benchmarks" -v quiet -nologo >/dev/null

redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work" --save "" --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 50); do
  grep -q "Ready to accept connections" "$work/redis.log" && break
  sleep 0.1
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$root/tests/Benchmarks/bin/Release/net10.0/OrleansSync.Benchmarks.dll" failover-sigkill \
  --redis "127.0.0.1:$redis_port" --silo-dll "$root/Silo/bin/Release/net10.0/OrleansSync.Silo.dll" \
  --kills "$kills" --silos "$silos" --work "$work"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
