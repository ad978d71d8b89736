# Two commands on a fresh machine with only python3 and make:
#   make run    create .venv, install, process corpus/ into dataset/
#   make test   install what the tests need, run them
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
INPUT  ?= corpus
OUT    ?= dataset

.PHONY: run test install install-dev eval bench clean-dataset

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: $(VENV)/.installed
	$(PY) -m pipeline run $(INPUT) --out $(OUT)

test: $(VENV)/.installed-dev
	$(PY) -m pytest

eval: $(VENV)/.installed
	$(PY) -m pipeline eval ../shared/gold/seeds.jsonl corpus/seeds --baseline underthesea

bench: $(VENV)/.installed
	$(PY) -m pipeline bench --articles 600

clean-dataset:
	rm -rf $(OUT)
