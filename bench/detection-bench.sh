#!/usr/bin/env bash
# Detection cycle benchmark: 1,000 rules x 100 series from a local canned-Prometheus HTTP server,
# through state machine and store, on SQLite and PostgreSQL, next to the bare fetch+parse baseline.
# PostgreSQL: a throwaway server on 127.0.0.1:${BENCH_PGPORT:-55498} (see lib.sh), or BENCH_PG_URL.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RULES=${BENCH_RULES:-1000}; SERIES=${BENCH_SERIES:-100}; CYCLES=${BENCH_CYCLES:-5}
# BENCH_JAVA_OPTS: more JVM options for the bench JVM (e.g. -Dbench.trace=true: each cycle on stderr with its
# wall-clock window and the CPU ms of the JVM and of the PostgreSQL server; -XX:StartFlightRecording=...).
run() { "$JDK/bin/java" -Xmx2g ${BENCH_JAVA_OPTS:-} -Dbench.postgresPid="${PG_PID:-}" -cp "$jar" io.firebreak.bench.DetectionBench "$@" "$RULES" "$SERIES" "$CYCLES"; }

# DetectionBench prints one line per phase in words, then "RESULT detection-<store>-<phase> <cycle_ms> <baseline_ms> <ratio> 2.0 met|not-met".
run "jdbc:sqlite:$work/detect.db" "" ""
start_postgres "${BENCH_PGPORT:-55498}"
run "$PG_URL" "$PG_USER" "$PG_PASSWORD"
