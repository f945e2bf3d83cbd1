# The two commands in the README (`make run`, `make test`) do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export CONFLICT_HOME ?= $(CURDIR)/.conflict
export CONFLICT_INBOX ?= $(CURDIR)/data/sample
export PYTHONPATH := $(CURDIR)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup system-deps run test eval bench bench-extract rollback serve clean

$(STAMP): requirements.txt requirements-lock.txt requirements-nodeps.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt -c requirements-lock.txt
	# camel-tools without torch/transformers: its data-free modules need only six, regex and emoji.
	$(PY) -m pip install -q --no-deps -r requirements-nodeps.txt
	touch $@

setup: $(STAMP)

run: setup
	$(PY) -m warehouse.cli run

# Debian packages the tests use (this machine runs as root): headless Chromium renders the report,
# a throwaway PostgreSQL server proves the dbt project on the production warehouse engine.
system-deps:
	@command -v chromium >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	  chromium fonts-hosny-amiri postgresql >/dev/null; }

test: setup system-deps
	$(PY) -m pytest -q

eval: setup
	$(PY) -m evaluation.score

bench: setup
	$(PY) -m benchmarks.pipeline

bench-extract: setup
	$(PY) -m benchmarks.extract_speed

rollback: setup
	$(PY) -m warehouse.cli rollback

serve: setup
	$(PY) -m warehouse.cli serve

clean:
	rm -rf $(CONFLICT_HOME)
