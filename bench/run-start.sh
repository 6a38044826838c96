#!/usr/bin/env bash
# run-start.sh: how long a fresh Partita node and a fresh Apache Kafka 4.4 single-node KRaft broker take from launch
# to serving, measured in one run.
#
#   bench/run-start.sh [--rounds R] [--pin CPUS] [--partita CHECKOUT] [--work-dir D] [--timeout S]
#
#   --rounds R     rounds (default 3); Partita starts first in odd rounds, Kafka in even ones
#   --pin CPUS     run both brokers (and everything their launchers start) under taskset -c CPUS, e.g. 0 or 0-1
#   --partita CHECKOUT  the built checkout whose bin/partita (and so dist layout) runs the Partita side (default this
#                  one): another commit's worktree measures it against the same Kafka, for a before/after
#   --work-dir D   logs and results (default /tmp/partita-start); emptied first. Each round's broker logs stay in
#                  round<R>/<side>/, the data is removed after each start
#   --timeout S    seconds a broker may take to serve (default 180)
#
# Per round and side: a fresh broker with the same heap and JVM flags on both sides (BROKER_HEAP_OPTS, default
# -Xmx1G -Xms1G, and Kafka's own broker flags; bench/kafka-peer.sh). Partita: 'bin/partita start --daemon' on an
# empty data dir. Kafka: the peer's kafka-single-node.sh on storage formatted just before (kafka-storage.sh format
# --standalone, a step of its own in Kafka's start-up as in Partita's none, so outside the timing). The launch time
# is taken right before the launcher runs. A probe (io.partita.bench.start.ServingProbe in
# bench/target/benchmarks.jar), started and warmed up before the launch, polls every 50 ms and reports the first
# answer of (a) a Kafka admin client's describe-cluster (ApiVersions, then Metadata naming a broker) and, for
# Partita, (b) GET /health/ready answering 200 (UP: listener serving, cluster joined, every application deployed).
# A side's time to serve is (a) for Kafka and the later of (a) and (b) for Partita; the ratio is Partita's over
# Kafka's of the same round. load1 is the one-minute load average at the launch; cpu s the CPU seconds the broker's
# JVM had used when it served (less sensitive than wall time to what else runs on the machine). Partita rounds also list
# Payara's own figures from partita.log: its boot ("startup time" total), each application's deployment and its
# "ready in" (from the JVM's start to the last deployment).
#
# Timing is noisy on a shared machine: run it alone, e.g. flock /tmp/partita-bench.lock bench/run-start.sh.
# Environment: JAVA_HOME; KAFKA_PEER_DIR, KAFKA_LIB_DIR, BROKER_HEAP_OPTS (bench/kafka-peer.sh).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$SCRIPT_DIR")"
# shellcheck source=kafka-peer.sh
. "$SCRIPT_DIR/kafka-peer.sh"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
BENCH_JAR="$SCRIPT_DIR/target/benchmarks.jar"

ROUNDS=3
PIN=""
WORK_DIR=/tmp/partita-start
TIMEOUT=180
PARTITA_DIR=$REPO_DIR

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//' >&2; exit 2; }
die() { echo "run-start: $*" >&2; exit 1; }
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=${2:?}; shift 2 ;;
    --pin) PIN=${2:?}; shift 2 ;;
    --partita) PARTITA_DIR=${2:?}; shift 2 ;;
    --work-dir) WORK_DIR=${2:?}; shift 2 ;;
    --timeout) TIMEOUT=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "run-start: unknown option $1" >&2; usage ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive number"
