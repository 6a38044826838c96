#!/usr/bin/env bash
# run-message-driven.sh: records/s consumed by a typed JSON-B message-driven bean against a byte[] one doing the
# same JSON-B work itself and against a plain KafkaConsumer loop doing it, in the same JVM (bench/ra-app on one
# Partita node), same run; and by a typed batch bean (one delivery per poll, read by the adapter as for the typed
# one), by the typed bean with the container's default JTA transaction per record, and by a byte[] batch bean.
#
#   bench/run-message-driven.sh [--records N] [--rounds R] [--work-dir D]
#
#   --records N   orders per measurement (default 1,000,000 JSON documents of about 100 bytes)
#   --rounds R    rounds (default 3); each measures the six variants, in an order rotated by one every round
#   --work-dir D  the node's data and the results (default /tmp/partita-mdb-bench); emptied first
#
# Needs a build: mvn -B -q -DskipTests package. Variants (see ConsumeResource): typed = TypedRecordListener<String,
# Order> (the adapter reads key and value); typed-batch = TypedBatchRecordListener<String, Order>, read as typed;
# bytes = RecordListener, the bean reads them as the adapter does; these three NOT_SUPPORTED (no JTA transaction);
# typed-tx = typed with the default REQUIRED (one JTA transaction per record); batch = BatchRecordListener,
# NOT_SUPPORTED, reading each record as bytes does; plain = KafkaConsumer loops on managed threads, reading as bytes
# does, committing after each poll. Each has 6 consumers on its own 6-partition topic, read_committed; a measurement
# appends N orders in one transaction while they are polling, and times from the first record read to the Nth.
# Each variant runs once unmeasured first.
# Ratios: each round's typed/plain, typed-batch/plain, typed-tx/plain, bytes/plain and batch/plain, and their medians.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$SCRIPT_DIR")"
RECORDS=1000000
ROUNDS=3
WORK_DIR=/tmp/partita-mdb-bench
VARIANTS=(typed typed-batch typed-tx bytes batch plain)

BENCH=mdb-bench
# shellcheck source=ra-node.sh
source "$SCRIPT_DIR/ra-node.sh" "$@"

consume() {
  local line
  line=$(curl -sf -X POST "http://127.0.0.1:$HTTP_PORT/partita-bench-ra/consume?via=$1&records=$2") || return 1
  case "$line" in *checksum=ok*) echo "$line" ;; *) echo "$line" >&2; return 1 ;; esac
}
for via in "${VARIANTS[@]}"; do consume "$via" $((RECORDS / 4)) >/dev/null || die "warm-up of $via failed"; done

results="$WORK_DIR/results.txt"; : > "$results"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!VARIANTS[@]}"; do
    via=${VARIANTS[$(( (i + round - 1) % ${#VARIANTS[@]} ))]}
    line=$(consume "$via" "$RECORDS") || die "$via failed"
    echo "round $round $line (load $(cut -d' ' -f1 /proc/loadavg))" | tee -a "$results"
  done
done

rate() { grep "^round $1 via=$2 " "$results" | sed 's#.*records/s=\([0-9]*\).*#\1#'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for via in typed typed-batch typed-tx bytes batch; do
  ratios=$(for round in $(seq 1 "$ROUNDS"); do
    awk -v a="$(rate "$round" "$via")" -v b="$(rate "$round" plain)" 'BEGIN {printf "%.2f\n", a / b}'
  done)
  echo "ratio $via/plain per round: $(echo $ratios), median $(echo "$ratios" | median)"
done
for via in "${VARIANTS[@]}"; do
  echo "median records/s: $via $(for round in $(seq 1 "$ROUNDS"); do rate "$round" "$via"; done | median)"
done
