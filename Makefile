# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test install bench demo-data clean lint messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The background worker (mail, index, deadlines, reminders, jobs) runs beside the dev server and stops with it.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python manage.py run_worker & WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

# The suite runs on every core (pytest-xdist: one process and test database per core; tests marked
# xdist_group run on one worker, one after another). `make test PYTEST_ARGS="-n 0"` (or "-p no:xdist") runs
# it in one process; a direct `python -m pytest tests/x` runs in one process unless given -n.
XDIST = $(if $(findstring no:xdist,$(PYTEST_ARGS)),,-n auto --dist loadgroup)

# Browser tests need axe-core from npm: installed when npm exists and the lockfile is newer than node_modules.
# Without npm (or offline) they skip and say why.
test: install
	@if command -v npm >/dev/null 2>&1 && { [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }; then \
		npm ci --no-audit --no-fund --loglevel=error >/dev/null || echo "npm ci failed: browser tests will be skipped"; \
	fi
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# Translations (needs GNU gettext): collect every marked string into frontend/locale/<lang>/LC_MESSAGES/django.po,
# then compile the .mo files, which are committed (tests/frontend/test_catalogues.py checks both).
messages: install
	$(BIN)/python manage.py makemessages -l en -l tr -l ar -l uk --no-obsolete --ignore=.venv --ignore=node_modules --ignore=tests --ignore=.ci
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

bench: install
	$(BIN)/python -m matching.bench
	# Entdeckertage: city-wide allocation of 5,000 grade-8 pupils (throw-away database; last line = the figures)
	$(BIN)/python manage.py simulate_entdeckertage --pupils 5000 --seed 1
	# Clearing (issue 10): the application market, 3 rounds of the real services vs today's policy (last line = figures)
	$(BIN)/python manage.py simulate_clearing --students 500 --seed 1
	# Monitoring (issue 11): the staff dashboard at 10k placements, 20k students, 100k applications (BENCH_DATABASE_URL for PostgreSQL)
	$(if $(BENCH_DATABASE_URL),DATABASE_URL=$(BENCH_DATABASE_URL)) $(BIN)/python manage.py bench_dashboard

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
