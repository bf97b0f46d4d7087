# recscope — two commands: `make run` and `make test`. Both install missing system packages first.
SWIFT ?= swift
APT_PACKAGES := libncursesw5-dev libopenblas-dev liblapacke-dev tmux pkg-config unzip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps model build run test bench clean fuzz fuzz-build

## deps: install the Debian packages a fresh machine lacks (through sudo when not root).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

## model: all-MiniLM-L6-v2 for the in-process encoder, fetched once into $RECSCOPE_MODEL_DIR
## (default ~/.cache/recscope/models/all-MiniLM-L6-v2) and verified by SHA-256.
model: deps
	@bash Tools/fetch_model.sh

## build: release build of the recscope binary.
build: deps
	$(SWIFT) build -c release --product recscope

## run: build and open recscope on SampleData.
run: build model
	.build/release/recscope

## test: the whole test suite (engine, screen model, end-to-end on the built binary).
test: deps model
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## bench: engine and screen benchmarks on SampleData (release build).
bench: build model
	.build/release/recscope bench
	.build/release/recscope bench --ui

## fuzz: build the libFuzzer targets (Fuzz/, its own package) and run each for FUZZ_SECONDS (default 20)
## or FUZZ_RUNS inputs. See docs/FUZZING.md.
FUZZ_SECONDS ?= 20
FUZZ_RUNS ?=
FUZZ_FLAGS := -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -Xswiftc -use-ld=lld
fuzz-build: deps
	$(SWIFT) build --package-path Fuzz -c release $(FUZZ_FLAGS)

fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RUNS=$(FUZZ_RUNS) Fuzz/run.sh

clean:
	rm -rf .build Fuzz/.build
