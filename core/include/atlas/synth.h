// atlas/synth.h — synthetic atlases for tests and benchmarks, never for readers.
// Deterministic for a given seed; realistic in sizes (about 2.6 KB of JSON per study) and
// distributions; the header says "synthetic": true and every title starts with "[Synthetic]".
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace atlas {

struct SynthOptions {
    size_t count = 100;
    uint64_t seed = 1;
};

// Appends a complete, minified atlas document (format v1) to `out`.
void SynthesizeAtlas(const SynthOptions& options, std::string& out);

}  // namespace atlas
