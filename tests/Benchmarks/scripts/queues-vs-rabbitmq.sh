#!/usr/bin/env bash
# Issue 13's side-by-side queue benchmark: a 3-node RabbitMQ cluster on loopback (Debian's
# rabbitmq-server, installed here if missing, never in CI) with a quorum queue, and the README's
# main job (3 embedded silos, fsync on), both driven by one generator:
# `dotnet tests/Benchmarks/.../OrleansSync.Benchmarks.dll queues ...` (RabbitMQ.Client, publisher confirms).
# Every process started here is stopped on exit (rabbitmqctl stop, then by PID); data, logs and
# the shared Erlang cookie live in a fresh temp directory.
#
# usage: tests/Benchmarks/scripts/queues-vs-rabbitmq.sh [SECONDS] [WARMUP] [CONSUME_MESSAGES] [SESSIONS]   (defaults 10, 2, 20000, 8)
# SESSIONS: sessions per Raft group of our shared queue client (commands in flight per group).
set -euo pipefail

seconds="${1:-10}"
warmup="${2:-2}"
consume_messages="${3:-20000}"
sessions="${4:-8}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(mktemp -d /tmp/queues-vs-rabbitmq.XXXXXX)"
rabbit_bin=/usr/lib/rabbitmq/bin   # the scripts themselves: /usr/sbin's wrappers would switch to the rabbitmq user
pids=()

# Loopback only, off the defaults (AMQP 5672, distribution 25672, epmd 4369) and off 35672-35682,
# which rabbitmqctl itself takes for its own distribution connection.
amqp_port() { echo $((36000 + $1)); }
dist_port() { echo $((46000 + $1)); }
export ERL_EPMD_PORT=24369 ERL_EPMD_ADDRESS=127.0.0.1
export HOME="$work/home" # rabbitmqctl and every node read the shared cookie from $HOME/.erlang.cookie

ctl() { # NODE-INDEX, rabbitmqctl arguments...
  local i="$1"; shift
  "$rabbit_bin/rabbitmqctl" -n "rabbit$i@localhost" "$@"
}

cleanup() {
  for i in 1 2 3; do
    [ -f "$work/rabbit$i.pid" ] && ctl "$i" stop >/dev/null 2>&1 || true
  done
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

if [ ! -x "$rabbit_bin/rabbitmq-server" ]; then
  apt-get install -y rabbitmq-server >/dev/null || { apt-get update >/dev/null && apt-get install -y rabbitmq-server >/dev/null; }
fi
dpkg-query -W -f='rabbitmq-server ${Version}\n' rabbitmq-server 2>/dev/null || true

mkdir -p "$work/home"
printf 'orleanssync-queues-vs-rabbitmq-%s' "$RANDOM$RANDOM" >"$work/home/.erlang.cookie"
chmod 400 "$work/home/.erlang.cookie"
echo '[].' >"$work/enabled_plugins" # no management or other plugins
# Our own epmd (name service of the Erlang nodes) on its own port, stopped by PID.
epmd -port "$ERL_EPMD_PORT" -address 127.0.0.1 >"$work/epmd.log" 2>&1 &
pids+=($!)

for i in 1 2 3; do
  RABBITMQ_NODENAME="rabbit$i@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$(amqp_port "$i")" RABBITMQ_DIST_PORT="$(dist_port "$i")" \
    RABBITMQ_MNESIA_BASE="$work/mnesia-$i" RABBITMQ_LOG_BASE="$work/log-$i" \
    RABBITMQ_PID_FILE="$work/rabbit$i.pid" RABBITMQ_ENABLED_PLUGINS_FILE="$work/enabled_plugins" \
    RABBITMQ_CONFIG_FILE="$work/rabbitmq-$i" RABBITMQ_ADVANCED_CONFIG_FILE="$work/advanced-$i.config" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    "$rabbit_bin/rabbitmq-server" >"$work/rabbit$i.log" 2>&1 &
  pids+=($!)
done

dotnet build -c Release "$root/Silo" -v quiet -nologo >/dev/null
dotnet build -c Release "$root/tests/Benchmarks" -v quiet -nologo >/dev/null

for i in 1 2 3; do
  ctl "$i" wait --timeout 120 "$work/rabbit$i.pid" >/dev/null || { echo "error: RabbitMQ node $i did not start" >&2; tail -20 "$work/rabbit$i.log" >&2; exit 1; }
done
for i in 2 3; do
  ctl "$i" stop_app >/dev/null
  ctl "$i" join_cluster rabbit1@localhost >/dev/null
  ctl "$i" start_app >/dev/null
done
ctl 1 await_online_nodes 3 --timeout 60 >/dev/null
echo "rabbitmq: $(ctl 1 cluster_status --formatter json | grep -o '"running_nodes":\[[^]]*\]')"

# The README's main job: 3 silos in one process, loopback TCP, file WALs with fsync.
mkdir -p "$work/silo"
# Ports off the defaults (11111/30000/8080), which a developer's own cluster may be using.
(cd "$work/silo" && exec dotnet "$root/Silo/bin/Release/net10.0/OrleansSync.Silo.dll" --data-dir "$work/silo/data" \
  --silo-port 21111 --gateway-port 31000 --http-port 18080) >"$work/silo.log" 2>&1 &
pids+=($!)

wait_for() { # URL, what
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "error: $2 did not come up ($1)" >&2
  tail -20 "$work/silo.log" >&2
  exit 1
}
for port in 18080 18081 18082; do wait_for "http://127.0.0.1:$port/health" "silo at $port"; done
sleep 2 # let both clusters settle after their first elections

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$root/tests/Benchmarks/bin/Release/net10.0/OrleansSync.Benchmarks.dll" queues \
  --seconds "$seconds" --warmup "$warmup" --consume-messages "$consume_messages" --sessions "$sessions" \
  --rabbit "127.0.0.1:$(amqp_port 1),127.0.0.1:$(amqp_port 2),127.0.0.1:$(amqp_port 3)" \
  --gateways 127.0.0.1:31000,127.0.0.1:31001,127.0.0.1:31002
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
