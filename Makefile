# Two commands: `make run` opens the dashboard, `make test` runs every test.
# Both set everything up on a fresh machine that has only Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint setup setup-dev browser java bench screenshots clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev

# Debian's Chromium and CJK fonts for the browser tests (the Playwright browser download does not work here).
browser:
	@if [ ! -x $(CHROMIUM) ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		echo "installing chromium and fonts-noto-cjk via apt"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# Java 17 for PySpark (the roster engine at province scale and its tests).
java:
	@if ! command -v java >/dev/null 2>&1; then \
		echo "installing openjdk-17-jre-headless via apt"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
	fi

run: setup
	$(PY) -m streamlit run dashboard/app.py --server.port $(PORT)

# ruff under pyproject.toml's configuration; `make test` runs it first, so a finding fails the tests (and .ci/run).
lint: setup-dev
	$(PY) -m ruff check .

test: lint browser java
	CHROMIUM_PATH=$(CHROMIUM) $(PY) -m pytest

bench: setup-dev browser java
	CHROMIUM_PATH=$(CHROMIUM) $(PY) -m benchmarks.run_all

screenshots: setup-dev browser
	CHROMIUM_PATH=$(CHROMIUM) $(PY) -m scripts.screenshots

clean:
	rm -rf $(VENV) .pytest_cache
