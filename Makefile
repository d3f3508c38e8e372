# The two set-up commands of the README. Both create .venv on first use, with the exact versions of the lock files
# (packaging/requirements/, with their hashes): `make run` what the application needs, `make test` its tools too.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCKS := packaging/requirements
# setuptools' notice on every editable install (folders named like the package may shadow it): not for users.
QUIET_INSTALL := PYTHONWARNINGS="ignore:Editable installation" $(BIN)/pip install --quiet --disable-pip-version-check

.PHONY: run test hub-demo bundle bundle-test bench lock clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 ou plus est nécessaire (voir le README)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip

$(VENV)/.run: $(BIN)/python pyproject.toml $(LOCKS)/run.txt
	$(QUIET_INSTALL) --require-hashes -r $(LOCKS)/run.txt
	$(QUIET_INSTALL) --no-deps -e .
	touch $@

$(VENV)/.dev: $(BIN)/python pyproject.toml $(LOCKS)/dev.txt
	$(QUIET_INSTALL) --require-hashes -r $(LOCKS)/dev.txt
	$(QUIET_INSTALL) --no-deps -e .
	touch $@

## Launch the application on a demonstration database (kept apart from real data).
run: $(VENV)/.run
	$(BIN)/accomp-desktop --demo

## Install and run the whole test suite (offscreen: no screen needed), then the linter, the format and types.
test: $(VENV)/.dev
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## The binôme on one PC: a throwaway PostgreSQL and hub, and two windows (travailleur social, conseiller).
hub-demo: $(VENV)/.dev
	$(BIN)/accomp-hub demo

## Build the one-folder application in dist/accomp-desktop (PyInstaller; Linux here, Windows on Windows).
bundle: $(VENV)/.dev
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/accomp-desktop.spec

## Build the application, then check the built bundle starts, opens a demo database, prints and quits.
bundle-test: bundle
	$(BIN)/python packaging/smoke_test.py dist/accomp-desktop

## Benchmarks: builds 10,000- and 100,000-dossier demo databases once (build/bench/, ~8 min), then measures.
bench: $(VENV)/.dev
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

## Refresh the lock files from pyproject.toml's ranges (newest versions allowed, for every system and Python >= 3.11).
lock: $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check "uv>=0.9"
	$(BIN)/uv pip compile pyproject.toml --extra test --extra bundle --extra hub --universal --python-version 3.11 \
		--generate-hashes --upgrade --quiet -o $(LOCKS)/dev.txt
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 \
		--generate-hashes --quiet -c $(LOCKS)/dev.txt -o $(LOCKS)/run.txt

clean:
	rm -rf $(VENV) build dist *.egg-info
