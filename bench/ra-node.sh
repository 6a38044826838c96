# ra-node.sh: sourced by the scripts that measure bench/ra-app (run-connection-factory.sh, run-message-driven.sh)
# with their arguments, after they set REPO_DIR, RECORDS, ROUNDS, WORK_DIR and BENCH (their name in messages).
# Reads --records N, --rounds R, --work-dir D (and -h: the calling script's header), empties WORK_DIR and starts one
# node there with the benchmark application deployed (topics auto-created with 6 partitions), stopped on exit.
# Sets HTTP_PORT.

usage() { sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2; exit 2; }
die() { echo "$BENCH: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --records) RECORDS=${2:?}; shift 2 ;;
    --rounds) ROUNDS=${2:?}; shift 2 ;;
    --work-dir) WORK_DIR=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "$BENCH: unknown option $1" >&2; usage ;;
  esac
done
WAR="$REPO_DIR/bench/ra-app/target/partita-bench-ra.war"
[ -f "$WAR" ] || die "no $WAR: build with 'mvn -B -q -DskipTests package' first"
case "$WORK_DIR" in /|"$HOME"|"$REPO_DIR") die "refusing to empty $WORK_DIR" ;; esac
rm -rf "$WORK_DIR"; mkdir -p "$WORK_DIR"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
KAFKA_PORT=$(free_port); HTTP_PORT=$(free_port)
trap '"$REPO_DIR/bin/partita" stop --data-dir "$WORK_DIR/node" >/dev/null 2>&1 || true' EXIT
PARTITA_NUM_PARTITIONS=6 PARTITA_AUTO_CREATE_TOPICS_ENABLE=true "$REPO_DIR/bin/partita" start --daemon \
  --kafka-port "$KAFKA_PORT" --http-port "$HTTP_PORT" --data-dir "$WORK_DIR/node" --deploy "$WAR" >"$WORK_DIR/start.out"
