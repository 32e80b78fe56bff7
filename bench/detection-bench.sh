#!/usr/bin/env bash
# Detection cycle benchmark: 1,000 rules x 100 series from a local canned-Prometheus HTTP server,
# through state machine and store, on SQLite and PostgreSQL, next to the bare fetch+parse baseline.
# PostgreSQL: a throwaway server on 127.0.0.1:${BENCH_PGPORT:-55498} (see lib.sh), or BENCH_PG_URL.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RULES=${BENCH_RULES:-1000}; SERIES=${BENCH_SERIES:-100}; CYCLES=${BENCH_CYCLES:-5}
run() { "$JDK/bin/java" -Xmx2g -cp "$jar" io.firebreak.bench.DetectionBench "$@" "$RULES" "$SERIES" "$CYCLES"; }

# DetectionBench prints one line per phase in words, then "RESULT detection-<store>-<phase> <cycle_ms> <baseline_ms> <ratio> 2.0 met|not-met".
run "jdbc:sqlite:$work/detect.db" "" ""
start_postgres "${BENCH_PGPORT:-55498}"
run "$PG_URL" "$PG_USER" "$PG_PASSWORD"