[[ "$TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive number of seconds"
BROKER_CPUS=()
if [ -n "$PIN" ]; then
  [[ "$PIN" =~ ^[0-9,-]+$ ]] || die "--pin takes a taskset CPU list, e.g. 0 or 0-1"
  command -v taskset >/dev/null || die "--pin needs taskset (util-linux)"
  BROKER_CPUS=(taskset -c "$PIN")
fi
command -v ss >/dev/null || die "ss (iproute2) is needed to find free ports"
[ -x "$PARTITA_DIR/bin/partita" ] || die "no launcher at $PARTITA_DIR/bin/partita"
[ -d "$PARTITA_DIR/dist/target/partita/deploy" ] && [ -f "$BENCH_JAR" ] ||
  die "build first: mvn -B -q -DskipTests package ($PARTITA_DIR/dist/target/partita and $BENCH_JAR)"
kafka_peer_setup

case "$WORK_DIR" in /|"$HOME"|"$REPO_DIR"|"$PARTITA_DIR") die "refusing to empty $WORK_DIR" ;; esac
if [ -d "$WORK_DIR" ] && [ -n "$(ls -A "$WORK_DIR")" ] && [ ! -f "$WORK_DIR/results.tsv" ]; then
  die "--work-dir $WORK_DIR is neither empty nor an earlier run's directory"
fi
rm -rf "$WORK_DIR"
mkdir -p "$WORK_DIR"
WORK_DIR=$(cd "$WORK_DIR" && pwd)
RESULTS="$WORK_DIR/results.tsv"
printf 'round\tside\tkafka_ms\tready_ms\tserving_ms\tload1\tcpu_s\n' > "$RESULTS"

# A free port whose next one is free too (Kafka's controller listener).
free_port() { local p=$1; while port_in_use "$p" || port_in_use "$((p + 1))"; do p=$((p + 2)); done; echo "$p"; }
# CPU seconds (user + system) the broker's JVM has used, from the pid file its launcher wrote.
cpu_s() { # pid-file
  awk -v tck="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / tck }' "/proc/$(cat "$1")/stat" 2>/dev/null || echo -
}
now_ms() { date +%s%3N; }

# The peer's scripts with the listener ports of this run.
HARNESS="$WORK_DIR/kafka-peer"
kafka_peer_harness "$HARNESS"

STOP_SIDE=""
cleanup() {
  [ -z "${PROBE_PID:-}" ] || kill "$PROBE_PID" 2>/dev/null || true
  [ -z "$STOP_SIDE" ] || $STOP_SIDE || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts the probe against $1 (and health URL $2, if any) and waits until it is armed; it reads its launch signal
# from a FIFO held open on fd 7 and writes its answers to probe.out.
arm_probe() { # bootstrap [health-url]
  local waited=0
  rm -f "$SIDE_DIR/go"; mkfifo "$SIDE_DIR/go"
  "$JAVA" -Xmx128m -cp "$BENCH_JAR" io.partita.bench.start.ServingProbe "$@" "$TIMEOUT" \
    < "$SIDE_DIR/go" > "$SIDE_DIR/probe.out" 2> "$SIDE_DIR/probe.err" &
  PROBE_PID=$!
  exec 7> "$SIDE_DIR/go"
  until grep -q '^PROBE ARMED$' "$SIDE_DIR/probe.out"; do
    kill -0 "$PROBE_PID" 2>/dev/null && [ "$waited" -lt 600 ] || die "the probe did not start, see $SIDE_DIR/probe.err"
    sleep 0.05; waited=$((waited + 1))
  done
}
probe_go() { echo go >&7; exec 7>&-; }
# Waits for the probe and reads its answers into KAFKA_AT and READY_AT (epoch ms).
probe_result() {
  wait "$PROBE_PID" || die "round $ROUND: $SIDE did not serve within ${TIMEOUT}s, see $SIDE_DIR"
  KAFKA_AT=$(sed -n 's/^kafka //p' "$SIDE_DIR/probe.out")
  READY_AT=$(sed -n 's/^ready //p' "$SIDE_DIR/probe.out")
  [ -n "$KAFKA_AT" ] || die "round $ROUND: the probe of $SIDE gave no answer, see $SIDE_DIR/probe.err"
}

start_partita() {
  local kafka_port http_port data="$SIDE_DIR/data"
  kafka_port=$(free_port 29400) http_port=$(free_port 28400)
  arm_probe "127.0.0.1:$kafka_port" "http://127.0.0.1:$http_port/health/ready"
  STOP_SIDE="stop_partita"
  LOAD=$(load1)
  probe_go
  LAUNCHED_AT=$(now_ms)
  setsid ${BROKER_CPUS[@]+"${BROKER_CPUS[@]}"} env PARTITA_JVM_OPTS="$BROKER_HEAP_OPTS $BROKER_JVM_OPTS" \
    "$PARTITA_DIR/bin/partita" start --daemon --kafka-port "$kafka_port" --http-port "$http_port" --data-dir "$data" \
    > "$SIDE_DIR/start.out" 2>&1 &
  LAUNCHER=$!
}
stop_partita() {
  "$PARTITA_DIR/bin/partita" stop --data-dir "$SIDE_DIR/data" >&2 || true
  cp "$SIDE_DIR/data/partita.log" "$SIDE_DIR/" 2>/dev/null || true
  rm -rf "$SIDE_DIR/data"
  STOP_SIDE=""
}

start_kafka() {
  local port data="$SIDE_DIR/data"
  port=$(free_port 19400)
  kafka_ports_config "$port" > "$HARNESS/config/server.properties"
  mkdir -p "$data"
  # What kafka-single-node.sh start writes and formats when the storage is not formatted yet.
  sed "s#^log.dirs=.*#log.dirs=$data/kraft-combined-logs#" "$HARNESS/config/server.properties" > "$data/server.properties"
  "$HARNESS/bin/kafka-storage.sh" format -t "$("$HARNESS/bin/kafka-storage.sh" random-uuid)" -c "$data/server.properties" \
    --standalone > "$SIDE_DIR/format.out" 2>&1 || die "formatting Kafka's storage failed, see $SIDE_DIR/format.out"
  arm_probe "127.0.0.1:$port"
  STOP_SIDE="stop_kafka"
  LOAD=$(load1)
  probe_go
  LAUNCHED_AT=$(now_ms)
  KAFKA_DATA_DIR="$data" KAFKA_HEAP_OPTS="$BROKER_HEAP_OPTS" KAFKA_JVM_PERFORMANCE_OPTS="$BROKER_JVM_OPTS" \
    setsid ${BROKER_CPUS[@]+"${BROKER_CPUS[@]}"} "$HARNESS/bin/kafka-single-node.sh" start > "$SIDE_DIR/start.out" 2>&1 &
  LAUNCHER=$!
}
stop_kafka() {
  KAFKA_DATA_DIR="$SIDE_DIR/data" "$HARNESS/bin/kafka-single-node.sh" stop >&2 || true
  cp "$SIDE_DIR/data/broker.log" "$SIDE_DIR/" 2>/dev/null || true
  rm -rf "$SIDE_DIR/data"
  STOP_SIDE=""
}

# Payara's boot time and each application's deployment time, from a Partita round's log.
payara_figures() { # log
  sed -n -e 's/.*startup time : .*total(\([0-9,]*\)ms).*/boot \1 ms/p' \
    -e 's/.*\] \([A-Za-z0-9_-]*\) was successfully deployed in \([0-9,]*\) milliseconds.*/\1 \2 ms/p' \
    -e 's/.*Payara Micro .* ready in \([0-9,]*\) (ms).*/ready \1 ms/p' "$1" | tr -d , |
    paste -sd ';' - | sed 's/;/; /g'
}

for ROUND in $(seq 1 "$ROUNDS"); do
  if [ $((ROUND % 2)) = 1 ]; then order="partita kafka"; else order="kafka partita"; fi
  for SIDE in $order; do
    SIDE_DIR="$WORK_DIR/round$ROUND/$SIDE"
    mkdir -p "$SIDE_DIR"
    say "round $ROUND: starting $SIDE"
    "start_$SIDE"
    probe_result
    if [ "$SIDE" = partita ]; then cpu=$(cpu_s "$SIDE_DIR/data/partita.pid"); else cpu=$(cpu_s "$SIDE_DIR/data/broker.pid"); fi
    wait "$LAUNCHER" || die "round $ROUND: the $SIDE launcher failed, see $SIDE_DIR/start.out"
    kafka_ms=$((KAFKA_AT - LAUNCHED_AT))
    if [ -n "$READY_AT" ]; then
      ready_ms=$((READY_AT - LAUNCHED_AT))
      serving_ms=$((ready_ms > kafka_ms ? ready_ms : kafka_ms))
    else
      ready_ms="-" serving_ms=$kafka_ms
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$ROUND" "$SIDE" "$kafka_ms" "$ready_ms" "$serving_ms" "$LOAD" "$cpu" >> "$RESULTS"
    "stop_$SIDE"
    [ "$SIDE" != partita ] || echo "$ROUND	$(payara_figures "$SIDE_DIR/partita.log")" >> "$WORK_DIR/payara.tsv"
  done
done

echo
echo "Launch to serving, ms (Kafka: admin client answered; Partita: answered and /health/ready UP), ${PIN:+pinned to CPUs $PIN, }heap $BROKER_HEAP_OPTS:"
awk -F'\t' '
  NR == 1 { next }
  { if (!($1 in first)) first[$1] = $2
    kafka[$1, $2] = $3; ready[$1, $2] = $4; serving[$1, $2] = $5; load[$1, $2] = $6; cpu[$1, $2] = $7
    if ($1 + 0 > rounds) rounds = $1 + 0 }
  END {
    printf "%-6s %-8s | %8s | %10s %10s %10s | %6s | %-13s | %s\n", "round", "first", "kafka", "p:kafka", "p:ready", "p:serving", "ratio",
      "cpu s (k, p)", "load1 (kafka, partita)"
    for (r = 1; r <= rounds; r++) {
      ratio = serving[r, "kafka"] > 0 ? sprintf("%.2f", serving[r, "partita"] / serving[r, "kafka"]) : "-"
      printf "%-6s %-8s | %8s | %10s %10s %10s | %6s | %-13s | %s, %s\n", r, first[r], serving[r, "kafka"], kafka[r, "partita"],
        ready[r, "partita"], serving[r, "partita"], ratio, cpu[r, "kafka"] ", " cpu[r, "partita"], load[r, "kafka"], load[r, "partita"]
    }
  }' "$RESULTS"
echo
echo "Payara's own figures per Partita start (from partita.log):"
sed 's/^/  round /' "$WORK_DIR/payara.tsv"
echo
echo "Targets (issue 18): Partita/Kafka <= 1.00 in the same run; Partita <= 8000 ms to ready on a quiet machine."
echo "Results: $RESULTS; logs under $WORK_DIR/round*/."
