# `make run`: install, migrate, load demo data, serve on http://127.0.0.1:8000 with a Celery worker and beat.
# `make test`: the whole suite (PostgreSQL/Redis when DATABASE_URL/CELERY_BROKER_URL are set).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DEBUG ?= true

.PHONY: run test install lint messages clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install: $(BIN)/.installed

run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	@echo
	@echo "  Dealer CRM: http://127.0.0.1:$(PORT)/   (logins: README.md; password demo1234, e.g. gm / cs / advisor)"
	@echo
	bin/run-dev $(PORT)

test: install
	DEBUG=false $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=static/vendor --ignore=var
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

clean:
	rm -rf var .pytest_cache test-artifacts
