#!/usr/bin/env python3
"""Prints the hot spots of a JFR recording: CPU (jdk.ExecutionSample) and allocation (jdk.ObjectAllocationSample).

Usage: jfr-hotspots.py <path to the jdk's jfr tool> <recording.jfr> [own package prefixes, comma-separated] [top N]

CPU: the methods on top of the sampled stacks (self time), the broker's own methods anywhere on them (total time,
counted once per sample; "own" = the given package prefixes, default io.partita.), and for each sample the
innermost own frame, which shows which of the broker's methods leads there. Allocation: sampled bytes by
allocated class with its allocating frame, and with the innermost own frame.
JDK 17's jfr tool has no 'view' command; this reads its JSON output.
"""
import collections
import json
import re
import subprocess
import sys

OWN = ("io.partita.",)
IDLE = re.compile(r"epollWait|epoll_wait|\.park$|\.wait0?$|\.sleep0?$|accept0?$|\.poll0?$|\.select0?$|socketAccept|"
                  r"EPoll\.wait|\.epollWait0?$|readBytes$|\.read0$")
HIDDEN_CLASS_SUFFIX = re.compile(r"\$\$Lambda\$\d+\+0x[0-9a-f]+/\d+")


def frames_of(event):
    stack = event.get("values", {}).get("stackTrace") or {}
    out = []
    for f in stack.get("frames") or []:
        m = f.get("method") or {}
        t = HIDDEN_CLASS_SUFFIX.sub("$$Lambda", (m.get("type") or {}).get("name", "?").replace("/", "."))
        out.append(t + "." + m.get("name", "?"))
    return out


def events(jfr_tool, recording, name):
    raw = subprocess.run([jfr_tool, "print", "--json", "--stack-depth", "64", "--events", name, recording],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(raw).get("recording", {}).get("events", [])


def duration_ms(value):
    """JFR's JSON durations read like "PT0.012345S" (ISO-8601)."""
    m = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", value or "")
    if not m:
        return 0.0
    h, mi, sec = (float(g) if g else 0.0 for g in m.groups())
    return ((h * 60 + mi) * 60 + sec) * 1000.0


def first_own(frames):
    return next((f for f in frames if f.startswith(OWN)), "(no own frame)")


def table(title, counter, total, unit, top):
    print(f"  {title}")
    for key, n in counter.most_common(top):
        print(f"    {100.0 * n / total:5.1f}%  {key}" + (f"  ({n / 1048576:.0f} MB sampled)" if unit == "bytes" else ""))


def main():
    global OWN
    jfr_tool, recording = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3:
        OWN = tuple(p for p in sys.argv[3].split(",") if p)
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 15

    gcs = events(jfr_tool, recording, "jdk.GarbageCollection")
    pauses = [duration_ms(e["values"].get("longestPause")) for e in gcs]
    total = sum(duration_ms(e["values"].get("sumOfPauses")) for e in gcs)
    print(f"  GC: {len(gcs)} collections, pauses {total:.0f} ms in all, longest {max(pauses, default=0):.1f} ms")

    samples = events(jfr_tool, recording, "jdk.ExecutionSample")
    print(f"  CPU: {len(samples)} execution samples")
    if samples:
        self_time, total_time, own = collections.Counter(), collections.Counter(), collections.Counter()
        for e in samples:
            fr = frames_of(e)
            if not fr:
                continue
            self_time[fr[0]] += 1
            for f in set(fr):
                total_time[f] += 1
            own[first_own(fr)] += 1
        table("top frames (self):", self_time, len(samples), "samples", top)
        table("own methods on the stack (total):",
              collections.Counter({k: v for k, v in total_time.items() if k.startswith(OWN)}), len(samples), "samples", top)
        table("innermost own frame of each sample:", own, len(samples), "samples", top)

    # Threads sampled in native code: mostly waiting (epoll, park), but writes, sendfile and fsync show here.
    natives = [e for e in events(jfr_tool, recording, "jdk.NativeMethodSample")
               if frames_of(e) and not IDLE.search(frames_of(e)[0])]
    print(f"  Native: {len(natives)} samples of threads in native code, idle waits left out")
    if natives:
        calls = collections.Counter()
        for e in natives:
            fr = frames_of(e)
            calls[f"{fr[0]} <- {first_own(fr)}"] += 1
        table("native call and innermost own frame:", calls, len(natives), "samples", top)

    allocs = events(jfr_tool, recording, "jdk.ObjectAllocationSample")
    total = sum(e["values"].get("weight", 0) for e in allocs)
    print(f"  Allocation: {len(allocs)} samples, {total / 1048576:.0f} MB weighted")
    if allocs and total:
        by_site, by_own = collections.Counter(), collections.Counter()
        for e in allocs:
            fr = frames_of(e)
            cls = (e["values"].get("objectClass") or {}).get("name", "?")
            w = e["values"].get("weight", 0)
            by_site[f"{cls} <- {fr[0] if fr else '?'}"] += w
            by_own[f"{cls} <- {first_own(fr)}"] += w
        table("by class and allocating frame:", by_site, total, "bytes", top)
        table("by class and innermost own frame:", by_own, total, "bytes", top)


if __name__ == "__main__":
    main()
