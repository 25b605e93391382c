// atlas/bundle.h — merges one-file-per-study sources and a header into the bundle the page loads:
// deterministic order (newest year first, then id), minified, with counts and a content hash.
// Pure core: the CLI reads the files and passes their bytes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace atlas {

struct BundleSource {
    std::string name;   // file name, for messages
    std::string bytes;  // one study record (JSON object)
};

struct BundleResult {
    std::string bundle;                 // the atlas document; empty when the header was unusable
    std::vector<std::string> problems;  // "name: message" for sources that were left out
    size_t studies = 0;
};

BundleResult BuildBundle(std::string_view header_json, const std::vector<BundleSource>& sources,
                         std::string_view generator);

// FNV-1a 64 of `bytes` as "fnv1a64:<16 hex digits>": the bundle's content hash.
std::string ContentHash(std::string_view bytes);

}  // namespace atlas
