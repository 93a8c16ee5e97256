# Familienportal — the two commands: `make run` and `make test`.
# Needs only Python 3.11 and make; everything else is installed into .venv.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup translations lint format typecheck worker beat bench-catalogue bench-search bench-load clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

setup: $(STAMP) translations

# .mo files are built from the committed .po files on every setup (pure Python, no gettext).
translations: $(STAMP)
	@$(BIN)/pybabel compile --statistics -d locale -D django
	@$(BIN)/pybabel compile -d locale/overrides -D django

# A first look: SQLite, tasks run eagerly in-process, mails printed to the console.
run: export DEBUG ?= 1
run: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) runserver $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	DEBUG=1 $(BIN)/mypy

# With CELERY_BROKER_URL (and DATABASE_URL) set: the background processes.
worker: setup
	$(BIN)/celery -A familyportal worker --loglevel=INFO --concurrency=2

beat: setup
	$(BIN)/celery -A familyportal beat --loglevel=INFO --schedule=var/celerybeat-schedule

bench-catalogue: setup
	$(BIN)/python bench/catalogue.py

# Desk search (Familienbüro) on 10,000 services; docs/familienbuero-verzeichnis.md.
bench-search: setup
	$(BIN)/python bench/search.py

# 20 users (locust) against gunicorn + PostgreSQL + Redis + a worker; docs/operations.md.
bench-load: setup
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) staticfiles var db.sqlite3
