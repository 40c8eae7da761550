# Every target goes through scripts/dev.sh, which installs what it needs first.
.DEFAULT_GOAL := help
DEV := scripts/dev.sh

.PHONY: help setup serve build test lint eval train bench bench-browser audit clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: ## Install everything (venv, pinned npm Pyodide, Chromium for browser tests)
	@$(DEV) setup

serve: ## Build and serve the site at http://127.0.0.1:8000 with the checker working
	@$(DEV) serve

build: ## Build the site into site/ (mkdocs --strict)
	@$(DEV) build

test: ## Lint, type-check and run the whole test suite (same as CI)
	@$(DEV) test

lint: ## ruff and mypy --strict only
	@$(DEV) lint

eval: ## Measure the checker on ../shared/data/dev-set.jsonl (skips when absent)
	@$(DEV) eval --show-misses 20

train: ## Retrain the wording model (checker/rules/wording-model.json) from the team's own sets
	@$(DEV) train

bench: ## CPython throughput and worst-case latency at the input cap
	@$(DEV) bench

bench-browser: ## /check/ vs a stock Pyodide page: cold/warm/offline ready, bytes, per-check time (localhost, mobile)
	@$(DEV) bench-browser

audit: ## Lighthouse (mobile) on every page: one table of page, four scores, bytes
	@$(DEV) audit

clean: ## Remove build outputs (keeps .venv and node_modules)
	rm -rf site .cache dist build *.egg-info
