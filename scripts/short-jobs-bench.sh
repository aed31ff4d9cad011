#!/usr/bin/env bash
# What the agent costs a short job, kept out of CI: a hello-world and a javac run (the agent's own
# main sources, about 3.5 s), each with an empty -javaagent (whose premain returns at once: the
# JVM's own cost of any agent) and with jvm-pagemap at its defaults, alternating, on each JDK given.
# Prints each pair's median wall time (and the javac runs' median user + system CPU time) and the
# difference. PAIRS (default 20) hello-world pairs and JAVAC_PAIRS (default 6) javac pairs, after one
# warm-up pair each.
# Usage, after `mvn -q package -DskipTests`, from the repository root:
#   scripts/short-jobs-bench.sh /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${PAIRS:-20}
javac_pairs=${JAVAC_PAIRS:-6}
agent=$PWD/agent/target/jvm-pagemap-agent.jar
events=$PWD/jfr-events/target/jvm-pagemap.jar
bytebuddy=$(ls ~/.m2/repository/net/bytebuddy/byte-buddy-agent/*/byte-buddy-agent-*.jar | grep -v sources | tail -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The empty agent and the hello-world, compiled here so the comparison needs no other file.
mkdir -p "$work/empty" "$work/hello"
echo 'public class EmptyAgent { public static void premain(String a, java.lang.instrument.Instrumentation i) { } }' \
    > "$work/empty/EmptyAgent.java"
echo 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }' \
    > "$work/hello/Hello.java"
javac -d "$work/empty" "$work/empty/EmptyAgent.java"
javac --release 17 -d "$work/hello" "$work/hello/Hello.java"
printf 'Premain-Class: EmptyAgent\n' > "$work/manifest"
jar --create --file "$work/empty.jar" --manifest "$work/manifest" -C "$work/empty" EmptyAgent.class
find agent/src/main/java -name '*.java' > "$work/sources"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }

timed() { # timed <out file> <command...>: appends "wall user+system" in seconds
  local out=$1; shift
  local TIMEFORMAT='%3R %3U %3S'
  { time "$@" > /dev/null 2>&1; } 2>> "$out.raw"
  tail -1 "$out.raw" | awk '{print $1, $2 + $3}' >> "$out"
}

for jdk in "$@"; do
  version=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}')
  rm -f "$work"/*.times "$work"/*.raw
  for ((i = 0; i <= pairs; i++)); do
    for which in empty pagemap; do
      jar=$([ $which = empty ] && echo "$work/empty.jar" || echo "$agent")
      timed "$work/hello-$which.times" "$jdk/bin/java" -javaagent:"$jar" -cp "$work/hello" Hello
    done
  done
  for ((i = 0; i <= javac_pairs; i++)); do
    for which in empty pagemap; do
      jar=$([ $which = empty ] && echo "$work/empty.jar" || echo "$agent")
      rm -rf "$work/classes"; mkdir "$work/classes"
      timed "$work/javac-$which.times" "$jdk/bin/javac" -J-javaagent:"$jar" -cp "$bytebuddy:$events" \
          -d "$work/classes" @"$work/sources"
    done
  done
  for job in hello javac; do
    for which in empty pagemap; do # the first of each is the warm-up
      tail -n +2 "$work/$job-$which.times" | awk '{print $1}' | median > "$work/$job-$which.wall"
      tail -n +2 "$work/$job-$which.times" | awk '{print $2}' | median > "$work/$job-$which.cpu"
    done
    e=$(cat "$work/$job-empty.wall"); p=$(cat "$work/$job-pagemap.wall")
    ec=$(cat "$work/$job-empty.cpu"); pc=$(cat "$work/$job-pagemap.cpu")
    n=$([ $job = hello ] && echo "$pairs" || echo "$javac_pairs")
    awk -v job=$job -v v="$version" -v n="$n" -v e="$e" -v p="$p" -v ec="$ec" -v pc="$pc" 'BEGIN {
      printf "%s, JDK %s, median of %d alternating pairs: empty agent %.1f ms, jvm-pagemap %.1f ms (%+.1f ms, %.3fx);" \
          " CPU %.0f ms against %.0f ms (%.3fx)\n", job, v, n, e * 1000, p * 1000, (p - e) * 1000, p / e,
          pc * 1000, ec * 1000, pc / ec }'
  done
done
