# The two commands: `make run` and `make test`. Both set themselves up on a fresh machine.
BIN := .venv/bin
STAMP := .venv/.installed

.PHONY: run test lint setup clean

# Where `make run`'s processes listen and supervisord keeps its files: supervisord.conf
# reads them from the environment, where these are the defaults (the test of `make run`
# sets its own).
run: export WALLBOARD_RUN_DIR ?= $(CURDIR)/var
run: export WALLBOARD_KEY_DIR ?= $(WALLBOARD_RUN_DIR)
run: export WALLBOARD_RUN_REDIS_PORT ?= 6379
run: export WALLBOARD_RUN_SIMULATOR_PORT ?= 8100
run: export WALLBOARD_RUN_WEB_PORT ?= 8000
run: export WALLBOARD_DEMO_TENANT_URL ?= http://127.0.0.1:$(WALLBOARD_RUN_SIMULATOR_PORT)

$(STAMP): pyproject.toml scripts/bootstrap-venv.sh
	scripts/bootstrap-venv.sh
	touch $@

setup: $(STAMP)
	scripts/system-deps.sh redis-server chromium faketime initdb ip

run: $(STAMP)
	@scripts/system-deps.sh redis-server
	@mkdir -p var "$(WALLBOARD_RUN_DIR)"
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	@$(BIN)/python manage.py seed_demo
	@echo "Wallboard: http://127.0.0.1:$(WALLBOARD_RUN_WEB_PORT)/  (Ctrl-C stops everything)"
	@$(BIN)/supervisord --configuration supervisord.conf

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The whole suite on SQLite, with the database tests again on a PostgreSQL cluster of
# their own alongside it (tests/__main__.py, tests/postgres.py).
test: setup lint
	$(BIN)/python -m tests

clean:
	rm -rf .venv var
