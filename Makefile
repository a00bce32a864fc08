# Two commands matter: `make run` (start the sandbox storefront) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv

.PHONY: run test lint venv venv-dev browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(UV) pip install --quiet --python $(BIN)/python -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(UV) pip install --quiet --python $(BIN)/python -e '.[dev]'
	touch $@ $(VENV)/.installed

venv: $(VENV)/.installed
venv-dev: $(VENV)/.installed-dev

## Start the storefront on SQLite in sandbox mode at http://127.0.0.1:8080
## (another address: make run PORT=8081, make run HOST=0.0.0.0)
# On the command line; HOST is not read from the environment, where zsh keeps the hostname.
HOST := 127.0.0.1
PORT ?= 8080
run: venv
	$(BIN)/shop serve --host $(HOST) --port $(PORT)

## Browser tests need Chromium; on Debian/Ubuntu as root it is installed here.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } || \
	  echo "note: Chromium not found; browser tests will be skipped (set VITRINA_REQUIRE_BROWSER=1 to fail instead)"

## Run the whole test suite (SQLite by default; TEST_DATABASE_URL=postgresql+asyncpg://… for PostgreSQL)
test: venv-dev browser
	$(BIN)/python -m pytest

lint: venv-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache shop.db shop.db-wal shop.db-shm
