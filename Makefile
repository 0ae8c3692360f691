# The two commands: `make run` serves the platform, `make test` runs every check and test.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= $(shell command -v python3.12 2>/dev/null || PYENV_VERSION=3.12 pyenv which python 2>/dev/null || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
export DJANGO_SETTINGS_MODULE := hocvuso.settings

.PHONY: run test test-pg check lint types layers migrations-check messages lock clean

$(VENV)/.installed-run: requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(VENV)/.installed-run $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: compiled-messages
compiled-messages: $(VENV)/.installed-run
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

## run: install, migrate the SQLite database, load the units, start a task worker and serve
run: $(VENV)/.installed-run compiled-messages
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_places
	$(PY) manage.py import_pack content/default --publish
	$(PY) manage.py make_signing_key --if-missing
	$(PY) manage.py collectstatic --no-input -v 0
	bash scripts/serve $(HOST) $(PORT)

## test: lint, types, layers, migrations and the whole suite (SQLite, browser tests included)
test: $(VENV)/.installed-dev node_modules/.installed compiled-messages check
	bash scripts/ensure-chromium
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

## test-pg: the suite on PostgreSQL (DATABASE_URL), with the browser smoke set only
test-pg: $(VENV)/.installed-dev node_modules/.installed compiled-messages
	bash scripts/ensure-chromium
	$(PY) -m pytest -n 2 -m "not browser or smoke" $(PYTEST_ARGS)

check: lint types layers migrations-check

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: $(VENV)/.installed-dev
	$(VENV)/bin/mypy

layers: $(VENV)/.installed-dev
	$(VENV)/bin/lint-imports

migrations-check: $(VENV)/.installed-dev
	$(PY) manage.py makemigrations --check --dry-run

## messages: refresh the translation catalogues after changing interface strings
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l vi -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles --no-obsolete

## lock: re-pin every dependency (needs the network to PyPI)
lock: $(VENV)/.installed-dev
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml -o requirements.lock --generate-hashes --python-version 3.12
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev -c requirements.lock -o requirements-dev.lock --generate-hashes --python-version 3.12

clean:
	rm -rf $(VENV) node_modules staticfiles
