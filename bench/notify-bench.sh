#!/usr/bin/env bash
# Notification benchmark: 10,000 notifications through outbox and delivery to a local recording server,
# on SQLite and PostgreSQL, next to a bare loop of the same POSTs; then p50/p99 enqueue-to-receipt at 100/s.
# Starts its own PostgreSQL 15 on 127.0.0.1:${BENCH_PGPORT:-55497} (default durability) and stops it
# by PID; or set BENCH_PG_URL (+ BENCH_PG_USER, BENCH_PG_PASSWORD).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
JDK=$("$root/bin/find-jdk")
COUNT=${BENCH_COUNT:-10000}; RATE=${BENCH_RATE:-100}
(cd "$root" && JAVA_HOME=$JDK mvn -B -q -DskipTests install && JAVA_HOME=$JDK mvn -B -q -f bench/pom.xml package)
jar="$here/target/firebreak-bench.jar"
run() { "$JDK/bin/java" -Xmx2g -cp "$jar" io.firebreak.bench.NotifyBench "$@" "$COUNT" "$RATE"; }

work=$(mktemp -d /tmp/firebreak-bench.XXXXXX)
PG_PID=
cleanup() {
  [ -n "$PG_PID" ] && kill -INT "$PG_PID" 2>/dev/null || true
  for _ in $(seq 100); do [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "# $(date -u +%FT%TZ) $(nproc) cores, $("$JDK/bin/java" -version 2>&1 | head -1)"
run "jdbc:sqlite:$work/notify.db" "" ""
if [ -n "${BENCH_PG_URL:-}" ]; then
  run "$BENCH_PG_URL" "${BENCH_PG_USER:-postgres}" "${BENCH_PG_PASSWORD:-}"
else
  port=${BENCH_PGPORT:-55497}
  chmod 755 "$work"; mkdir -p "$work/pg"; chown postgres:postgres "$work/pg"; chmod 700 "$work/pg"
  runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$work/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$work/pg" -l "$work/pg/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $work/pg" start >/dev/null
  PG_PID=$(head -1 "$work/pg/postmaster.pid")
  run "jdbc:postgresql://127.0.0.1:$port/postgres" postgres ""
fi
