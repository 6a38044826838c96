#!/usr/bin/env bash
# run-side-by-side.sh: a Partita node and an Apache Kafka 4.4 single-node KRaft broker (or, with --cluster 3, three
# Partita nodes and a three-node Kafka KRaft cluster), measured one after the other in one run with Kafka 4.4's own
# ProducerPerformance, ConsumerPerformance and ShareConsumerPerformance and with a librdkafka consumer
# (bench/src/main/c/rdkafka_consume.c), with identical settings.
#
#   bench/run-side-by-side.sh [--quick] [--records N] [--rounds R] [--cluster N] [--partita-mode engine|payara]
#                             [--sides partita,kafka] [--tests T,...] [--partitions P,...] [--acks A,...]
#                             [--fixed-records N] [--consumers N] [--share-consumers N]
#                             [--security plaintext|sasl_ssl] [--jfr]
#                             [--jfr-partitions P] [--pin BROKER_CPUS:CLIENT_CPUS] [--work-dir D]
#
#   --quick          200,000 records, one round: a smoke run
#   --records N      records per test (default 2,000,000 of 100 bytes)
#   --rounds R       rounds (default 2); the order of the sides alternates between rounds, the best round counts
#   --cluster N      N nodes per side on this machine (default 1): N Partita nodes joined through --members (mode
#                    payara only) and N Kafka nodes, each a combined controller+broker of one static KRaft quorum;
#                    topics get replication factor min(N, 3) and min.insync.replicas=2, and the tests default to
#                    --partitions 6 --acks all. Broker CPU seconds and peak RSS are the sums over a side's nodes
#   --partita-mode   payara: bin/partita start --daemon (the launcher, default when bin/partita exists);
#                    engine: the engine alone in a plain JVM (io.partita.bench.node.StandaloneNode)
#   --sides          which brokers to measure (default partita,kafka)
#   --tests          a subset of produce,consume,consume-rdkafka,share-consume,produce-fixed (default all five;
#                    consume, consume-rdkafka and share-consume read the topic of the producer throughput test with
#                    the first --acks value, so they run that produce test too). consume-rdkafka is the consume
#                    test with librdkafka's consumer (rdkafka_consume.c, compiled into the work directory at start)
#                    instead of ConsumerPerformance
#   --partitions     partition counts (default 1,6); --acks: acks values (default 1,all)
#   --fixed-records N  records per fixed-rate test (default: --records); more records, a longer latency test
#   --consumers N    consumer processes of the consume and consume-rdkafka tests (default 1), each in its own
#                    group reading the whole topic at the same time (fan-out to N subscribers); records/s and MB/s
#                    are their sum. One ConsumerPerformance decodes slower than either broker serves on this machine:
#                    several make the broker the limit
#   --share-consumers N  share consumers of the share-consume test (default 4): threads of one
#                    ShareConsumerPerformance (--threads), members of one share group, which stops them all once
#                    they have read --records between them. With one the client is the limit (with --pin 0:1 here,
#                    Kafka's broker was busy a third of the time between the tool's round trips, and against Partita
#                    the tool used its whole core); four keep the brokers busy and put several members on one
#                    partition, the case share groups exist for
#   --security       plaintext (default): the clients' listener is PLAINTEXT, no authorizer. sasl_ssl: on both
#                    sides the clients (the perf tools and the topic creation) reach a SASL_SSL listener and log in
#                    as User:perf with SCRAM-SHA-512 over TLS (Kafka's TLS defaults, an RSA 2048 certificate from a
#                    CA made for the run), the ACL authorizer (StandardAuthorizer) is on and perf is allowed by
#                    ACLs (All on topic '*' and group '*'); a PLAINTEXT listener on 127.0.0.1, whose User:ANONYMOUS
#                    is the one super user, carries replication (Kafka's default inter-broker listener) and the
#                    set-up (kafka-configs.sh creates perf's credential, AclCommand its ACLs); Kafka's controller
#                    listener stays PLAINTEXT on 127.0.0.1
#   --jfr            (one node only) record each broker with JFR from before its warm-up (so JFR's own start-up falls outside the
#                    tests) and keep the windows of the 6-partition tests (producer throughput, both consumers, share
#                    consumer, producer at the fixed rate; one file each); prints the hot spots, GC pauses and CPU
#                    seconds per thread
#   --jfr-partitions P the partition count whose test windows --jfr keeps (default 6)
#   --pin B:C        run the brokers on CPUs B and the client tools on CPUs C (taskset lists, e.g. 0:1), so that
#                    neither side's broker shares a core with the producer or consumer it is measured by
#   --work-dir D     data, logs and results (default /tmp/partita-side-by-side); emptied first. The producer
#                    tool's whole output (a line per 5 s window: when the latency rose) goes to
#                    round*/<side>/<topic>.producer.out
#
# Per side and round: a fresh broker started with setsid, a warm-up (a quarter of the records produced with acks=1
# and with acks=all, then consumed), then for 1 and 6 partitions: producer runs
# with acks=1 and acks=all at an unlimited rate (throughput) and at a fixed 100,000 records/s (latency), and over the
# acks=1 throughput topic a consumer run with ConsumerPerformance, one with librdkafka and a share-consumer run (a new
# share group starting at the earliest offset). Each measured run is preceded by sync; broker CPU seconds are
# utime+stime from /proc/<pid>/stat around the run, peak RSS is VmHWM after resetting it (clear_refs) before it.
# For the consumer runs, broker CPU seconds per GB served (cpu_s_gb in results.tsv) divide them by the bytes of the
# records every consumer read (GB = 2^30 bytes, as the tools' MB are 2^20). The summary states the targets of issue 18
# as met or not per round.
#
# Needs: Java 17+, ss (iproute2), taskset (util-linux) for --pin, and for consume-rdkafka gcc and librdkafka's headers
# (Debian: apt-get install -y gcc librdkafka-dev); with --security sasl_ssl, librdkafka 2.6.1 or later (older ones
# cannot log in with SCRAM to Kafka 4: the test is then left out of the default tests, and refused when asked for).
# Environment: JAVA_HOME; KAFKA_PEER_DIR, KAFKA_LIB_DIR and BROKER_HEAP_OPTS (default -Xmx1G -Xms1G, used for both
# sides), see bench/kafka-peer.sh.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$SCRIPT_DIR")"
# shellcheck source=kafka-peer.sh
. "$SCRIPT_DIR/kafka-peer.sh"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JCMD="${JAVA_HOME:+$JAVA_HOME/bin/}jcmd"
JFR_TOOL="${JAVA_HOME:+$JAVA_HOME/bin/}jfr"

RECORDS=2000000
ROUNDS=2
RECORD_SIZE=100
FIXED_RATE=100000
NODES=1
PARTITIONS_LIST=""
ACKS_LIST=""
SIDES="partita,kafka"
TESTS="produce,consume,consume-rdkafka,share-consume,produce-fixed"
TESTS_GIVEN=false
WORK_DIR=/tmp/partita-side-by-side
WITH_JFR=false
JFR_PARTITIONS=6
FIXED_RECORDS=""
CONSUMERS=1
SHARE_CONSUMERS=4
TOOL_TIMEOUT=900
SECURITY=plaintext
PIN=""
if [ -x "$REPO_DIR/bin/partita" ]; then PARTITA_MODE=payara; else PARTITA_MODE=engine; fi

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//' >&2; exit 2; }
die() { echo "side-by-side: $*" >&2; exit 1; }
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) RECORDS=200000; ROUNDS=1; shift ;;
    --records) RECORDS=${2:?}; shift 2 ;;
    --rounds) ROUNDS=${2:?}; shift 2 ;;
    --cluster) NODES=${2:?}; shift 2 ;;
    --partita-mode=*) PARTITA_MODE=${1#*=}; shift ;;
    --partita-mode) PARTITA_MODE=${2:?}; shift 2 ;;
    --sides) SIDES=${2:?}; shift 2 ;;
    --tests) TESTS=${2:?}; TESTS_GIVEN=true; shift 2 ;;
    --partitions) PARTITIONS_LIST=${2//,/ }; shift 2 ;;
    --acks) ACKS_LIST=${2//,/ }; shift 2 ;;
    --jfr) WITH_JFR=true; shift ;;
    --jfr-partitions) JFR_PARTITIONS=${2:?}; shift 2 ;;
    --fixed-records) FIXED_RECORDS=${2:?}; shift 2 ;;
    --consumers) CONSUMERS=${2:?}; shift 2 ;;
    --share-consumers) SHARE_CONSUMERS=${2:?}; shift 2 ;;
    --security) SECURITY=${2:?}; shift 2 ;;
    --pin) PIN=${2:?}; shift 2 ;;
    --work-dir) WORK_DIR=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "side-by-side: unknown option $1" >&2; usage ;;
  esac
