// The fuzz-xml-drivelog program. libFuzzer's own main() (linked in by -sanitize=fuzzer, see
// scripts/fuzz) runs it and calls LLVMFuzzerTestOneInput with each input; that function is
// Swift, in the library target FuzzXMLDriveLog. This C file is the executable's main module so that
// the product has no Swift main: SwiftPM renames a Swift executable's main and points `main`
// at it (to link executables into tests), which would clash with libFuzzer's main().
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
