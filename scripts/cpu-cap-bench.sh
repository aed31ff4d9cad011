#!/usr/bin/env bash
# The CPU cap (maxCpu) where scans cost more than it allows, kept out of CI: an idle app on each
# shape below, once with the agent's defaults (maxCpu=0.5%) and once with maxCpu=off, side by side,
# the agent at INTERVAL (default 1s). From the agent's start, after its uncounted first minute plus WARM seconds
# (default 30), the agent thread's CPU over MEASURE seconds (default 60), from the kernel's
# schedstat, as a share of one core; the scans in that time (counted from a report just before to
# one just after, a few seconds more) and the effective interval the agent publishes (report --json). SHAPES (default "8g 1000t 10000t"): Ng = an N GiB pre-touched heap of
# 4 KiB pages; Nt = N parked threads on a 256 MiB heap.
# Usage, after `mvn -q package -DskipTests`, from the repository root, with a JDK 22 or newer:
#   scripts/cpu-cap-bench.sh /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
set -euo pipefail
cd "$(dirname "$0")/.."
java=${1:-java}
interval=${INTERVAL:-1s}
warm=${WARM:-30}
measure=${MEASURE:-60}
shapes=${SHAPES:-8g 1000t 10000t}
agent=agent/target/jvm-pagemap-agent.jar
cli() { "$java" -jar "$agent" "$@"; }

agent_task() { # agent_task <pid>: the agent thread's /proc directory, or nothing before it runs
  grep -lx "jvm-pagemap sca" /proc/$1/task/*/comm 2>/dev/null | head -1 | xargs -r dirname
}

cpu_ns() { # cpu_ns <pid>: the agent thread's time on a CPU (schedstat), nanoseconds
  local task try
  for try in 1 2 3 4 5; do
    task=$(agent_task "$1")
    if [ -n "$task" ] && [ -r "$task/schedstat" ]; then cut -d' ' -f1 "$task/schedstat"; return; fi
    sleep 0.2
  done
  echo "no agent thread in process $1" >&2
  return 1
}

json_field() { grep -o "\"$2\": *[-0-9]*" <<< "$1" | head -1 | sed 's/.*: *//'; }

for shape in $shapes; do
  case $shape in
    *g) flags=(-Xms${shape%g}g -Xmx${shape%g}g -XX:+AlwaysPreTouch -XX:-UseTransparentHugePages -Dsamples.idle.mib=64);;
    *t) flags=(-Xmx256m -Dsamples.idle.threads=${shape%t});;
  esac
  pids=()
  for cap in 0.5% off; do
    "$java" --enable-native-access=ALL-UNNAMED -javaagent:$agent=interval=$interval,maxCpu=$cap "${flags[@]}" \
        -jar sample-apps/target/jvm-pagemap-samples.jar idle 3600 > /dev/null 2>&1 &
    pids+=($!)
  done
  # The uncounted minute starts when the agent does: after the heap is pre-touched and start-up settled.
  for pid in "${pids[@]}"; do
    until [ -n "$(agent_task $pid)" ]; do sleep 1; done
  done
  sleep $((60 + warm))
  declare -A cpu0 cpu1 scans0
  for pid in "${pids[@]}"; do
    scans0[$pid]=$(json_field "$(cli report $pid --json)" scanCount)
  done
  for pid in "${pids[@]}"; do cpu0[$pid]=$(cpu_ns $pid); done
  start=$(date +%s%N)
  sleep "$measure"
  for pid in "${pids[@]}"; do cpu1[$pid]=$(cpu_ns $pid); done
  elapsed=$(( $(date +%s%N) - start ))
  i=0
  for cap in 0.5% off; do
    pid=${pids[$i]}; i=$((i + 1))
    cpu=$(( ${cpu1[$pid]} - ${cpu0[$pid]} ))
    json=$(cli report $pid --json)
    scans=$(( $(json_field "$json" scanCount) - ${scans0[$pid]} ))
    awk -v s="$shape" -v c="$cap" -v cpu=$cpu -v m="$(( elapsed / 1000000000 ))" -v n=$scans -v e="$(json_field "$json" effectiveIntervalNanos)" \
        -v d="$(json_field "$json" scanDurationNanos)" -v i="$interval" 'BEGIN {
      f = "%s, interval=%s, maxCpu=%s: the agent thread %.3f%% of a core over %d s (%.1f ms), %d scans (%.1f ms each),"
      f = f " effective interval %.2f s, last scan %.1f ms\n"
      printf f, s, i, c, cpu / 1e7 / m, m, cpu / 1e6, n, (n > 0 ? cpu / 1e6 / n : 0), e / 1e9, d / 1e6 }'
  done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
done
