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

# the package's bytecode, written once (and again for a changed module): an editable install
# leaves none, and where PYTHONDONTWRITEBYTECODE is set every process of a report would compile
# the package again (0.2-0.3 s each)
setup: $(VENV)/.done  ## create .venv and install the package with its dev tools
	@$(PY) -m compileall -q discourse

$(VENV)/.done: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -e '.[dev,dask]'
	touch $@

# two workers (pytest-xdist), a test file per worker: most tests are one core of Python, so the
# suite takes about 5 minutes instead of 6.5 on two cores; module fixtures stay in one worker
test: setup  ## the whole suite, nothing skipped: unit tests, doctests, report builds, browsers, every notebook executed
	$(PY) -m pytest -n 2 --dist loadfile --nbmake --nbmake-timeout=600 tests discourse notebooks

test-fast: setup  ## the inner loop: unit tests and doctests, without report builds, kernels, notebooks, browsers (marked slow in tests/conftest.py)
	$(PY) -m pytest -m "not slow and not browser" tests discourse

lint: setup  ## ruff
	$(PY) -m ruff check discourse tests benchmarks scripts

format: setup  ## ruff --fix
	$(PY) -m ruff check --fix discourse tests benchmarks scripts

# make report: only the variables given on make's command line reach the program, unexpanded
# ($(value ...)), through the environment (never through a shell line), as DISCOURSE_MAKE_<VAR>
# with their list in DISCOURSE_MAKE_SET; discourse.cli.main_from_make turns them into arguments.
# A variable of the environment (WSL sets NAME) is never one of them; `make report` alone builds
# the example.
REPORT_VARS := CORPUS BY FOCUS REFERENCE OUT NAME ANALYZE TIME
REPORT_GIVEN := $(strip $(foreach v,$(REPORT_VARS),$(if $(filter command line,$(origin $(v))),$(v))))
# make exports command-line variables, expanding them: store them unexpanded first
override CORPUS := $(value CORPUS)
override BY := $(value BY)
override FOCUS := $(value FOCUS)
override REFERENCE := $(value REFERENCE)
override OUT := $(value OUT)
override NAME := $(value NAME)
override ANALYZE := $(value ANALYZE)
override TIME := $(value TIME)
report: export DISCOURSE_MAKE_SET := $(REPORT_GIVEN)
report: export DISCOURSE_MAKE_CORPUS := $(value CORPUS)
report: export DISCOURSE_MAKE_BY := $(value BY)
report: export DISCOURSE_MAKE_FOCUS := $(value FOCUS)
report: export DISCOURSE_MAKE_REFERENCE := $(value REFERENCE)
report: export DISCOURSE_MAKE_OUT := $(value OUT)
report: export DISCOURSE_MAKE_NAME := $(value NAME)
report: export DISCOURSE_MAKE_ANALYZE := $(value ANALYZE)
report: export DISCOURSE_MAKE_TIME := $(value TIME)
report: setup  ## render reports/<name>/ (CORPUS=folder-or-csv, BY=column, FOCUS=group, REFERENCE=group, OUT=dir, NAME=name, ANALYZE=body|all, TIME=column)
	$(PY) -c "import discourse.cli as c; c.exit_now(c.main_from_make())"

eval: setup  ## score the stance markers on ../shared/eval (development data), the example's annotated cues, and a simulated student who codes 400/800 sentences
	$(PY) scripts/evaluate_markers.py
	$(PY) scripts/evaluate_example_cues.py
	$(PY) scripts/simulate_student.py

fit-certainty: setup  ## refit the certainty score's coefficients on ../shared/eval (not run by tests)
	$(PY) scripts/fit_certainty.py

bench: setup  ## end to end at 1M and 10M words against a regex floor (medians of five), import time, the Dask path on 1 and 2 warm workers, and the report timings
	$(PY) benchmarks/run.py
	$(PY) benchmarks/report_bench.py

clean:  ## remove generated files and the venv
	rm -rf reports build dist *.egg-info .pytest_cache .ruff_cache .hypothesis $(VENV)
	find . -name __pycache__ -prune -exec rm -rf {} +
