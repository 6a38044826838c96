#!/usr/bin/env bash
# run-connection-factory.sh: records/s sent through the resource adapter's connection factory against a plain
# KafkaProducer with the same settings, in the same JVM (a bean of bench/ra-app on one Partita node), same run.
#
#   bench/run-connection-factory.sh [--records N] [--rounds R] [--work-dir D]
#
#   --records N   records per measured send (default 1,000,000 of 100 bytes)
#   --rounds R    rounds (default 3); each round measures producer, connection and factory in turn
#   --work-dir D  the node's data and the results (default /tmp/partita-cf-bench); emptied first
#
# Needs a build: mvn -B -q -DskipTests package. Variants (see SendResource): producer = plain KafkaProducer;
# connection = one connection from the factory for all records; factory = a connection per record, as a bean
# serving one request per record would use it. Each variant runs once unmeasured first. The ratios divide the
# median records/s of a variant by the plain producer's.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$SCRIPT_DIR")"
RECORDS=1000000
ROUNDS=3
WORK_DIR=/tmp/partita-cf-bench
VARIANTS="producer connection factory"

BENCH=cf-bench
# shellcheck source=ra-node.sh
source "$SCRIPT_DIR/ra-node.sh" "$@"

send() { curl -sf -X POST "http://127.0.0.1:$HTTP_PORT/partita-bench-ra/send?via=$1&records=$2&topic=bench-$1"; }
for via in $VARIANTS; do send "$via" $((RECORDS / 4)) >/dev/null || die "warm-up of $via failed"; done

results="$WORK_DIR/results.txt"; : > "$results"
for round in $(seq 1 "$ROUNDS"); do
  for via in $VARIANTS; do
    line=$(send "$via" "$RECORDS") || die "$via failed"
    echo "round $round $line (load $(cut -d' ' -f1 /proc/loadavg))" | tee -a "$results"
  done
done

median() { grep " via=$1 " "$results" | sed 's#.*records/s=\([0-9]*\).*#\1#' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
plain=$(median producer)
echo "median records/s: producer $plain"
for via in connection factory; do
  m=$(median "$via")
  echo "median records/s: $via $m, ratio to plain KafkaProducer $(awk -v a="$m" -v b="$plain" 'BEGIN {printf "%.2f", a / b}')"
done
