#!/usr/bin/env bash
# Issue 12's side-by-side lock benchmark: a 3-member etcd on loopback (Debian's etcd-server,
# installed here if missing, never in CI) and the README's main job (3 embedded silos, fsync on),
# both driven by one generator: `dotnet run -c Release --project tests/Benchmarks -- peer ...`.
# Every process started here is stopped by PID on exit; data lives in a fresh temp directory.
#
# usage: tests/Benchmarks/scripts/locks-vs-etcd.sh [SECONDS] [WARMUP]   (defaults 10 and 2)
# LOCKS_VS_ETCD_PORT_OFFSET=N shifts the silos' ports by N (another cluster on this machine);
# LOCKS_VS_ETCD_KEEP=1 keeps the temp directory (logs) instead of removing it.
set -euo pipefail

seconds="${1:-10}"
warmup="${2:-2}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(mktemp -d /tmp/locks-vs-etcd.XXXXXX)"
pids=()
offset="${LOCKS_VS_ETCD_PORT_OFFSET:-0}"

cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ "${LOCKS_VS_ETCD_KEEP:-}" = 1 ]; then echo "logs: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT INT TERM

if ! command -v etcd >/dev/null 2>&1; then
  apt-get install -y etcd-server >/dev/null || { apt-get update >/dev/null && apt-get install -y etcd-server >/dev/null; }
fi
etcd --version | head -1

cluster="m1=http://127.0.0.1:23801,m2=http://127.0.0.1:23802,m3=http://127.0.0.1:23803"
for i in 1 2 3; do
  etcd --name "m$i" --data-dir "$work/etcd-$i" \
    --listen-client-urls "http://127.0.0.1:2379$i" --advertise-client-urls "http://127.0.0.1:2379$i" \
    --listen-peer-urls "http://127.0.0.1:2380$i" --initial-advertise-peer-urls "http://127.0.0.1:2380$i" \
    --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token locks-vs-etcd \
    --log-level warn >"$work/etcd-$i.log" 2>&1 &
  pids+=($!)
done

dotnet build -c Release "$root/Silo" -v quiet -nologo >/dev/null
dotnet build -c Release "$root/tests/Benchmarks" -v quiet -nologo >/dev/null

# The README's main job: 3 silos in one process, loopback TCP, file WALs with fsync.
mkdir -p "$work/silo"
# Ports off the defaults (11111/30000/8080), which a developer's own cluster may be using.
(cd "$work/silo" && exec dotnet "$root/Silo/bin/Release/net10.0/OrleansSync.Silo.dll" --data-dir "$work/silo/data" \
  --silo-port $((21111 + offset)) --gateway-port $((31000 + offset)) --http-port $((18080 + offset))) >"$work/silo.log" 2>&1 &
pids+=($!)

wait_for() { # URL, what
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "error: $2 did not come up ($1)" >&2
  tail -20 "$work"/*.log >&2
  exit 1
}
for i in 1 2 3; do wait_for "http://127.0.0.1:2379$i/health" "etcd member $i"; done
for port in $((18080 + offset)) $((18081 + offset)) $((18082 + offset)); do wait_for "http://127.0.0.1:$port/health" "silo at $port"; done
sleep 2 # let both clusters settle after their first elections

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$root/tests/Benchmarks/bin/Release/net10.0/OrleansSync.Benchmarks.dll" peer \
  --seconds "$seconds" --warmup "$warmup" \
  --etcd http://127.0.0.1:23791,http://127.0.0.1:23792,http://127.0.0.1:23793 \
  --http "http://127.0.0.1:$((18080 + offset)),http://127.0.0.1:$((18081 + offset)),http://127.0.0.1:$((18082 + offset))" \
  --gateways "127.0.0.1:$((31000 + offset)),127.0.0.1:$((31001 + offset)),127.0.0.1:$((31002 + offset))"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
