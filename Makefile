# The two set-up commands of the README. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test typecheck bundle bundle-test bench clean

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

## Build the one-folder application in dist/accomp-desktop (PyInstaller; Linux here, Windows on Windows).
bundle: $(STAMP)
	$(BIN)/pip install --quiet -e ".[bundle]"
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/accomp-desktop.spec

## Build the application, then check the built bundle starts, opens a demo database, prints and quits.
bundle-test: bundle
	$(BIN)/python packaging/smoke_test.py dist/accomp-desktop

clean:
	rm -rf $(VENV) build dist *.egg-info

## Benchmarks: builds 10,000- and 100,000-dossier demo databases once (build/bench/, ~8 min), then measures.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks
