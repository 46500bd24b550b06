# Everyday commands. Each runs in the active environment (see README: python -m venv .venv ...).
PYTHON ?= python
NBVAL = --nbval --nbval-current-env --nbval-sanitize-with tests/nbval-sanitize.cfg

.PHONY: help report report-allsides test test-fast lint clean

help:  ## list the targets
	@grep -E "^[a-z-]+:.*## " $(MAKEFILE_LIST) | sed -E "s/:.*## /\t/"

report:  ## run every notebook on the seed corpus: figures/ and build/report/index.html
	$(PYTHON) -m analysis report

report-allsides:  ## the same on the AllSides sample, into build/report-allsides/
	$(PYTHON) -m analysis report --corpus data/allsides/articles_sample_1000.jsonl --out build/report-allsides

.PHONY: report-kyiv
report-kyiv:  ## the same on the 191 Kyiv/Kiev articles (2013-2020), into build/report-kyiv/
	$(PYTHON) -m analysis report --corpus data/allsides/kyiv_kiev_191.jsonl --out build/report-kyiv

test:  ## unit tests and strict nbval on every notebook (what CI runs)
	$(PYTHON) -m pytest $(NBVAL) tests notebooks

test-fast:  ## unit tests only, without the tests that run every notebook or the report command
	$(PYTHON) -m pytest tests -m "not report_command" -k "not seed_report and not allsides_subset and not hostile_corpus"

lint:  ## ruff on the package and the tests
	$(PYTHON) -m ruff check analysis tests

clean:  ## remove build outputs and caches (figures/ and notebooks/ are committed: kept)
	rm -rf build .pytest_cache .hypothesis .ruff_cache
	find analysis tests benchmarks -name __pycache__ -type d -prune -exec rm -rf {} +