done
[[ "$RECORDS" =~ ^[0-9]+$ ]] && [ "$RECORDS" -ge 1000 ] || die "--records must be a number >= 1000"
[[ "$ROUNDS" =~ ^[0-9]+$ ]] && [ "$ROUNDS" -ge 1 ] || die "--rounds must be a number >= 1"
[[ "$CONSUMERS" =~ ^[1-9][0-9]*$ ]] || die "--consumers must be a positive number"
[[ "$SHARE_CONSUMERS" =~ ^[1-9][0-9]*$ ]] || die "--share-consumers must be a positive number"
[[ "$NODES" =~ ^[1-9]$ ]] || die "--cluster takes a node count from 1 to 9"
case "$PARTITA_MODE" in engine|payara) ;; *) die "--partita-mode must be engine or payara" ;; esac
case "$SECURITY" in plaintext|sasl_ssl) ;; *) die "--security must be plaintext or sasl_ssl" ;; esac
if [ "$NODES" -gt 1 ]; then
  [ "$PARTITA_MODE" = payara ] || die "--cluster runs Partita nodes with bin/partita (--partita-mode payara)"
  ! $WITH_JFR || die "--jfr records one broker: not with --cluster"
  REPLICATION=$((NODES < 3 ? NODES : 3))
  TOPIC_CONFIG="--config min.insync.replicas=$((REPLICATION < 2 ? 1 : 2))"
  : "${PARTITIONS_LIST:=6}" "${ACKS_LIST:=all}"
else
  REPLICATION=1
  TOPIC_CONFIG=""
  : "${PARTITIONS_LIST:=1 6}" "${ACKS_LIST:=1 all}"
fi
CONSUME_ACKS=${ACKS_LIST%% *}
for side in ${SIDES//,/ }; do case "$side" in partita|kafka) ;; *) die "--sides takes partita and/or kafka" ;; esac; done
for t in ${TESTS//,/ }; do case "$t" in produce|consume|consume-rdkafka|share-consume|produce-fixed) ;; *) die "--tests takes produce, consume, consume-rdkafka, share-consume, produce-fixed" ;; esac; done
for p in $PARTITIONS_LIST; do [[ "$p" =~ ^[1-9][0-9]*$ ]] || die "--partitions takes positive numbers"; done
for a in $ACKS_LIST; do case "$a" in 1|all) ;; *) die "--acks takes 1 and/or all" ;; esac; done
wants() { [[ ",$TESTS," == *",$1,"* ]]; }
wants_consumer() { wants consume || wants consume-rdkafka || wants share-consume; }
# Prefixes of broker and client commands: empty, or taskset with --pin's CPU lists.
BROKER_CPUS=() CLIENT_CPUS=()
if [ -n "$PIN" ]; then
  [[ "$PIN" =~ ^[0-9,-]+:[0-9,-]+$ ]] || die "--pin takes BROKER_CPUS:CLIENT_CPUS, e.g. 0:1"
  command -v taskset >/dev/null || die "--pin needs taskset (util-linux)"
  BROKER_CPUS=(taskset -c "${PIN%%:*}") CLIENT_CPUS=(taskset -c "${PIN##*:}")
fi

PRODUCER_PROPS="linger.ms=5 batch.size=65536"

# ---------------------------------------------------------------------------------------------------- cleanup
BROKER_PIDS=()
stop_pid() { # pid seconds: TERM, wait, then KILL
  local pid=$1 waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge $(($2 * 10)) ]; then say "pid $pid ignored TERM for $2 s, killing it"; kill -KILL "$pid" 2>/dev/null || true; break; fi
    sleep 0.1; waited=$((waited + 1))
  done
}
WORK_DIR_READY=false
cleanup() {
  local pid
  for pid in ${BROKER_PIDS[@]+"${BROKER_PIDS[@]}"}; do
    if kill -0 "$pid" 2>/dev/null; then say "stopping broker pid $pid left running"; stop_pid "$pid" 60; fi
  done
  # The brokers' data of a run that failed (a finished side removes its own); logs and results stay.
  if $WORK_DIR_READY; then
    find "$WORK_DIR" -mindepth 2 -maxdepth 4 -type d \( -name kafka-logs -o -name kraft-combined-logs -o -name payara \) \
      -prune -exec rm -rf {} + 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------- helpers
# A node's ports, from its clients' listener port up: Kafka's controller listener at +1 and, with --security
# sasl_ssl, both sides' PLAINTEXT listener at +2.
if [ "$SECURITY" = sasl_ssl ]; then PORT_SPAN=3; else PORT_SPAN=2; fi
span_in_use() { local i; for ((i = 0; i < PORT_SPAN; i++)); do port_in_use "$(($1 + i))" && return 0; done; return 1; }
free_port() { local p=$1; while span_in_use "$p"; do p=$((p + PORT_SPAN)); done; echo "$p"; }
# Over every node of the side (SIDE_PIDS): utime + stime (fields 14, 15; comm has no spaces here), and the sum of
# the nodes' peak RSS.
cpu_ticks() { local pid; for pid in "${SIDE_PIDS[@]}"; do cat "/proc/$pid/stat"; done | awk '{t += $14 + $15} END {print t}'; }
peak_rss_kb() { local pid; for pid in "${SIDE_PIDS[@]}"; do cat "/proc/$pid/status"; done | awk '/^VmHWM:/ {kb += $2} END {print kb}'; }
reset_peak_rss() { local pid; for pid in "${SIDE_PIDS[@]}"; do echo 5 > "/proc/$pid/clear_refs" 2>/dev/null || true; done; }
CLK_TCK=$(getconf CLK_TCK)

# ---------------------------------------------------------------------------------------------------- set-up
command -v ss >/dev/null || die "ss (iproute2) is needed to find free ports"
kafka_peer_setup

# Emptied first, so it must be empty or hold an earlier run's files, never a directory of anything else.
if [ -d "$WORK_DIR" ] && [ -n "$(ls -A "$WORK_DIR")" ] && [ ! -f "$WORK_DIR/results.tsv" ]; then
  die "--work-dir $WORK_DIR is neither empty nor an earlier run's directory"
fi
rm -rf "$WORK_DIR"
mkdir -p "$WORK_DIR"
WORK_DIR=$(cd "$WORK_DIR" && pwd)
WORK_DIR_READY=true
RESULTS="$WORK_DIR/results.tsv"
printf 'round\tside\ttest\tpartitions\tacks\trecords\trecords_s\tmb_s\tavg_ms\tp99_ms\tcpu_s\tpeak_rss_mb\tload1\tnote\tpk_records_s\tcpu_s_gb\tpk_cpu_s_gb\n' > "$RESULTS"

# The librdkafka consumer, compiled for this run.
RDKAFKA_CONSUME="$WORK_DIR/rdkafka_consume"
RDKAFKA_ABSENT="not in --tests"
if wants consume-rdkafka; then
  command -v gcc >/dev/null && echo '#include <librdkafka/rdkafka.h>' | gcc -E -x c - >/dev/null 2>&1 ||
    die "the consume-rdkafka test needs gcc and librdkafka's headers: apt-get install -y gcc librdkafka-dev (or leave consume-rdkafka out of --tests)"
  gcc -O2 -Wall -o "$RDKAFKA_CONSUME" "$SCRIPT_DIR/src/main/c/rdkafka_consume.c" -lrdkafka >&2 || die "compiling rdkafka_consume.c failed"
  RDKAFKA_VERSION=$("$RDKAFKA_CONSUME" -V)
  # Before 2.6.1 librdkafka repeats its own nonce in the SCRAM client-final message, which Kafka 4 brokers refuse
  # (RFC 5802's strict comparison, since CVE-2024-56128; librdkafka #4895), Partita too, which runs Kafka's SCRAM
  # server: the TLS handshake passes and the login fails with "invalid credentials".
  if [ "$SECURITY" = sasl_ssl ] && [ "$(printf '%s\n' 2.6.1 "$RDKAFKA_VERSION" | sort -V | head -1)" != 2.6.1 ]; then
    RDKAFKA_ABSENT="librdkafka $RDKAFKA_VERSION cannot log in with SCRAM to Kafka 4 brokers; 2.6.1 or later can"
    $TESTS_GIVEN && die "--security sasl_ssl with consume-rdkafka: $RDKAFKA_ABSENT"
    say "consume-rdkafka left out: $RDKAFKA_ABSENT"
    TESTS=$(echo ",$TESTS," | sed -e 's/,consume-rdkafka,/,/' -e 's/^,//' -e 's/,$//')
  fi
fi

# The peer's scripts (kafka_peer_harness): tools run from $HARNESS, each Kafka node from a copy of its own whose
# server.properties differs from the peer's only in ports (picked free at each start), in a cluster in what
# kafka_node_config says and with --security sasl_ssl in what kafka_security_config adds.
HARNESS="$WORK_DIR/kafka-peer"
kafka_peer_harness "$HARNESS"
TOOLS="$HARNESS/bin"
# Kafka's distribution runs ShareConsumerPerformance through this script, with the other perf tools' heap; the peer
# has no copy of it.
if [ ! -e "$TOOLS/kafka-share-consumer-perf-test.sh" ]; then
  cat > "$TOOLS/kafka-share-consumer-perf-test.sh" <<'SCRIPT'
#!/usr/bin/env bash
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512M}"
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" org.apache.kafka.tools.ShareConsumerPerformance "$@"
SCRIPT
  chmod +x "$TOOLS/kafka-share-consumer-perf-test.sh"
