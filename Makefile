# Two commands: `make run` (set up and serve with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The development server and its set-up run with DEBUG on unless told otherwise; the tests
# run with production settings (afn_directory/test_settings.py), so DEBUG is not exported.
DEV := DEBUG=$${DEBUG:-1}
MANAGE := $(DEV) $(PY) manage.py

.PHONY: run test test-browser lint install install-dev npm setup bench bench-quick wrk messages clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/activate pyproject.toml
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed
install-dev: $(VENV)/.installed-dev node_modules/.installed
npm: node_modules/.installed

# Migrate, load the territories and the demo data: all three are idempotent.
setup: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_territories
	$(MANAGE) seed_demo

run: setup
	$(MANAGE) runserver $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check .

# The whole suite; browser tests skip (with the reason) outside CI when Chromium is missing.
test: install-dev lint
	$(BIN)/pytest $(PYTEST_ARGS)

test-browser: install-dev
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

# The load test drives two gunicorn instances behind nginx with wrk (Debian's packages);
# installed here when we may.
wrk:
	@{ command -v wrk >/dev/null 2>&1 && { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }; } \
		|| { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq wrk nginx-light >/dev/null; } \
		|| echo "wrk or nginx is missing (apt-get install wrk nginx-light): the load test will be skipped"

bench: install-dev wrk
	$(PY) -m bench.run --full

bench-quick: install-dev wrk
	$(PY) -m bench.run --quick

messages: install-dev
	$(MANAGE) makemessages -l fr -l en --ignore=node_modules --ignore=.venv --no-obsolete
	$(MANAGE) compilemessages --ignore=node_modules --ignore=.venv

clean:
	rm -rf $(VENV) node_modules staticfiles var db.sqlite3
