#!/usr/bin/env bash
# Memory per open alert (issue 13, item 4). Pushes BENCH_ALERTS (default 100,000) distinct firing alerts
# through /api/v2/alerts, in batches of BENCH_BATCH (default 500) from 4 clients (io.firebreak.bench.AlertPush),
# to `firebreak run` (the built jar, `make build` first) on a throwaway SQLite file, then on a throwaway
# PostgreSQL 15, and, as the baseline in the same run, to a real Alertmanager (Debian `prometheus-alertmanager`).
# Firebreak: RSS (/proc/PID/status VmRSS) and heap used (jcmd GC.heap_info), each after a full GC
# (jcmd GC.run), before and after the push; Alertmanager: RSS and go_memstats_heap_inuse_bytes, 5 s after
# the push (Go has no forced full GC from outside). Per alert = (after - before) / alerts. Also the store's
# size per alert (SQLite file + WAL; PostgreSQL: pg_total_relation_size of the alerts table).
# Everything runs on loopback on free ports and is stopped by PID at the end. BENCH_JAVA_OPTS: extra JVM flags
# for Firebreak (none by default, as bin/firebreak).
set -euo pipefail
BENCH_SKIP_BUILD=${BENCH_SKIP_BUILD:-1}   # uses the jar `make build` made; the bench jar is packaged offline
source "$(dirname "$0")/lib.sh"
ALERTS=${BENCH_ALERTS:-100000}; BATCH=${BENCH_BATCH:-500}
FBJAR=${BENCH_FIREBREAK_JAR:-"$root/firebreak-cli/target/firebreak.jar"}   # BENCH_FIREBREAK_JAR: another build
TOKEN=bench-memory-token-0123456789abcdef
[ -f "$FBJAR" ] || { echo "missing $FBJAR: run 'make build' first" >&2; exit 1; }
for tool in prometheus-alertmanager curl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install prometheus-alertmanager curl python3" >&2; exit 1; }
done

PIDS=()
stop_all() { local p; for p in "${PIDS[@]}"; do stop_tree "$p"; done; PIDS=(); }
trap 'stop_all; cleanup' EXIT

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
full_gc() { "$JDK/bin/jcmd" "$1" GC.run >/dev/null; sleep 1; }
heap_used_kib() {   # the "used NNNK" of the heap line of GC.heap_info (G1, Serial or Parallel)
  "$JDK/bin/jcmd" "$1" GC.heap_info | grep -m1 -oE 'used [0-9]+K' | grep -oE '[0-9]+'
}
push() { "$JDK/bin/java" -cp "$jar" io.firebreak.bench.AlertPush "$1" "$2" "$ALERTS" "$BATCH"; }
per_alert() { awk -v a="$1" -v b="$2" -v n="$ALERTS" 'BEGIN {printf "%.3f", (b - a) / n}'; }

declare -A RSS_PER HEAP_PER STORE_PER
row() {   # row NAME RSS_BEFORE RSS_AFTER HEAP_BEFORE HEAP_AFTER STORE_BYTES|-   (KiB but STORE in bytes)
  RSS_PER[$1]=$(per_alert "$2" "$3")
  HEAP_PER[$1]=$(per_alert "$4" "$5")
  if [ "$6" = - ]; then STORE_PER[$1]=-; else STORE_PER[$1]=$(awk -v s="$6" -v n="$ALERTS" 'BEGIN {printf "%.3f", s / 1024 / n}'); fi
  printf '%-22s %8d alerts  RSS %8d -> %8d KiB  %7s KiB/alert | heap %8d -> %8d KiB  %7s KiB/alert | store %7s KiB/alert\n' \
    "$1" "$ALERTS" "$2" "$3" "${RSS_PER[$1]}" "$4" "$5" "${HEAP_PER[$1]}" "${STORE_PER[$1]}"
}

