# Two commands matter on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export STREAMLIT_BROWSER_GATHER_USAGE_STATS := false

.PHONY: run test check lint typecheck install install-dev bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev,e2e]"
	touch $(STAMP) $@

install: $(STAMP)

install-dev: $(DEV_STAMP)

# The upload limit follows REVIEWER_MAX_FILE_MB when it is set (.streamlit/config.toml says 50).
run: $(STAMP)
	$(BIN)/streamlit run app.py $(if $(REVIEWER_MAX_FILE_MB),--server.maxUploadSize $(REVIEWER_MAX_FILE_MB))

# pytest exits 5 when it collects no tests: that is a failure here, said plainly.
test: $(DEV_STAMP)
	@$(BIN)/python -m pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$status

lint: $(DEV_STAMP)
	$(BIN)/ruff check reviewer tests bench app.py ui
	$(BIN)/ruff format --check reviewer tests bench app.py ui

typecheck: $(DEV_STAMP)
	$(BIN)/mypy
	$(BIN)/mypy app.py ui

check: lint typecheck test

bench: $(DEV_STAMP)
	$(BIN)/python -m bench.ingest
	$(BIN)/python -m bench.review

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
