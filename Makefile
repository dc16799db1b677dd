# The two commands: `make run` and `make test`. Both set themselves up on a fresh machine.
BIN := .venv/bin
STAMP := .venv/.installed

.PHONY: run test lint setup clean

$(STAMP): pyproject.toml scripts/bootstrap-venv.sh
	scripts/bootstrap-venv.sh
	touch $@

setup: $(STAMP)
	scripts/system-deps.sh redis-server chromium

run: $(STAMP)
	@scripts/system-deps.sh redis-server
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	@$(BIN)/python manage.py seed_demo
	@echo "Wallboard: http://127.0.0.1:8000/  (Ctrl-C stops everything)"
	@$(BIN)/honcho start --procfile Procfile

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: setup lint
	$(BIN)/python -m pytest

clean:
	rm -rf .venv var
