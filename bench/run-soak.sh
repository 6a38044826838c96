#!/usr/bin/env bash
# run-soak.sh: the soak run of issue 13. One Partita node started with bin/partita carries, for --minutes, half of
# its measured maximum acks=all throughput (or --rate) while the members of a consumer group come and go; the node's
# RSS and open files and the group's lag are sampled every 5 s. It passes when no record is lost, the lag stays
# bounded and RSS and open files are flat after the warm-up (io.partita.bench.soak.Soak defines each check).
#
#   bench/run-soak.sh [--minutes N] [--rate R] [--measure-seconds S] [--churn-seconds C]
#                     [--group-protocol classic|consumer] [--retention-seconds T] [--work-dir D]
#
#   --minutes N          length of the soak, after the measurement (default 30)
#   --rate R             records/s to produce, instead of half of the measured maximum (no measurement then)
#   --measure-seconds S  length of the maximum-throughput measurement (default 30)
#   --churn-seconds C    one member joins, or the oldest leaves, this often (default 20)
#   --group-protocol P   classic (default) or consumer (KIP-848)
#   --retention-seconds T  how long the soak topic keeps records (default 120; expired segments are deleted every
#                        10 s, their files closed min(60 s, T/2) later): the open files settle after that, so
#                        keep T + min(60, T/2) + 10 s under a third of the run
#   --work-dir D         the node's data dir (node/, with partita.log), samples.csv (one line per sample) and
#                        soak.out (the figures); default /tmp/partita-soak, emptied first
#
# Needs dist/target/partita and bench/target/benchmarks.jar (mvn -DskipTests package). Environment: JAVA_HOME;
# PARTITA_JVM_OPTS (the node's JVM; default bin/partita's, a 1 GB heap and G1, with -XX:+AlwaysPreTouch: the whole
# heap is resident from the start, so that RSS grows only with what else the node holds: native and direct memory,
# threads, mapped index files). The exit code is the soak's: 0 when every check passes, 1 when one fails.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$SCRIPT_DIR")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
LAUNCHER="$REPO_DIR/bin/partita"
BENCH_JAR="$SCRIPT_DIR/target/benchmarks.jar"
WORK_DIR=/tmp/partita-soak
# The soak topic keeps --retention-seconds of records (Soak.java): expired segments are deleted every 10 s.
export PARTITA_LOG_RETENTION_CHECK_INTERVAL_MS="${PARTITA_LOG_RETENTION_CHECK_INTERVAL_MS:-10000}"
export PARTITA_JVM_OPTS="${PARTITA_JVM_OPTS:--Xmx1g -Xms1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+AlwaysPreTouch}"
SOAK_ARGS=()

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//' >&2; exit 2; }
die() { echo "soak: $*" >&2; exit 1; }
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --minutes|--rate|--measure-seconds|--churn-seconds|--group-protocol|--retention-seconds)
      [ $# -ge 2 ] || usage
      SOAK_ARGS+=("$1" "$2"); shift 2 ;;
    --work-dir) WORK_DIR=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "soak: unknown option $1" >&2; usage ;;
  esac
done
[ -f "$BENCH_JAR" ] || die "no $BENCH_JAR: build it with 'mvn -DskipTests package'"
[ -x "$LAUNCHER" ] || die "no $LAUNCHER"

free_port() { local p=$1; while [ -n "$(ss -Htln "sport = :$p" 2>/dev/null)" ]; do p=$((p + 1)); done; echo "$p"; }
KAFKA_PORT=$(free_port 39092)
HTTP_PORT=$(free_port 39080)

rm -rf "$WORK_DIR"
mkdir -p "$WORK_DIR"
NODE_DIR="$WORK_DIR/node"
stop_node() { "$LAUNCHER" stop --data-dir "$NODE_DIR" >&2 || true; rm -rf "$NODE_DIR/kafka-logs" "$NODE_DIR/payara"; }
trap stop_node EXIT
trap 'exit 130' INT TERM

say "starting a node on 127.0.0.1:$KAFKA_PORT (data in $NODE_DIR)"
"$LAUNCHER" start --daemon --node-id 1 --kafka-port "$KAFKA_PORT" --http-port "$HTTP_PORT" --data-dir "$NODE_DIR" >&2
PID=$(cat "$NODE_DIR/partita.pid")
say "node pid $PID ready; soak ${SOAK_ARGS[*]:-(defaults)}"
set +e
"$JAVA" -cp "$BENCH_JAR" io.partita.bench.soak.Soak --bootstrap "127.0.0.1:$KAFKA_PORT" --pid "$PID" \
  --samples-csv "$WORK_DIR/samples.csv" ${SOAK_ARGS[@]+"${SOAK_ARGS[@]}"} | tee "$WORK_DIR/soak.out"
STATUS=${PIPESTATUS[0]}
set -e
say "figures in $WORK_DIR/soak.out, samples in $WORK_DIR/samples.csv, the node's log in $NODE_DIR/partita.log"
exit "$STATUS"
