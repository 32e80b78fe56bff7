#!/usr/bin/env bash
# CLI start benchmark: bin/firebreak --version, incident list, incident ack and incident open (with a
# webhook receiver answering 503 + Retry-After: 1) on a SQLite store of 1,000 incidents, timed as
# whole processes (median of N runs) beside `java -version` of the same JDK.
#
# Builds nothing: needs `make build` (firebreak-cli/target/firebreak.jar) and the bench classes
# (mvn -B -q -o -f bench/pom.xml package). BENCH_RUNS=7, BENCH_INCIDENTS=1000 are the defaults.
# Prints a table and one line per figure: RESULT name median_ms baseline_ms ratio target met|not-met.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
RUNS=${BENCH_RUNS:-7}
INCIDENTS=${BENCH_INCIDENTS:-1000}
JDK=$("$root/bin/find-jdk")
jar="$root/firebreak-cli/target/firebreak.jar"
classes="$here/target/classes"
if [ ! -f "$jar" ]; then
  echo "cli-bench: $jar is missing: run 'make build' first" >&2; exit 3
fi
if [ ! -f "$classes/io/firebreak/bench/CliStoreFill.class" ]; then
  echo "cli-bench: bench classes are missing: run 'mvn -B -q -o -f bench/pom.xml package' first" >&2; exit 3
fi
command -v python3 >/dev/null || { echo "cli-bench: needs python3 for the stub receiver (apt-get install python3)" >&2; exit 3; }

work=$(mktemp -d /tmp/firebreak-cli-bench.XXXXXX)
STUB_PID=
cleanup() {
  [ -n "$STUB_PID" ] && kill "$STUB_PID" 2>/dev/null && wait "$STUB_PID" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JDK/bin/java" -version 2>&1 | head -1)"

# A receiver in trouble, as Slack or PagerDuty during their own incidents: 503 + Retry-After: 1.
# One line per request in requests.log; listens on a free loopback port written to port.txt.
python3 - "$work" <<'PY' &
import http.server, sys, os
work = sys.argv[1]
class Busy(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with open(os.path.join(work, "requests.log"), "a") as log:
            log.write(self.path + "\n")
        self.send_response(503)
        self.send_header("Retry-After", "1")
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Busy)
with open(os.path.join(work, "port.tmp"), "w") as f:
    f.write(str(server.server_address[1]))
os.rename(os.path.join(work, "port.tmp"), os.path.join(work, "port.txt"))
server.serve_forever()
PY
STUB_PID=$!
for _ in $(seq 100); do [ -f "$work/port.txt" ] && break; sleep 0.05; done
[ -f "$work/port.txt" ] || { echo "cli-bench: the stub receiver did not start" >&2; exit 3; }
: > "$work/requests.log"

cat > "$work/firebreak.yml" <<EOF
storage:
  url: jdbc:sqlite:$work/firebreak.db
channels:
  - {name: hook, type: webhook, url: "http://127.0.0.1:$(cat "$work/port.txt")/hook"}
routes:
  - {channels: [hook]}
EOF
"$JDK/bin/java" --enable-native-access=ALL-UNNAMED -cp "$jar:$classes" io.firebreak.bench.CliStoreFill "jdbc:sqlite:$work/firebreak.db" "$INCIDENTS" > "$work/triggered.txt"
echo "# store: $INCIDENTS incidents ($(wc -l < "$work/triggered.txt") triggered), $(du -h "$work/firebreak.db" | cut -f1)"

export FIREBREAK_CONFIG="$work/firebreak.yml"
cd "$work"
# elapsed_ms CMD...: wall time of one whole process in milliseconds; its output goes to last.out/last.err
elapsed_ms() {
  local start end status=0
  start=$(date +%s%N)
  "$@" > "$work/last.out" 2> "$work/last.err" || status=$?
  end=$(date +%s%N)
  if [ "$status" -ne 0 ]; then
    echo "cli-bench: '$*' failed with exit $status:" >&2; cat "$work/last.err" >&2; exit 1
  fi
  echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

# The class-data archive, as `make build` makes it (nothing is done when it exists for this jar).
FIREBREAK_JAVA_HOME="$JDK" "$root/bin/firebreak-archive"
# First runs, not counted: the page cache.
first=$(elapsed_ms "$root/bin/firebreak" incident list)
elapsed_ms "$root/bin/firebreak" --version >/dev/null
elapsed_ms "$root/bin/firebreak" incident list >/dev/null
echo "# first incident list (not counted): $first ms"

declare -A figures
measure() {   # measure NAME CMD...: median of RUNS runs into figures[NAME]
  local name=$1; shift
  local times=()
  for _ in $(seq "$RUNS"); do times+=("$(elapsed_ms "$@")"); done
  figures[$name]=$(printf '%s\n' "${times[@]}" | median)
  echo "# $name: ${times[*]}" >&2
}
ack_next() {   # acknowledges the next triggered incident of the store (runs in a subshell: the counter is a file)
  local line id
  line=$(( $(cat "$work/ack.next") + 1 )); echo "$line" > "$work/ack.next"
  id=$(sed -n "${line}p" "$work/triggered.txt")
  "$root/bin/firebreak" incident ack "$id" --by bench
}
echo 0 > "$work/ack.next"
measure java-version "$JDK/bin/java" -version
measure version "$root/bin/firebreak" --version
measure incident-list "$root/bin/firebreak" incident list
requests_before=$(wc -l < "$work/requests.log")
measure incident-ack ack_next
measure incident-open "$root/bin/firebreak" incident open --title "bench: checkout down" --severity SEV2 --by bench
requests=$(( $(wc -l < "$work/requests.log") - requests_before ))
pending=$(sqlite3 "$work/firebreak.db" "SELECT COUNT(*) FROM outbox WHERE state = 'pending'" 2>/dev/null || echo "?")

baseline=${figures[java-version]}
printf '\n%-32s %10s %12s %7s %7s  %s\n' command "median ms" "baseline ms" ratio target result
row() {   # row NAME LABEL TARGET_RATIO
  local name=$1 label=$2 target=$3 figure=${figures[$1]} ratio met
  ratio=$(awk -v f="$figure" -v b="$baseline" 'BEGIN {printf "%.1f", f / b}')
  met=$(awk -v r="$ratio" -v t="$target" 'BEGIN {print (r <= t) ? "met" : "not-met"}')
  printf '%-32s %10s %12s %7s %6sx  %s\n' "$label" "$figure" "$baseline" "$ratio" "$target" "$met"
  results+=("RESULT cli-$name $figure $baseline $ratio $target $met")
}
results=()
printf '%-32s %10s %12s %7s %7s  %s\n' "java -version" "$baseline" "$baseline" 1.0 - baseline
row version "firebreak --version" 4
row incident-list "incident list" 10
row incident-ack "incident ack (503 receiver)" 10
row incident-open "incident open (503 receiver)" 10
echo
echo "# receiver: $requests requests for $((2 * RUNS)) ack/open commands (at most one attempt each); outbox rows pending: $pending"
printf '%s\n' "${results[@]}"
