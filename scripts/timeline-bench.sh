#!/usr/bin/env bash
# What the timeline page (report <recording.jfr> --html) costs for an hour's worth of scans, kept
# out of CI: records a sample app (SCENARIO, default idle: a scan of it takes a few milliseconds,
# so the agent keeps to its interval) with the agent scanning every 100 ms for SECONDS_RECORDED
# (360 s: 3,600 scans, what an hour at interval=1s holds; 720 s for 7,200, which the page
# reduces): the page's size and drawing time follow the number of scans and rows, not how the
# figures move. It then times report <recording> (the summary: the reference, the same reading of the file) and
# report <recording> --html, gives the recording's and the page's sizes, and loads the page RUNS
# times in headless Chromium, printing the time the page's own script says it took to draw
# (data-draw-ms) and the time from navigation to the end of drawing (data-ready-ms).
# Usage, after `mvn -q package -DskipTests`, from the repository root:
#   SECONDS_RECORDED=360 SCENARIO=idle scripts/timeline-bench.sh [java, default java on the PATH]
set -euo pipefail
cd "$(dirname "$0")/.."
java=${1:-java}
runs=${RUNS:-5}
seconds=${SECONDS_RECORDED:-360}
scenario=${SCENARIO:-idle}
agent=agent/target/jvm-pagemap-agent.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sandbox=""
[ "$(id -u)" = 0 ] && sandbox="--no-sandbox"
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
"$java" -javaagent:$agent=interval=100ms,recording=$work/rec.jfr -Xmx512m \
    -jar sample-apps/target/jvm-pagemap-samples.jar "$scenario" "$seconds" > "$work/app.out" 2>&1
t=$(date +%s%N); "$java" -jar $agent report "$work/rec.jfr" > "$work/summary.txt"; summary=$(ms "$t")
t=$(date +%s%N); "$java" -jar $agent report "$work/rec.jfr" --html "$work/rec.html" > /dev/null; html=$(ms "$t")
echo "$(sed -n 2p "$work/summary.txt")"
echo "recording $(stat -c %s "$work/rec.jfr") bytes; report ${summary} ms, report --html ${html} ms," \
    "page $(stat -c %s "$work/rec.html") bytes"
grep -o '[0-9]* scans shown of [0-9]*' "$work/rec.html" | head -1 || true
for _ in $(seq 1 "$runs"); do
  chromium --headless $sandbox --disable-gpu --user-data-dir="$work/profile" --dump-dom \
      "file://$work/rec.html" 2>/dev/null | grep -o '<body[^>]*>'
done
