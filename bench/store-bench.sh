#!/usr/bin/env bash
# Store benchmark: incident creations/s on SQLite and PostgreSQL next to bare insert transactions.
# PostgreSQL: a throwaway server on 127.0.0.1:${BENCH_PGPORT:-55499} (see lib.sh), or BENCH_PG_URL.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
run() { "$JDK/bin/java" -cp "$jar" io.firebreak.bench.StoreBench "$@"; }

for threads in 1 4; do
  run "jdbc:sqlite:$work/sqlite-$threads.db" "" "" "$threads" "$SECONDS_PER_RUN"
done
start_postgres "${BENCH_PGPORT:-55499}"
for threads in 1 4 8; do
  [ -n "$PG_PID" ] && psql -q -h 127.0.0.1 -p "${BENCH_PGPORT:-55499}" -U postgres -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public' >/dev/null
  run "$PG_URL" "$PG_USER" "$PG_PASSWORD" "$threads" "$SECONDS_PER_RUN"
done
