# Two targets a newcomer needs: `make run` and `make test`. Both set the project up on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run chat test lint typecheck bench lock clean

$(STAMP): requirements-dev.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)  ## the bot: Discord/Slack when their tokens are set, else the console chat on the bundled sample
	$(BIN)/briefbot run

chat: $(STAMP)
	$(BIN)/briefbot chat

test: $(STAMP)  ## lint, type checks and the whole test suite, offline
	$(BIN)/ruff check --no-cache bot briefings storage tests benchmarks
	$(BIN)/mypy --no-incremental
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(STAMP)  ## ruff and mypy alone
	$(BIN)/ruff check bot briefings storage tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_answers.py
	$(BIN)/python benchmarks/bench_readers.py

lock:  ## refresh the lock files after editing pyproject.toml (needs uv)
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements.lock
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements-dev.lock

clean:
	rm -rf $(VENV) build *.egg-info
