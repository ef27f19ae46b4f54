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

# uv (https://docs.astral.sh/uv/) when it is on PATH: about 5x faster than pip from an empty
# cache (measured figures in README.md). Without it, pip does the same job.
UV ?= $(shell command -v uv 2>/dev/null)
RUNTIME := $(VENV)/.runtime

# `make run` needs only the runtime packages; `make test` adds the dev tools on top.
$(RUNTIME): pyproject.toml constraints.txt
ifneq ($(UV),)
	$(UV) venv --quiet --seed --allow-existing --python $(PYTHON) $(VENV)
	$(UV) pip install --quiet --python $(BIN)/python -c constraints.txt -e .
else
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt -e .
endif
	@touch $@

$(STAMP): $(RUNTIME)
ifneq ($(UV),)
	$(UV) pip install --quiet --python $(BIN)/python -c constraints.txt -e '.[dev]'
else
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
endif
	@touch $@

run: $(RUNTIME)
	PLACEMENT_LOAD_DEMO_DATA=$${PLACEMENT_LOAD_DEMO_DATA:-true} $(BIN)/placement serve

test: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench.matching

lint: $(STAMP)
	$(BIN)/ruff check src tests

clean-data:
	rm -rf .data .test-data
