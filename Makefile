# Claimdesk: the front door. `make run` serves the app; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Services used by `make test` and `make bench` (started if not running).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/claimdesk
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
# pytest processes for `make test` (pytest-xdist; TEST_PROCESSES=0 runs the suite in this one process).
TEST_PROCESSES ?= 2
# Where `make run` serves (make run PORT=8001).
PORT ?= 8000
# Claims in the `make bench` data set; `make bench SCALE=1000000` generates (once) and measures 1M.
SCALE ?= 100000
# Length of `make soak` in minutes (make soak SOAK_MINUTES=2 for a smoke run).
SOAK_MINUTES ?= 20

.PHONY: run test probe screenshots bench soak worker lint fmt services system-deps clean

UV := $(VENV)/bin/uv
UV_VERSION := 0.13.8
export UV_NO_PROGRESS := 1

# uv (from PyPI) installs the pinned requirements in ~15 s where pip took ~3.5 min; requirements*.txt
# pin every package, transitive ones too, so they are the lock file either way.
# The venv is made without pip when the system Python has one: seeding pip into a venv (ensurepip)
# cost 5-18 s of a fresh clone's first `make run`, and only uv is ever installed with it.
$(UV):
	if $(PYTHON) -c "import pip" 2>/dev/null; then \
		test -x $(PY) || $(PYTHON) -m venv --without-pip $(VENV); \
		$(PYTHON) -m pip --python $(PY) install -q --no-compile uv==$(UV_VERSION); \
	else \
		test -x $(PY) || $(PYTHON) -m venv $(VENV); \
		$(PY) -m pip install -q --no-compile uv==$(UV_VERSION); \
	fi

$(VENV)/.runtime: requirements.txt | $(UV)
	$(UV) pip install -q --python $(PY) -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(UV) pip install -q --python $(PY) -r requirements-dev.txt
	touch $@

# axe-core for the browser tests' accessibility checks, pinned in package-lock.json (npm needs system-deps).
node_modules/.installed: package.json package-lock.json | system-deps
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

## run: create the venv, migrate SQLite, create demo accounts and serve on http://127.0.0.1:$(PORT) (PORT=8001 for another)
# One process migrates, sets up the demo and serves: each Python start-up of the app costs 1-3 s of CPU
# (3-13 s of wall time at load 4-6 here), and runserver's autoreloader alone needs two. So there is no
# reload on edit here: `$(PY) manage.py runserver` gives one.
run: $(VENV)/.runtime
	$(PY) manage.py setup_demo --migrate --serve 127.0.0.1:$(PORT)

## test: the whole suite against PostgreSQL, Redis, a real Celery worker and headless Chromium
test: $(VENV)/.dev system-deps node_modules/.installed services
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) DEBUG=1 \
		$(PY) -m pytest -n $(TEST_PROCESSES) --dist loadgroup $(PYTEST_ARGS)

## probe: rerun issue 17's attacker and fault probes against gunicorn (DEBUG=0), Redis and a worker it starts; prints attempts/held per category (PROBE_ARGS=--fast for the subset make test runs)
probe: $(VENV)/.dev system-deps services
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -m probes $(PROBE_ARGS)

## screenshots: refresh the README images in docs/screenshots/ (browser journey at 1360 px, phone pages at 390 px, the draft check)
screenshots: $(VENV)/.dev system-deps node_modules/.installed services
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) DEBUG=1 CLAIMDESK_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots \
		$(PY) -m pytest -q tests/browser/test_review_journey.py tests/browser/test_phone_and_accessibility.py \
			tests/browser/test_draft_check_in_browser.py

## bench: generate 100k claims (SCALE=1000000: 1M) and measure pages, exports, ingest and the pipeline (writes benchmarks/RESULTS.md)
bench: $(VENV)/.dev system-deps services
	DATABASE_URL=$(TEST_DATABASE_URL:claimdesk=claimdesk_bench) REDIS_URL=$(TEST_REDIS_URL:/0=/1) \
		$(PY) benchmarks/run.py --scale $(SCALE) $(BENCH_ARGS)

## soak: 4 reviewers browsing and saving + continuous ingest + one export for $(SOAK_MINUTES) minutes on the SCALE data set (writes benchmarks/SOAK.md)
soak: $(VENV)/.dev system-deps services
	DATABASE_URL=$(TEST_DATABASE_URL:claimdesk=claimdesk_bench) REDIS_URL=$(TEST_REDIS_URL:/0=/1) \
		$(PY) benchmarks/run.py --scale $(SCALE) --soak --soak-minutes $(SOAK_MINUTES) $(BENCH_ARGS)

## worker: a Celery worker against $REDIS_URL and $DATABASE_URL, with the queue sweep's beat embedded
worker: $(VENV)/.runtime
	$(VENV)/bin/celery -A factcheck worker --beat --loglevel=INFO --concurrency=2

services:
	@scripts/ensure-services.sh

system-deps:
	@scripts/ensure-system-deps.sh

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var/claimdesk.sqlite3 var/staticfiles
