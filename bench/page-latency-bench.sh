#!/usr/bin/env bash
# Condition to page, side by side (issue 13, item 3). Starts on loopback, on free ports, in a temp dir:
# a flip target and a recording receiver (io.firebreak.bench.PageLatencyBench, one JVM, one clock),
# Prometheus (Debian `prometheus`) scraping the target, Alertmanager (Debian `prometheus-alertmanager`),
# and `firebreak run` (firebreak-cli/target/firebreak.jar; `make build` first). The same rule
# (`bench_flip > 0`, same `for`, same evaluation interval) pages through
#   (a) Prometheus rule -> Alertmanager -> webhook,
#   (b) Firebreak's own rule -> outbox -> webhook,
#   (c) Prometheus -> Firebreak's /api/v2/alerts (bearer token) -> outbox -> webhook,
# and the driver times flip -> page arrival for each, over BENCH_FLIPS flips (+1 warm-up).
#
#   BENCH_MODE=fast|default|both (default both)   BENCH_FLIPS=20
#   fast:    scrape 1 s, evaluation 1 s (Prometheus and Firebreak), for: 1s, group_wait 0s, group_interval 1s
#            (about 5 s a flip: 2 minutes for 20 flips)
#   default: scrape 15 s, evaluation 30 s (Firebreak's default; Prometheus' is 1m), for: 0s, Alertmanager's
#            defaults (group_wait 30s, group_interval 5m, repeat_interval 4h)  (about 150 s a flip: 50-55 minutes)
#   BENCH_HOLD_FAST / BENCH_HOLD_DEFAULT override the `for` (seconds).
#   BENCH_SCRAPE_PHASE=vary (default): the target gets a new label before each flip (file SD), so Prometheus
#   starts a new scrape loop with a new offset and neither tool keeps one lucky or unlucky phase; fixed: one loop.
# Everything started is stopped by PID at the end (children included); the temp dir is removed.
set -euo pipefail
BENCH_SKIP_BUILD=${BENCH_SKIP_BUILD:-1}   # uses the jar `make build` made; the bench jar is packaged offline
source "$(dirname "$0")/lib.sh"
MODE=${BENCH_MODE:-both}; FLIPS=${BENCH_FLIPS:-20}
FBJAR=${BENCH_FIREBREAK_JAR:-"$root/firebreak-cli/target/firebreak.jar"}   # BENCH_FIREBREAK_JAR: another build
TOKEN=bench-page-token-0123456789abcdef
[ -f "$FBJAR" ] || { echo "missing $FBJAR: run 'make build' first" >&2; exit 1; }
for tool in prometheus prometheus-alertmanager curl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install prometheus prometheus-alertmanager curl python3" >&2; exit 1; }
done
echo "# $(prometheus --version 2>&1 | head -1); $(prometheus-alertmanager --version 2>&1 | head -1)"

PIDS=()
stop_all() { local p; for p in "${PIDS[@]}"; do stop_tree "$p"; done; PIDS=(); }
trap 'stop_all; cleanup' EXIT

rules() {   # rules ALERT TITLE HOLD
  cat <<YML
groups:
  - name: page-bench
    rules:
      - alert: $1
        expr: bench_flip > 0
        for: ${3}s
        labels: {severity: critical, service: bench}
        annotations: {summary: "bench flip $2"}
YML
}

