# Sourced by the bench scripts: builds the project and the bench jar, and starts a throwaway
# PostgreSQL 15 (default durability) on 127.0.0.1:$1 in a temp dir, stopped by PID on exit.
# Needs root (initdb runs as postgres), or BENCH_PG_URL (+ BENCH_PG_USER, BENCH_PG_PASSWORD).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
JDK=$("$root/bin/find-jdk")
(cd "$root" && JAVA_HOME=$JDK mvn -B -q -DskipTests install && JAVA_HOME=$JDK mvn -B -q -f bench/pom.xml package)
jar="$here/target/firebreak-bench.jar"

work=$(mktemp -d /tmp/firebreak-bench.XXXXXX)
PG_PID=
cleanup() {
  [ -n "$PG_PID" ] && kill -INT "$PG_PID" 2>/dev/null || true
  for _ in $(seq 100); do [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
  rm -rf "$work"
}
trap cleanup EXIT
echo "# $(date -u +%FT%TZ) $(nproc) cores, $("$JDK/bin/java" -version 2>&1 | head -1)"

# start_postgres PORT: sets PG_URL PG_USER PG_PASSWORD (to BENCH_PG_* when given)
start_postgres() {
  if [ -n "${BENCH_PG_URL:-}" ]; then
    PG_URL=$BENCH_PG_URL; PG_USER=${BENCH_PG_USER:-postgres}; PG_PASSWORD=${BENCH_PG_PASSWORD:-}
    return
  fi
  local port=$1
  chmod 755 "$work"; mkdir -p "$work/pg"; chown postgres:postgres "$work/pg"; chmod 700 "$work/pg"
  runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$work/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$work/pg" -l "$work/pg/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $work/pg" start >/dev/null
  PG_PID=$(head -1 "$work/pg/postmaster.pid")
  PG_URL="jdbc:postgresql://127.0.0.1:$port/postgres"; PG_USER=postgres; PG_PASSWORD=
}
