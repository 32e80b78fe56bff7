#!/usr/bin/env bash
# `make bench`: every benchmark in bench/, one after the other, then one summary table of the
# figures they report (their `RESULT name figure baseline ratio target met|not-met` lines).
# BENCH_SMOKE=1 (`make bench-smoke`) runs each on tiny sizes: it checks that every benchmark still
# starts, runs and prints its figures, and fails if one does not; its figures mean nothing.
# BENCH_ONLY="ingest-bench cli-bench" runs a subset. Logs stay in bench/target/logs/.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
JDK=$("$root/bin/find-jdk") || { echo "bench: no JDK 21+ found (set JAVA_HOME)" >&2; exit 1; }
benches=(store-bench detection-bench notify-bench ingest-bench escalation-bench cli-bench store-scale-bench
         page-latency-bench alert-memory-bench)
[ -n "${BENCH_ONLY:-}" ] && read -r -a benches <<<"$BENCH_ONLY"

# BENCH_SKIP_BUILD=1: the project is installed already (`make bench` depends on `make build`); the
# bench module is packaged either way, against what is installed.
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  (cd "$root" && JAVA_HOME=$JDK mvn -B -q -DskipTests install) || exit 1
fi
(cd "$root" && JAVA_HOME=$JDK mvn -B -q -f bench/pom.xml package) || exit 1
export BENCH_SKIP_BUILD=1 BENCH_JAR="$here/target/firebreak-bench.jar"   # built once above, for every script

if [ "${BENCH_SMOKE:-0}" = 1 ]; then
  export BENCH_SECONDS=1 BENCH_RULES=10 BENCH_SERIES=5 BENCH_CYCLES=1 BENCH_COUNT=50 BENCH_REQUESTS=300 \
         BENCH_SCHEDULES=5 BENCH_RUNS=1 BENCH_INCIDENTS=200 BENCH_EVENTS=2000 BENCH_CLI_RUNS=1 \
         BENCH_BASELINE_REQUESTS=20 BENCH_FLIPS=2 BENCH_MODE=fast BENCH_ALERTS=1000 BENCH_ROUNDS=1
fi

logs="$here/target/logs"; mkdir -p "$logs"
results=(); failed=()
for bench in "${benches[@]}"; do
  script="$here/$bench.sh"
  if [ ! -x "$script" ]; then echo "bench: no $script" >&2; failed+=("$bench (missing)"); continue; fi
  echo "== $bench"
  started=$(date +%s)
  "$script" 2>&1 | tee "$logs/$bench.log"
  status=${PIPESTATUS[0]}
  echo "== $bench: exit $status after $(( $(date +%s) - started )) s (log: $logs/$bench.log)"
  [ "$status" = 0 ] || failed+=("$bench (exit $status)")
  mapfile -t lines < <(grep '^RESULT ' "$logs/$bench.log")
  # Benchmarks of earlier issues print their figures in words only; the ones with targets print RESULT lines.
  case $bench in
    store-bench|notify-bench|escalation-bench) ;;
    *) [ ${#lines[@]} -gt 0 ] || failed+=("$bench (no RESULT line)") ;;
  esac
  results+=("${lines[@]}")
done

echo
echo "Summary ($(date -u +%FT%TZ), $(nproc) cores, $("$JDK/bin/java" -version 2>&1 | head -1))"
printf '%-44s %12s %12s %8s %10s %s\n' FIGURE VALUE BASELINE RATIO TARGET RESULT
for line in "${results[@]}"; do
  read -r _ name figure baseline ratio target met <<<"$line"
  printf '%-44s %12s %12s %8s %10s %s\n' "$name" "$figure" "$baseline" "$ratio" "$target" "$met"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "bench: these did not run through: ${failed[*]}" >&2
  exit 1
fi