# run_mode NAME SCRAPE EVAL HOLD GROUP_WAIT GROUP_INTERVAL REPEAT_INTERVAL (seconds)
run_mode() {
  local name=$1 scrape=$2 eval=$3 hold=$4 gwait=$5 ginterval=$6 repeat=$7
  local dir="$work/$name" target receiver prom am fb
  mkdir -p "$dir/prom" "$dir/am"
  target=$(free_port); receiver=$(free_port); prom=$(free_port); am=$(free_port); fb=$(free_port)
  echo "# mode $name: scrape ${scrape}s, evaluation ${eval}s (both paths), for ${hold}s, group_wait ${gwait}s," \
       "group_interval ${ginterval}s, $FLIPS flips"
  rules BenchFlipPrometheus "via prometheus" "$hold" >"$dir/prom-rules.yml"
  printf '[{"targets": ["127.0.0.1:%s"], "labels": {"round": "0"}}]\n' "$target" >"$dir/targets.json"
  rules BenchFlipFirebreak "via firebreak rule" "$hold" >"$dir/fb-rules.yml"
  cat >"$dir/prometheus.yml" <<YML
global: {scrape_interval: ${scrape}s, scrape_timeout: ${scrape}s, evaluation_interval: ${eval}s}
rule_files: [prom-rules.yml]
scrape_configs:
  - job_name: flip
    file_sd_configs: [{files: ["$dir/targets.json"]}]
alerting:
  alertmanagers:
    - static_configs: [{targets: ["127.0.0.1:$am"]}]
      api_version: v2
    - static_configs: [{targets: ["127.0.0.1:$fb"]}]
      path_prefix: /
      api_version: v2
      authorization: {type: Bearer, credentials: "$TOKEN"}
YML
  cat >"$dir/alertmanager.yml" <<YML
route:
  receiver: pager
  group_by: [alertname, flip]
  group_wait: ${gwait}s
  group_interval: ${ginterval}s
  repeat_interval: ${repeat}s
receivers:
  - name: pager
    webhook_configs: [{url: "http://127.0.0.1:$receiver/am", send_resolved: true}]
YML
  cat >"$dir/firebreak.yml" <<YML
storage: {url: "jdbc:sqlite:$dir/firebreak.db"}
server: {listen: "127.0.0.1:$fb", external_url: "http://127.0.0.1:$fb"}
prometheus: {urls: ["http://127.0.0.1:$prom"]}
detection: {interval: ${eval}s}
rule_files: [fb-rules.yml]
api: {tokens: [{name: prometheus, token: "$TOKEN", role: responder}]}
channels: [{name: pager, type: webhook, url: "http://127.0.0.1:$receiver/fb"}]
routes: [{channels: [pager]}]
YML
  "$JDK/bin/java" -jar "$FBJAR" run -c "$dir/firebreak.yml" >"$dir/firebreak.log" 2>&1 &
  PIDS+=("$!")
  prometheus-alertmanager --config.file="$dir/alertmanager.yml" --storage.path="$dir/am" \
    --web.listen-address="127.0.0.1:$am" --cluster.listen-address= >"$dir/am.log" 2>&1 &
  PIDS+=("$!")
  prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/prom" \
    --web.listen-address="127.0.0.1:$prom" >"$dir/prom.log" 2>&1 &
  PIDS+=("$!")
  wait_ready "http://127.0.0.1:$am/-/ready" 600
  wait_ready "http://127.0.0.1:$prom/-/ready" 600
  wait_ready "http://127.0.0.1:$fb/health/ready" 600
  local timeout=$(( (3 * (scrape + eval) + hold + gwait + 30) * 1000 ))
  "$JDK/bin/java" -cp "$jar" io.firebreak.bench.PageLatencyBench "$name" "$target" "$receiver" "http://127.0.0.1:$prom" \
    "$FLIPS" $((eval * 1000)) "$timeout" "$dir/targets.json" "${BENCH_SCRAPE_PHASE:-vary}" 2>"$dir/driver.log" || { cat "$dir/driver.log" >&2; return 1; }
  [ "${BENCH_VERBOSE:-}" = 1 ] && cat "$dir/driver.log" >&2
  stop_all
}

case "$MODE" in
  fast|both) run_mode fast 1 1 "${BENCH_HOLD_FAST:-1}" 0 1 3600 ;;&
  default|both) run_mode default 15 30 "${BENCH_HOLD_DEFAULT:-0}" 30 300 14400 ;;
  fast) ;;
  *) echo "BENCH_MODE must be fast, default or both" >&2; exit 2 ;;
esac
