# Pathways: `make run` to try it, `make test` to test it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk

# The first Python 3.12 or newer found: .python-version (pyenv), the usual names, then pyenv's.
define FIND_PYTHON
for candidate in python3 python3.13 python3.12 python3.14 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -r); do \
  if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
    command -v $$candidate; exit 0; fi; \
done; exit 1
endef

# The background worker, started again a few seconds after it stops for any reason (a crash,
# a lost database connection), so that email keeps going out: $(1) is put before the command
# (settings), $(2) after it (options).
WORKER_RESTART_SECONDS ?= 5
# Ctrl-C or a TERM signal stops the loop too, once the worker has finished its task.
define SUPERVISED_WORKER
{ trap 'exit 0' INT TERM; \
  while true; do \
    $(1) $(MANAGE) db_worker $(2); status=$$?; \
    echo "$$(date '+%Y-%m-%d %H:%M:%S') The background worker stopped (exit status $$status): restarting it in $(WORKER_RESTART_SECONDS) seconds" >&2; \
    sleep $(WORKER_RESTART_SECONDS); \
  done; }
endef

.PHONY: help
help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@python=$$( $(FIND_PYTHON) ) || { \
	  echo "Pathways needs Python 3.12 or newer and none was found."; \
	  echo "Install one (for example 'pyenv install 3.13' or your system's python3.13 package),"; \
	  echo "then run this command again."; exit 1; }; \
	echo "Using $$python ($$($$python --version))"; \
	[ -x $(PY) ] || $$python -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# NHS.UK frontend's CSS asks for images at /assets/...: rewrite to paths next to the CSS.
# The source maps go beside the minified files: both end with a sourceMappingURL comment, which
# the production static storage follows (and fingerprints), so collectstatic needs the maps.
# Copying them keeps the JavaScript byte for byte as published and lets browser tools show the
# design system's sources; stripping the comments would mean editing minified code with sed.
frontend/.built: node_modules/.installed Makefile
	rm -rf frontend && mkdir -p frontend/nhsuk
	sed 's#url(/assets/#url(assets/#g' $(NHSUK)/nhsuk-frontend.min.css > frontend/nhsuk/nhsuk-frontend.min.css
	cp $(NHSUK)/nhsuk-frontend.min.css.map $(NHSUK)/nhsuk-frontend.min.js $(NHSUK)/nhsuk-frontend.min.js.map frontend/nhsuk/
	cp -r $(NHSUK)/assets frontend/nhsuk/assets
	@touch $@

.PHONY: install
install: $(VENV)/.installed frontend/.built  ## Create .venv, install Python and front-end packages

.PHONY: run
run: install  ## Set up a SQLite database with demo data and serve http://127.0.0.1:8000 with the worker
	DEBUG=1 $(MANAGE) migrate --no-input
	DEBUG=1 $(MANAGE) load_demo
	@echo "Serving Pathways on http://127.0.0.1:8000 (sign in with a demo account above). Ctrl-C stops."
	@trap 'kill 0' EXIT; \
	$(call SUPERVISED_WORKER,DEBUG=1,--no-startup-delay) & \
	while true; do DEBUG=1 $(MANAGE) sweep_email_outbox >/dev/null; sleep 60; done & \
	while true; do DEBUG=1 $(MANAGE) mentoring_housekeeping >/dev/null; sleep 3600; done & \
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

# Single sign-on to try locally: a test OpenID Connect provider (oidc-provider-mock, a dev
# dependency) on 127.0.0.1:9400, and `make run` pointed at it. Its page offers the demo accounts
# and a new starter as one-click identities (README.md, "Single sign-on").
SSO_DEMO_PROVIDER := http://127.0.0.1:9400
SSO_DEMO_PEOPLE := \
  --user-claims '{"sub": "priya", "email": "mentee@example.com", "given_name": "Priya"}' \
  --user-claims '{"sub": "tom", "email": "mentor@example.com", "given_name": "Tom"}' \
  --user-claims '{"sub": "coordinator", "email": "coordinator@example.com"}' \
  --user-claims '{"sub": "new-starter", "email": "sam.new@nhs.net", "given_name": "Sam", "family_name": "New"}'

