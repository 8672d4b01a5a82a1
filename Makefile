# Katalog Lokal — the two set-up commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KATALOG := $(BIN)/katalog
HOST ?= 127.0.0.1
PORT ?= 8000
# Parallel test workers; 2 matches the 2-core CI machine.
WORKERS ?= 2

.PHONY: install demo run test test-fast messages clean

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

test: install
	$(BIN)/python -m pytest -n $(WORKERS) -p no:cacheprovider

# Everything but the browser tests, for a quick loop while coding.
test-fast: install
	$(BIN)/python -m pytest -n $(WORKERS) -p no:cacheprovider -m "not browser"

messages: install
	cd src/katalog && ../../$(KATALOG) makemessages -l id -l en --no-obsolete && ../../$(KATALOG) compilemessages

clean:
	rm -rf $(VENV) var/static
