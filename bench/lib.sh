# Sourced by the bench scripts: builds the project and the bench jar, and starts a throwaway
# PostgreSQL 15 (default durability) on 127.0.0.1:$1 in a temp dir, stopped by PID on exit.
# Needs root (initdb runs as postgres), or BENCH_PG_URL (+ BENCH_PG_USER, BENCH_PG_PASSWORD).
# BENCH_SKIP_BUILD=1: no `mvn install` of the project (use the jars already built, e.g. by `make build`);
# only the bench jar is packaged, offline, against the installed artifacts. BENCH_JAR=FILE: use that bench jar.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
JDK=$("$root/bin/find-jdk")
if [ -n "${BENCH_JAR:-}" ]; then
  :   # a bench jar built elsewhere (e.g. while another run uses bench/target)
elif [ "${BENCH_SKIP_BUILD:-}" = 1 ]; then
  (cd "$root" && JAVA_HOME=$JDK mvn -B -q -o -f bench/pom.xml package)
else
  (cd "$root" && JAVA_HOME=$JDK mvn -B -q -DskipTests install && JAVA_HOME=$JDK mvn -B -q -f bench/pom.xml package)
fi

work=$(mktemp -d /tmp/firebreak-bench.XXXXXX)
# A copy, so that rebuilding bench/target never changes a jar under a running benchmark.
cp "${BENCH_JAR:-$here/target/firebreak-bench.jar}" "$work/firebreak-bench.jar"
jar="$work/firebreak-bench.jar"
PG_PID=
cleanup() {
  [ -n "$PG_PID" ] && kill -INT "$PG_PID" 2>/dev/null || true
  for _ in $(seq 100); do [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
  if [ "${BENCH_KEEP:-}" = 1 ]; then echo "# kept $work (BENCH_KEEP=1)" >&2; else rm -rf "$work"; fi
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

# free_port: prints a TCP port that is free on 127.0.0.1 right now
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_ready URL [TRIES]: polls URL every 0.1 s until it answers 2xx (default 300 tries)
wait_ready() {
  for _ in $(seq "${2:-300}"); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "timeout waiting for $1" >&2; return 1
}

# running PID: the process exists and has not exited (an exited child not yet waited for is a zombie, "Z")
running() {
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# stop_tree PID: stops a process and its children (TERM, then KILL after 10 s), by PID
stop_tree() {
  local pid=$1 kids
  kids=$(pgrep -P "$pid" 2>/dev/null || true)
  kill "$pid" 2>/dev/null || true
  for k in $kids; do stop_tree "$k"; done
  for _ in $(seq 100); do running "$pid" || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
