#!/usr/bin/env bash
# make-start-archive.sh DIST [make|skip]: run by the dist module at package time on the layout DIST
# (dist/target/partita), after bin/ and deploy/ are in place.
#
# Unpacks Payara Micro's runtime into DIST/micro-root once (payara-micro.jar --outputlauncher), where bin/partita
# runs every node from, instead of payara-micro.jar unpacking it at each start. Then, unless told skip, starts a
# node from the layout with -XX:ArchiveClassesAtExit and stops it: at exit the JVM writes the classes it loaded
# from the JDK and micro-root's jars (Payara's runtime, not the deployed applications) into
# DIST/micro-root/partita.jsa, the class-data sharing archive bin/partita gives every node. It holds the jars'
# absolute paths and sizes: moved or rebuilt jars make the JVM ignore it (with a warning in partita.log).
set -euo pipefail

dist=$(cd "${1:?usage: make-start-archive.sh DIST [make|skip]}" && pwd)
mode=${2:-make}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
micro_root="$dist/micro-root"

rm -rf "$micro_root"
"$JAVA" -jar "$dist/payara-micro.jar" --rootdir "$micro_root" --outputlauncher > "$dist/micro-root.out" 2>&1 ||
  { cat "$dist/micro-root.out" >&2; exit 1; }
rm -f "$dist/micro-root.out"
[ "$mode" != skip ] || exit 0

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p=$1; while ! port_free "$p"; do p=$((p + 1)); done; echo "$p"; }
work=$(mktemp -d)
trap '"$dist/bin/partita" stop --data-dir "$work/node" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
kafka_port=$(free_port $((30000 + RANDOM % 5000)))
http_port=$(free_port $((kafka_port + 1)))
# The archive holds classes, not compiled code or heap: the training node starts with C1 alone and the serial
# collector, which roughly halves its CPU time, and the archive serves nodes with any JIT and collector.
PARTITA_JVM_OPTS="-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit=$micro_root/partita.jsa" \
  "$dist/bin/partita" start --daemon \
  --kafka-port "$kafka_port" --http-port "$http_port" --data-dir "$work/node" > "$work/start.out" 2>&1 ||
  { cat "$work/start.out" >&2; exit 1; }
# Writing the archive at exit takes the stopping JVM seconds when the machine is idle, beyond a minute when loaded.
PARTITA_STOP_TIMEOUT=${PARTITA_STOP_TIMEOUT:-300} "$dist/bin/partita" stop --data-dir "$work/node" > /dev/null
[ -f "$micro_root/partita.jsa" ] || { tail -n 40 "$work/node/partita.log" >&2; echo "make-start-archive: no archive written" >&2; exit 1; }
