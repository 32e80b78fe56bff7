#!/usr/bin/env bash
# Escalation benchmark: one escalation cycle over 10,000 open incidents and 50 schedules, beside the
# same cycle with escalation disabled, on SQLite and PostgreSQL.
# PostgreSQL: a throwaway server on 127.0.0.1:${BENCH_PGPORT:-55498} (see lib.sh), or BENCH_PG_URL.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
COUNT=${BENCH_INCIDENTS:-10000}; SCHEDULES=${BENCH_SCHEDULES:-50}
run() { "$JDK/bin/java" -Xmx2g -cp "$jar" io.firebreak.bench.EscalationBench "$@" "$COUNT" "$SCHEDULES"; }

run "jdbc:sqlite:$work/escalation.db" "" ""
start_postgres "${BENCH_PGPORT:-55498}"
run "$PG_URL" "$PG_USER" "$PG_PASSWORD"
