# Placement: `make run` serves the app with demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint clean-data help pdf-system-libs browser-deps screenshots mutation

help:
	@echo "make run    - set up, start embedded PostgreSQL, migrate, load demo data, serve on :8000"
	@echo "make test   - run the whole test suite against a real PostgreSQL"
	@echo "make bench  - matching benchmark at national scale"
	@echo "make mutation - mutation run over the pure matching core, prints the kill rate"

# uv (https://docs.astral.sh/uv/) installs several times faster than pip from an empty cache
# (measured figures in README.md). One on PATH is used; otherwise the version pinned in
# constraints.txt is fetched once with pip into .tools/ (2.7 s: uv has no dependencies, so pip
# neither resolves nor compiles anything; 3.8-4.5 s without those flags). PLACEMENT_NO_UV=1, or a
# failed fetch, falls back to pip, which does the same job more slowly.
UV ?= $(shell command -v uv 2>/dev/null)
TOOLS := .tools
UV_TOOL := $(TOOLS)/uv/bin/uv
RUNTIME := $(VENV)/.runtime

# Prints the uv to use (empty: use pip), fetching the pinned one when none is on PATH.
define find_uv
uv="$(UV)"; \
if [ -z "$$uv" ] && [ "$${PLACEMENT_NO_UV:-}" != 1 ]; then \
	[ -x $(UV_TOOL) ] || $(PYTHON) -m pip install --quiet --disable-pip-version-check \
		--no-deps --no-compile --target $(TOOLS)/uv -c constraints.txt uv >/dev/null 2>&1 || true; \
	[ -x $(UV_TOOL) ] && uv=$(UV_TOOL); \
fi
endef

# `make run` needs only the runtime packages; `make test` adds the dev tools on top.
$(RUNTIME): pyproject.toml constraints.txt
	@$(find_uv); \
	if [ -n "$$uv" ]; then \
		echo "installer: uv ($$uv)"; \
		$$uv venv --quiet --allow-existing --python $(PYTHON) $(VENV) && \
		$$uv pip install --quiet --python $(BIN)/python -c constraints.txt -e .; \
	else \
		echo "installer: pip"; \
		{ test -d $(VENV) || $(PYTHON) -m venv $(VENV); } && \
		{ test -x $(BIN)/pip || $(BIN)/python -m ensurepip --quiet; } && \
		$(BIN)/pip install --quiet -c constraints.txt -e .; \
	fi
	@touch $@

$(STAMP): $(RUNTIME)
	@$(find_uv); \
	if [ -n "$$uv" ]; then \
		$$uv pip install --quiet --python $(BIN)/python -c constraints.txt -e '.[dev]'; \
	else \
		$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'; \
	fi
	@touch $@

run: $(RUNTIME) pdf-system-libs
	PLACEMENT_LOAD_DEMO_DATA=$${PLACEMENT_LOAD_DEMO_DATA:-true} $(BIN)/placement serve

test: $(STAMP) pdf-system-libs browser-deps
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
	$(BIN)/python -m bench.waitinglist
	$(BIN)/python -m bench.pages

# Mutation testing of src/placement/matching/core/ (configuration: [tool.mutmut] in
# pyproject.toml), outside `make test`: slow, and only the fast pure unit tests judge the
# mutants. Verdicts are kept in mutants/ (mutmut re-tests what changed in the core); a later
# run checks the unkilled mutants again against the tests as they are now. `rm -rf mutants`
# starts afresh. The run's own output goes to .mutation-run.log.
MUTATION := $(VENV)/.mutation
MUTATION_JOBS ?= 2
$(MUTATION): $(STAMP)
	@$(find_uv); \
	if [ -n "$$uv" ]; then \
		$$uv pip install --quiet --python $(BIN)/python -c constraints.txt -e '.[dev,mutation]'; \
	else \
		$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,mutation]'; \
	fi
	@touch $@

mutation: $(MUTATION)
	@again=$$(test -d mutants && echo yes); \
	echo "mutmut run over src/placement/matching/core/ ($(MUTATION_JOBS) at a time; log in .mutation-run.log)"; \
	nice -n 10 $(BIN)/mutmut run --max-children $(MUTATION_JOBS) >.mutation-run.log 2>&1 \
		|| { tail -n 40 .mutation-run.log; exit 1; }; \
	if [ -n "$$again" ]; then \
		names=$$($(BIN)/python -m tests.mutation_report --names); \
		if [ -n "$$names" ]; then \
			echo "checking the unkilled mutants again against the current tests"; \
			nice -n 10 $(BIN)/mutmut run --max-children $(MUTATION_JOBS) $$names \
				>>.mutation-run.log 2>&1 || { tail -n 40 .mutation-run.log; exit 1; }; \
		fi; \
	fi
	$(BIN)/python -m tests.mutation_report

lint: $(STAMP)
	$(BIN)/ruff check src tests

clean-data:
	rm -rf .data .test-data

# The commission's dossier PDF (WeasyPrint) needs Pango, HarfBuzz and the DejaVu fonts from the
# system. Installed with apt-get when running as root; otherwise the exact command is printed.
PDF_APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core
pdf-system-libs:
	@missing=""; for p in $(PDF_APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing for the dossier PDF:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing; \
	else \
		echo "The dossier PDF needs system libraries. Run:"; \
		echo "  sudo apt-get install -y$$missing"; \
		exit 1; \
	fi
