# The two commands in the README (`make run`, `make test`) do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
EDITABLE := $(VENV)/.editable
export CONFLICT_HOME ?= $(CURDIR)/.conflict
export CONFLICT_INBOX ?= $(CURDIR)/data/sample
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup native system-deps run lint test test-unit eval bench bench-extract rollback serve sql clean

$(STAMP): requirements.txt requirements-lock.txt requirements-nodeps.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt -c requirements-lock.txt
	# camel-tools without torch/transformers: its data-free modules need only six, regex and emoji.
	$(PY) -m pip install -q --no-deps -r requirements-nodeps.txt
	touch $@

# Our packages (pyproject.toml), installed editable (build isolation: setuptools and wheel come from
# the index at setup time only): the DAG file and the CLI import them from this checkout, no PYTHONPATH.
$(EDITABLE): pyproject.toml $(STAMP)
	$(PY) -m pip install -q --no-deps -e .
	touch $@

setup: $(STAMP) $(EDITABLE) native

# Compiled copies of the extractor's per-token modules (extract/native.py): rebuilt when a source
# changed, used only while they match it; without a C compiler the extractor runs from source.
native: $(STAMP)
	@$(PY) -m extract.native_build

run: setup
	$(PY) -m warehouse.cli run

# Debian packages the tests use (this machine runs as root): headless Chromium renders the report,
# a throwaway PostgreSQL server proves the dbt project on the production warehouse engine (and holds
# Airflow's metadata in the Celery test), redis-server is the Celery broker of tests/integration/test_celery.py
# and `make bench`, and a C compiler with Python's headers builds the compiled extractor the tests
# compare with the source.
system-deps: setup
	@command -v chromium >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 \
	  && command -v redis-server >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	  chromium fonts-hosny-amiri postgresql redis-server >/dev/null; }
	@command -v cc >/dev/null 2>&1 && $(PY) -c 'import sysconfig, pathlib, sys; \
	  sys.exit(not (pathlib.Path(sysconfig.get_paths()["include"]) / "Python.h").is_file())' || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	  gcc libc6-dev python3-dev >/dev/null; }

# dbt's templater compiles the project to lint it: against a throwaway warehouse, never a run's.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@lint_home=$$(mktemp -d) && CONFLICT_WAREHOUSE=$$lint_home/lint.duckdb $(VENV)/bin/sqlfluff lint dbt_project; \
	  status=$$?; rm -rf $$lint_home; exit $$status

# The files spread over TEST_WORKERS pytest-xdist processes, whole files to one worker (--dist loadfile:
# a module's shared DAG run or dbt build happens once), longest first: in tests/conftest.py's order,
# which xdist would otherwise replace by the number of tests per file (--no-loadscope-reorder), leaving
# the one-test Celery file to run alone at the end. Three on two cores: the Airflow and server tests
# spend much of their time waiting on processes they started.
TEST_WORKERS ?= 3
test: setup system-deps lint
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# The extractor, the scorer and the gold checks alone: no DuckDB file, dbt, Airflow, GX or browser.
test-unit: setup
	$(PY) -m pytest -q tests/unit

eval: setup
	$(PY) -m evaluation.score

bench: setup system-deps
	$(PY) -m benchmarks.pipeline

bench-extract: setup
	$(PY) -m benchmarks.extract_speed

rollback: setup
	$(PY) -m warehouse.cli rollback

serve: setup
	$(PY) -m warehouse.cli serve

# DuckDB's shell on the published snapshot, read-only: the DAG never writes that file (it publishes a
# new one and renames it over), so a session open here never blocks a run; reopen to see a newer one.
SNAPSHOT := $(CONFLICT_HOME)/published/warehouse.duckdb
sql: setup
	@test -f $(SNAPSHOT) || { echo "no published snapshot at $(SNAPSHOT): run 'make run' first" >&2; exit 1; }
	@$(VENV)/bin/duckdb -readonly $(SNAPSHOT)

clean:
	rm -rf $(CONFLICT_HOME)
