# The two commands: `make run` (everything, embedded SQLite, demo data) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pqrs

.PHONY: run test lint typecheck pytest smoke install messages lock clean bench

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv -v 0

## make run: set up the embedded default (SQLite, file-system broker) and start everything.
run: install messages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_defaults
	$(PY) manage.py seed_demo
	@mkdir -p var/broker/queue var/broker/processed
	@echo ""
	@echo "  pqrs is starting at http://$(HOST):$(PORT)/  (Ctrl+C stops everything)"
	@echo ""
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/celery -A config worker --beat --pool=solo --loglevel=INFO \
	    --schedule var/celerybeat-schedule & \
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole suite on PostgreSQL, lint, types, migrations check, SQLite smoke test.
test: install messages lint typecheck pytest smoke

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DATABASE_URL=sqlite:///:memory: $(PY) manage.py makemigrations --check --dry-run

typecheck: install
	$(BIN)/mypy pqrs config

pytest: install
	@scripts/ensure-services
	@scripts/ensure-browser
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

smoke: install
	scripts/smoke-sqlite

bench: install
	@scripts/ensure-services
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/pqrs_bench $(PY) bench/filing.py

lock:
	rm -rf /tmp/pqrs-lock && $(PYTHON) -m venv /tmp/pqrs-lock
	/tmp/pqrs-lock/bin/pip install --quiet --upgrade pip
	/tmp/pqrs-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/pqrs-lock/bin/pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf $(VENV) var
