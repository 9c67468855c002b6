# Shrike: top-level entry points. `make demo` and `make test` do all set-up on
# a fresh Debian 12 machine.
.PHONY: all deps build dev test demo bench fuzz format format-check clean

JOBS ?= $(shell nproc)

all: build

deps:
	bash scripts/deps.sh

# Release build: the binary is build/shrike.
build: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

# Debug build with ASan + UBSan (build-dev/).
dev: deps
	cmake --preset dev >/dev/null
	cmake --build --preset dev -j $(JOBS)

# Every test: format check, then the unit, golden, script and fuzz-replay
# tests under ASan + UBSan, then the same suite on the release build.
test: deps format-check dev build
	cd build-dev && ctest -j $(JOBS) --output-on-failure --timeout 900
	cd build && ctest -j $(JOBS) --output-on-failure --timeout 900

demo: build
	bash scripts/demo.sh build/shrike

bench: build
	bash bench/run.sh build

# libFuzzer builds (clang); run one with e.g.
#   build-fuzz/fuzz/extract_fuzzer fuzz/corpus/extract
fuzz: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS)

FORMAT_FILES = $(shell git ls-files '*.cpp' '*.h' 2>/dev/null)
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

clean:
	rm -rf build build-dev build-fuzz
