#include "CLibFuzzer.h"

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int recscope_fuzz_main(int argc, char **argv, recscope_fuzz_callback callback) {
    return LLVMFuzzerRunDriver(&argc, &argv, callback);
}
