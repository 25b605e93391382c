// scanner.h — the loader's scanner (internal to core/src): one JSON value (a study, a header field)
// from bytes to a flat tape of nodes, with JSON's grammar, UTF-8 and the caps checked as it scans and
// the same cap messages and paths the replaced per-study DOM gave. A file of its own because it is
// the hot loop of loading: the page builds it -O3 (core/CMakeLists.txt), the checks around it -Oz.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/load.h"

namespace atlas {
namespace detail {

// A string as a message quotes it: escaped, cut to 80 bytes between characters.
std::string Quoted(std::string_view s);

enum class Kind : uint8_t { Null, False, True, Unsigned, Signed, Float, String, Array, Object };

// One value. An object's members follow it as key (a String node), value, key, value...; an array's
// items follow it; `next` is the node after the value and everything inside it.
struct Node {
    Kind kind = Kind::Null;
    uint32_t count = 0;               // Array, Object: items or members
    uint32_t next = 0;
    uint32_t offset = 0, length = 0;  // String: its decoded bytes in Tape::text
    union { uint64_t u; int64_t i; double d; } number{};
};

struct Tape {
    std::vector<Node> nodes;
    std::string text;                 // every decoded string, keys included
    std::string error, error_path;    // the first cap broken (then the nodes stop), or empty
    std::string id;                   // a root object's "id" string, when one was read before the error
    bool has_id = false;
    // Where a root object's first key began (its '"'), as a document offset, line and column; else npos.
    size_t first_key = std::string::npos, first_key_line = 0, first_key_column = 0;

    void Clear() {
        nodes.clear();
        text.clear();
        error.clear();
        error_path.clear();
        id.clear();
        has_id = false;
        first_key = std::string::npos;
    }
    std::string_view Str(uint32_t n) const { return std::string_view(text.data() + nodes[n].offset, nodes[n].length); }
};

// What a scan of one value ended with.
enum class Scan { Done, More, Wrong };

// Where the document is, for messages of an unusable file: lines, and characters since the line began
// (bytes less UTF-8 continuation bytes), counted as the scanner passes them.
struct Place {
    size_t line = 1, line_start = 0;       // document offset where the line began
    size_t continuation = 0, continuation_at_line_start = 0;
    size_t Column(size_t offset, size_t continuation_before) const {
        return 1 + (offset - line_start) - (continuation_before - continuation_at_line_start);
    }
};

// Scans one JSON value into a Tape, checking everything nlohmann's parser would and the caps the old
// per-study DOM enforced, with the same messages and paths. `base_path` names the value.
class Scanner {
public:
    explicit Scanner(const LoadLimits& limits);
    ~Scanner();
    // `begin` is document offset `origin`; `final`: no byte comes after `end`. Done: `stop` is after
    // the value; More: the value goes on past `end`; Wrong: the document is broken (not JSON, or
    // invalid UTF-8, or a number beyond a double).
    Scan Value(const char* begin, const char* end, size_t origin, bool final, std::string_view base_path, Tape& tape,
               Place& place, const char*& stop);

private:
    std::unique_ptr<class ScannerImpl> impl_;
};

}  // namespace detail
}  // namespace atlas
