#!/usr/bin/env bash
# What a write window costs the application, kept out of CI: runs the churn sample (G1, a steady
# 112 MiB/s of allocation) RUNS times with the agent at its defaults and RUNS times with written=1s
# (a window of 1 s before each scan, every 10 s), alternating, each for SECONDS_RUN seconds under a
# JFR recording of jdk.GarbageCollection. For each run, two seconds before its end: the
# application's CPU time per MiB allocated (the process's user + system time less the agent's own
# thread's, which arms and reads the windows), the agent's thread's CPU time, the process's minor
# faults (a first write to an armed page is one); and, from JFR, its collections' longest pause and
# total pause time. Then the medians and their ratios. WRITTEN (default written=1s) sets the agent
# options of the runs with windows; written=1s,writtenSample=1 measures exact windows.
# Usage, after `mvn -q package -DskipTests`, from the repository root, with a JDK 22 or newer:
#   RUNS=5 SECONDS_RUN=40 scripts/written-bench.sh /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
set -euo pipefail
cd "$(dirname "$0")/.."
java=${1:-java}
jfr="$(dirname "$java")/jfr"
runs=${RUNS:-5}
seconds=${SECONDS_RUN:-40}
written=${WRITTEN:-written=1s}
agent=agent/target/jvm-pagemap-agent.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ticks() { # ticks <stat file>: user + system CPU ticks (the fields after the command's closing parenthesis)
  sed 's/.*) //' "$1" | awk '{print $12 + $13}'
}

one() { # one <label> <agent options> <run>
  local label=$1 options=$2 run=$3 out="$work/$1-$3"
  "$java" --enable-native-access=ALL-UNNAMED -javaagent:$agent=$options -Xmx512m \
      -XX:StartFlightRecording:filename="$out.jfr",settings=default \
      -jar sample-apps/target/jvm-pagemap-samples.jar churn "$seconds" > "$out.out" 2>&1 &
  local pid=$! agent_ticks=0 process_ticks minflt task
  sleep $((seconds - 2))
  process_ticks=$(ticks /proc/$pid/stat)
  minflt=$(sed 's/.*) //' /proc/$pid/stat | awk '{print $8}')
  for task in /proc/$pid/task/*; do
    if grep -q '^jvm-pagemap' "$task/comm" 2>/dev/null; then agent_ticks=$(ticks "$task/stat"); fi
  done
  wait $pid
  local mib
  mib=$(grep -o 'allocated [0-9]* MiB' "$out.out" | tail -1 | grep -o '[0-9]*')
  "$jfr" print --json --events jdk.GarbageCollection "$out.jfr" > "$out.gc.json"
  python3 - "$label" "$process_ticks" "$agent_ticks" "$minflt" "$(getconf CLK_TCK)" "$mib" "$seconds" \
      "$out.gc.json" >> "$work/rows" <<'EOF'
import json, re, sys
label, process, agent, minflt, hz, mib, seconds, gc_file = sys.argv[1:]
# MiB allocated two seconds before the end, at the sample's steady rate
mib_then = float(mib) * (float(seconds) - 2) / float(seconds)
def nanos(text):
    # JFR's JSON gives durations as ISO-8601 (PT0.0123S)
    m = re.fullmatch(r"PT(?:(\d+)M)?([\d.]+)S", text)
    return (int(m.group(1) or 0) * 60 + float(m.group(2))) * 1e9
events = json.load(open(gc_file))["recording"]["events"]
longest = max((nanos(e["values"]["longestPause"]) for e in events), default=0)
total = sum(nanos(e["values"]["sumOfPauses"]) for e in events)
application_ms = (int(process) - int(agent)) * 1000 / int(hz)
agent_ms = int(agent) * 1000 / int(hz)
print(label, f"{application_ms / mib_then:.4f}", f"{agent_ms:.0f}", minflt, f"{longest / 1e6:.2f}",
      f"{total / 1e6:.1f}", len(events), int(float(mib)))
EOF
}

for run in $(seq 1 "$runs"); do
  if [ $((run % 2)) = 1 ]; then
    one default "" "$run"; one written "$written" "$run"
  else
    one written "$written" "$run"; one default "" "$run"
  fi
done

python3 - "$work/rows" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
print("run        app cpu ms/MiB  agent ms  minflt    longest pause ms  total pause ms  collections  MiB")
for r in rows:
    print(f"{r[0]:<10} {r[1]:>14}  {r[2]:>8}  {r[3]:>8}  {r[4]:>16}  {r[5]:>14}  {r[6]:>11}  {r[7]}")
def median(label, i):
    return statistics.median(float(r[i]) for r in rows if r[0] == label)
print("medians (with windows / defaults):")
for name, i in (("app cpu ms per MiB", 1), ("agent thread ms", 2), ("minor faults", 3), ("longest pause ms", 4),
                ("total pause ms", 5)):
    d, w = median("default", i), median("written", i)
    print(f"  {name:<18} {d:10.3f} {w:10.3f}  ratio {w / d:.3f}")
EOF
