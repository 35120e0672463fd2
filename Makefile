# Thresig — see README.md. Crypto runs 10–100× slower in debug builds, so tests and
# tools are built in release mode with testing enabled (one build serves both).
SWIFT       ?= swift
BUILD_FLAGS := -c release -Xswiftc -enable-testing
BIN         := .build/release
PY          := .venv/bin/python
SHARED      := ../shared/vectors

.PHONY: all deps build test run bench bench-log bench-cluster vectors soak clean help

all: build

help:
	@echo "make deps     install C libraries (apt) and the Python test tools (.venv)"
	@echo "make build    release build of the thresig CLI and libraries"
	@echo "make test     deps, build, conformance vectors, unit and cross-implementation tests"
	@echo "make run      the product end to end: 4-node local cluster, 3-of-4 BLS key by DKG, a signature"
	@echo "               over HTTP checked with pyblst, idempotent replay, failover, vectors (KEEP=1 keeps it up)"
	@echo "make bench    benchmarks beside coincurve (libsecp256k1) and OpenSSL, with ratios"
	@echo "make bench-log  the replicated log (3 thresig-replica processes) beside etcd 3.4 and ZooKeeper 3.8:"
	@echo "               ops/s, p50/p99/max at 1/16/64 clients, kill -9 failover (BENCH_SECONDS, BENCH_CLIENTS…)"
	@echo "make bench-cluster  threshold BLS signing over HTTP on a fresh 4-node cluster, 3-of-4 beside 1-of-1"
	@echo "               (thresig bench cluster at 32 clients; DURATION, WARMUP, CLIENTS, KEEP=1)"
	@echo "make vectors  regenerate vectors/ from independent implementations"
	@echo "make soak     20,000 simulator seeds for 3 and 5 replicas, plus the soak tests"
	@echo "make clean    remove build products"

deps:
	@scripts/deps.sh

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

test: deps
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	@[ -d $(SHARED) ] || echo "$(SHARED) not present: published vectors skipped"
	$(BIN)/thresig vectors verify --quiet vectors $(wildcard $(SHARED)/wycheproof $(SHARED)/hash-to-curve)
	# Real-process clusters run after the in-process suites, not beside them: on 2 cores the
	# CGGMP21 suites starve the daemons' event loops and turn their bounded waits into flakes;
	# and one cluster at a time (--no-parallel), for the same reason.
	THRESIG_PYTHON=$(CURDIR)/$(PY) THRESIG_REQUIRE_ORACLES=1 $(SWIFT) test $(BUILD_FLAGS) --skip-build --skip IntegrationTests
	THRESIG_PYTHON=$(CURDIR)/$(PY) THRESIG_REQUIRE_ORACLES=1 $(SWIFT) test $(BUILD_FLAGS) --skip-build --no-parallel --filter '^IntegrationTests\.'

# The whole product on one machine: a 4-node cluster, a 3-of-4 BLS key by DKG, a signature over
# HTTP checked with pyblst, an idempotent replay, kill -9 of the primary, the conformance vectors
# (scripts/run-demo.sh).
run:
	@echo "== 1/9 Dependencies: GMP, OpenSSL, libsodium (apt); pyblst, py-ecc, coincurve (.venv) =="
	@scripts/deps.sh
	@echo
	@echo "== 2/9 Release build (the first one takes several minutes) =="
	$(SWIFT) build $(BUILD_FLAGS)
	@KEEP=$(KEEP) scripts/run-demo.sh $(wildcard $(SHARED)/wycheproof $(SHARED)/hash-to-curve)

bench: build
	@scripts/bench-foundation.sh
	@echo
	@scripts/bench-bls.sh

bench-log: build
	@scripts/bench-log.sh

bench-cluster: build
	@scripts/bench-cluster.sh

vectors: deps
	$(PY) scripts/generate_vectors.py
	$(PY) scripts/generate_bls_vectors.py
	$(SWIFT) build $(BUILD_FLAGS) --product thresig
	$(BIN)/thresig vectors generate-threshold --out vectors/threshold
	$(BIN)/thresig vectors generate-ecdsa --out vectors/ecdsa-threshold

soak: build
	$(BIN)/thresig-sim --seeds $${SEEDS:-20000} --replicas 3
	$(BIN)/thresig-sim --seeds $${SEEDS:-20000} --replicas 5
	THRESIG_SOAK=1 THRESIG_SLOW_TESTS=1 THRESIG_PYTHON=$(CURDIR)/$(PY) $(SWIFT) test $(BUILD_FLAGS) --filter 'ReplicationTests|DKGTests|BLS12381Tests|ThresholdECDSATests'

clean:
	rm -rf .build
