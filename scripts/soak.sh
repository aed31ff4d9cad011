#!/usr/bin/env bash
# Soak run of the agent, kept out of CI: the churn workload with the agent scanning every second
# and keeping its own recording, for SECONDS_TOTAL (default one hour). At minute five and at the
# end it prints the process's threads and open descriptors and the agent's own objects on the
# heap (a class histogram of io.github.jvmpagemap.*, after a full GC), which should be the same.
# Usage, after `mvn -q package -DskipTests`, from the repository root:
#   scripts/soak.sh [seconds, default 3600] [java, default java on the PATH]
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-3600}
java=${2:-java}
jcmd="$(dirname "$(command -v "$java")")/jcmd"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$java" -javaagent:agent/target/jvm-pagemap-agent.jar=interval=1s,recording="$work/soak.jfr" -Xmx512m \
    -jar sample-apps/target/jvm-pagemap-samples.jar churn "$total" > "$work/out" 2> "$work/err" &
pid=$!

measure() {
    local label=$1
    "$jcmd" "$pid" GC.run > /dev/null
    local threads fds agent
    threads=$(ls "/proc/$pid/task" | wc -l)
    fds=$(ls "/proc/$pid/fd" | wc -l)
    agent=$("$jcmd" "$pid" GC.class_histogram | awk '$4 ~ /^io\.github\.jvmpagemap\./ {n += $2; b += $3} END {print n+0 " objects, " b+0 " bytes"}')
    echo "$label: threads $threads, open descriptors $fds, agent's own objects on the heap: $agent, VmRSS $(awk '/VmRSS/ {print $2 " " $3}' "/proc/$pid/status")"
}

first=$(( total < 300 ? total / 2 : 300 ))
sleep "$first"
measure "after ${first} s"
sleep $(( total - first - 5 ))
measure "after $(( total - 5 )) s"
wait "$pid" || { echo "the workload failed:"; cat "$work/err"; exit 1; }
echo "workload exit 0; the agent said:"
grep '^jvm-pagemap:' "$work/err" || echo "(nothing)"
echo "recording: $(ls -l "$work/soak.jfr" | awk '{print $5}') bytes"
