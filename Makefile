# The two set-up commands of the README. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test typecheck clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

## Launch the application on a demonstration database (kept apart from real data).
run: $(STAMP)
	$(BIN)/accomp-desktop --demo

## Install and run the whole test suite (offscreen: no screen needed), then the type check.
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info
