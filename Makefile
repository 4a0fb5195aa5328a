# Strata: the two commands are `make test` and `make bench` (later: `make devnet`).
SWIFT ?= swift
SWIFT_TEST_FLAGS ?= --parallel

.PHONY: test setup lint format build bench

setup:
	@scripts/setup

# Every Swift source folder that exists (L1/, L2/, Bridge/ arrive with later issues).
SOURCES := Package.swift $(wildcard Common L1 L2 Bridge Tests Benchmarks)

lint:
	$(SWIFT) format lint --strict --recursive --parallel $(SOURCES)

format:
	$(SWIFT) format --in-place --recursive --parallel $(SOURCES)

build: setup
	$(SWIFT) build

test: setup lint
	$(SWIFT) test $(SWIFT_TEST_FLAGS)

bench: setup
	$(SWIFT) build -c release --product strata-bench
	$$($(SWIFT) build -c release --show-bin-path)/strata-bench
