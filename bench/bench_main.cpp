// The one main() of shrike_bench; every bench/*_bench.cpp only registers
// benchmarks with BENCHMARK().
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
