#!/usr/bin/env bash
# What the report --html page costs for a 32 GiB heap, kept out of CI: starts the idle sample app
# with -Xmx32g (8 GiB committed, 4 GiB written) under G1 (2,048 cells of 16 MiB, one per heap
# region) and under Parallel (16,384 cells of 2 MiB), then times report --json (the reference)
# and report --html, gives the page's size, and loads the page RUNS times in headless Chromium,
# printing the time the page's own script says it took to draw (data-draw-ms) and the time from
# navigation to the end of drawing (data-ready-ms).
# Usage, after `mvn -q package -DskipTests`, from the repository root, as root or the app's user:
#   scripts/page-bench.sh [java, default java on the PATH]
set -euo pipefail
cd "$(dirname "$0")/.."
java=${1:-java}
runs=${RUNS:-5}
agent=agent/target/jvm-pagemap-agent.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sandbox=""
[ "$(id -u)" = 0 ] && sandbox="--no-sandbox"
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
for gc in G1 Parallel; do
  "$java" -javaagent:$agent=interval=1h -XX:+Use${gc}GC -Xms8g -Xmx32g -Dsamples.idle.mib=4096 \
      -jar sample-apps/target/jvm-pagemap-samples.jar idle 600 > "$work/app.out" 2>&1 &
  app=$!
  for _ in $(seq 1 120); do grep -q ready "$work/app.out" && break; sleep 1; done
  t=$(date +%s%N); "$java" -jar $agent report $app --json > "$work/$gc.json"; json=$(ms "$t")
  t=$(date +%s%N); "$java" -jar $agent report $app --html "$work/$gc.html" > /dev/null; html=$(ms "$t")
  kill $app; wait $app 2>/dev/null || true
  echo "$gc: report --json ${json} ms, report --html ${html} ms, page $(stat -c %s "$work/$gc.html") bytes"
  for _ in $(seq 1 "$runs"); do
    chromium --headless $sandbox --disable-gpu --user-data-dir="$work/profile" --dump-dom \
        "file://$work/$gc.html" 2>/dev/null | grep -o '<body[^>]*>'
  done
done