fi

case "$PARTITA_MODE" in
  engine)
    BENCH_JAR="$SCRIPT_DIR/target/benchmarks.jar"
    if [ ! -f "$BENCH_JAR" ]; then
      say "building $BENCH_JAR"
      (cd "$REPO_DIR" && mvn -q -B -pl bench -am package -DskipTests) >&2 || die "building the bench module failed"
    fi ;;
  payara)
    [ -x "$REPO_DIR/bin/partita" ] || die "no launcher at $REPO_DIR/bin/partita (use --partita-mode=engine)"
    if [ ! -f "$REPO_DIR/dist/target/partita/payara-micro.jar" ]; then
      say "building the distribution (dist/target/partita)"
      (cd "$REPO_DIR" && mvn -q -B -pl dist -am package -DskipTests) >&2 || die "building the distribution failed"
    fi ;;
esac

# ---------------------------------------------------------------------------------------------------- security
# --security sasl_ssl: one CA, broker certificate, SCRAM user and set of broker settings for both sides, made for the
# run under $WORK_DIR/tls. The passwords are throwaway ones; the client config keeps perf's in clear, as any Kafka
# client config does.
SECURE=false
CLIENT_ARGS=() RDKAFKA_ARGS=()
SECURE_SUMMARY=""
if [ "$SECURITY" = sasl_ssl ]; then
  SECURE=true
  KEYTOOL="${JAVA_HOME:+$JAVA_HOME/bin/}keytool"
  TLS_DIR="$WORK_DIR/tls"
  mkdir -p "$TLS_DIR"
  throwaway_password() { tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 20 || true; }
  STORE_PASSWORD=$(throwaway_password)
  PERF_PASSWORD=$(throwaway_password)
  # A CA, and a broker certificate it signs for 127.0.0.1 (the address the clients connect to, which they check:
  # ssl.endpoint.identification.algorithm=https) and localhost.
  make_certificates() {
    local -a store=(-storetype PKCS12 -storepass "$STORE_PASSWORD") san=(-ext SAN=ip:127.0.0.1,dns:localhost)
    "$KEYTOOL" -genkeypair -alias ca -dname "CN=side-by-side CA" -keyalg RSA -keysize 2048 -validity 7 -ext bc:c \
      -keystore ca.p12 "${store[@]}"
    "$KEYTOOL" -exportcert -rfc -alias ca -keystore ca.p12 "${store[@]}" -file ca.pem
    "$KEYTOOL" -genkeypair -alias broker -dname CN=localhost -keyalg RSA -keysize 2048 -validity 7 "${san[@]}" \
      -keystore broker.p12 "${store[@]}"
    "$KEYTOOL" -certreq -alias broker -keystore broker.p12 "${store[@]}" -file broker.csr
    "$KEYTOOL" -gencert -rfc -alias ca -keystore ca.p12 "${store[@]}" -validity 7 "${san[@]}" -ext eku=serverAuth \
      -infile broker.csr -outfile broker.pem
    "$KEYTOOL" -importcert -noprompt -alias ca -file ca.pem -keystore broker.p12 "${store[@]}"
    "$KEYTOOL" -importcert -alias broker -file broker.pem -keystore broker.p12 "${store[@]}"
    "$KEYTOOL" -importcert -noprompt -alias ca -file ca.pem -keystore truststore.p12 "${store[@]}"
  }
  (cd "$TLS_DIR" && make_certificates) > "$TLS_DIR/keytool.out" 2>&1 || { cat "$TLS_DIR/keytool.out" >&2; die "making the certificates failed"; }
  # What both brokers get, by Kafka's names: Kafka in server.properties, Partita as PARTITA_<NAME> variables (or
  # arguments of the engine's stand-in). TLS protocols and cipher suites stay Kafka's defaults on both.
  BROKER_SECURITY="$TLS_DIR/broker-security.properties"
  cat > "$BROKER_SECURITY" <<SETTINGS
sasl.enabled.mechanisms=SCRAM-SHA-512
ssl.keystore.type=PKCS12
ssl.keystore.location=$TLS_DIR/broker.p12
ssl.keystore.password=$STORE_PASSWORD
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:ANONYMOUS
SETTINGS
  CLIENT_CONFIG="$TLS_DIR/client.properties"
  cat > "$CLIENT_CONFIG" <<SETTINGS
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="perf" password="$PERF_PASSWORD";
ssl.truststore.type=PKCS12
ssl.truststore.location=$TLS_DIR/truststore.p12
ssl.truststore.password=$STORE_PASSWORD
SETTINGS
  CLIENT_ARGS=(--command-config "$CLIENT_CONFIG")
  # The same for librdkafka, which checks the broker's name as the Java clients do
  # (ssl.endpoint.identification.algorithm=https is its default too) and takes the CA as a PEM file.
  RDKAFKA_CONFIG="$TLS_DIR/rdkafka.properties"
  cat > "$RDKAFKA_CONFIG" <<SETTINGS
security.protocol=SASL_SSL
sasl.mechanisms=SCRAM-SHA-512
sasl.username=perf
sasl.password=$PERF_PASSWORD
ssl.ca.location=$TLS_DIR/ca.pem
SETTINGS
  RDKAFKA_ARGS=(-F "$RDKAFKA_CONFIG")
  SECURE_SUMMARY="clients on SASL_SSL as User:perf (SCRAM-SHA-512; TLS: Kafka's defaults, ssl.enabled.protocols=TLSv1.2,TLSv1.3, the JVM's cipher suites, no client certificates), ACL authorizer on (perf allowed All on topic * and group *), replication over PLAINTEXT"
  ! wants consume-rdkafka || SECURE_SUMMARY="$SECURE_SUMMARY; librdkafka as User:perf as well, with OpenSSL's TLS defaults"
fi
# A node's own settings beyond the plaintext run's, as name=value lines: its listeners (the clients' SASL_SSL one at
# the node's port, the PLAINTEXT one at port + 2) and the security settings.
partita_security_settings() { # port
  $SECURE || return 0
  echo "listeners=PLAINTEXT://127.0.0.1:$(($1 + 2)),SASL_SSL://127.0.0.1:$1"
  cat "$BROKER_SECURITY"
}

# ---------------------------------------------------------------------------------------------------- brokers
# A side is NODES broker processes: SIDE_PIDS (for the measurements), BROKER_PID (the first, for JFR) and
# BOOTSTRAP (every node's listener). Node i keeps its data and logs in node_dir; the nodes start and stop in
# parallel, as an operator would start a cluster (a KRaft node does not finish starting before its quorum has).
SIDE_PIDS=()
BROKER_PID=""
node_dir() { if [ "$NODES" = 1 ]; then echo "$1"; else echo "$1/node$2"; fi; } # side-dir node
# Free listener ports, PORT_SPAN apart: NODES of them from $1.
free_ports() { local p=$1 i; for i in $(seq 1 "$NODES"); do p=$(free_port "$p"); echo "$p"; p=$((p + PORT_SPAN)); done; }
# Waits for the starters (background pids), then takes each node's pid from its pid file, also when a start failed
# (so that cleanup stops the nodes that did start); dies when one failed.
await_nodes() { # what side-dir pid-file-name starter-pid... (the starters in node order)
  local what=$1 side_dir=$2 pid_file=$3 i=0 starter failed="" dir
  shift 3
  for starter in "$@"; do i=$((i + 1)); wait "$starter" || failed="$failed $i"; done
  SIDE_PIDS=()
  for i in $(seq 1 "$NODES"); do
    dir=$(node_dir "$side_dir" "$i")
    if [ -f "$dir/$pid_file" ]; then SIDE_PIDS+=("$(cat "$dir/$pid_file")"); BROKER_PIDS+=("$(cat "$dir/$pid_file")"); fi
  done
  [ -z "$failed" ] || die "$what node(s)$failed did not start, see their logs under $side_dir"
  BROKER_PID=${SIDE_PIDS[0]}
}
# BOOTSTRAP: every node's clients' listener; ADMIN_BOOTSTRAP: with --security sasl_ssl, every node's PLAINTEXT one.
set_bootstraps() { # port...
  local p
  BOOTSTRAP=$(printf '127.0.0.1:%s,' "$@"); BOOTSTRAP=${BOOTSTRAP%,}
  ADMIN_BOOTSTRAP=$(for p in "$@"; do printf '127.0.0.1:%s,' "$((p + 2))"; done); ADMIN_BOOTSTRAP=${ADMIN_BOOTSTRAP%,}
}
stop_nodes() { # stop-function side-dir: runs the function for every node in parallel
  local i stopping=()
  for i in $(seq 1 "$NODES"); do "$1" "$2" "$i" & stopping+=($!); done
  for i in "${stopping[@]}"; do wait "$i" || true; done
}

