# Entry points named in the README. Each target sets up what it needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
COLLECTIONS := $(CURDIR)/.cache/collections

.PHONY: help demo demo-stop demo-check test unit integration lint sanity build molecule bench benchmark

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

demo: ## Set up and run a local three-server demo ensemble, then print its status
	scripts/demo.sh

demo-stop: ## Remove the demo containers (data and config stay in /var/lib/zkops-demo)
	scripts/demo.sh stop

demo-check: ## The demo's promises: a second run changes nothing, demo-stop keeps the data (part of make test)
	scripts/demo_check.sh

test: ## The whole suite: builds the bench, then unit, integration, build, lint, sanity, molecule
	scripts/test.sh

bench: ## Build or refresh the test bench (system tools, venv, Docker engine, images, ZooKeeper artefacts)
	scripts/bench.sh all

unit: ## Unit tests of the pure Python core, modules and filters
	scripts/bench.sh venv
	.venv/bin/python -m pytest -q tests/unit

integration: ## Modules through Ansible against a real ZooKeeper ensemble on 127.0.0.1
	scripts/bench.sh venv zk-local
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) .venv/bin/python -m pytest -q tests/integration

lint: ## ansible-lint, production profile
	scripts/bench.sh venv
	.venv/bin/ansible-lint --profile production

sanity: ## ansible-test sanity from a real ansible_collections path
	scripts/bench.sh tools venv
	scripts/sanity.sh

build: ## ansible-galaxy collection build + install, docs of the installed modules
	scripts/bench.sh venv
	scripts/build_check.sh

molecule: ## Molecule scenarios (SCENARIOS="smoke ...")
	scripts/bench.sh all
	scripts/molecule.sh $(or $(SCENARIOS),smoke)

benchmark: ## Operations benchmark on 5 systemd hosts (about an hour, not in make test): docs/benchmarks.{json,md} and the plot
	scripts/benchmark.sh
