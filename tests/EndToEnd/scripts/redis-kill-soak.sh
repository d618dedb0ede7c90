#!/usr/bin/env bash
# Soak of the Redis form (issue 11): three silo processes with --clustering redis and a data
# directory each serve locks over HTTP while one silo at a time is SIGKILLed and restarted every
# 10-20 s. Counts grants, duplicate fencing tokens and double grants (two workers inside one lock
# at once); at the end every silo's /health must answer 200 within 60 s (issue 12: health follows
# replaced replicas), and soak0's /status shows each group's voters and leader.
# A measurement, not a test: run it by hand after `dotnet build -c Release`.
#   tests/EndToEnd/scripts/redis-kill-soak.sh [seconds=120] [seed=1]
# SOAK_PORT_OFFSET=N shifts every port by N (another soak or cluster on this machine).
# SOAK_ROUND_ROBIN=1 kills soak0, soak1, soak2, ... in turn rather than at random;
# SOAK_KILL_EVERY=S waits S seconds between kills rather than 10-20 (the issue-12 scenario,
# "kill and restart each silo once", is SOAK_ROUND_ROBIN=1 SOAK_KILL_EVERY=30 ... 110).
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds=${1:-120}
seed=${2:-1}
RANDOM=$seed
silo_dll=Silo/bin/Release/net10.0/OrleansSync.Silo.dll
[ -f "$silo_dll" ] || { echo "build first: dotnet build OrleansSync.sln -c Release" >&2; exit 2; }
command -v redis-server >/dev/null || { echo "needs redis-server (apt-get install -y redis-server)" >&2; exit 2; }
work=$(mktemp -d /tmp/orleanssync-soak-XXXXXX)
offset=${SOAK_PORT_OFFSET:-0}
redis_port=$((6391 + offset))
silo_base=$((11211 + offset)) gateway_base=$((30100 + offset)) http_base=$((8090 + offset))
declare -A pids
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  [ -n "${redis_pid:-}" ] && kill "$redis_pid" 2>/dev/null || true
  [ -n "${load_pids:-}" ] && kill $load_pids 2>/dev/null || true
}
trap cleanup EXIT

redis-server --port $redis_port --bind 127.0.0.1 --dir "$work" --appendonly yes --save "" > "$work/redis.log" 2>&1 &
redis_pid=$!
start_silo() {
  local i=$1
  dotnet "$silo_dll" --clustering redis --redis 127.0.0.1:$redis_port --silo-port $((silo_base + i)) --gateway-port $((gateway_base + i)) \
    --http-port $((http_base + i)) --data-dir "$work/silo$i" --name "soak$i" >> "$work/silo$i.log" 2>&1 &
  pids[$i]=$!
  disown "${pids[$i]}"
}
for i in 0 1 2; do start_silo $i; done
deadline=$((SECONDS + 120))
for i in 0 1 2; do
  until curl -sf -o /dev/null "http://127.0.0.1:$((http_base + i))/health"; do
    [ $SECONDS -lt $deadline ] || { echo "silo $i not healthy within 120 s" >&2; exit 1; }
    sleep 1
  done
done
echo "3 silos healthy after ${SECONDS}s; load for ${seconds}s, a SIGKILL and restart every ${SOAK_KILL_EVERY:-10-20} s of $([ -n "${SOAK_ROUND_ROBIN:-}" ] && echo "each silo in turn" || echo "a random silo") (seed $seed)"

