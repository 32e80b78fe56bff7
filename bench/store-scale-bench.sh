#!/usr/bin/env bash
# A store of a million incidents (issue 13, item 5). Fills SQLite and PostgreSQL with BENCH_INCIDENTS
# incidents (default 1,000,000) and BENCH_EVENTS timeline events (default 10,000,000) over three
# years, then, with the indexes before migration V0014 (the baseline) and after it:
#   - the API's incident list (open, newest, by service, severity, status, time range, combined, a
#     deep cursor) and incident show, through a real `firebreak run` on loopback: p50/p99 over
#     BENCH_REQUESTS requests (default 200; BENCH_BASELINE_REQUESTS, default 20, on the baseline);
#   - EXPLAIN (ANALYZE) on PostgreSQL, EXPLAIN QUERY PLAN + time on SQLite, of the same shapes
#     (BENCH_EXPLAIN_DIR keeps them);
# and, after V0014, `bin/firebreak incident list/show` and `report --since 30d/365d` as whole processes
# (fastest of BENCH_CLI_RUNS, default 3) beside the same command on an empty store.
# PostgreSQL: a throwaway server on a free loopback port (see lib.sh), or BENCH_PG_URL.
# Prints a table and `RESULT <name> <figure_ms> <baseline_ms|-> <ratio|-> <target> met|not-met`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
INCIDENTS=${BENCH_INCIDENTS:-1000000}
EVENTS=${BENCH_EVENTS:-10000000}
REQUESTS=${BENCH_REQUESTS:-200}
BASE_REQUESTS=${BENCH_BASELINE_REQUESTS:-20}
CLI_RUNS=${BENCH_CLI_RUNS:-3}
EXPLAIN_DIR=${BENCH_EXPLAIN_DIR:-$work/explain}
mkdir -p "$EXPLAIN_DIR"
cli_jar="$root/firebreak-cli/target/firebreak.jar"
TOKEN=bench-admin-token-0123456789
bench() { "$JDK/bin/java" -cp "$jar" io.firebreak.bench.StoreScaleBench "$@" 2> >(grep -v WARNING >&2); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

RUN_PID=
stop_run() {
  if [ -n "$RUN_PID" ]; then
    kill -TERM "$RUN_PID" 2>/dev/null || true
    wait "$RUN_PID" 2>/dev/null || true
    RUN_PID=
  fi
}
trap 'stop_run; cleanup' EXIT

# config FILE URL USER PASSWORD PORT
config() {
  cat >"$1" <<EOF
storage:
  url: "$2"
  username: "$3"
  password: "$4"
server:
  listen: 127.0.0.1:$5
api:
  tokens:
    - {name: bench, token: $TOKEN, role: admin}
EOF
}

# api_phase NAME CONFIG PORT REQUESTS: times the API of a `firebreak run` on CONFIG into $work/NAME.api
api_phase() {
  local name=$1 cfg=$2 port=$3 requests=$4
  "$JDK/bin/java" -jar "$cli_jar" run -c "$cfg" >"$work/$name.run.log" 2>&1 &
  RUN_PID=$!
  for _ in $(seq 600); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    kill -0 "$RUN_PID" 2>/dev/null || { cat "$work/$name.run.log" >&2; exit 1; }
    sleep 0.2
  done
  bench api "http://127.0.0.1:$port" "$TOKEN" "$requests" "$work/samples" | tee "$work/$name.api"
  stop_run
}

# cli_time CONFIG ARGS...: the fastest wall time of CLI_RUNS runs, in ms. Through bin/firebreak, as users run
# the CLI: with its JVM flags for one-shot commands and the class-data archive (made once, before the first run).
cli_time() {
  local cfg=$1; shift
  local best=
  for _ in $(seq "$CLI_RUNS"); do
    local start end
    start=$(date +%s%N)
    "$root/bin/firebreak" "$@" -c "$cfg" >/dev/null 2>"$work/cli.err" || { cat "$work/cli.err" >&2; exit 1; }
    end=$(date +%s%N)
    local ms=$(( (end - start) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}

results=$work/results
: >"$results"
# result NAME FIGURE BASELINE TARGET_MS MODE: MODE abs (figure < target) or over (figure - baseline < target)
result() {
  local name=$1 figure=$2 baseline=$3 target=$4 mode=$5
  python3 - "$name" "$figure" "$baseline" "$target" "$mode" >>"$results" <<'EOF'
import sys
name, figure, baseline, target, mode = sys.argv[1], float(sys.argv[2]), sys.argv[3], float(sys.argv[4]), sys.argv[5]
ratio = "-" if baseline == "-" or float(baseline) == 0 else "%.2f" % (figure / float(baseline))
if mode == "abs":
    met, shown = figure < target, "<%dms" % target
else:
    met, shown = figure - float(baseline) < target, "+<%dms" % target
print("RESULT %s %.1f %s %s %s %s" % (name, figure, baseline, ratio, shown, "met" if met else "not-met"))
EOF
}

# store DIALECT URL USER PASSWORD EMPTY_URL
store() {
  local db=$1 url=$2 user=$3 password=$4 empty_url=$5
  echo "== $db: filling $INCIDENTS incidents, $EVENTS events"
  bench fill "$url" "$user" "$password" "$INCIDENTS" "$EVENTS" "$work/samples"
  local port cfg empty_cfg
  port=$(free_port)
  cfg="$work/$db.yml"; empty_cfg="$work/$db-empty.yml"
  config "$cfg" "$url" "$user" "$password" "$port"
  config "$empty_cfg" "$empty_url" "$user" "$password" "$port"

  echo "== $db: baseline (indexes before V0014)"
  bench explain "$url" "$user" "$password" >"$EXPLAIN_DIR/$db-before.txt"
  api_phase "$db-before" "$cfg" "$port" "$BASE_REQUESTS"

  echo "== $db: V0014's indexes on the filled store"
  bench indexes "$url" "$user" "$password" current | tee "$work/$db.indexes"
  bench explain "$url" "$user" "$password" >"$EXPLAIN_DIR/$db-after.txt"
  api_phase "$db-after" "$cfg" "$port" "$REQUESTS"

  while read -r _ shape p50 p99 _; do
    local before
    before=$(awk -v s="$shape" '$2 == s {print $4}' "$work/$db-before.api")
    echo "$db $shape p50=$p50" >>"$work/p50"
    result "${db}_${shape}_p99" "$p99" "${before:--}" 50 abs
  done <"$work/$db-after.api"

  echo "== $db: CLI processes (fastest of $CLI_RUNS) beside the same on an empty store"
  local id
  id=$(head -1 "$work/samples")
  "$JDK/bin/java" -jar "$cli_jar" incident list --limit 1 -c "$empty_cfg" >/dev/null 2>&1   # migrates the empty store
  FIREBREAK_JAVA_HOME=$JDK "$root/bin/firebreak-archive" >/dev/null   # else the first timed command makes it, in the background
  for spec in "cli_list_open:incident list --open" "cli_list_severity:incident list --severity CRITICAL" \
              "cli_show:incident show $id" "report_30d:report --since 30d" "report_365d:report --since 365d"; do
    local name=${spec%%:*} args=${spec#*:}
    local full empty show_args
    # shellcheck disable=SC2086
    full=$(cli_time "$cfg" $args)
    show_args=$args
    [ "$name" = cli_show ] && show_args="incident list --limit 1"   # the empty store has no incident to show
    # shellcheck disable=SC2086
    empty=$(cli_time "$empty_cfg" $show_args)
    case $name in
      report_30d) result "${db}_$name" "$full" "$empty" 1000 over ;;
      report_365d) result "${db}_$name" "$full" "$empty" 10000 over ;;
      *) result "${db}_$name" "$full" "$empty" 500 over ;;
    esac
  done
}

: >"$work/p50"
store sqlite "jdbc:sqlite:$work/scale.db" "" "" "jdbc:sqlite:$work/empty.db"
rm -f "$work/scale.db" "$work/scale.db-wal" "$work/scale.db-shm"

pg_port=${BENCH_PGPORT:-$(free_port)}
start_postgres "$pg_port"
empty_pg=$PG_URL
if [ -n "$PG_PID" ]; then
  psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -c 'CREATE DATABASE empty' >/dev/null
  empty_pg="jdbc:postgresql://127.0.0.1:$pg_port/empty"
fi
store postgresql "$PG_URL" "$PG_USER" "$PG_PASSWORD" "$empty_pg"

echo
echo "== A store of $INCIDENTS incidents and $EVENTS events (figures in ms; API: p99, baseline = before V0014; CLI: whole process, baseline = empty store)"
printf '%-40s %10s %10s %7s %9s %s\n' NAME FIGURE BASELINE RATIO TARGET RESULT
while read -r _ name figure baseline ratio target verdict; do
  printf '%-40s %10s %10s %7s %9s %s\n' "$name" "$figure" "$baseline" "$ratio" "$target" "$verdict"
done <"$results"
echo
echo "API p50 after V0014:"
sed 's/^/  /' "$work/p50"
echo
cat "$results"
echo "(EXPLAIN output: $EXPLAIN_DIR)"
