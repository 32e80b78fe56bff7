#!/usr/bin/env bash
# Notification benchmark: 10,000 notifications through outbox and delivery to a local recording server,
# on SQLite and PostgreSQL, next to a bare loop of the same POSTs; then p50/p99 enqueue-to-receipt at 100/s.
# PostgreSQL: a throwaway server on 127.0.0.1:${BENCH_PGPORT:-55497} (see lib.sh), or BENCH_PG_URL.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
COUNT=${BENCH_COUNT:-10000}; RATE=${BENCH_RATE:-100}
run() { "$JDK/bin/java" -Xmx2g -cp "$jar" io.firebreak.bench.NotifyBench "$@" "$COUNT" "$RATE"; }

run "jdbc:sqlite:$work/notify.db" "" ""
start_postgres "${BENCH_PGPORT:-55497}"
run "$PG_URL" "$PG_USER" "$PG_PASSWORD"