.PHONY: run-sso
run-sso: install  ## `make run` with single sign-on through a local test identity provider
	@trap 'kill 0' EXIT; \
	$(PY) -m oidc_provider_mock --port 9400 $(SSO_DEMO_PEOPLE) & \
	SSO_ISSUER=$(SSO_DEMO_PROVIDER) SSO_CLIENT_ID=pathways-local SSO_CLIENT_SECRET=local-only \
	SSO_AUTHORIZATION_ENDPOINT=$(SSO_DEMO_PROVIDER)/oauth2/authorize \
	SSO_TOKEN_ENDPOINT=$(SSO_DEMO_PROVIDER)/oauth2/token SSO_JWKS_URI=$(SSO_DEMO_PROVIDER)/jwks \
	$(MAKE) --no-print-directory run

# --clear: staticfiles/ then holds exactly what this build collected, so a file left over from
# an earlier build cannot hide one that is missing now.
.PHONY: build-production
build-production: install  ## What `make serve` does before serving: collect static files, migrate
	$(MANAGE) collectstatic --no-input --clear -v0
	$(MANAGE) migrate --no-input

# Where `make serve` listens; port 0 lets the system pick a free port (gunicorn logs which).
BIND ?= 127.0.0.1:8000

# No gunicorn control socket: nothing here uses it, and two servers on one machine would share
# its default path.
.PHONY: serve
serve: build-production  ## Serve with gunicorn and the worker, production-style (needs SECRET_KEY, ALLOWED_HOSTS...)
	@trap 'kill 0' EXIT; \
	$(call SUPERVISED_WORKER,,) & \
	while true; do $(MANAGE) sweep_email_outbox >/dev/null; sleep 60; done & \
	while true; do $(MANAGE) mentoring_housekeeping >/dev/null; sleep 3600; done & \
	$(VENV)/bin/gunicorn portal.wsgi --bind $(BIND) --workers 2 --access-logfile - --no-control-socket

.PHONY: worker
worker: install  ## Run only the background worker, started again whenever it stops
	@$(call SUPERVISED_WORKER,,)

.PHONY: browsers
browsers:  # Debian's Chromium for the browser tests, when missing and this machine can install it
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    (apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium chromium-driver >/dev/null 2>&1)) || \
	    echo "Could not install chromium: browser tests will be skipped"; \
	  else echo "No /usr/bin/chromium and no way to install it here: browser tests will be skipped"; fi; \
	fi

.PHONY: test
test: install browsers  ## Run the whole test suite (DATABASE_URL picks the database; SQLite by default)
	$(PY) -m pytest

.PHONY: lint
lint: install  ## ruff check, ruff format --check and the pending-migrations check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

.PHONY: format
format: install  ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: bench
bench:  ## Speed and memory figures, one `name: value` line each (DATABASE_URL picks the server)
	@$(MAKE) --no-print-directory install >&2
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's wrk for the load test" >&2; \
	    (apt-get install -y -q wrk >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q wrk >/dev/null 2>&1)) || \
	    echo "Could not install wrk: the requests-per-second figures will be skipped" >&2; \
	  else echo "No wrk and no way to install it here: the requests-per-second figures will be skipped" >&2; fi; \
	fi
	@$(PY) -m tests.bench

.PHONY: clean
clean:  ## Remove the virtualenv, front-end packages, built assets and the SQLite database
	rm -rf $(VENV) node_modules frontend staticfiles db.sqlite3 db.sqlite3-*

.PHONY: scale-check
scale-check:  ## Two gunicorn servers, two workers and housekeeping on one PostgreSQL and Redis: a mixed load, checked (DATABASE_URL: the PostgreSQL server)
	@$(MAKE) --no-print-directory install >&2
	@$(PY) -m tests.scale_check
