# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Exits 0 with a Python new enough for reader (pyproject's requires-python).
NEW_ENOUGH := -c 'import sys; sys.exit(sys.version_info < (3, 11))'
# A venv whose Python is missing or too old (left by `make run PYTHON=python3.10`)
# is rebuilt, never reused: FORCE makes the stamp out of date.
VENV_OK := $(shell $(BIN)/python $(NEW_ENOUGH) 2>/dev/null && echo yes)

.PHONY: run test lint bench clean FORCE

# Reinstall only when the project's metadata changed (or the venv is new or bad).
# A PYTHON too old leaves no venv behind.
$(STAMP): pyproject.toml $(if $(VENV_OK),,FORCE)
	@$(BIN)/python $(NEW_ENOUGH) 2>/dev/null || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	@$(BIN)/python $(NEW_ENOUGH) 2>/dev/null || { rm -rf $(VENV); \
		echo "make: $(PYTHON) is missing or too old: reader needs Python 3.11 or newer" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/reader

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# Two workers: the suite runs in half the time on a two-core machine.
test: lint
	$(BIN)/pytest -n 2

# The end-to-end tables (issue 13) first, then the headless micro-benchmarks; every
# script runs, and the target fails at the end if any missed a target.
bench: $(STAMP)
	@status=0; for script in bench/e2e_*.py bench/[!_e]*.py; do \
		echo "== $$script"; $(BIN)/python $$script || status=1; done; exit $$status

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist
