# kafka-peer.sh: sourced by the scripts that run Apache Kafka brokers beside Partita nodes (run-side-by-side.sh,
# run-start.sh): where the peer harness and Kafka's jars are, the JVM settings both sides get, a copy of the harness
# and a single-node broker's config on ports of the script's choosing, and the probes of ports and load both scripts
# use. The sourcing script defines die().
#
# Environment: KAFKA_PEER_DIR (default /work/shared/kafka-peer, read only); KAFKA_LIB_DIR (Kafka jars, default the
# peer's lib/ when it holds them, else /tmp/kafka-lib, fetched by the peer's scripts); BROKER_HEAP_OPTS (default
# -Xmx1G -Xms1G, Kafka's broker default, used for both sides).

PEER_DIR="${KAFKA_PEER_DIR:-/work/shared/kafka-peer}"
BROKER_HEAP_OPTS="${BROKER_HEAP_OPTS:--Xmx1G -Xms1G}"
# Kafka's own broker JVM flags (kafka-run-class.sh), given to the Partita JVM as well.
BROKER_JVM_OPTS="-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true"

# Checks the harness and exports KAFKA_LIB_DIR.
kafka_peer_setup() {
  [ -d "$PEER_DIR/bin" ] || die "no Kafka harness at $PEER_DIR (set KAFKA_PEER_DIR)"
  if [ -z "${KAFKA_LIB_DIR:-}" ]; then
    if compgen -G "$PEER_DIR/lib/kafka_2.13-*.jar" >/dev/null && compgen -G "$PEER_DIR/lib/kafka-tools-*.jar" >/dev/null; then
      KAFKA_LIB_DIR="$PEER_DIR/lib"
    else
      KAFKA_LIB_DIR=/tmp/kafka-lib
    fi
  fi
  export KAFKA_LIB_DIR
}

# The peer's server.properties with its PLAINTEXT listener on port $1 and its controller listener on $1 + 1.
kafka_ports_config() { # port
  sed -e "s/127.0.0.1:19092/127.0.0.1:$1/g" -e "s/127.0.0.1:19093/127.0.0.1:$(($1 + 1))/g" "$PEER_DIR/config/server.properties"
}

# A copy of the peer's scripts and config in $1, so that its listener ports can move off 19092/19093 (the peer stays
# untouched), with its pom.xml, from which kafka-run-class.sh fetches Kafka's jars into an empty KAFKA_LIB_DIR:
# fetched here, so that no broker start pays for it.
kafka_peer_harness() { # dir
  mkdir -p "$1"
  cp -r "$PEER_DIR/bin" "$PEER_DIR/config" "$PEER_DIR/pom.xml" "$1/"
  "$1/bin/kafka-run-class.sh" org.apache.kafka.tools.TopicCommand --version >/dev/null
}

# True when something listens on TCP port $1, on any address.
port_in_use() { [ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]; }

load1() { cut -d' ' -f1 /proc/loadavg; }