firebreak() {   # firebreak NAME STORAGE_URL USER PASSWORD
  local name=$1 port pid rss0 rss1 heap0 heap1 store=-
  port=$(free_port)
  cat >"$work/$name.yml" <<YML
storage: {url: "$2", username: "$3", password: "$4"}
server: {listen: "127.0.0.1:$port"}
api: {tokens: [{name: bench, token: "$TOKEN", role: responder}]}
YML
  # shellcheck disable=SC2086
  "$JDK/bin/java" ${BENCH_JAVA_OPTS:-} -jar "$FBJAR" run -c "$work/$name.yml" >"$work/$name.log" 2>&1 &
  pid=$!; PIDS+=("$pid")
  wait_ready "http://127.0.0.1:$port/health/ready" 600
  sleep 2; full_gc "$pid"
  rss0=$(rss_kib "$pid"); heap0=$(heap_used_kib "$pid")
  push "http://127.0.0.1:$port/api/v2/alerts" "$TOKEN"
  full_gc "$pid"
  rss1=$(rss_kib "$pid"); heap1=$(heap_used_kib "$pid")
  case "$2" in
    jdbc:sqlite:*) store=$(( $(stat -c %s "${2#jdbc:sqlite:}") + $(stat -c %s "${2#jdbc:sqlite:}-wal" 2>/dev/null || echo 0) )) ;;
    *) if [ -z "${BENCH_PG_URL:-}" ]; then
         store=$(/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc \
           "select pg_total_relation_size('alerts')" postgres)
       fi ;;
  esac
  row "firebreak $name" "$rss0" "$rss1" "$heap0" "$heap1" "$store"
  stop_tree "$pid"
}

alertmanager() {
  local port pid rss0 rss1 heap0 heap1
  port=$(free_port)
  mkdir -p "$work/am"
  printf 'route: {receiver: none}\nreceivers: [{name: none}]\n' >"$work/am/alertmanager.yml"
  prometheus-alertmanager --config.file="$work/am/alertmanager.yml" --storage.path="$work/am" \
    --web.listen-address="127.0.0.1:$port" --cluster.listen-address= >"$work/am/log" 2>&1 &
  pid=$!; PIDS+=("$pid")
  wait_ready "http://127.0.0.1:$port/-/ready" 600
  sleep 2
  go_heap() { curl -sf "http://127.0.0.1:$port/metrics" | awk '/^go_memstats_heap_inuse_bytes / {printf "%d", $2 / 1024}'; }
  rss0=$(rss_kib "$pid"); heap0=$(go_heap)
  push "http://127.0.0.1:$port/api/v2/alerts" -
  sleep 5
  rss1=$(rss_kib "$pid"); heap1=$(go_heap)
  local active
  active=$(curl -sf "http://127.0.0.1:$port/metrics" | awk '/^alertmanager_alerts\{state=/ {n += $2} END {printf "%d", n}')
  [ "$active" = "$ALERTS" ] || echo "warning: Alertmanager holds $active alerts (active, suppressed, unprocessed), not $ALERTS" >&2
  row "alertmanager" "$rss0" "$rss1" "$heap0" "$heap1" -
  stop_tree "$pid"
}

echo "# $(prometheus-alertmanager --version 2>&1 | head -1); $ALERTS alerts in batches of $BATCH"
firebreak sqlite "jdbc:sqlite:$work/memory.db" "" ""
PG_PORT=$(free_port)
start_postgres "$PG_PORT"
firebreak postgresql "$PG_URL" "$PG_USER" "$PG_PASSWORD"
alertmanager

for name in "firebreak sqlite" "firebreak postgresql"; do
  key=alert_memory_${name// /_}_rss_kib_per_alert
  awk -v k="$key" -v f="${RSS_PER[$name]}" -v b="${RSS_PER[alertmanager]}" 'BEGIN {
    r = (b > 0) ? f / b : 0; printf "RESULT %s %.3f %.3f %s <=1.00x %s\n", k, f, b, (b > 0) ? sprintf("%.2f", r) : "-", (f <= b) ? "met" : "not-met" }'
done
