#!/usr/bin/env bash
# Soak run of the agent, kept out of CI: the churn workload with the agent scanning every second
# and keeping its own recording, for SECONDS_TOTAL (default one hour). At minute five and at the
# end it prints the process's threads and open descriptors and the agent's own objects on the
# heap (a class histogram of io.github.jvmpagemap.*, after a full GC), which should be the same;
# just before each, it takes a page-map snapshot through the command line.
# Usage, after `mvn -q package -DskipTests`, from the repository root:
#   scripts/soak.sh [seconds, default 3600] [java, default java on the PATH]
# SOAK_SCENARIO picks the workload (default churn; maps-churn also starts and ends threads and
# unloads classes all along), SOAK_JAVA_OPTIONS adds JVM options (--enable-native-access=ALL-UNNAMED
# for the fast path on JDK 22+).
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-3600}
java=${2:-java}
jcmd="$(dirname "$(command -v "$java")")/jcmd"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scenario=${SOAK_SCENARIO:-churn}
# shellcheck disable=SC2086 # the options are words
"$java" -javaagent:agent/target/jvm-pagemap-agent.jar=interval=1s,recording="$work/soak.jfr" -Xms16m -Xmx512m \
    -Dsamples.mapschurn.seconds="$total" ${SOAK_JAVA_OPTIONS:-} \
    -jar sample-apps/target/jvm-pagemap-samples.jar "$scenario" "$(( total + 120 ))" > "$work/out" 2> "$work/err" &
pid=$!

measure() {
    local label=$1
    local snapshot="$work/snapshot-${label// /-}.jfr"
    "$java" -jar agent/target/jvm-pagemap-agent.jar snapshot "$pid" "$snapshot" > /dev/null
    "$jcmd" "$pid" GC.run > /dev/null
    local threads fds agent agent_threads
    threads=$(ls "/proc/$pid/task" | wc -l)
    agent_threads=$(cat /proc/"$pid"/task/*/comm 2>/dev/null | grep -c '^jvm-pagemap' || true)
    fds=$(ls "/proc/$pid/fd" | wc -l)
    agent=$("$jcmd" "$pid" GC.class_histogram | awk '$4 ~ /^io\.github\.jvmpagemap\./ {n += $2; b += $3} END {print n+0 " objects, " b+0 " bytes"}')
    echo "$label: threads $threads (the agent's $agent_threads), open descriptors $fds, agent's own objects on the heap: $agent, VmRSS $(awk '/VmRSS/ {print $2 " " $3}' "/proc/$pid/status"), snapshot $(stat -c %s "$snapshot") bytes"
}

# The workload runs two minutes past the end, so that the last measurement (which takes a few
# seconds: a snapshot, a full GC, a histogram) falls inside it whatever the machine's load.
started=$SECONDS
first=$(( total < 300 ? total / 2 : 300 ))
sleep "$first"
measure "after $(( SECONDS - started )) s"
sleep $(( total - (SECONDS - started) ))
measure "after $(( SECONDS - started )) s"
wait "$pid" || { echo "the workload failed:"; cat "$work/err"; exit 1; }
echo "workload exit 0; the agent said:"
grep '^jvm-pagemap:' "$work/err" || echo "(nothing)"
echo "recording: $(ls -l "$work/soak.jfr" | awk '{print $5}') bytes"
