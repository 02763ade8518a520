# Boligportalen. `make run` starts the portal with demo data; `make test` runs the whole suite.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := albertslund_bolig.settings
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/boligportalen
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test lint install backup restore bench

$(BIN)/.installed: pyproject.toml
	@command -v $(PY) >/dev/null || { echo "Python 3.11 mangler ($(PY))"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# The portal on SQLite with an embedded (file system) Celery broker: no PostgreSQL or Redis needed.
run: install
	mkdir -p var
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 CELERY_BROKER_URL=filesystem:// $(BIN)/celery -A albertslund_bolig worker --beat --pool=solo \
		--loglevel=WARNING --schedule=var/celerybeat-schedule & \
	trap 'kill $$!' EXIT INT TERM; \
	DEBUG=1 CELERY_BROKER_URL=filesystem:// $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The whole suite, against PostgreSQL and Redis for real (it fails when either is missing).
test: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		SECRET_KEY=$${SECRET_KEY:-test-only-secret-key-boligportalen-not-for-production} \
		$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Backup of database and uploaded files into var/backups/<time>; restore with BACKUP=var/backups/<time>.
backup: install
	$(BIN)/python manage.py backup

restore: install
	@test -n "$(BACKUP)" || { echo "Angiv backuppen: make restore BACKUP=var/backups/<tidspunkt>"; exit 1; }
	$(BIN)/python manage.py restore "$(BACKUP)"

# Performance at ten years of data against PostgreSQL (see docs/performance.md).
bench: install
	$(BIN)/python scripts/bench.py
