# Tanya Layanan: one command runs it (make run), one command tests it (make test).
# Two environments: .venv/app (Python 3.11: bot, actions, knowledge base, tests) and
# .venv/rasa (Python 3.10: Rasa 3.6 and nlu/ components). Both are (re)created from the
# pinned files in requirements/ whenever those change.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PYTHON311 ?= $(shell command -v python3.11 || command -v python3)
APP_PY := $(VENV)/app/bin/python
RASA_PY := $(VENV)/rasa/bin/python
APP_ENV := $(VENV)/app/.installed
RASA_ENV := $(VENV)/rasa/.installed
PIP_FLAGS := --quiet --quiet --no-deps --disable-pip-version-check --no-input

# Nothing in this project calls out to the internet.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup browser run test test-fast test-faults chat kb-validate train nlu-eval bench lint clean

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(APP_ENV): requirements/app.txt
	@echo "==> Creating the app environment ($(VENV)/app, Python 3.11) ..."
	@$(PYTHON311) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is required: install python3.11 or set PYTHON311=/path/to/python3.11" >&2; exit 1; }
	@rm -rf $(VENV)/app
	@$(PYTHON311) -m venv $(VENV)/app
	@$(VENV)/app/bin/pip install $(PIP_FLAGS) -r requirements/app.txt
	@$(VENV)/app/bin/pip check --disable-pip-version-check >/dev/null
	@touch $@
	@echo "==> App environment ready."

$(RASA_ENV): requirements/rasa.txt
	@echo "==> Creating the Rasa environment ($(VENV)/rasa, Python 3.10; the first time takes a few minutes) ..."
	@PY310=$$(scripts/find-python310) || exit 1; \
		rm -rf $(VENV)/rasa && "$$PY310" -m venv $(VENV)/rasa
	@$(VENV)/rasa/bin/pip install $(PIP_FLAGS) -r requirements/rasa.txt
	@$(VENV)/rasa/bin/pip check --disable-pip-version-check >/dev/null
	@touch $@
	@echo "==> Rasa environment ready."

setup: $(APP_ENV) $(RASA_ENV) ## create both environments when missing or outdated

# The browser tests drive Debian's chromium through its chromedriver (no browser downloads).
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "==> Installing chromium and chromium-driver (Debian packages) for the browser tests ..."; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "The browser tests need chromium and chromedriver: sudo apt-get install chromium chromium-driver" >&2; exit 1; fi

run: setup ## start the whole assistant (Ctrl-C stops it)
	@$(APP_PY) -m bot.run

test: setup browser ## run the whole test suite (unit, integration, end to end, browser); drills: make test-faults
	@$(APP_PY) -m pytest -m "not faults"

test-fast: setup ## the inner loop: everything except the slow end-to-end tests
	@$(APP_PY) -m pytest -m "not e2e"

test-faults: setup ## fault drills: parts killed, restarted or slow under load (.ci/run runs it too)
	@$(APP_PY) -m pytest -m faults tests/faults

chat: $(APP_ENV) ## talk to the running assistant in the terminal
	@$(APP_PY) -m bot.chat

kb-validate: $(APP_ENV) ## validate the knowledge-base files
	@$(APP_PY) -m knowledge_base validate

train: setup ## train the Rasa model (skipped when its inputs did not change)
	@$(APP_PY) -m bot.supervisor.training $(if $(FORCE),--force,)

TRAIN ?=
TEST ?= nlu/tests/test_nlu.yml
CONFIG ?= nlu/config.yml
nlu-eval: setup ## train on TRAIN with CONFIG, evaluate on TEST; last line is JSON
	@$(APP_PY) -m tools.nlu_eval --test "$(TEST)" --config "$(CONFIG)" $(if $(TRAIN),--train "$(TRAIN)",) $(if $(PREDICTIONS),--predictions "$(PREDICTIONS)",) $(if $(KEEP_MODEL),--keep-model "$(KEEP_MODEL)",)

bench: setup ## the benchmarks; last line is JSON
	@$(APP_PY) -m benchmarks

lint: $(APP_ENV) ## ruff and mypy
	@$(VENV)/app/bin/ruff check .
	@$(VENV)/app/bin/mypy

clean: ## remove environments, models and local data
	rm -rf $(VENV) models var
