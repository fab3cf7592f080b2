# Every target sets itself up on a fresh machine: nothing is installed by hand.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test lint bench soak clean setup browser

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip==25.3"

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

# The Ray engine's equality test runs in `make test`: install the optional ray extra (measured: 49 s, ~500 MB with pyarrow and pandas).
RAY_STAMP := $(VENV)/.installed-ray
$(RAY_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install -q -e ".[dev,ray]"
	touch $(RAY_STAMP)

# Debian's chromium for the browser tests (Playwright drives it via executable_path).
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "installing Debian chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

demo: $(STAMP)
	rm -f examples/out/demo.db
	mkdir -p examples/out
	$(BIN)/storyline analyze examples/corpus --outlets examples/outlets.csv \
	  --db examples/out/demo.db --json examples/out/demo.json --report examples/out/demo.html

test: $(STAMP) $(RAY_STAMP) browser
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

# make bench: the Ray extra (engines benchmark) and BERTopic as the clustering peer. bertopic is
# installed --no-deps: its metadata requires sentence-transformers (torch + CUDA, GBs), which the
# peer benchmark does not use (it passes precomputed embeddings).
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install -q -e ".[dev,ray,bench]"
	$(BIN)/python -m pip install -q --no-deps "bertopic==0.17.4"
	touch $(BENCH_STAMP)

bench: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python -m bench.run_all

# make soak: the long reliability runs (about 1-2 h on 2 cores) — 10,000 hostile inputs through ingest,
# a minute of 16 readers while an API ingest runs, 20 minutes of atheris over every parser.
FUZZ_STAMP := $(VENV)/.installed-fuzz
$(FUZZ_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install -q -e ".[dev,fuzz]"
	touch $(FUZZ_STAMP)

soak: $(STAMP) $(FUZZ_STAMP)
	$(BIN)/python -m bench.fuzz --n 10000
	$(BIN)/python -m bench.load --readers 16 --seconds 60 --articles 40
	$(BIN)/python fuzz/fuzz_ingest.py -max_total_time=1200 -rss_limit_mb=4000

clean:
	rm -rf $(VENV) examples/out .pytest_cache
