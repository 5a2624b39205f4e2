# « Les défis de la transition numérique » — every maintainer command.
# `make book` and `make test` set everything up on a fresh machine (Python >= 3.11, Node >= 20).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BOOK_FLAGS := -W -n --keep-going
# Jupyter Book's command line without jsonschema's slow optional IRI checker (book/__main__.py).
JUPYTER_BOOK := $(BIN)/python -m transition_numerique.book

.PHONY: setup book book-formateur pdf pdf-formateur scorm test check lint lab execute bench lock clean

setup: $(VENV)/.installed node_modules/.installed .system-checked

# Python: one virtual environment, the versions of requirements/constraints.txt.
$(VENV)/.installed: pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	touch $@

# Front-end files from npm (never committed): the full widget manager, which the book build copies for
# the pages that need it (book/widget_host.py), and the tests' tools.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# System packages the tests drive: Debian's chromium and the French Hunspell dictionary.
.system-checked: tools/system-deps.sh
	sh tools/system-deps.sh
	touch $@

book: $(VENV)/.installed node_modules/.installed
	$(JUPYTER_BOOK) build . $(BOOK_FLAGS)
	@echo "Livre construit : ouvrez $(CURDIR)/_build/html/index.html"

# The trainer edition shows the exercises' solutions and the trainer notes.
book-formateur: $(VENV)/.installed node_modules/.installed
	mkdir -p _build_formateur
	$(BIN)/python -m transition_numerique.book.editions > _build_formateur/_toc.yml
	TRANSITION_NUMERIQUE_EDITION=formateur $(JUPYTER_BOOK) build . $(BOOK_FLAGS) \
	    --toc _build_formateur/_toc.yml --path-output _build_formateur
	@echo "Édition formateur construite : ouvrez $(CURDIR)/_build_formateur/_build/html/index.html"

# The handouts: an edition built, then printed to one PDF by chromium (cover, table of contents,
# bookmarks, numbered pages) into _build/pdf/ (src/transition_numerique/book/handout.py).
pdf: setup
	$(BIN)/python -m transition_numerique.book.handout

# The trainer's handout: the trainer edition, quizzes printed with their answers.
pdf-formateur: setup
	$(BIN)/python -m transition_numerique.book.handout --edition formateur

# The trainee edition as a SCORM 1.2 package for Moodle (src/transition_numerique/lms/scorm.py).
scorm: book
	$(BIN)/python -m transition_numerique scorm

# Every test: the quick ones, nbval over every notebook, the book builds, chromium, JupyterLab and
# JupyterHub. The root conftest.py gives each run an empty progress file of its own.
test: setup
	$(BIN)/python -m transition_numerique check
	$(BIN)/python -m pytest -n 2 --dist loadfile tests notebooks exercises formateur \
	    --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

# The quick loop, under a minute on two cores (`make bench` measures it): the question banks, lint,
# format and the tests that start no browser, book build, kernel, server or pip install.
check: $(VENV)/.installed .system-checked
	$(BIN)/python -m transition_numerique check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2 -m "not browser and not build and not slow" tests

lint: $(VENV)/.installed
	$(BIN)/ruff check .

# JupyterLab in French, without the news pop-up, opening chapter 0. The course's JupyterLab settings
# (jupyter-config/) are what a package install puts in the environment; the editable install of
# `make setup` leaves them out, so JUPYTER_CONFIG_PATH points at them. Root (a container, a CI
# machine) needs JupyterLab's explicit --allow-root.
lab: $(VENV)/.installed
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	    $(BIN)/jupyter lab --notebook-dir=notebooks --LabApp.default_url=/lab/tree/00-prise-en-main.ipynb \
	    $$([ "$$(id -u)" = 0 ] && echo --allow-root)

execute: $(VENV)/.installed
	$(BIN)/python -m transition_numerique.book.execute notebooks exercises formateur

bench: setup
	$(BIN)/python tools/bench.py

# After editing the dependencies in pyproject.toml: resolve them afresh and freeze the result.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	{ head -n 2 requirements/constraints.txt; .lock-venv/bin/python -m pip freeze --exclude-editable; } \
	    > requirements/constraints.new && mv requirements/constraints.new requirements/constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf _build _build_formateur