# The peer's server.properties with this node's ports; in a cluster also its node.id, a static quorum of every node
# (controller.quorum.voters instead of the peer's single-node bootstrap) and internal topics replicated as the
# benchmark's topics are.
kafka_node_config() { # node-id port voters
  local -a cluster=()
  if [ "$NODES" -gt 1 ]; then
    cluster=(-e "s/^node.id=.*/node.id=$1/" -e '/^controller.quorum.bootstrap.servers=/d'
      -e "s/^\(.*replication.factor\)=1\$/\1=$REPLICATION/" -e "s/^\(.*min.isr\)=1\$/\1=$((REPLICATION < 2 ? 1 : 2))/")
  fi
  kafka_ports_config "$2" | if [ "${#cluster[@]}" -gt 0 ]; then sed "${cluster[@]}"; else cat; fi | kafka_security_config "$2"
  [ "$NODES" = 1 ] || echo "controller.quorum.voters=$3"
}
# With --security sasl_ssl the clients' listener becomes SASL_SSL, a PLAINTEXT one at port + 2 joins it (named
# PLAINTEXT, so the peer's inter.broker.listener.name=PLAINTEXT points at it) and the security settings follow;
# otherwise the config passes unchanged.
kafka_security_config() { # port
  if ! $SECURE; then cat; return; fi
  sed -e "s#^\(listeners\|advertised.listeners\)=PLAINTEXT://\(127.0.0.1:$1\),\(.*\)\$#\1=SASL_SSL://\2,\3,PLAINTEXT://127.0.0.1:$(($1 + 2))#" \
    -e 's#^listener.security.protocol.map=.*#&,SASL_SSL:SASL_SSL#'
  cat "$BROKER_SECURITY"
  # A SASL listener of Kafka's needs a JAAS login section even where it only serves; Partita's needs none.
  echo 'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;'
}
start_kafka() { # side-dir
  local -a ports starting=()
  local i voters="" cluster_id="" harness dir
  mapfile -t ports < <(free_ports 19192)
  for i in $(seq 1 "$NODES"); do voters="$voters${voters:+,}$i@127.0.0.1:$((ports[i - 1] + 1))"; done
  # kafka-single-node.sh formats a lone node (--standalone); a cluster's nodes are formatted here with one id.
  [ "$NODES" = 1 ] || cluster_id=$("$TOOLS/kafka-storage.sh" random-uuid)
  for i in $(seq 1 "$NODES"); do
    harness="$WORK_DIR/kafka-peer-node$i" dir=$(node_dir "$1" "$i")
    mkdir -p "$harness" "$dir"
    [ -d "$harness/bin" ] || cp -r "$PEER_DIR/bin" "$PEER_DIR/config" "$harness/"
    kafka_node_config "$i" "${ports[i - 1]}" "$voters" > "$harness/config/server.properties"
    if [ -n "$cluster_id" ]; then
      # The same file kafka-single-node.sh writes at start: the peer's, with this node's log dir.
      sed "s#^log.dirs=.*#log.dirs=$dir/kraft-combined-logs#" "$harness/config/server.properties" > "$dir/server.properties"
      "$harness/bin/kafka-storage.sh" format -t "$cluster_id" -c "$dir/server.properties" >&2 || die "formatting Kafka node $i failed"
    fi
    KAFKA_DATA_DIR="$dir" KAFKA_HEAP_OPTS="$BROKER_HEAP_OPTS" KAFKA_JVM_PERFORMANCE_OPTS="$BROKER_JVM_OPTS" \
      setsid --wait ${BROKER_CPUS[@]+"${BROKER_CPUS[@]}"} "$harness/bin/kafka-single-node.sh" start >&2 &
    starting+=($!)
  done
  await_nodes Kafka "$1" broker.pid "${starting[@]}"
  set_bootstraps "${ports[@]}"
}
stop_kafka_node() { # side-dir node
  KAFKA_DATA_DIR="$(node_dir "$1" "$2")" "$WORK_DIR/kafka-peer-node$2/bin/kafka-single-node.sh" stop >&2 ||
    stop_pid "${SIDE_PIDS[$2 - 1]}" 10
}

start_partita() { # side-dir
  local -a ports http_ports hz_ports cluster=() starting=() security=()
  local i dir members="" kafka_port
  mapfile -t ports < <(free_ports 29192)
  case "$PARTITA_MODE" in
    engine)
      mkdir -p "$1"
      mapfile -t security < <(partita_security_settings "${ports[0]}")
      # shellcheck disable=SC2086
      setsid nohup ${BROKER_CPUS[@]+"${BROKER_CPUS[@]}"} "$JAVA" $BROKER_HEAP_OPTS $BROKER_JVM_OPTS -cp "$BENCH_JAR" io.partita.bench.node.StandaloneNode \
        "listener.host=127.0.0.1" "listener.port=${ports[0]}" "log.dirs=$1/kafka-logs" \
        "group.initial.rebalance.delay.ms=0" ${security[@]+"${security[@]}"} > "$1/partita.log" 2>&1 < /dev/null &
      BROKER_PID=$!
      BROKER_PIDS+=("$BROKER_PID")
      SIDE_PIDS=("$BROKER_PID")
      local waited=0
      until grep -q "PARTITA STANDALONE NODE READY" "$1/partita.log"; do
        kill -0 "$BROKER_PID" 2>/dev/null || { tail -30 "$1/partita.log" >&2; die "the Partita node exited, see $1/partita.log"; }
        [ "$waited" -lt 1200 ] || die "the Partita node is not ready after 120 s, see $1/partita.log"
        sleep 0.1; waited=$((waited + 1))
      done ;;
    payara)
      mapfile -t http_ports < <(free_ports 28180)
      if [ "$NODES" -gt 1 ]; then
        mapfile -t hz_ports < <(free_ports 26900)
        members=$(printf '127.0.0.1:%s,' "${hz_ports[@]}"); members=${members%,}
      fi
      for i in $(seq 1 "$NODES"); do
        dir=$(node_dir "$1" "$i")
        mkdir -p "$dir"
        [ "$NODES" = 1 ] || cluster=(--hz-port "${hz_ports[i - 1]}" --members "$members")
        # The settings as PARTITA_<NAME> variables; with them the launcher's --kafka-port is the PLAINTEXT listener's.
        mapfile -t security < <(partita_security_settings "${ports[i - 1]}" |
          awk '{ name = toupper(substr($0, 1, index($0, "=") - 1)); gsub(/\./, "_", name); print "PARTITA_" name substr($0, index($0, "=")) }')
        kafka_port=${ports[i - 1]}
        ! $SECURE || kafka_port=$((kafka_port + 2))
        ${BROKER_CPUS[@]+"${BROKER_CPUS[@]}"} env PARTITA_JVM_OPTS="$BROKER_HEAP_OPTS $BROKER_JVM_OPTS" PARTITA_GROUP_INITIAL_REBALANCE_DELAY_MS=0 ${security[@]+"${security[@]}"} \
          "$REPO_DIR/bin/partita" start --daemon --node-id "$i" --kafka-port "$kafka_port" \
          --http-port "${http_ports[i - 1]}" --data-dir "$dir" ${cluster[@]+"${cluster[@]}"} >&2 &
        starting+=($!)
      done
      await_nodes Partita "$1" partita.pid "${starting[@]}" ;;
  esac
  # Each port must be its node's, not a neighbour's that took it meanwhile.
  for i in $(seq 1 "$NODES"); do
    ss -Htlnp "sport = :${ports[i - 1]}" | grep -q "pid=${SIDE_PIDS[i - 1]}," ||
      die "port ${ports[i - 1]} is not served by the node pid ${SIDE_PIDS[i - 1]}"
  done
  set_bootstraps "${ports[@]}"
}
stop_partita_node() { # side-dir node
  case "$PARTITA_MODE" in
    engine) stop_pid "$BROKER_PID" 60 ;;
    payara) "$REPO_DIR/bin/partita" stop --data-dir "$(node_dir "$1" "$2")" >&2 || stop_pid "${SIDE_PIDS[$2 - 1]}" 10 ;;
  esac
}

# ---------------------------------------------------------------------------------------------------- tools
create_topic() { # name partitions
  # shellcheck disable=SC2086
  timeout 120 "$TOOLS/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" ${CLIENT_ARGS[@]+"${CLIENT_ARGS[@]}"} --create \
    --topic "$1" --partitions "$2" --replication-factor "$REPLICATION" $TOPIC_CONFIG >/dev/null 2>"$LOG_DIR/create-$1.err" || { cat "$LOG_DIR/create-$1.err" >&2; die "creating topic $1 failed"; }
}

