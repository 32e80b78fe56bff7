#!/usr/bin/env bash
# Ingestion benchmark: Alertmanager webhook payloads of 10 alerts POSTed on loopback to `firebreak run`
# (SQLite, then PostgreSQL; every alert stored before the answer) and, as the baseline in the same run,
# the same alerts to a real Alertmanager's /api/v2/alerts (kept in memory). Prints alerts/s at full speed
# and p50/p99 latency at a fixed 1,000 alerts/s for each. See bench/README.md.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
REQUESTS=${BENCH_REQUESTS:-20000}; CONCURRENCY=${BENCH_CONCURRENCY:-32}; RATE=${BENCH_RATE:-1000}
FB_PORT=${BENCH_FB_PORT:-18481}; AM_PORT=${BENCH_AM_PORT:-18493}
TOKEN=bench-token-0123456789abcdef
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done; cleanup; }
trap stop_all EXIT
STORES=${BENCH_STORES:-sqlite postgresql}
declare -A RATE_OF P99_OF
load() {   # load NAME URL KIND: prints the bench's line, keeps its figures in RATE_OF/P99_OF
  local out; out=$("$JDK/bin/java" -cp "$jar" io.firebreak.bench.IngestBench "$@" "$TOKEN" "$REQUESTS" "$CONCURRENCY" "$RATE")
  grep -v '^FIGURES' <<<"$out"
  local figures; figures=$(grep '^FIGURES' <<<"$out")
  RATE_OF["$1"]=$(awk '{print $2}' <<<"$figures"); P99_OF["$1"]=$(awk '{print $3}' <<<"$figures")
}
wait_ready() { for _ in $(seq 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "timeout waiting for $1" >&2; return 1; }

firebreak() {   # firebreak NAME STORAGE_URL USER PASSWORD
  cat >"$work/$1.yml" <<YML
storage: {url: "$2", username: "$3", password: "$4", pool_size: 16}
server: {listen: "127.0.0.1:$FB_PORT"}
api: {tokens: [{name: bench, token: "$TOKEN", role: responder}]}
YML
  "$JDK/bin/java" -Xmx1g -jar "$root/firebreak-cli/target/firebreak.jar" run -c "$work/$1.yml" >"$work/$1.log" 2>&1 &
  local pid=$!; PIDS+=("$pid")
  wait_ready "http://127.0.0.1:$FB_PORT/health/ready"
  load "firebreak $1 (webhook)" "http://127.0.0.1:$FB_PORT/api/v1/alerts/alertmanager" webhook
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

for store in $STORES; do
  case $store in
    sqlite) firebreak sqlite "jdbc:sqlite:$work/ingest.db" "" "" ;;
    postgresql) start_postgres "${BENCH_PGPORT:-55498}"; firebreak postgresql "$PG_URL" "$PG_USER" "$PG_PASSWORD" ;;
    *) echo "unknown store '$store' in BENCH_STORES (sqlite postgresql)" >&2; exit 2 ;;
  esac
done

mkdir -p "$work/am"
printf 'route: {receiver: none}\nreceivers: [{name: none}]\n' >"$work/am/alertmanager.yml"
prometheus-alertmanager --config.file="$work/am/alertmanager.yml" --storage.path="$work/am" \
  --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= >"$work/am/log" 2>&1 &
PIDS+=("$!")
wait_ready "http://127.0.0.1:$AM_PORT/-/ready"
TOKEN_SAVED=$TOKEN; TOKEN=""
load "alertmanager (v2 push)" "http://127.0.0.1:$AM_PORT/api/v2/alerts" push
TOKEN=$TOKEN_SAVED

# RESULT name figure baseline ratio target met|not-met (collected by `make bench`)
am=${RATE_OF["alertmanager (v2 push)"]}
for store in $STORES; do
  name="firebreak $store (webhook)"
  awk -v s="$store" -v f="${RATE_OF[$name]}" -v b="$am" 'BEGIN { r = f / b; printf "RESULT ingest-%s-alerts-per-s %.0f %.0f %.2f >=1.0 %s\n", s, f, b, r, (r >= 1.0 ? "met" : "not-met") }'
  awk -v s="$store" -v f="${P99_OF[$name]}" 'BEGIN { printf "RESULT ingest-%s-p99-ms-at-1000/s %.2f - - <50 %s\n", s, f, (f < 50 ? "met" : "not-met") }'
done