worker() {
  local w=$1 lock="soak-$(( $1 % 2 ))" out="$work/grants-$1.txt" end=$((SECONDS + seconds))
  while [ $SECONDS -lt $end ]; do
    local port=$((http_base + RANDOM % 3))
    local body
    body=$(curl -s -m 10 -X POST "http://127.0.0.1:$port/locks/$lock/acquire" -H 'Content-Type: application/json' \
      -d '{"ttlMs":5000,"waitMs":3000}' -w '\n%{http_code}' 2>/dev/null) || { echo "curl-failed" >> "$work/errors-$w.txt"; sleep 0.2; continue; }
    local code=${body##*$'\n'} json=${body%$'\n'*}
    if [ "$code" != 200 ]; then echo "$code" >> "$work/errors-$w.txt"; sleep 0.1; continue; fi
    local token lease
    token=$(sed -E 's/.*"fencingToken":([0-9]+).*/\1/' <<< "$json")
    lease=$(sed -E 's/.*"leaseId":([0-9]+).*/\1/' <<< "$json")
    if ! mkdir "$work/held-$lock" 2>/dev/null; then echo "DOUBLE $lock $token" >> "$work/double.txt"; fi
    echo "$lock $token" >> "$out"
    sleep 0.05
    rmdir "$work/held-$lock" 2>/dev/null || true
    curl -s -m 10 -o /dev/null -X POST "http://127.0.0.1:$port/locks/$lock/release" -H 'Content-Type: application/json' -d "{\"leaseId\":$lease}" || true
  done
}
load_pids=""
for w in 0 1 2 3; do worker $w & load_pids="$load_pids $!"; done

kills=0
end=$((SECONDS + seconds))
while [ $SECONDS -lt $((end - 10)) ]; do
  if [ -n "${SOAK_KILL_EVERY:-}" ]; then sleep "$SOAK_KILL_EVERY"; else sleep $((10 + RANDOM % 11)); fi
  if [ -n "${SOAK_ROUND_ROBIN:-}" ]; then victim=$((kills % 3)); else victim=$((RANDOM % 3)); fi
  kill -9 "${pids[$victim]}" 2>/dev/null || true
  kills=$((kills + 1))
  echo "t=${SECONDS}s SIGKILL soak$victim"
  sleep 2
  start_silo $victim
done
wait $load_pids 2>/dev/null || true

lines() { cat "$@" 2>/dev/null || true; }
grants=$(lines "$work"/grants-*.txt | wc -l)
duplicates=$(lines "$work"/grants-*.txt | sort | uniq -d | wc -l)
doubles=$(lines "$work/double.txt" | wc -l)
echo "kills=$kills grants=$grants duplicate_tokens=$duplicates double_grants=$doubles"
# curl-failed: a request to the silo that was down at the time (the workers pick any of the three ports).
echo "errors by status: $(lines "$work"/errors-*.txt | sort | uniq -c | tr '\n' ' ')"
# Every silo must be ready again soon after the last restart, however many replicas were replaced.
health_start=$SECONDS health_deadline=$((SECONDS + 60))
declare -A codes
while :; do
  unhealthy=0 health=""
  for i in 0 1 2; do
    [ "${codes[$i]:-}" = 200 ] || codes[$i]=$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((http_base + i))/health" || true)
    [ "${codes[$i]}" = 200 ] || unhealthy=$((unhealthy + 1))
    health="$health soak$i=${codes[$i]}"
  done
  [ "$unhealthy" -eq 0 ] || [ $SECONDS -ge $health_deadline ] && break
  sleep 0.5
done
echo "health at the end:$health ($((SECONDS - health_start)) s after the load's end)"
# Each silo's view of each group: leader, voters (learners) and every member as role@silo.
for i in 0 1 2; do curl -s -m 10 -o "$work/status-$i.json" "http://127.0.0.1:$((http_base + i))/status" || true; done
if command -v python3 >/dev/null; then
  python3 - "$work" <<'PY' || echo "status: unreadable"
import json, sys
for i in range(3):
    try:
        status = json.load(open("%s/status-%d.json" % (sys.argv[1], i)))
    except Exception as error:
        print("soak%d: no status (%s)" % (i, error)); continue
    for g in status["groups"]:
        members = " ".join("%d=%s@%s" % (r["replica"], (r.get("status") or {}).get("role", "unreachable"), (r.get("status") or {}).get("silo", "-")) for r in g["replicas"])
        print("soak%d group %d: leader %s voters %s learners %s | %s" % (i, g["group"], g.get("leaderReplica", "none"), g["voters"], g["learners"], members))
PY
fi
echo "logs and /status bodies: $work"
[ "$duplicates" -eq 0 ] && [ "$doubles" -eq 0 ] && [ "$unhealthy" -eq 0 ]
