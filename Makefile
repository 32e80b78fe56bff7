# Firebreak. `make help` lists the targets.
# Every target finds a JDK 21+ itself (bin/find-jdk: $JAVA_HOME, the java on PATH, /usr/lib/jvm/*).

SHELL := /bin/bash
JDK := $(shell bin/find-jdk)
ifeq ($(JDK),)
$(error no JDK 21 or newer found; install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME)
endif
MVN := JAVA_HOME=$(JDK) mvn -B
FIREBREAK := bin/firebreak
CONFIG ?= examples/agente-api/firebreak.yml

.PHONY: help build test incident-test demo run incident-detect incident-report incident-simulate runbooks-lint on-call-schedule post-mortem bench bench-smoke clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

build:  ## Build the runnable jar firebreak-cli/target/firebreak.jar (no tests) and the class-data archive bin/firebreak starts from
	$(MVN) -q -DskipTests install
	@# Bounded: the archive only speeds up start; a training run that hangs must never hold up a build.
	FIREBREAK_JAVA_HOME=$(JDK) timeout -k 5 180 bin/firebreak-archive || echo "build: no class-data archive (training did not finish); bin/firebreak runs without it"

test:  ## Run every test: unit, store on SQLite and PostgreSQL, CLI (PostgreSQL: $$FIREBREAK_TEST_PG_URL or a throwaway server)
	$(MVN) verify

incident-test: test  ## The seed's name for `make test`

demo: build  ## The service on a throwaway store fed by the agente-api scenario: open the printed URL, log in with the printed token (Ctrl-C stops)
	$(FIREBREAK) demo

run: build  ## The service: detection, ingestion, delivery, API, UI, status page (CONFIG=examples/agente-api/firebreak.yml)
	$(FIREBREAK) run -c $(CONFIG)

incident-detect: build  ## One detection cycle against Prometheus (CONFIG=examples/agente-api/firebreak.yml)
	$(FIREBREAK) detect --once -c $(CONFIG)

incident-report: build  ## Incident report of the last 30 days (CONFIG=..., FORMAT=text|json)
	$(FIREBREAK) report -c $(CONFIG) --format $(or $(FORMAT),text)

incident-simulate: build  ## Replay a scenario (SCENARIO=database-down|high-latency|high-error-rate|circuit-breaker-open|agente-api)
	$(FIREBREAK) simulate $(SCENARIO) $(if $(SCENARIO),,--list)

runbooks-lint: build  ## Check docs/runbooks against the agente-api rules (PROMETHEUS=URL also checks every query there)
	$(FIREBREAK) runbooks lint docs/runbooks -c examples/agente-api/firebreak.yml $(if $(PROMETHEUS),--prometheus $(PROMETHEUS))

on-call-schedule: build  ## Who is on call now and the next WEEKS=4 weeks of shifts per role (CONFIG=examples/agente-api/firebreak.yml)
	$(FIREBREAK) oncall now -c $(CONFIG)
	@echo
	$(FIREBREAK) oncall schedule --weeks $(or $(WEEKS),4) -c $(CONFIG)

post-mortem: build  ## Post-mortem draft filled from the incident (INCIDENT=INC-YYYYMMDD-NNN TITLE=...; prompts when missing) in docs/post-mortems
	@incident="$(INCIDENT)"; title="$(TITLE)"; \
	if [ -z "$$incident" ]; then read -r -p "Incident ID: " incident; fi; \
	if [ -z "$$title" ]; then read -r -p "Incident Title (empty: the incident's title): " title; fi; \
	$(FIREBREAK) postmortem new "$$incident" -c $(CONFIG) --dir $(or $(DIR),docs/post-mortems) $${title:+--title "$$title"}

bench: build  ## Every benchmark (store, detection, notification, ingestion and memory beside Alertmanager, condition to page beside Prometheus+Alertmanager, escalation, CLI start, a million incidents), then one summary table; about an hour; not part of `make test` (see bench/README.md)
	BENCH_SKIP_BUILD=1 bench/run-all.sh

bench-smoke: build  ## Every benchmark on tiny sizes: checks each still starts and prints its figures (a few minutes)
	BENCH_SKIP_BUILD=1 BENCH_SMOKE=1 bench/run-all.sh

clean:  ## Remove build output
	$(MVN) -q clean
