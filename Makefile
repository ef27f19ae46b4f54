# Placement: `make run` serves the app with demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint clean-data help

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

test: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench.matching
	$(BIN)/python -m bench.waitinglist

lint: $(STAMP)
	$(BIN)/ruff check src tests

clean-data:
	rm -rf .data .test-data
