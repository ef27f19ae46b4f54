# Placement: `make run` serves the app with demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint clean-data help browser-deps screenshots

help:
	@echo "make run    - set up, start embedded PostgreSQL, migrate, load demo data, serve on :8000"
	@echo "make test   - run the whole test suite against a real PostgreSQL"
	@echo "make bench  - matching benchmark at national scale"

$(STAMP): pyproject.toml constraints.txt
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	PLACEMENT_LOAD_DEMO_DATA=$${PLACEMENT_LOAD_DEMO_DATA:-true} $(BIN)/placement serve

test: $(STAMP) browser-deps
	$(BIN)/pytest

# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
CHROMIUM ?= $(or $(PLACEMENT_CHROMIUM),/usr/bin/chromium)
browser-deps:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium for the browser tests (apt-get install chromium)…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium is missing for the browser tests. Run:  sudo apt-get install -y chromium"; \
		echo "(or set PLACEMENT_CHROMIUM=/path/to/chromium), then make test again."; \
		exit 1; \
	fi

# PNGs of the main pages in docs/screenshots/ (a live demo server, Chromium headless).
screenshots: $(STAMP) browser-deps
	$(BIN)/python -m tests.browser.screenshots

bench: $(STAMP)
	$(BIN)/python -m bench.matching

lint: $(STAMP)
	$(BIN)/ruff check src tests

clean-data:
	rm -rf .data .test-data
