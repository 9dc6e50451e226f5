# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
AXE := node_modules/axe-core/axe.min.js
MANAGE := cd example_project && ../$(BIN)/python manage.py

.PHONY: demo test test-swapped adoption docs lint format benchmark install chromium

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

# The address the demo is served at; QR codes and printed URLs on the signs use it, so serve
# it where people reach it: `make demo DEMO_ADDRESS=192.168.1.20:8000`.
DEMO_ADDRESS ?= 127.0.0.1:8000
export DEMO_ADDRESS

demo: install
	$(MANAGE) migrate --no-input
	$(MANAGE) coc_setup
	$(MANAGE) load_demo_content --address $(DEMO_ADDRESS)
	$(MANAGE) runserver $(DEMO_ADDRESS)

# Browser tests need Debian's Chromium (never a downloaded browser), and the print tests
# read PDFs back with pdftotext from poppler-utils.
chromium:
	@if [ ! -x $(CHROMIUM) ] || ! command -v pdftotext >/dev/null; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -q && apt-get install -y -q chromium poppler-utils; \
		else \
			echo "Missing: sudo apt-get install -y chromium poppler-utils" >&2; exit 1; \
		fi; \
	fi

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Every test with every app installed, then the core's tests on a site with only the core.
test: install chromium $(AXE)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(PYTEST_ARGS)
	$(BIN)/pytest --ds=tests.settings_core tests/core tests/privacy $(PYTEST_ARGS)

# The suite with a custom base page model (WAGTAIL_PAGE_MODEL swapped); browser tests aside,
# as they exercise no page model code the main pass does not.
test-swapped: install
	$(BIN)/pytest --ds=tests.settings_swapped -m "not browser" $(PYTEST_ARGS)

# A brand-new `wagtail start` site adopts the built wheel, following the installation docs.
adoption:
	.ci/adoption $(PYTHON)

$(VENV)/.docs-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[docs]"
	touch $@

# The documentation site, warnings treated as errors.
docs: $(VENV)/.docs-installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir site

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The throughput benchmark loads a gunicorn server with wrk, from Debian's packages.
benchmark: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = "0" ] && apt-get install -y -q wrk; } || \
		{ echo "wrk is missing. Install it with: sudo apt-get install -y wrk" >&2; exit 1; }
	$(BIN)/python -m benchmarks
