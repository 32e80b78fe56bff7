#!/usr/bin/env bash
# Store benchmark: incident creations/s on SQLite and PostgreSQL next to bare insert transactions.
# Starts its own PostgreSQL 15 on 127.0.0.1:${BENCH_PGPORT:-55499} with default durability (fsync on)
# in a temp dir, and stops it by PID at the end. Needs root (initdb runs as postgres) or a PostgreSQL
# named by BENCH_PG_URL (+ BENCH_PG_USER, BENCH_PG_PASSWORD).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
JDK=$("$root/bin/find-jdk")
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
(cd "$root" && JAVA_HOME=$JDK mvn -B -q -DskipTests install && JAVA_HOME=$JDK mvn -B -q -f bench/pom.xml package)
jar="$here/target/firebreak-bench.jar"
run() { "$JDK/bin/java" -cp "$jar" io.firebreak.bench.StoreBench "$@"; }

work=$(mktemp -d /tmp/firebreak-bench.XXXXXX)
PG_PID=
cleanup() {
  [ -n "$PG_PID" ] && kill -INT "$PG_PID" 2>/dev/null || true
  for _ in $(seq 100); do [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "# $(date -u +%FT%TZ) $(nproc) cores, $("$JDK/bin/java" -version 2>&1 | head -1)"
for threads in 1 4; do
  run "jdbc:sqlite:$work/sqlite-$threads.db" "" "" "$threads" "$SECONDS_PER_RUN"
done

if [ -n "${BENCH_PG_URL:-}" ]; then
  url=$BENCH_PG_URL; user=${BENCH_PG_USER:-postgres}; pass=${BENCH_PG_PASSWORD:-}
else
  port=${BENCH_PGPORT:-55499}
  chmod 755 "$work"; mkdir -p "$work/pg"; chown postgres:postgres "$work/pg"; chmod 700 "$work/pg"
  runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$work/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$work/pg" -l "$work/pg/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $work/pg" start >/dev/null
  PG_PID=$(head -1 "$work/pg/postmaster.pid")
  url="jdbc:postgresql://127.0.0.1:$port/postgres"; user=postgres; pass=
fi
for threads in 1 4 8; do
  psql -q -h 127.0.0.1 -p "${port:-5432}" -U postgres -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public' >/dev/null 2>&1 || true
  run "$url" "$user" "$pass" "$threads" "$SECONDS_PER_RUN"
done
