#ifndef RECSCOPE_CLIBFUZZER_H
#define RECSCOPE_CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

/// One fuzz input: return 0 (libFuzzer's contract).
typedef int (*recscope_fuzz_callback)(const uint8_t *data, size_t size);

/// Runs libFuzzer's driver (LLVMFuzzerRunDriver, libFuzzer ≥ LLVM 12) with the process arguments.
/// SwiftPM gives every executable its own `main` (renamed `<Module>_main` and aliased), so the targets
/// start libFuzzer from Swift top-level code through this call instead of libFuzzer's own `main`.
int recscope_fuzz_main(int argc, char **argv, recscope_fuzz_callback callback);

#endif
