// Entry points for the fuzz executables.
//
// SwiftPM (tools version 5.5 and later) compiles every Swift executable module with
// `-entry-point-function-name <Module>_main` and links it with `--defsym main=<Module>_main`, so
// that tests can link executables. The fuzz targets are built with -parse-as-library and have no
// main of their own, so that symbol would be undefined. These functions provide it and hand
// control straight to libFuzzer's driver, exactly as libFuzzer's own main does
// (`return FuzzerDriver(&argc, &argv, LLVMFuzzerTestOneInput);`): libFuzzer still parses the
// command line and runs the fuzzing loop.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int FuzzSQL_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}

int FuzzMigrationFiles_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
