# ALX: `make run` starts the platform with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: run test test-django6 lint install chromium messages clean-var help

help:
	@echo "make run    set up and start ALX on http://127.0.0.1:8000 (web, worker, beat, demo data)"
	@echo "make test   set up and run the whole test suite (needs chromium; installed via apt as root)"
	@echo "make test-django6  the suite on Django 6.1 in .venv-django6 (needs Python 3.12; CI runs it)"
	@echo "make lint   ruff, import layering, types (mypy baseline), Django checks, migrations, OpenAPI schema, compose file"

$(STAMP): pyproject.toml constraints/lts.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 13) else "ALX needs Python 3.11 or 3.12 (pgserver has wheels for those only); set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[embedded,dev]' -c constraints/lts.txt
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) -m config.embedded serve

test: install chromium
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m config.embedded run --profile test -- $(PY) -m pytest $(PYTEST_ARGS)

test-django6: chromium
	scripts/test-django6 $(PYTEST_ARGS)

chromium:
	@scripts/ensure-chromium

lint: install
	scripts/lint

messages: install
	cd $(CURDIR) && $(PY) manage.py makemessages -l de --ignore=.venv --ignore=.venv-django6 --ignore=var && $(PY) manage.py compilemessages --ignore=.venv --ignore=.venv-django6

clean-var:
	rm -rf var/test
