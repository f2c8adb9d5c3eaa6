# discourse: `make report` and `make test` each set themselves up on a fresh clone
# (only Python 3.11 and make needed). `make` alone lists the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0
export PIP_DISABLE_PIP_VERSION_CHECK := 1
.DEFAULT_GOAL := help
.PHONY: help setup test test-fast lint format report eval fit-certainty bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n",$$1,$$2}'

setup: $(VENV)/.done  ## create .venv and install the package with its dev tools

$(VENV)/.done: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -e '.[dev,dask]'
	touch $@

test: setup  ## the whole suite: unit tests, doctests, and every notebook executed
	$(PY) -m pytest --nbmake --nbmake-timeout=600 tests discourse notebooks

test-fast: setup  ## unit tests and doctests only (no notebooks, no slow cases)
	$(PY) -m pytest -m "not slow" tests discourse

lint: setup  ## ruff
	$(PY) -m ruff check discourse tests benchmarks scripts

format: setup  ## ruff --fix
	$(PY) -m ruff check --fix discourse tests benchmarks scripts

# CORPUS, BY, FOCUS and REFERENCE reach the program through the environment, never through a
# shell line, and unexpanded ($(value ...)): a path with quotes, $ or backticks arrives as it is.
override CORPUS := $(value CORPUS)
override BY := $(value BY)
override FOCUS := $(value FOCUS)
override REFERENCE := $(value REFERENCE)
export CORPUS BY FOCUS REFERENCE
report: setup  ## render reports/<name>/ (CORPUS=folder-or-csv, BY=column, FOCUS=group, REFERENCE=group)
	$(PY) -m discourse report

eval: setup  ## score the stance markers on ../shared/eval (development data)
	$(PY) scripts/evaluate_markers.py

fit-certainty: setup  ## refit the certainty score's coefficients on ../shared/eval (not run by tests)
	$(PY) scripts/fit_certainty.py

bench: setup  ## time tables, markers and statistics at 1M and 10M words against a regex floor, and the Dask path on 1, 2 and 4 local workers
	$(PY) benchmarks/run.py

clean:  ## remove generated files and the venv
	rm -rf reports build dist *.egg-info .pytest_cache .ruff_cache .hypothesis $(VENV)
	find . -name __pycache__ -prune -exec rm -rf {} +