# --security sasl_ssl, once a side has started: perf's SCRAM credential (kafka-configs.sh) and ACLs (AclCommand, the
# class kafka-acls.sh runs) through the PLAINTEXT listener as the super user ANONYMOUS, the same commands on both
# sides; then waits until perf logs in over SASL_SSL, and notes the TLS session openssl negotiates with the broker.
secure_set_up() { # side
  $SECURE || return 0
  local out="$LOG_DIR/security-set-up.out" tries=0 port session
  { timeout 120 "$TOOLS/kafka-configs.sh" --bootstrap-server "$ADMIN_BOOTSTRAP" --alter --entity-type users \
      --entity-name perf --add-config "SCRAM-SHA-512=[password=$PERF_PASSWORD]" &&
    timeout 120 "$TOOLS/kafka-run-class.sh" org.apache.kafka.tools.AclCommand --bootstrap-server "$ADMIN_BOOTSTRAP" \
      --add --allow-principal User:perf --operation All --topic '*' --group '*'; } > "$out" 2>&1 ||
    { cat "$out" >&2; die "setting up user perf on $1 failed"; }
  until timeout 60 "$TOOLS/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" "${CLIENT_ARGS[@]}" --list >> "$out" 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -lt 10 ] || { tail -20 "$out" >&2; die "user perf cannot log in to $1 over SASL_SSL, see $out"; }
    sleep 1
  done
  command -v openssl >/dev/null || return 0
  port=${BOOTSTRAP%%,*}
  session=$(openssl s_client -connect "$port" -CAfile "$TLS_DIR/ca.pem" -brief < /dev/null 2>&1 |
    awk -F': ' '/^Protocol version/ {p = $2} /^Ciphersuite/ {c = $2} END {print p " " c}')
  printf '%s\t%s\n' "$1" "$session" >> "$WORK_DIR/tls-sessions.tsv"
  say "  $1: user perf logs in; openssl s_client negotiates $session with it"
}

produce() { # topic records acks rate -> the tool's summary line on stdout
  timeout "$TOOL_TIMEOUT" ${CLIENT_CPUS[@]+"${CLIENT_CPUS[@]}"} "$TOOLS/kafka-producer-perf-test.sh" --bootstrap-server "$BOOTSTRAP" --topic "$1" \
    --num-records "$2" --record-size "$RECORD_SIZE" --throughput "$4" ${CLIENT_ARGS[@]+"${CLIENT_ARGS[@]}"} \
    --command-property acks="$3" $PRODUCER_PROPS 2>>"$LOG_DIR/tools.err" | tee -a "$LOG_DIR/$1.producer.out" | tail -1
}

consume_one() { # topic records group -> the tool's data line on stdout
  timeout "$TOOL_TIMEOUT" ${CLIENT_CPUS[@]+"${CLIENT_CPUS[@]}"} "$TOOLS/kafka-consumer-perf-test.sh" --bootstrap-server "$BOOTSTRAP" --topic "$1" \
    --num-records "$2" --group "$3" --timeout 60000 --hide-header ${CLIENT_ARGS[@]+"${CLIENT_ARGS[@]}"} 2>>"$LOG_DIR/tools.err" | tail -1
}

# --consumers N readers side by side, each in a group of its own (<group>-<i>) reading the whole topic; each one's
# line goes to $LOG_DIR/<group>-<i>.consumer.out.
fan_out() { # reader topic records group
  local i pids=() failed=0
  for i in $(seq 1 "$CONSUMERS"); do "$1" "$2" "$3" "$4-$i" > "$LOG_DIR/$4-$i.consumer.out" & pids+=($!); done
  for i in "${pids[@]}"; do wait "$i" || failed=1; done
  return $failed
}

consume() { # topic records group -> one data line on stdout: the tool's, or with --consumers N the sum of N
  [ "$CONSUMERS" = 1 ] && { consume_one "$@"; return; }
  local failed=0
  fan_out consume_one "$@" || failed=1
  # start, end, MB, MB/s, records, records/s, rebalance ms, fetch ms, fetch MB/s, fetch records/s: amounts and
  # rates add up (the readers ran side by side), times are the longest reader's; the total records are divided by
  # N so that a complete run reads as the test's record count.
  cat "$LOG_DIR/$3"-*.consumer.out | awk -F', *' -v n="$CONSUMERS" 'NF >= 10 { for (c = 3; c <= 10; c++) if (c == 7 || c == 8) { if ($c > t[c]) t[c] = $c } else t[c] += $c; start = $1; end = $2; k++ }
    END { if (k == n) printf "%s, %s, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f\n", start, end, t[3], t[4], t[5] / n, t[6], t[7], t[8], t[9], t[10] }'
  return $failed
}

rdkafka_consume_one() { # topic records group -> rdkafka_consume's line on stdout
  timeout "$TOOL_TIMEOUT" ${CLIENT_CPUS[@]+"${CLIENT_CPUS[@]}"} "$RDKAFKA_CONSUME" -b "$BOOTSTRAP" -t "$1" -n "$2" -g "$3" \
    ${RDKAFKA_ARGS[@]+"${RDKAFKA_ARGS[@]}"} 2>>"$LOG_DIR/tools.err"
}

# librdkafka's consumer, subscribed in a fresh group as ConsumerPerformance is (see rdkafka_consume.c); always through
# fan_out, so that one process is the case N = 1 of the same sum.
rdkafka_consume() { # topic records group -> one line of name=value pairs, rdkafka_consume's summed over --consumers N
  local failed=0
  fan_out rdkafka_consume_one "$@" || failed=1
  # Amounts, rates and CPU seconds add up (the readers ran side by side), times are the longest reader's; the total
  # records are divided by N so that a complete run reads as the test's record count.
  cat "$LOG_DIR/$3"-*.consumer.out | awk -v n="$CONSUMERS" '/^records=/ {
      for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] ~ /_ms$/) { if (kv[2] > t[kv[1]]) t[kv[1]] = kv[2] + 0 } else t[kv[1]] += kv[2] }
      k++ }
    END { if (k == n) printf "records=%.0f bytes=%.0f first_ms=%.0f window_ms=%.0f records_s=%.1f mb_s=%.2f cpu_s=%.2f window_cpu_s=%.2f\n",
      t["records"] / n, t["bytes"], t["first_ms"], t["window_ms"], t["records_s"], t["mb_s"], t["cpu_s"], t["window_cpu_s"] }'
  return $failed
}

# ShareConsumerPerformance shuts its consumers down --timeout + 100 ms after they started, whether done or not, so
# the timeout is the whole test's limit: here an average of at least 5,000 records/s.
SHARE_TIMEOUT_MS=$((60000 + RECORDS / 5))
share_consume() { # topic records group -> "records<TAB>records/s<TAB>MB/s<TAB>ms to the first records<TAB>the tool's records/s<TAB>its CPU s"
  local out="$LOG_DIR/$3.share.out" TIMEFORMAT='%U %S' cpu
  # A new share group starts each partition at its end (share.auto.offset.reset=latest) and the tool has no
  # --from-beginning: the group gets earliest before it exists, the same request on both sides.
  timeout 120 "$TOOLS/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" ${CLIENT_ARGS[@]+"${CLIENT_ARGS[@]}"} --alter \
    --entity-type groups --entity-name "$3" --add-config share.auto.offset.reset=earliest >> "$LOG_DIR/tools.err" 2>&1 || return 1
  # The tool's clock starts before subscribe, so its nMsg.sec includes the join and, on Kafka, the initialisation of
  # the group's share partitions (a heartbeat interval: 5.6-7.1 s here). At a 1 ms reporting interval every non-empty poll
  # prints a line: the earliest tells when records began to arrive, and the rates are taken from there to the end.
  # The tool's CPU seconds (bash's time: user and system of the process tree) tell whether the client was the limit.
  { time timeout "$TOOL_TIMEOUT" ${CLIENT_CPUS[@]+"${CLIENT_CPUS[@]}"} "$TOOLS/kafka-share-consumer-perf-test.sh" --bootstrap-server "$BOOTSTRAP" \
    --topic "$1" --num-records "$2" --group "$3" --threads "$SHARE_CONSUMERS" --timeout "$SHARE_TIMEOUT_MS" \
    --show-detailed-stats --reporting-interval 1 --hide-header ${CLIENT_ARGS[@]+"${CLIENT_ARGS[@]}"} > "$out" 2>>"$LOG_DIR/tools.err"; } 2> "$out.time" || return 1
  cpu=$(awk '{printf "%.1f", $1 + $2}' "$out.time")
  # Progress lines: interval start, now, MB, MB/s, records/s, records, "ms for share consumer i"; the threads print
  # each with one printf and its line end with another, so they run into each other and are picked out by pattern.
  # The total line: start, end, MB, MB/s, records/s, records, ms from start to end.
  local d='[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}:[0-9]{3}'
  grep -oE "$d, $d, [0-9.]+, [0-9.]+, [0-9.]+, [0-9]+, [0-9]+( for share consumer)?" "$out" | awk -F', *' -v cpu="$cpu" '
    function ms(t, d, c) { split(t, d, " "); split(d[2], c, ":"); return ((c[1] * 60 + c[2]) * 60 + c[3]) * 1000 + c[4] }
    / for share consumer$/ { t = ms($2); if (first == "" || t < first) first = t; next }
    { start = ms($1); mb = $3; tool = $5; n = $6; total = $7 }
    END {
      if (n == "") exit 1
      if (first == "") lead = total; else { lead = first - start; if (lead < 0) lead += 86400000 }
      w = total - lead
      printf "%d\t%.1f\t%.2f\t%d\t%.1f\t%s\n", n, (w > 0 ? n * 1000 / w : 0), (w > 0 ? mb * 1000 / w : 0), lead, tool, cpu
    }'
}

# Partita/Kafka records/s of one round's test, written on both sides' rows once both have run.
# Partita/Kafka broker CPU seconds per GB served likewise.
set_round_ratio() { # round test partitions acks
  awk -F'\t' -v OFS='\t' -v r="$1" -v t="$2" -v p="$3" -v a="$4" '
    function ratio(v) { return (("partita" in v) && v["kafka"] + 0 > 0) ? sprintf("%.2f", v["partita"] / v["kafka"]) : "-" }
    FNR == NR { if (FNR > 1 && $1 == r && $3 == t && $4 == p && $5 == a) {
        if ($7 != "-") rs[$2] = $7
        if ($16 != "-") gb[$2] = $16 }
      next }
    FNR > 1 && $1 == r && $3 == t && $4 == p && $5 == a { $15 = ratio(rs); $17 = ratio(gb) }
    { print }' "$RESULTS" "$RESULTS" > "$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"
}

# Runs one measured test: sync, broker counters around it, one line into results.tsv.
measure() { # round side test partitions acks topic
  local round=$1 side=$2 test=$3 partitions=$4 acks=$5 topic=$6 out note="" t0 load want=$RECORDS
  [ "$test" = produce-fixed ] && want=${FIXED_RECORDS:-$RECORDS}
  sync
  load=$(load1)
  reset_peak_rss
  t0=$(cpu_ticks)
  case "$test" in
    produce) out=$(produce "$topic" "$RECORDS" "$acks" -1) || note="tool failed" ;;
    produce-fixed) out=$(produce "$topic" "$want" "$acks" "$FIXED_RATE") || note="tool failed" ;;
    consume) out=$(consume "$topic" "$RECORDS" "g-$topic-$round") || note="tool failed" ;;
    consume-rdkafka) out=$(rdkafka_consume "$topic" "$RECORDS" "rk-$topic-$round") || note="tool failed" ;;
    share-consume) out=$(share_consume "$topic" "$RECORDS" "sg-$topic-$round") || note="tool failed" ;;
  esac
  local cpu rss cpu_exact
  cpu_exact=$(awk -v a="$t0" -v b="$(cpu_ticks)" -v hz="$CLK_TCK" 'BEGIN {printf "%.3f", (b - a) / hz}')
  cpu=$(awk -v c="$cpu_exact" 'BEGIN {printf "%.1f", c}')
  rss=$(awk -v kb="$(peak_rss_kb)" 'BEGIN {printf "%.0f", kb / 1024}')
  echo "$side $test p=$partitions acks=$acks: $out" >> "$LOG_DIR/tools.out"
  # records, records/s, MB/s, avg ms, p99 ms, bytes the consumers read (all of them together), note
  local fields
  if [ "$test" = consume ]; then
    # start, end, MB, MB/s, records, records/s, rebalance ms, fetch ms, fetch MB/s, fetch records/s
    fields=$(echo "$out" | awk -F', *' -v want="$want" 'NF >= 10 {
      note = ($5 + 0 < want) ? "consumed only " $5 : ""
      printf "%s\t%.1f\t%.2f\t-\t-\t%.0f\t%s", $5, $10, $9, $3 * 1048576, note }')
  elif [ "$test" = consume-rdkafka ]; then
    # The client's share of its core within the window tells whether it was the limit; the broker's CPU seconds
    # over the window's length, whether the broker was (they include the join, which is short next to the window).
    fields=$(echo "$out" | awk -v want="$want" -v cpu="$cpu_exact" -v n="$CONSUMERS" '/^records=/ {
      for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      note = (f["records"] + 0 < want) ? "consumed only " f["records"] "; " : ""
      w = f["window_ms"] / 1000
      note = note sprintf("first records at %s ms; in the %.2f s window client%s %.0f%% of a core, broker cpu/window %.0f%%",
        f["first_ms"], w, n > 1 ? "s" : "", w > 0 ? f["window_cpu_s"] * 100 / w : 0, w > 0 ? cpu * 100 / w : 0)
      printf "%s\t%s\t%s\t-\t-\t%s\t%s", f["records"], f["records_s"], f["mb_s"], f["bytes"], note }')
  elif [ "$test" = share-consume ]; then
    fields=$(echo "$out" | awk -F'\t' -v want="$want" 'NF >= 6 {
      note = ($1 + 0 < want) ? "consumed only " $1 "; " : ""
      note = note "first records at " $4 " ms, tool " sprintf("%.0f", $5) "/s, client cpu " $6 " s"
      printf "%s\t%s\t%s\t-\t-\t-\t%s", $1, $2, $3, note }')
  else
    # "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, a ms 50th, b ms 95th, c ms 99th, ..."
    fields=$(echo "$out" | sed -E 's/[(),]/ /g' | awk -v want="$want" '/records sent/ {
      p99 = "-"; for (i = 1; i <= NF; i++) if ($i == "99th") p99 = $(i - 2)
      printf "%s\t%.1f\t%.2f\t%.2f\t%s\t-\t%s", $1, $4, $6, $8, p99, ($1 + 0 < want) ? "sent only " $1 : "" }')
  fi
  [ -n "$fields" ] || { fields=$(printf -- '-\t-\t-\t-\t-\t-\t'); note="${note:-no result line}"; }
  local records rec_s mb_s avg p99 served parse_note cpu_gb
  IFS=$'\t' read -r records rec_s mb_s avg p99 served parse_note <<< "$fields"
  note="${note}${parse_note:+${note:+; }$parse_note}"
  cpu_gb=$(awk -v c="$cpu_exact" -v b="$served" 'BEGIN { if (b + 0 > 0) printf "%.2f", c * 1073741824 / b; else print "-" }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t-\t%s\t-\n' "$round" "$side" "$test" "$partitions" "$acks" \
    "$records" "$rec_s" "$mb_s" "$avg" "$p99" "$cpu" "$rss" "$load" "${note:--}" "$cpu_gb" >> "$RESULTS"
  set_round_ratio "$round" "$test" "$partitions" "$acks"
  local per_gb=""
  [ "$cpu_gb" = - ] || per_gb=" ($cpu_gb s/GB served)"
  say "  $side $test p=$partitions acks=$acks: $rec_s records/s, $mb_s MB/s, avg $avg ms, p99 $p99 ms, cpu ${cpu}s${per_gb}, peak RSS ${rss} MB (load $load)${note:+ [$note]}"
}

# JFR with Kafka's and the JDK's "profile" settings, sampling Java stacks every 2 ms instead of 10 and allocations
# at up to 1000/s instead of 300/s: the tests are short and the 2 cores are shared.
JFR_SETTINGS="$WORK_DIR/bench.jfc"
if $WITH_JFR; then
  JDK_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")}"
  sed -e '/"jdk.ExecutionSample"/,/<\/event>/ s#<setting name="period"\([^>]*\)>10 ms<#<setting name="period"\1>2 ms<#' \
      -e '/"jdk.ObjectAllocationSample"/,/<\/event>/ s#>300/s<#>1000/s<#' \
      "$JDK_HOME/lib/jfr/profile.jfc" > "$JFR_SETTINGS" || die "no $JDK_HOME/lib/jfr/profile.jfc for --jfr"
fi
# Per-thread CPU ticks of a process: "name<TAB>utime<TAB>stime" per thread, digits in names folded to N so that
# thread pools add up (the comm name is cut at 15 characters by the kernel).
thread_ticks() {
  local stat
  for stat in /proc/"$1"/task/*/stat; do
    sed -E 's/^[0-9]+ \((.*)\) [A-Za-z] (.*)$/\1\t\2/' "$stat" 2>/dev/null \
      | awk -F'\t' '{ split($2, f, " "); name = $1; gsub(/[0-9]+/, "N", name); print name "\t" f[11] "\t" f[12] }'
  done
}
# Prints, biggest first, the CPU seconds each thread group spent between two thread_ticks snapshots.
thread_cpu_report() { # before-file after-file
  awk -F'\t' -v hz="$CLK_TCK" 'FNR == NR { u[$1] -= $2; s[$1] -= $3; next } { u[$1] += $2; s[$1] += $3 }
    END { for (n in u) if (u[n] + s[n] > 0) printf "%8.2f s  user %6.2f  sys %6.2f  %s\n", (u[n] + s[n]) / hz, u[n] / hz, s[n] / hz, n }' \
    "$1" "$2" | sort -rn
}
# Threads that ended between the snapshots are missing from the second one: their CPU is not counted here (it is
# in the process total).

# One recording per broker, started before the warm-up: starting JFR instruments the JDK's file and socket classes
# and makes the JIT recompile what inlined them, which must not fall into a measured test. Each test window is
# dumped from it (JFR.dump begin=), and the per-thread CPU is taken around the window.
jfr_begin_recording() {
  $WITH_JFR || return 0
  "$JCMD" "$BROKER_PID" JFR.start name=bench settings="$JFR_SETTINGS" maxage=30m >/dev/null 2>&1 || say "JFR.start failed for pid $BROKER_PID"
}
jfr_start() {
  $WITH_JFR || return 0
  JFR_WINDOW_BEGIN=$(date +%Y-%m-%dT%H:%M:%S)
  thread_ticks "$BROKER_PID" > "$LOG_DIR/threads-before.tsv"
}
jfr_stop() { # name: writes $WORK_DIR/<name>.jfr and <name>.threads.txt
  $WITH_JFR || return 0
  "$JCMD" "$BROKER_PID" JFR.dump name=bench begin="$JFR_WINDOW_BEGIN" filename="$WORK_DIR/$1.jfr" >/dev/null 2>&1 || say "JFR.dump failed for pid $BROKER_PID"
  thread_ticks "$BROKER_PID" > "$LOG_DIR/threads-after.tsv"
  thread_cpu_report "$LOG_DIR/threads-before.tsv" "$LOG_DIR/threads-after.tsv" > "$WORK_DIR/$1.threads.txt"
}

run_side() { # round side
  local round=$1 side=$2 dir="$WORK_DIR/round$1/$2"
  LOG_DIR="$dir"
  mkdir -p "$dir"
  say "round $round: starting $side"
  if [ "$side" = kafka ]; then start_kafka "$dir"; else start_partita "$dir"; fi
  say "  $side broker pid(s) ${SIDE_PIDS[*]} at $BOOTSTRAP (load $(load1))"
  secure_set_up "$side"
  jfr_begin_recording

  # Warm-up: the produce path with and without idempotence (acks=all) and the fetch path, so that the JIT has
  # compiled them before anything is measured (short tests otherwise measure the compiler as much as the broker).
  local warm=$((RECORDS / 4 > 100000 ? RECORDS / 4 : 100000))
  create_topic warmup 6
  produce warmup "$warm" 1 -1 >/dev/null || true
  produce warmup "$warm" all -1 >/dev/null || true
  consume warmup $((2 * warm)) "g-warmup" >/dev/null || true
  if wants consume-rdkafka; then rdkafka_consume warmup $((2 * warm)) "rk-warmup" >/dev/null || true; fi
  # Kafka also creates __share_group_state (50 partitions) here, at its first share group.
  if wants share-consume; then share_consume warmup $((2 * warm)) "sg-warmup" >/dev/null || true; fi

  local p acks
  for p in $PARTITIONS_LIST; do
    for acks in $ACKS_LIST; do create_topic "tput-p$p-acks$acks" "$p"; create_topic "fixed-p$p-acks$acks" "$p"; done
    if wants produce || wants_consumer; then
      [ "$p" = "$JFR_PARTITIONS" ] && jfr_start
      for acks in $ACKS_LIST; do
        if wants produce || { [ "$acks" = "$CONSUME_ACKS" ] && wants_consumer; }; then measure "$round" "$side" produce "$p" "$acks" "tput-p$p-acks$acks"; fi
      done
      [ "$p" = "$JFR_PARTITIONS" ] && jfr_stop "$side-round$round-p$p-produce"
    fi
    if wants consume; then
      [ "$p" = "$JFR_PARTITIONS" ] && jfr_start
      measure "$round" "$side" consume "$p" - "tput-p$p-acks$CONSUME_ACKS"
      [ "$p" = "$JFR_PARTITIONS" ] && jfr_stop "$side-round$round-p$p-consume"
    fi
    if wants consume-rdkafka; then
      [ "$p" = "$JFR_PARTITIONS" ] && jfr_start
      measure "$round" "$side" consume-rdkafka "$p" - "tput-p$p-acks$CONSUME_ACKS"
      [ "$p" = "$JFR_PARTITIONS" ] && jfr_stop "$side-round$round-p$p-consume-rdkafka"
    fi
    if wants share-consume; then
      [ "$p" = "$JFR_PARTITIONS" ] && jfr_start
      measure "$round" "$side" share-consume "$p" - "tput-p$p-acks$CONSUME_ACKS"
      [ "$p" = "$JFR_PARTITIONS" ] && jfr_stop "$side-round$round-p$p-share-consume"
    fi
    if wants produce-fixed; then
      [ "$p" = "$JFR_PARTITIONS" ] && jfr_start
      for acks in $ACKS_LIST; do measure "$round" "$side" produce-fixed "$p" "$acks" "fixed-p$p-acks$acks"; done
      [ "$p" = "$JFR_PARTITIONS" ] && jfr_stop "$side-round$round-p$p-fixed"
    fi
  done

  say "round $round: stopping $side"
  stop_nodes "stop_${side}_node" "$dir"
  # The next broker starts on a disk without this one's dirty pages, and with its space back (Payara Micro's root
  # directory holds its unpacked runtime, ~150 MB a start); the logs of the run stay.
  local node
  for node in $(seq 1 "$NODES"); do
    rm -rf "$(node_dir "$dir" "$node")"/{kafka-logs,kraft-combined-logs,payara}
  done
  find "$dir" -maxdepth 2 -name '*.err' -empty -delete
  sync
}

# ---------------------------------------------------------------------------------------------------- run
say "side by side: $RECORDS x $RECORD_SIZE B per test, $ROUNDS round(s), sides $SIDES, $NODES node(s) each (replication factor $REPLICATION${TOPIC_CONFIG:+, ${TOPIC_CONFIG#--config }}), Partita mode $PARTITA_MODE${SECURE_SUMMARY:+; $SECURE_SUMMARY}"
say "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), $("$JAVA" -version 2>&1 | head -1), kernel $(uname -r), load $(load1)${PIN:+; brokers on CPUs ${PIN%%:*}, client tools on CPUs ${PIN##*:}}"
read -r -a ORDER <<< "${SIDES//,/ }"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 0 ]; then
    REVERSED=(); for ((i = ${#ORDER[@]} - 1; i >= 0; i--)); do REVERSED+=("${ORDER[i]}"); done
    sides=("${REVERSED[@]}")
  else
    sides=("${ORDER[@]}")
  fi
  for side in "${sides[@]}"; do run_side "$round" "$side"; done
done

# ---------------------------------------------------------------------------------------------------- report
# Best round per side and metric: highest records/s and MB/s, lowest latency, CPU and RSS.
echo
echo "Results ($RECORDS x $RECORD_SIZE B per test, $NODES node(s) per side, replication factor $REPLICATION, best of $ROUNDS round(s) per side${SECURE_SUMMARY:+, $SECURITY}; all rows in $RESULTS)"
awk -F'\t' '
  NR == 1 { next }
  { key = $3 "|" $4 "|" $5; keys[key] = 1; s = $2
    if ($7 != "-" && (best_rs[key, s] == "" || $7 + 0 > best_rs[key, s])) best_rs[key, s] = $7 + 0
    if ($8 != "-" && (best_mb[key, s] == "" || $8 + 0 > best_mb[key, s])) best_mb[key, s] = $8 + 0
    if ($9 != "-" && (best_avg[key, s] == "" || $9 + 0 < best_avg[key, s])) best_avg[key, s] = $9 + 0
    if ($10 != "-" && (best_p99[key, s] == "" || $10 + 0 < best_p99[key, s])) best_p99[key, s] = $10 + 0
    if (best_cpu[key, s] == "" || $11 + 0 < best_cpu[key, s]) best_cpu[key, s] = $11 + 0
    if (best_rss[key, s] == "" || $12 + 0 < best_rss[key, s]) best_rss[key, s] = $12 + 0
    if ($14 != "-") notes[key, s] = notes[key, s] " r" $1 ":" $14 }
  function v(x) { return x == "" ? "-" : x }
  function n0(x) { return x == "" ? "-" : sprintf("%.0f", x) }
  function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "-" : sprintf("%.2f", a / b) }
  END {
    fmt = "%-15s %2s %4s | %-7s %11s %8s %8s %8s %7s %8s | %s\n"
    printf fmt, "test", "p", "acks", "side", "records/s", "MB/s", "avg ms", "p99 ms", "cpu s", "RSS MB", "notes"
    n = split("produce produce-fixed consume consume-rdkafka share-consume", tests, " ")
    for (t = 1; t <= n; t++) for (p = 1; p <= 6; p++) for (a = 1; a <= 3; a++) {
      key = tests[t] "|" p "|" (a == 1 ? "1" : a == 2 ? "all" : "-")
      if (key in keys) order[++m] = key
    }
    for (i = 1; i <= m; i++) {
      key = order[i]; split(key, k, "|")
      for (si = 1; si <= 2; si++) {
        s = si == 1 ? "partita" : "kafka"
        if (best_cpu[key, s] == "") continue
        printf fmt, k[1], k[2], k[3], s, n0(best_rs[key, s]), v(best_mb[key, s]), v(best_avg[key, s]), v(best_p99[key, s]),
          v(best_cpu[key, s]), v(best_rss[key, s]), notes[key, s]
      }
      if (best_cpu[key, "partita"] != "" && best_cpu[key, "kafka"] != "")
        printf fmt, "", "", "", "P/K", ratio(best_rs[key, "partita"], best_rs[key, "kafka"]),
          ratio(best_mb[key, "partita"], best_mb[key, "kafka"]), ratio(best_avg[key, "partita"], best_avg[key, "kafka"]),
          ratio(best_p99[key, "partita"], best_p99[key, "kafka"]), ratio(best_cpu[key, "partita"], best_cpu[key, "kafka"]),
          ratio(best_rss[key, "partita"], best_rss[key, "kafka"]), ""
    }
  }' "$RESULTS"
echo
echo "Records/s, Partita/Kafka per round (the side that ran first in brackets):"
awk -F'\t' '
  NR == 1 { next }
  { key = $3 "|" $4 "|" $5; if (!(key in seen)) { seen[key] = 1; order[++m] = key }
    if (!($1 in first)) first[$1] = $2; if ($1 + 0 > rounds) rounds = $1 + 0
    if ($15 != "-" && $15 != "") ratio[key, $1] = $15 }
  END {
    printf "%-15s %2s %4s |", "test", "p", "acks"; for (r = 1; r <= rounds; r++) printf " %14s", "r" r " (" first[r] ")"; printf "\n"
    for (i = 1; i <= m; i++) {
      split(order[i], k, "|"); printf "%-15s %2s %4s |", k[1], k[2], k[3]
      for (r = 1; r <= rounds; r++) printf " %14s", ((order[i], r) in ratio) ? ratio[order[i], r] : "-"
      printf "\n"
    }
  }' "$RESULTS"
if wants consume || wants consume-rdkafka; then
  echo
  echo "Broker CPU seconds per GB served (the records' bytes times the consumers), per round: Partita / Kafka = Partita/Kafka:"
  awk -F'\t' '
    NR == 1 { next }
    { if (!($1 in first)) first[$1] = $2; if ($1 + 0 > rounds) rounds = $1 + 0 }
    $16 == "-" { next }
    { key = $3 "|" $4; if (!(key in seen)) { seen[key] = 1; order[++m] = key }
      v[key, $1, $2] = $16; if ($17 != "-") ratio[key, $1] = $17 }
    function cell(key, r) {
      if (!((key, r, "partita") in v) && !((key, r, "kafka") in v)) return "-"
      return sprintf("%s / %s = %s", ((key, r, "partita") in v) ? v[key, r, "partita"] : "-",
        ((key, r, "kafka") in v) ? v[key, r, "kafka"] : "-", ((key, r) in ratio) ? ratio[key, r] : "-")
    }
    END {
      if (m == 0) { print "(none: no consumer run read records)"; exit }
      printf "%-15s %2s |", "test", "p"; for (r = 1; r <= rounds; r++) printf " %24s", "r" r " (" first[r] ")"; printf "\n"
      for (i = 1; i <= m; i++) {
        split(order[i], k, "|"); printf "%-15s %2s |", k[1], k[2]
        for (r = 1; r <= rounds; r++) printf " %24s", cell(order[i], r)
        printf "\n"
      }
    }' "$RESULTS"
fi
echo
# Issue 18's targets, each configuration and round on its own: a ratio from one round's pair of runs, never from the
# best rounds of the two sides.
echo "Targets of issue 18, Partita/Kafka per round (a target whose test did not run: not measured):"
awk -F'\t' -v tests=",$TESTS," -v rdkafka_absent="$RDKAFKA_ABSENT" -v nodes="$NODES" -v rf="$REPLICATION" -v rate="$FIXED_RATE" '
  NR == 1 { next }
  { if (!($1 in first)) first[$1] = $2; if ($1 + 0 > rounds) rounds = $1 + 0
    key = $3 "|" $4 "|" $5; if (!(key in seen)) { seen[key] = 1; order[++m] = key }
    if ($15 != "-") rs[key, $1] = $15
    if ($17 != "-") gb[key, $1] = $17
    if ($10 != "-") p99[key, $1, $2] = $10
    if ($12 + 0 > rss[$1, $2]) rss[$1, $2] = $12 + 0 }
  function ratio(a, b) { return (a == "" || b + 0 == 0) ? "" : sprintf("%.2f", a / b) }
  # One target: a row with a cell per round, "<ratio> met" or "<ratio> NOT met", tallied per round.
  function target(label, values, key, below, limit,   r, v, c) {
    printf "%-50s |", label
    for (r = 1; r <= rounds; r++) {
      v = ((key, r) in values) ? values[key, r] : ""
      if (v == "") { c = "not measured"; unmeasured[r]++ }
      else if (below ? v + 0 <= limit : v + 0 >= limit) { c = v " met"; met[r]++ }
      else { c = v " NOT met"; missed[r]++ }
      printf " %14s", c
    }
    printf "\n"
  }
  function absent(label, why) { printf "%-50s | not measured (%s)\n", label, why }
  END {
    printf "%-50s |", "target"; for (r = 1; r <= rounds; r++) printf " %14s", "r" r " (" first[r] ")"; printf "\n"
    for (i = 1; i <= m; i++) { split(order[i], k, "|"); if (k[1] == "produce-fixed")
      for (r = 1; r <= rounds; r++) fixed[order[i], r] = ratio(p99[order[i], r, "partita"], p99[order[i], r, "kafka"]) }
    for (r = 1; r <= rounds; r++) if (nodes > 1) mem["rss", r] = ratio(rss[r, "partita"], rss[r, "kafka"])
    split("consume consume-rdkafka", consumers, " ")
    for (c = 1; c <= 2; c++) {
      if (index(tests, "," consumers[c] ",") == 0) {
        absent(consumers[c] " records/s >= 1.20, CPU s/GB <= 0.70", c == 2 ? rdkafka_absent : "not in --tests"); continue }
      for (i = 1; i <= m; i++) { split(order[i], k, "|"); if (k[1] == consumers[c]) {
        target(consumers[c] " p=" k[2] ": records/s >= 1.20", rs, order[i], 0, 1.20)
        target(consumers[c] " p=" k[2] ": broker CPU s per GB <= 0.70", gb, order[i], 1, 0.70) } }
    }
    if (index(tests, ",produce,") == 0) absent("produce records/s >= 1.30", "not in --tests")
    else for (i = 1; i <= m; i++) { split(order[i], k, "|"); if (k[1] == "produce")
      target("produce p=" k[2] " acks=" k[3] (nodes > 1 ? " rf=" rf : "") ": records/s >= 1.30", rs, order[i], 0, 1.30) }
    if (index(tests, ",produce-fixed,") == 0) absent("p99 at " rate " records/s <= 1.00", "not in --tests")
    else for (i = 1; i <= m; i++) { split(order[i], k, "|"); if (k[1] == "produce-fixed")
      target("produce-fixed p=" k[2] " acks=" k[3] ": p99 <= 1.00", fixed, order[i], 1, 1.00) }
    if (nodes > 1) target("peak RSS of the " nodes " nodes (largest test) <= 1.00", mem, "rss", 1, 1.00)
    else absent("peak RSS of three nodes <= 1.00", "needs --cluster 3")
    for (r = 1; r <= rounds; r++)
      printf "round %d: %d target(s) met, %d not met, %d not measured\n", r, met[r], missed[r], unmeasured[r]
  }' "$RESULTS"
echo
if $SECURE; then
  echo "Target (Partita/Kafka, issue 14): records/s >= 1.00, both sides secured the same way: $SECURE_SUMMARY."
  [ "$NODES" = 1 ] || echo "CPU s and RSS MB are sums over the $NODES nodes of a side."
  [ ! -f "$WORK_DIR/tls-sessions.tsv" ] ||
    echo "TLS sessions openssl s_client negotiated: $(sort -u "$WORK_DIR/tls-sessions.tsv" | awk -F'\t' '{printf "%s%s %s", sep, $1, $2; sep = "; "}')."
elif [ "$NODES" = 1 ]; then
  ! wants share-consume || echo "Target (issue 16): share consumer records/s >= 1.00."
else
  echo "Target (Partita/Kafka, issue 6): records/s >= 1.00. CPU s and RSS MB are sums over the $NODES nodes of a side."
fi
echo "Consumer records/s and MB/s are ConsumerPerformance's fetch.* columns (without the group join), summed over $CONSUMERS process(es)."
! wants consume-rdkafka ||
  echo "consume-rdkafka: rdkafka_consume's records and MB from its first record to its last (without the join), summed over $CONSUMERS process(es)."
if wants share-consume; then
  echo "Share consumer records/s and MB/s: ShareConsumerPerformance's records and MB over the time from the first records any"
  echo "of its $SHARE_CONSUMERS share consumers (threads, one share group, implicit acknowledgement) got to its end; its own nMsg.sec,"
  echo "which counts from before the join, and the ms to the first records are in the notes."
fi

if $WITH_JFR; then
  for f in "$WORK_DIR"/*.jfr; do
    [ -f "$f" ] || continue
    echo
    echo "JFR hot spots of $(basename "$f") (produce and fixed: the tests of every acks value together):"
    case "$(basename "$f")" in
      kafka-*) own="kafka.,org.apache.kafka.storage.,org.apache.kafka.server.,org.apache.kafka.network." ;;
      *) own="io.partita." ;;
    esac
    echo "  CPU seconds by thread (digits folded to N):"
    head -12 "${f%.jfr}.threads.txt" | sed 's/^/  /'
    python3 "$SCRIPT_DIR/jfr-hotspots.py" "$JFR_TOOL" "$f" "$own" || say "summarising $f failed"
  done
fi
