# Inspector: `make run` starts the app, `make test` runs every check. Both set everything up first.
# `make dist` builds the laptop bundle (one folder) and smoke-tests it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

DIST_STAMP := $(VENV)/.installed-dist

.PHONY: run test bench lint system-libs po clean dist

$(STAMP): pyproject.toml constraints.txt tools/setup-python.sh
	sh tools/setup-python.sh "$(PYTHON)" "$(VENV)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

system-libs:
	sh tools/system-deps.sh

run: $(STAMP) system-libs
	$(BIN)/inspector

test: $(STAMP) lint
	sh tools/system-deps.sh test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n auto --dist loadscope

lint: $(STAMP)
	$(BIN)/ruff check inspector ui tests bench tools
	$(BIN)/ruff format --check inspector ui tests bench tools
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench

$(DIST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,dist]'
	touch $(DIST_STAMP)

# The one-folder bundle in dist/, its file list and size, a smoke test of it run from another
# folder, and its start beside the source install's (tools/dist.py).
dist: $(DIST_STAMP)
	sh tools/system-deps.sh dist
	$(BIN)/python tools/dist.py

# Refresh the message catalogue after changing texts marked with _() in inspector/ or ui/.
po: $(STAMP)
	$(BIN)/pybabel extract -k _ --no-default-keywords --no-location --sort-output \
		--project=inspector --omit-header -o resources/locale/inspector.pot inspector ui
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i resources/locale/inspector.pot \
		-d resources/locale -D inspector -l vi
	$(BIN)/pybabel compile -d resources/locale -D inspector -l vi

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
