# Strata: `make devnet` runs the local stack (L1 validators, L2 sequencer, a load); `make test` and `make bench`
# check and measure.
SWIFT ?= swift
SWIFT_TEST_FLAGS ?= --parallel

.PHONY: test setup lint format build bench devnet devnet-stop devnet-l2 devnet-l2-load

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

# Every suite in parallel, then the end-to-end tests (real l1d and l2d processes, timed) alone, so that the
# CPU-bound simulation tests do not starve them on a two-core machine. A failure ends with a summary of the failed
# tests; the whole output stays in .build/test-output.log.
test: setup lint
	@SWIFT="$(SWIFT)" SWIFT_TEST_FLAGS="$(SWIFT_TEST_FLAGS)" scripts/test

bench: setup
	$(SWIFT) build -c release --product strata-bench
	$$($(SWIFT) build -c release --show-bin-path)/strata-bench

# A fresh 4-validator L1 localnet, an L2 sequencer and a steady `l2d load` on 127.0.0.1; Ctrl-C stops it. Data and
# logs stay in .devnet/ (DEVNET_L2=0: the L1 alone; LOAD_RATE tunes the load).
devnet: setup
	@scripts/devnet

devnet-stop:
	@scripts/devnet-stop

# A fresh L2 sequencer on 127.0.0.1:8645; Ctrl-C stops it. Data and logs stay in .devnet/l2/.
devnet-l2: setup
	@scripts/devnet-l2

# A load (`l2d load`) against the sequencer of a running `make devnet-l2`; LOAD_RATE, LOAD_DURATION, ... tune it.
devnet-l2-load: setup
	@scripts/devnet-l2-load
