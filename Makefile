# NQI Hub — the two set-up commands of the README (`make demo`, `make test`) and their parts.
# Needs only python3.11 (or python3 ≥ 3.11), pip, node/npm and make. Every target is idempotent.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: demo test test-postgres test-browser lint install install-test assets migrate serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock
	$(BIN)/pip install --quiet -r requirements-test.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

assets: node_modules/.installed $(VENV)/.installed
	bin/copy-assets
	$(BIN)/nqi collectstatic --noinput -v0

migrate: $(VENV)/.installed
	$(BIN)/nqi migrate --noinput -v0
	$(BIN)/nqi createcachetable

## make demo: install everything, build the demo city (once), serve it with gunicorn on $(HOST):$(PORT)
demo: assets migrate
	$(BIN)/nqi demo
	@echo "Serving NQI Hub on http://$(HOST):$(PORT)/ with the background-job worker (Ctrl-C to stop)"
	$(BIN)/nqi serve --with-worker

serve: assets migrate
	$(BIN)/nqi serve

## make test: install test dependencies and run the whole suite on SQLite
test: $(VENV)/.installed-test node_modules/.installed
	bin/copy-assets
	NQI_TESTING=1 $(BIN)/pytest -q -m "not browser"

test-postgres: $(VENV)/.installed-test node_modules/.installed
	bin/copy-assets
	NQI_TESTING=1 NQI_DATABASE_URL=$${NQI_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/nqi} $(BIN)/pytest -q -m "not browser"

test-browser: $(VENV)/.installed-test assets
	NQI_TESTING=1 $(BIN)/pytest -q -m browser

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/nqi makemigrations --check --dry-run
	$(BIN)/nqi print_workflows --check

clean:
	rm -rf $(VENV) node_modules build static_root
