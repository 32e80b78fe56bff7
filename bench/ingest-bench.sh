#!/usr/bin/env bash
# Ingestion benchmark: Alertmanager webhook payloads of 10 alerts POSTed on loopback to `firebreak run`
# (SQLite, then PostgreSQL; every alert stored before the answer) and, as the baseline in the same run,
# the same alerts to a real Alertmanager's /api/v2/alerts (kept in memory). Prints alerts/s at full speed
# and p50/p99 latency at a fixed 1,000 alerts/s for each, in BENCH_ROUNDS (3) alternating rounds, and
# the medians over the rounds. See bench/README.md.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
REQUESTS=${BENCH_REQUESTS:-20000}; CONCURRENCY=${BENCH_CONCURRENCY:-32}; RATE=${BENCH_RATE:-1000}
FB_PORT=${BENCH_FB_PORT:-18481}; AM_PORT=${BENCH_AM_PORT:-18493}
TOKEN=bench-token-0123456789abcdef
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done; cleanup; }
trap stop_all EXIT
STORES=${BENCH_STORES:-sqlite postgresql}
# Rounds: every target is loaded once per round, in turn, and its figures are the medians over the
# rounds; the machine drifts by 10 % and more between minutes, and alternating spreads that drift
# over every target instead of charging it to whichever ran at the wrong moment.
ROUNDS=${BENCH_ROUNDS:-3}
declare -A RATES P99S PORT_OF
load() {   # load NAME URL KIND TOKEN: prints the bench's line, keeps its figures in RATES/P99S
  local name=$1 out; out=$("$JDK/bin/java" -cp "$jar" io.firebreak.bench.IngestBench "$1" "$2" "$3" "$4" "$REQUESTS" "$CONCURRENCY" "$RATE")
  grep -v '^FIGURES' <<<"$out"
  local figures; figures=$(grep '^FIGURES' <<<"$out")
  RATES["$name"]+="$(awk '{print $2}' <<<"$figures") "; P99S["$name"]+="$(awk '{print $3}' <<<"$figures") "
}
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
wait_ready() { for _ in $(seq 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "timeout waiting for $1" >&2; return 1; }

firebreak() {   # firebreak NAME PORT STORAGE_URL USER PASSWORD: starts `firebreak run` on that store
  cat >"$work/$1.yml" <<YML
storage: {url: "$3", username: "$4", password: "$5", pool_size: 16}
server: {listen: "127.0.0.1:$2"}
api: {tokens: [{name: bench, token: "$TOKEN", role: responder}]}
YML
  "$JDK/bin/java" -Xmx1g -jar "$root/firebreak-cli/target/firebreak.jar" run -c "$work/$1.yml" >"$work/$1.log" 2>&1 &
  PIDS+=("$!")
  wait_ready "http://127.0.0.1:$2/health/ready"
}

port=$FB_PORT
for store in $STORES; do
  case $store in
    sqlite) firebreak sqlite "$port" "jdbc:sqlite:$work/ingest.db" "" "" ;;
    postgresql) start_postgres "${BENCH_PGPORT:-55498}"; firebreak postgresql "$port" "$PG_URL" "$PG_USER" "$PG_PASSWORD" ;;
    *) echo "unknown store '$store' in BENCH_STORES (sqlite postgresql)" >&2; exit 2 ;;
  esac
  PORT_OF[$store]=$port; port=$((port + 1))
done

mkdir -p "$work/am"
printf 'route: {receiver: none}\nreceivers: [{name: none}]\n' >"$work/am/alertmanager.yml"
prometheus-alertmanager --config.file="$work/am/alertmanager.yml" --storage.path="$work/am" \
  --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= >"$work/am/log" 2>&1 &
PIDS+=("$!")
wait_ready "http://127.0.0.1:$AM_PORT/-/ready"

for round in $(seq "$ROUNDS"); do
  echo "# round $round of $ROUNDS"
  for store in $STORES; do
    load "firebreak $store (webhook)" "http://127.0.0.1:${PORT_OF[$store]}/api/v1/alerts/alertmanager" webhook "$TOKEN"
  done
  load "alertmanager (v2 push)" "http://127.0.0.1:$AM_PORT/api/v2/alerts" push ""
done

echo "# medians of $ROUNDS rounds (alerts/s at full speed; p99 ms at $RATE alerts/s)"
for name in "${!RATES[@]}"; do
  printf '%-32s %8.0f alerts/s  p99 at %s alerts/s %7.2f ms   (rounds: %s)\n' "$name" "$(median "${RATES[$name]}")" "$RATE" \
    "$(median "${P99S[$name]}")" "${RATES[$name]% }"
done | sort

# RESULT name figure baseline ratio target met|not-met (collected by `make bench`)
am=$(median "${RATES["alertmanager (v2 push)"]}")
for store in $STORES; do
  name="firebreak $store (webhook)"
  awk -v s="$store" -v f="$(median "${RATES[$name]}")" -v b="$am" 'BEGIN { r = f / b; printf "RESULT ingest-%s-alerts-per-s %.0f %.0f %.2f >=1.0 %s\n", s, f, b, r, (r >= 1.0 ? "met" : "not-met") }'
  awk -v s="$store" -v f="$(median "${P99S[$name]}")" 'BEGIN { printf "RESULT ingest-%s-p99-ms-at-1000/s %.2f - - <50 %s\n", s, f, (f < 50 ? "met" : "not-met") }'
done
