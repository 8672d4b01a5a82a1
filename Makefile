# Katalog Lokal — the two set-up commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KATALOG := $(BIN)/katalog
HOST ?= 127.0.0.1
PORT ?= 8000
# Parallel test workers; 2 matches the 2-core CI machine.
WORKERS ?= 2

# The browser tests drive Debian's chromium (never a browser download).
CHROMIUM ?= /usr/bin/chromium

.PHONY: install chromium demo run test test-fast messages clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; sys.exit("Katalog Lokal needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable '.[test]'
	touch $@

demo: install
	$(KATALOG) migrate --noinput
	$(KATALOG) seed-demo
	@echo "Katalog Lokal berjalan di http://$(HOST):$(PORT)/  (Ctrl+C untuk berhenti)"
	@# One background worker (imports, notices, scheduled jobs) beside the server, stopped with it.
	DEBUG=$${DEBUG:-1} $(KATALOG) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(KATALOG) runserver $(HOST):$(PORT)

run: install
	$(KATALOG) migrate --noinput
	DEBUG=$${DEBUG:-1} $(KATALOG) runserver $(HOST):$(PORT)

# Debian's chromium for the browser tests: installed when missing and this user may (root, or sudo without a
# password); otherwise one line says how, and `make test` runs every other test.
chromium:
	@if [ ! -x $(CHROMIUM) ] && command -v apt-get >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; else exit 0; fi; \
	  echo "Memasang chromium dari Debian untuk uji peramban..."; \
	  { $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; } \
	  || echo "Chromium gagal dipasang; uji peramban akan dilewati."; \
	fi

test: install chromium
	@if [ -x $(CHROMIUM) ]; then \
	  $(BIN)/python -m pytest -n $(WORKERS) -p no:cacheprovider; \
	else \
	  echo "Chromium tidak ada di $(CHROMIUM): uji peramban dilewati. Pasang dengan: sudo apt-get install chromium"; \
	  $(BIN)/python -m pytest -n $(WORKERS) -p no:cacheprovider -m "not browser"; \
	fi

# Everything but the browser tests, for a quick loop while coding.
test-fast: install
	$(BIN)/python -m pytest -n $(WORKERS) -p no:cacheprovider -m "not browser"

messages: install
	cd src/katalog && ../../$(KATALOG) makemessages -l id -l en --no-obsolete && ../../$(KATALOG) compilemessages

clean:
	rm -rf $(VENV) var/static
