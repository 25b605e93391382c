// load.cpp — streaming, validating loader for atlas format v1.
//
// A scanner made for this one document shape reads the bytes once: the top level of the document by a
// small state machine, each study (and each header field) whole into a flat tape of nodes, with the caps
// enforced while it scans, then the study is checked field by field from the table of the record
// (model.h kStudyFields) and copied into the model. Nothing is built per study that is not kept.
// A file that cannot be used (not JSON, invalid UTF-8, truncated) is described in nlohmann's words, by
// the loader this one replaced: its byte scanner and nlohmann's parser are run, from the last study
// that began, only once something is found wrong. tests/reference/ keeps that old loader whole, and
// fuzz_load checks the two agree on every input.
//
// [SECTION] Messages: quoting, type names, what was found
// [SECTION] Tape: one JSON value as a flat list of nodes
// [SECTION] Scanner: bytes to tape, JSON's grammar, UTF-8 and the caps
// [SECTION] Reading: typed readers over the tape, with the path and what was expected
// [SECTION] Loader: studies into the model, the header, the finishing step
// [SECTION] Unusable files: the exact message, by the old byte scanner and nlohmann
// [SECTION] AtlasStreamLoader: chunks in, the document's top level, the same result as one chunk
#include "atlas/load.h"

#include "atlas/search_index.h"
#include "search/index_builder.h"
#include "text/text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <unordered_map>

namespace atlas {
namespace {

constexpr std::string_view kFormatName = "mecfs-atlas";
constexpr int kFormatVersion = 1;
// Format rules of the optional fields (data/FORMAT.md); the hostile-input caps are in LoadLimits.
constexpr size_t kMaxRelationNoteChars = 300;
constexpr int64_t kMaxParticipants = 100000000;
// Caps of the scanner itself, the same for every capture.
constexpr size_t kMaxKeyBytes = 256;
constexpr size_t kMaxItems = 100000;  // members of one object or items of one array

// [SECTION] Messages -------------------------------------------------------------------------

std::string Quoted(std::string_view s) {
    std::string out = "\"";
    std::string_view shown = s.size() > 80 ? text::CutAtCharacter(s, 77) : s;
    for (unsigned char c : shown) {
        if (c == '"' || c == '\\') { out += '\\'; out += (char)c; }
        else if (c < 0x20) { char buf[8]; std::snprintf(buf, sizeof buf, "\\u%04x", c); out += buf; }
        else out += (char)c;
    }
    if (shown.size() < s.size()) out += "...";
    return out + "\"";
}

bool IsCategoryId(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    return true;
}

bool IsIdentifier(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
        if (!ok) return false;
    }
    return true;
}

// [SECTION] Tape -----------------------------------------------------------------------------

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
    std::string_view Str(uint32_t n) const { return std::string_view(text).substr(nodes[n].offset, nodes[n].length); }
};

// [SECTION] Scanner --------------------------------------------------------------------------

// What a scan of one value ended with.
enum class Scan { Done, More, Wrong };

// Eight bytes at a time: is any of them '"', '\\', a control character or not ASCII?
inline uint64_t SpecialBytes(uint64_t v) {
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    uint64_t quote = v ^ (kOnes * '"'), slash = v ^ (kOnes * '\\');
    uint64_t zero_quote = (quote - kOnes) & ~quote, zero_slash = (slash - kOnes) & ~slash;
    uint64_t control = v - kOnes * 0x20;
    return (zero_quote | zero_slash | control | v) & kHigh;
}

// Where the document is, for messages of an unusable file: lines, and characters since the line began
// (bytes less UTF-8 continuation bytes), counted as the scanner passes them.
struct Place {
    size_t line = 1, line_start = 0;       // document offset where the line began
    size_t continuation = 0, continuation_at_line_start = 0;
    size_t Column(size_t offset, size_t continuation_before) const {
        return 1 + (offset - line_start) - (continuation_before - continuation_at_line_start);
    }
};

// Scans one JSON value from `p` into a Tape, checking everything nlohmann's parser would and the caps
// the old per-study DOM enforced, with the same messages and paths. `base_path` names the value.
class Scanner {
public:
    Scanner(const LoadLimits& limits) : limits_(limits) {}

    // `begin` is document offset `origin`; `final`: no byte comes after `end`.
    Scan Value(const char* begin, const char* end, size_t origin, bool final, std::string_view base_path, Tape& tape,
               Place& place, const char*& stop) {
        begin_ = begin;
        end_ = end;
        origin_ = origin;
        final_ = final;
        tape_ = &tape;
        place_ = &place;
        base_path_ = base_path;
        tape.Clear();
        stack_.clear();
        text_bytes_ = 0;
        failed_ = false;
        const char* p = begin;
        Scan result = Run(p);
        if (tape.nodes.empty()) Push(Kind::Null);  // a cap broken before the value was stored: null, as the old DOM had it
        stop = p;
        return result;
    }

private:
    struct Open {
        bool object = false;
        uint32_t node = 0;           // in the tape (not when failed)
        size_t items = 0;            // members or items so far
        uint32_t key_offset = 0, key_length = 0;  // the member being read (path, "id")
        bool key_set = false;
        std::unique_ptr<std::unordered_map<std::string, size_t>> keys;  // for a duplicate check past 32 members
    };

    const char* begin_ = nullptr;
    const char* end_ = nullptr;
    size_t origin_ = 0;
    bool final_ = false;
    Tape* tape_ = nullptr;
    Place* place_ = nullptr;
    std::string_view base_path_;
    const LoadLimits& limits_;
    std::vector<Open> stack_;
    size_t text_bytes_ = 0;
    bool failed_ = false;

    Scan End() { return final_ ? Scan::Wrong : Scan::More; }

    void Fail(std::string message) {
        if (!failed_) {
            failed_ = true;
            tape_->error = std::move(message);
            tape_->error_path = CurrentPath();
        }
    }
    // Outer arrays name the item being read; the innermost names the item about to be added.
    std::string CurrentPath() const {
        std::string path(base_path_);
        for (size_t i = 0; i < stack_.size(); ++i) {
            const Open& o = stack_[i];
            bool innermost = i + 1 == stack_.size();
            if (!o.object) path += "[" + std::to_string(innermost ? o.items : o.items - 1) + "]";
            else if (o.key_set && o.key_length) path += "." + std::string(tape_->text, o.key_offset, o.key_length);
        }
        return path;
    }

    // A new value begins in the innermost container (the old DOM's "slot"): false once a cap is broken.
    bool Slot() {
        if (failed_) return false;
        if (stack_.empty()) return true;
        Open& o = stack_.back();
        if (o.items >= kMaxItems) {
            Fail("more than " + std::to_string(kMaxItems) + " items");
            return false;
        }
        ++o.items;
        tape_->nodes[o.node].count++;
        return true;
    }
    uint32_t Push(Kind kind) {
        tape_->nodes.emplace_back();
        tape_->nodes.back().kind = kind;
        tape_->nodes.back().next = (uint32_t)tape_->nodes.size();
        return (uint32_t)tape_->nodes.size() - 1;
    }

    static bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
    void SkipSpace(const char*& p) {
        while (p < end_ && IsSpace(*p)) {
            if (*p == '\n') {
                place_->line++;
                place_->line_start = origin_ + (size_t)(p - begin_) + 1;
                place_->continuation_at_line_start = place_->continuation;
            }
            ++p;
        }
    }

    // A string from after its opening quote; appends its decoded bytes to `out` (only while `keep`)
    // and counts them. Leaves p after the closing quote.
    Scan String(const char*& p, std::string& out, bool keep, size_t& length) {
        length = 0;
        for (;;) {
            const char* run = p;
            while (end_ - p >= 8) {
                uint64_t v;
                std::memcpy(&v, p, 8);
                uint64_t special = SpecialBytes(v);
                if (special) { p += __builtin_ctzll(special) >> 3; break; }
                p += 8;
            }
            while (p < end_ && (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x80 && *p != '"' && *p != '\\') ++p;
            if (keep) out.append(run, (size_t)(p - run));
            length += (size_t)(p - run);
            if (p >= end_) return End();
            unsigned char c = (unsigned char)*p;
            if (c == '"') { ++p; return Scan::Done; }
            if (c < 0x20) return Scan::Wrong;
            if (c >= 0x80) {
                int n = 1;
                uint32_t cp = text::DecodeUtf8((const unsigned char*)p, (const unsigned char*)end_, n);
                if (!text::IsDecoded(cp, n)) {
                    // A sequence cut by the end of what has arrived may be whole once the rest comes.
                    if (!final_ && end_ - p < 4 && Prefix((const unsigned char*)p, (size_t)(end_ - p))) return Scan::More;
                    return Scan::Wrong;
                }
                if (keep) out.append(p, (size_t)n);
                length += (size_t)n;
                place_->continuation += (size_t)n - 1;
                p += n;
                continue;
            }
            // An escape.
            if (end_ - p < 2) return End();
            char e = p[1];
            char plain = 0;
            switch (e) {
            case '"': plain = '"'; break;
            case '\\': plain = '\\'; break;
            case '/': plain = '/'; break;
            case 'b': plain = '\b'; break;
            case 'f': plain = '\f'; break;
            case 'n': plain = '\n'; break;
            case 'r': plain = '\r'; break;
            case 't': plain = '\t'; break;
            case 'u': break;
            default: return Scan::Wrong;
            }
            if (plain) {
                if (keep) out += plain;
                ++length;
                p += 2;
                continue;
            }
            uint32_t cp = 0;
            int used = Hex4(p + 2, cp);
            if (used <= 0) return used == 0 ? End() : Scan::Wrong;
            p += 6;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return Scan::Wrong;  // a low surrogate first
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (end_ - p < 2) return End();
                if (p[0] != '\\' || p[1] != 'u') return Scan::Wrong;
                uint32_t low = 0;
                used = Hex4(p + 2, low);
                if (used <= 0) return used == 0 ? End() : Scan::Wrong;
                if (low < 0xDC00 || low > 0xDFFF) return Scan::Wrong;
                p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            size_t before = out.size();
            if (keep) text::AppendUtf8(out, cp);
            length += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            (void)before;
        }
    }
    // Four hex digits at p: 4 when read, 0 when the input ends first, -1 when not hex.
    int Hex4(const char* p, uint32_t& cp) {
        for (int i = 0; i < 4; ++i) {
            if (p + i >= end_) return 0;
            char c = p[i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) return -1;
            cp = cp << 4 | (uint32_t)d;
        }
        return 4;
    }
    // Could these bytes begin a valid UTF-8 character?
    static bool Prefix(const unsigned char* p, size_t n) {
        unsigned char c = p[0];
        int need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
        if (need < 0 || (size_t)need < n) return false;
        for (size_t i = 1; i < n; ++i) {
            unsigned char lo = 0x80, hi = 0xBF;
            if (i == 1) {
                if (c == 0xE0) lo = 0xA0;
                else if (c == 0xED) hi = 0x9F;
                else if (c == 0xF0) lo = 0x90;
                else if (c == 0xF4) hi = 0x8F;
            }
            if (p[i] < lo || p[i] > hi) return false;
        }
        return true;
    }

    // A number, as nlohmann reads it: an integer when written without fraction or exponent and it
    // fits 64 bits (unsigned without a sign), else a double (strtod); beyond a double it is an error.
    Scan Number(const char*& p, Node& node) {
        const char* start = p;
        const char* q = p;
        bool negative = q < end_ && *q == '-';
        if (negative) ++q;
        if (q >= end_) return End();
        if (*q == '0') ++q;
        else if (*q >= '1' && *q <= '9') while (q < end_ && *q >= '0' && *q <= '9') ++q;
        else return Scan::Wrong;
        bool is_float = false;
        if (q < end_ && *q == '.') {
            is_float = true;
            ++q;
            if (q >= end_) return End();
            if (*q < '0' || *q > '9') return Scan::Wrong;
            while (q < end_ && *q >= '0' && *q <= '9') ++q;
        }
        if (q < end_ && (*q == 'e' || *q == 'E')) {
            is_float = true;
            ++q;
            if (q < end_ && (*q == '+' || *q == '-')) ++q;
            if (q >= end_) return End();
            if (*q < '0' || *q > '9') return Scan::Wrong;
            while (q < end_ && *q >= '0' && *q <= '9') ++q;
        }
        if (q >= end_ && !final_) return Scan::More;  // more digits may follow
        p = q;
        if (!is_float) {
            const char* d = start + (negative ? 1 : 0);
            uint64_t v = 0;
            bool overflow = false;
            for (; d < q; ++d) {
                uint64_t digit = (uint64_t)(*d - '0');
                if (v > (UINT64_MAX - digit) / 10) { overflow = true; break; }
                v = v * 10 + digit;
            }
            if (!overflow && !negative) {
                node.kind = Kind::Unsigned;
                node.number.u = v;
                return Scan::Done;
            }
            if (!overflow && v <= (uint64_t)INT64_MAX + 1) {
                node.kind = Kind::Signed;
                node.number.i = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
                return Scan::Done;
            }
        }
        char small[64];
        std::string large;
        size_t n = (size_t)(q - start);
        const char* z;
        if (n < sizeof small) {
            std::memcpy(small, start, n);
            small[n] = 0;
            z = small;
        } else {
            large.assign(start, n);
            z = large.c_str();
        }
        double d = std::strtod(z, nullptr);
        if (!std::isfinite(d)) return Scan::Wrong;  // nlohmann: "number overflow"
        node.kind = Kind::Float;
        node.number.d = d;
        return Scan::Done;
    }

    Scan Literal(const char*& p, std::string_view word) {
        size_t have = std::min((size_t)(end_ - p), word.size());
        if (std::memcmp(p, word.data(), have) != 0) return Scan::Wrong;
        if (have < word.size()) return End();
        p += word.size();
        return Scan::Done;
    }

    // A key; checks its caps and whether the object already has it.
    Scan Key(const char*& p) {
        Open& o = stack_.back();
        o.key_set = false;
        uint32_t offset = (uint32_t)tape_->text.size();
        size_t length = 0;
        Scan s = String(p, tape_->text, !failed_, length);
        if (s != Scan::Done) return s;
        if (failed_) return Scan::Done;
        if (length > kMaxKeyBytes) {
            tape_->text.resize(offset);
            Fail("object key longer than " + std::to_string(kMaxKeyBytes) + " bytes");
            return Scan::Done;
        }
        if ((text_bytes_ += length) > limits_.max_record_bytes) {
            Fail("record holds more than " + std::to_string(limits_.max_record_bytes) + " bytes of text");
            return Scan::Done;
        }
        std::string_view key(tape_->text.data() + offset, length);
        bool duplicate = false;
        if (o.keys) {
            duplicate = !o.keys->emplace(key, 0).second;
        } else {
            // Earlier keys of this object: walk its members.
            uint32_t k = o.node + 1;
            for (size_t m = 0; m < o.items; ++m) {
                if (tape_->Str(k) == key) { duplicate = true; break; }
                k = tape_->nodes[k + 1].next;
            }
            if (!duplicate && o.items >= 32) {
                o.keys.reset(new std::unordered_map<std::string, size_t>());
                uint32_t j = o.node + 1;
                for (size_t m = 0; m < o.items; ++m) {
                    o.keys->emplace(tape_->Str(j), 0);
                    j = tape_->nodes[j + 1].next;
                }
                o.keys->emplace(key, 0);
            }
        }
        o.key_offset = offset;
        o.key_length = (uint32_t)length;
        o.key_set = true;
        if (duplicate) {
            Fail("duplicate key " + Quoted(key));
            return Scan::Done;
        }
        uint32_t n = Push(Kind::String);
        tape_->nodes[n].offset = offset;
        tape_->nodes[n].length = (uint32_t)length;
        return Scan::Done;
    }

    // The value at p (p at its first byte).
    Scan Scalar(const char*& p) {
        char c = *p;
        if (c == '"') {
            ++p;
            uint32_t offset = (uint32_t)tape_->text.size();
            size_t length = 0;
            Scan s = String(p, tape_->text, !failed_, length);
            if (s != Scan::Done) return s;
            if (failed_) return Scan::Done;
            if (length > limits_.max_string_bytes) {
                tape_->text.resize(offset);
                Fail("expected at most " + std::to_string(limits_.max_string_bytes) + " bytes of text, got " +
                     std::to_string(length));
                return Scan::Done;
            }
            if ((text_bytes_ += length) > limits_.max_record_bytes) {
                Fail("record holds more than " + std::to_string(limits_.max_record_bytes) + " bytes of text");
                return Scan::Done;
            }
            if (!Slot()) return Scan::Done;
            uint32_t n = Push(Kind::String);
            tape_->nodes[n].offset = offset;
            tape_->nodes[n].length = (uint32_t)length;
            if (stack_.size() == 1 && stack_[0].object && stack_[0].key_length == 2 &&
                tape_->text.compare(stack_[0].key_offset, 2, "id") == 0) {
                tape_->id.assign(tape_->text, offset, length);
                tape_->has_id = true;
            }
            return Scan::Done;
        }
        Node node;
        Scan s;
        if (c == 't') { s = Literal(p, "true"); node.kind = Kind::True; }
        else if (c == 'f') { s = Literal(p, "false"); node.kind = Kind::False; }
        else if (c == 'n') { s = Literal(p, "null"); node.kind = Kind::Null; }
        else if (c == '-' || (c >= '0' && c <= '9')) s = Number(p, node);
        else return Scan::Wrong;
        if (s != Scan::Done) return s;
        if (Slot()) {
            uint32_t n = Push(node.kind);
            tape_->nodes[n].number = node.number;
        }
        return Scan::Done;
    }

    Scan Run(const char*& p) {
        // Expecting: a value (after '[', ',' in an array, ':' or at the start), or what follows one.
        enum { kValue, kAfterValue, kKeyOrClose, kKey, kItemOrClose } want = kValue;
        for (;;) {
            SkipSpace(p);
            if (p >= end_) return End();
            char c = *p;
            switch (want) {
            case kKeyOrClose:
            case kKey:
                if (c == '}' && want == kKeyOrClose) { want = kAfterValue; goto close; }
                if (c != '"') return Scan::Wrong;
                if (stack_.size() == 1 && stack_[0].object && want == kKeyOrClose) {
                    size_t at = origin_ + (size_t)(p - begin_);
                    tape_->first_key = at;
                    tape_->first_key_line = place_->line;
                    tape_->first_key_column = place_->Column(at, place_->continuation);
                }
                ++p;
                {
                    Scan s = Key(p);
                    if (s != Scan::Done) return s;
                }
                SkipSpace(p);
                if (p >= end_) return End();
                if (*p != ':') return Scan::Wrong;
                ++p;
                want = kValue;
                continue;
            case kItemOrClose:
                if (c == ']') { want = kAfterValue; goto close; }
                [[fallthrough]];
            case kValue:
                if (c == '{' || c == '[') {
                    bool object = c == '{';
                    ++p;
                    if (!failed_ && stack_.size() >= limits_.max_depth)
                        Fail("nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
                    uint32_t node = 0;
                    if (Slot()) node = Push(object ? Kind::Object : Kind::Array);
                    stack_.emplace_back();
                    stack_.back().object = object;
                    stack_.back().node = node;
                    want = object ? kKeyOrClose : kItemOrClose;
                    continue;
                }
                {
                    Scan s = Scalar(p);
                    if (s != Scan::Done) return s;
                }
                if (stack_.empty()) return Scan::Done;
                want = kAfterValue;
                continue;
            case kAfterValue:
                if (c == ',') {
                    ++p;
                    want = stack_.back().object ? kKey : kValue;
                    continue;
                }
                if (c == (stack_.back().object ? '}' : ']')) goto close;
                return Scan::Wrong;
            }
        close:
            ++p;
            if (!failed_) tape_->nodes[stack_.back().node].next = (uint32_t)tape_->nodes.size();
            stack_.pop_back();
            if (stack_.empty()) return Scan::Done;
            want = kAfterValue;
        }
    }
};

// [SECTION] Reading --------------------------------------------------------------------------

constexpr uint32_t kNone = 0xFFFFFFFFu;

std::string TypeName(const Tape& t, uint32_t n) {
    switch (t.nodes[n].kind) {
    case Kind::Null: return "null";
    case Kind::False: case Kind::True: return "a boolean";
    case Kind::Unsigned: case Kind::Signed: case Kind::Float: return "a number";
    case Kind::String: return "a string";
    case Kind::Array: return "an array";
    case Kind::Object: return "an object";
    }
    return "an unsupported value";
}

// What was found, for messages: strings quoted, numbers as nlohmann writes them, containers by type.
std::string Found(const Tape& t, uint32_t n) {
    const Node& node = t.nodes[n];
    switch (node.kind) {
    case Kind::String: return Quoted(t.Str(n));
    case Kind::Null: return "null";
    case Kind::False: return "false";
    case Kind::True: return "true";
    case Kind::Unsigned: return std::to_string(node.number.u);
    case Kind::Signed: return std::to_string(node.number.i);
    case Kind::Float: return nlohmann::ordered_json(node.number.d).dump();  // the page's JSON writer (shared code)
    default: return TypeName(t, n);
    }
}

bool IsInteger(const Node& n) { return n.kind == Kind::Unsigned || n.kind == Kind::Signed; }
int64_t AsInt64(const Node& n) { return n.kind == Kind::Unsigned ? (int64_t)n.number.u : n.number.i; }
double AsDouble(const Node& n) {
    return n.kind == Kind::Unsigned ? (double)n.number.u : n.kind == Kind::Signed ? (double)n.number.i : n.number.d;
}

// The member `key` of object node `obj`, or kNone.
uint32_t Member(const Tape& t, uint32_t obj, std::string_view key) {
    uint32_t k = obj + 1;
    for (uint32_t m = 0; m < t.nodes[obj].count; ++m) {
        if (t.Str(k) == key) return k + 1;
        k = t.nodes[k + 1].next;
    }
    return kNone;
}

// An object's key nodes, in byte order of the keys (as a std::map iterates them).
std::vector<uint32_t> SortedKeys(const Tape& t, uint32_t obj) {
    std::vector<uint32_t> keys;
    keys.reserve(t.nodes[obj].count);
    for (uint32_t k = obj + 1, m = 0; m < t.nodes[obj].count; ++m, k = t.nodes[k + 1].next) keys.push_back(k);
    std::sort(keys.begin(), keys.end(), [&](uint32_t a, uint32_t b) { return t.Str(a) < t.Str(b); });
    return keys;
}

class Loader;

class RecordReader {
public:
    RecordReader(Loader& loader, const Tape& tape, std::string base, std::string name, bool silent = false)
        : tape_(tape), loader_(loader), base_(std::move(base)), name_(std::move(name)), silent_(silent) {}

    bool ok() const { return ok_; }
    void Error(const std::string& field, std::string message);
    void Warn(const std::string& field, std::string message);
    std::string PathOf(const std::string& field) const {
        if (field.empty()) return base_;
        return base_.empty() ? field : base_ + "." + field;
    }

    // The member, or kNone when absent (an optional null counts as absent); says so when required.
    uint32_t Field(uint32_t obj, const std::string& path, std::string_view key, bool required) {
        uint32_t v = obj == kNone ? kNone : Member(tape_, obj, key);
        if (v == kNone || (!required && tape_.nodes[v].kind == Kind::Null)) {
            if (required) Error(path, "missing required field");
            return kNone;
        }
        return v;
    }
    // A string field; `max_bytes` 0 means the scanner's cap (already enforced).
    bool String(uint32_t obj, const std::string& path, std::string_view key, bool required, std::string_view& out,
                size_t max_bytes = 0, bool allow_empty = true) {
        uint32_t v = Field(obj, path, key, required);
        if (v == kNone) return false;
        if (tape_.nodes[v].kind != Kind::String) { Error(path, "expected a string, got " + TypeName(tape_, v)); return false; }
        std::string_view s = tape_.Str(v);
        if (max_bytes && s.size() > max_bytes) {
            Error(path, "expected at most " + std::to_string(max_bytes) + " bytes of text, got " + std::to_string(s.size()));
            return false;
        }
        if (!allow_empty && s.empty()) { Error(path, "expected a non-empty string"); return false; }
        out = s;
        return true;
    }
    bool StringList(uint32_t obj, const std::string& path, std::string_view key, bool required, size_t max_items,
                    std::vector<std::string_view>& out) {
        out.clear();
        uint32_t v = Field(obj, path, key, required);
        if (v == kNone) return false;
        if (tape_.nodes[v].kind != Kind::Array) { Error(path, "expected an array of strings, got " + TypeName(tape_, v)); return false; }
        if (tape_.nodes[v].count > max_items) {
            Error(path, "expected at most " + std::to_string(max_items) + " items, got " + std::to_string(tape_.nodes[v].count));
            return false;
        }
        uint32_t item = v + 1;
        for (uint32_t i = 0; i < tape_.nodes[v].count; ++i, item = tape_.nodes[item].next) {
            if (tape_.nodes[item].kind != Kind::String) {
                Error(path + "[" + std::to_string(i) + "]", "expected a string, got " + TypeName(tape_, item));
                return false;
            }
            out.push_back(tape_.Str(item));
        }
        return true;
    }
    bool Code(uint32_t obj, const std::string& path, std::string_view key, CodeSet set, int& out, bool required = true) {
        std::string_view s;
        if (!String(obj, path, key, required, s)) return false;
        if (!ParseCode(set, s, out)) { Error(path, "expected one of " + ExpectedCodes(set) + ", got " + Quoted(s)); return false; }
        return true;
    }
    bool Integer(uint32_t obj, const std::string& path, std::string_view key, bool required, int64_t min, int64_t max,
                 int64_t& out) {
        uint32_t v = Field(obj, path, key, required);
        if (v == kNone) return false;
        const Node& n = tape_.nodes[v];
        if (!IsInteger(n) || AsInt64(n) < min || AsInt64(n) > max) {
            Error(path, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", got " + Found(tape_, v));
            return false;
        }
        out = AsInt64(n);
        return true;
    }
    // Fields of object `obj` not among `known`: a warning each, in key order. `prefix` names the
    // object inside the record: "" for the record itself, "sections." inside it.
    void WarnUnknown(uint32_t obj, const std::string& prefix, bool (*known)(std::string_view), const char* what = "unknown field") {
        for (uint32_t k : SortedKeys(tape_, obj))
            if (!known(tape_.Str(k))) Warn(prefix + std::string(tape_.Str(k)), std::string(what) + ", kept out of the model");
    }
    // Identifiers shared by the record and its relations' targets.
    void CheckId(const std::string& path, std::string_view s) {
        if (!IsIdentifier(s)) Error(path, "expected 1-64 characters of a-z, 0-9 and '-', not starting with '-', got " + Quoted(s));
    }
    void CheckPmid(const std::string& path, std::string_view s) {
        if (s.size() > 9 || !text::AllDigits(s)) Error(path, "expected a PMID of 1 to 9 digits, got " + Quoted(s));
    }
    void CheckDoi(const std::string& path, std::string_view s) {
        if (s.substr(0, 3) != "10." || s.find('/') == std::string_view::npos)
            Error(path, "expected a DOI like \"10.1234/abc\" without a URL prefix, got " + Quoted(s));
    }
    void CheckDate(const std::string& path, std::string_view s) {
        if (!text::IsDate(s)) Error(path, "expected a date YYYY-MM-DD, got " + Quoted(s));
    }

    const Tape& tape_;

private:
    Loader& loader_;
    std::string base_, name_;
    bool silent_;  // reads without a word (the header's preview while studies arrive)
    bool ok_ = true;
};

// [SECTION] Loader ---------------------------------------------------------------------------

// A study as read, before it is copied into the atlas: the strings are views of the tape.
struct StudyDraft {
    struct TextField { TextRef Study::*member; std::string_view value; };
    struct ListField { ListRef Study::*member; std::vector<std::string_view> items; };
    struct RelationDraft { Relation relation; std::string_view target, note; };
    std::string_view id, slug, pmid;
    std::vector<TextField> texts;
    std::vector<ListField> lists;          // reused: `used` of them are this study's
    size_t used = 0;
    std::vector<std::pair<std::string_view, std::vector<std::string_view>>> tags;  // category id -> labels
    size_t tags_used = 0;
    std::vector<RelationDraft> relations;
    bool has_population = false;
    Population population;
    std::string countries;                 // the codes run together
    Study study;

    void Clear() {
        id = slug = pmid = {};
        texts.clear();
        used = tags_used = 0;
        relations.clear();
        has_population = false;
        population = Population{};
        countries.clear();
        study = Study{};
    }
    std::vector<std::string_view>& NewList(ListRef Study::*member) {
        if (used == lists.size()) lists.emplace_back();
        lists[used].member = member;
        lists[used].items.clear();
        return lists[used++].items;
    }
    std::vector<std::string_view>& NewTags(std::string_view category) {
        if (tags_used == tags.size()) tags.emplace_back();
        tags[tags_used].first = category;
        tags[tags_used].second.clear();
        return tags[tags_used++].second;
    }
};

class Loader {
public:
    Loader(Atlas& atlas, const LoadLimits& limits, LoadReport& report) : atlas_(atlas), limits_(limits), report_(report) {}

    void Problem(Severity severity, std::string record, std::string path, std::string message) {
        (severity == Severity::Error ? report_.errors : report_.warnings)++;
        if (report_.problems.size() >= limits_.max_problems) { report_.problems_dropped++; return; }
        report_.problems.push_back({severity, std::move(record), std::move(path), std::move(message)});
    }
    bool Fatal(std::string message) {
        if (report_.fatal.empty()) report_.fatal = std::move(message);
        return false;
    }
    const std::string& FatalMessage() const { return report_.fatal; }

    // A header field, whole. Its cap error (if any) is reported with the header, at the end.
    void HeaderField(std::string key, Tape&& tape) {
        if (FindHeader(key)) {
            Problem(Severity::Error, "header", key, "duplicate key, the first value is used");
            return;
        }
        if (!tape.error.empty()) header_errors_.push_back({key, tape.error_path, tape.error});
        header_.push_back({std::move(key), std::move(tape)});
    }
    // The studies array begins: a format or version we cannot read, seen before it, stops the load now.
    bool BeginStudies() {
        if (const Tape* format = FindHeader("format"); format && (format->nodes[0].kind != Kind::String || format->Str(0) != kFormatName))
            return Fatal("\"format\" is " + Found(*format, 0) + ", expected \"mecfs-atlas\"");
        if (const Tape* version = FindHeader("format_version"); version && IsInteger(version->nodes[0]) && AsInt64(version->nodes[0]) != kFormatVersion)
            return Fatal(VersionMessage(*version));
        if (!saw_studies_) {
            PlanModel();
            ReadHeader(true);
        }
        saw_studies_ = true;
        return true;
    }
    void SetSizeHint(size_t bytes) { size_hint_ = bytes; }
    void AddStudy(const Tape& tape);
    bool Finish();
    SearchIndexBuilder& Index() { return index_; }
    size_t StudiesSeen() const { return study_index_; }
    size_t ExpectedStudies() const { return expected_studies_; }

private:
    struct HeaderError { std::string key, path, message; };
    struct HeaderValue { std::string key; Tape tape; };

    static std::string VersionMessage(const Tape& v) {
        return "unsupported format_version " + Found(v, 0) + ": this loader reads version " + std::to_string(kFormatVersion);
    }
    const Tape* FindHeader(std::string_view key) const {
        for (const HeaderValue& h : header_)
            if (h.key == key) return &h.tape;
        return nullptr;
    }
    bool HasHeaderError(const std::string& key) const {
        for (const HeaderError& e : header_errors_)
            if (e.key == key) return true;
        return false;
    }
    // Called when the studies begin. Without a study count, the text arena starts at half the
    // document (text cannot exceed the input); with one, Reserve() sizes it from the studies read.
    void PlanModel() {
        if (const Tape* counts = FindHeader("counts"); counts && counts->nodes[0].kind == Kind::Object) {
            uint32_t n = Member(*counts, 0, "studies");
            if (n != kNone && counts->nodes[n].kind == Kind::Unsigned && counts->nodes[n].number.u > 0)
                expected_studies_ = (size_t)std::min<uint64_t>(counts->nodes[n].number.u, limits_.max_studies);
        }
        if (!expected_studies_ && size_hint_) atlas_.text.reserve(size_hint_ / 2);
    }
    // Room for `more` items. Growing by doubling copies, and while it copies the old and the new
    // buffer coexist (in the browser the heap keeps that peak for good): up to three times the final
    // size. Knowing how many studies come, the buffer is sized once from the studies read so far,
    // with 10% to spare (should that prove short, it grows by a new estimate, not by doubling).
    // The count is believed only once it asks for at most 64 times what is there, so a header
    // that lies about it wastes little more than doubling would.
    template <typename Buffer>
    void Reserve(Buffer& buffer, size_t more) {
        size_t need = buffer.size() + more;
        if (need <= buffer.capacity()) return;
        size_t done = report_.loaded + 1, target = need * 2;
        if (expected_studies_ > done) {
            double estimate = (double)need / (double)done * (double)expected_studies_ * 1.1;
            if (estimate <= (double)need * 64) target = std::max(need + need / 16, (size_t)estimate);
        }
        buffer.reserve(target);
    }
    void ReadFields(RecordReader& r, uint32_t obj, const std::string& prefix, const FieldSpec* fields);
    void ReadTags(RecordReader& r, uint32_t value);
    void ReadRelations(RecordReader& r, uint32_t value);
    void ReadPopulation(RecordReader& r, uint32_t value);
    void ReadHeader(bool preview = false);

    TextRef Intern(std::string_view s) {
        TextRef ref{(uint32_t)atlas_.text.size(), (uint32_t)s.size()};
        atlas_.text.append(s);
        return ref;
    }
    ListRef InternList(const std::vector<std::string_view>& items) {
        ListRef ref{(uint32_t)atlas_.list_items.size(), (uint32_t)items.size()};
        for (std::string_view s : items) atlas_.list_items.push_back(Intern(s));
        return ref;
    }
    uint16_t CategoryIndex(std::string_view id) {
        auto [it, inserted] = category_index_.try_emplace(std::string(id), (uint16_t)atlas_.tag_categories.size());
        if (inserted) atlas_.tag_categories.push_back({std::string(id), std::string(id)});
        return it->second;
    }

    Atlas& atlas_;
    const LoadLimits& limits_;
    LoadReport& report_;
    std::vector<HeaderValue> header_;          // header fields in document order
    std::vector<HeaderError> header_errors_;
    bool saw_studies_ = false;
    size_t study_index_ = 0;
    size_t size_hint_ = 0;         // the document's size, when known
    size_t expected_studies_ = 0;  // the header's counts.studies, when it has a plausible one
    StudyDraft d_;
    struct IdUse { size_t document = 0; uint32_t model = 0; };  // studies[document], Atlas::studies[model]
    std::unordered_map<std::string, IdUse> ids_;
    std::unordered_map<std::string, size_t> slugs_, pmids_;
    std::unordered_map<std::string, uint32_t> tag_index_;       // "category\x1flabel" -> Atlas::tags
    std::unordered_map<std::string, uint16_t> category_index_;  // category id -> Atlas::tag_categories
    std::map<std::string, std::string> category_first_use_;  // id -> "record\x1fpath", sorted for stable output
    std::string tag_key_;
    SearchIndexBuilder index_;

    friend class RecordReader;
};

void RecordReader::Error(const std::string& field, std::string message) {
    ok_ = false;
    if (!silent_) loader_.Problem(Severity::Error, name_, PathOf(field), std::move(message));
}
void RecordReader::Warn(const std::string& field, std::string message) {
    if (!silent_) loader_.Problem(Severity::Warning, name_, PathOf(field), std::move(message));
}

bool IsKnown(const FieldSpec* fields, std::string_view key) {
    for (const FieldSpec* f = fields; !f->key.empty(); ++f)
        if (f->key == key) return true;
    return false;
}
const FieldSpec* SectionFields() {
    for (const FieldSpec* f = kStudyFields; !f->key.empty(); ++f)
        if (f->key == "sections") return f->members;
    return kStudyFields;
}

// The fields of `obj` by the table, in its order; `prefix` is "" for the record, "sections." inside.
void Loader::ReadFields(RecordReader& r, uint32_t obj, const std::string& prefix, const FieldSpec* fields) {
    StudyDraft& d = d_;
    Study& s = d.study;
    const Tape& t = r.tape_;
    for (const FieldSpec* f = fields; !f->key.empty(); ++f) {
        std::string path = prefix + std::string(f->key);
        std::string_view str;
        switch (f->kind) {
        case FieldKind::Id:
            if (r.String(obj, path, f->key, f->required, str)) {
                r.CheckId(path, str);
                d.texts.push_back({f->text, str});
                (f->text == &Study::id ? d.id : d.slug) = str;
            }
            break;
        case FieldKind::Text:
            if (r.String(obj, path, f->key, f->required, str)) d.texts.push_back({f->text, str});
            break;
        case FieldKind::Title:
            if (r.String(obj, path, f->key, f->required, str, limits_.max_title_bytes, !f->non_empty)) d.texts.push_back({f->text, str});
            break;
        case FieldKind::TextList: {
            size_t cap = f->list == &Study::authors ? limits_.max_authors : f->max_items ? f->max_items : limits_.max_list_items;
            std::vector<std::string_view>& items = d.NewList(f->list);
            if (!r.StringList(obj, path, f->key, f->required, cap, items)) --d.used;
            break;
        }
        case FieldKind::Year:
            if (uint32_t y = r.Field(obj, path, f->key, f->required); y != kNone) {
                const Node& n = t.nodes[y];
                if (!IsInteger(n) || AsInt64(n) < kMinYear || AsInt64(n) > kMaxYear)
                    r.Error(path, "expected an integer from " + std::to_string(kMinYear) + " to " + std::to_string(kMaxYear) +
                                      ", got " + Found(t, y));
                else s.year = (int16_t)AsInt64(n);
            }
            break;
        case FieldKind::Pmid:
            if (r.String(obj, path, f->key, f->required, str)) {
                r.CheckPmid(path, str);
                d.texts.push_back({f->text, str});
                d.pmid = str;
            }
            break;
        case FieldKind::Doi:
            if (r.String(obj, path, f->key, f->required, str)) {
                r.CheckDoi(path, str);
                d.texts.push_back({f->text, str});
            }
            break;
        case FieldKind::Date:
            if (r.String(obj, path, f->key, f->required, str)) {
                r.CheckDate(path, str);
                d.texts.push_back({f->text, str});
            }
            break;
        case FieldKind::Bool:
            if (uint32_t v = r.Field(obj, path, f->key, f->required); v != kNone) {
                Kind k = t.nodes[v].kind;
                if (k != Kind::True && k != Kind::False) r.Error(path, "expected true or false, got " + Found(t, v));
                else s.*(f->flag) = k == Kind::True;
            }
            break;
        case FieldKind::Code: {
            int v = 0;
            if (!r.Code(obj, path, f->key, f->codes, v, f->required)) break;
            switch (f->codes) {
            case CodeSet::Evidence: s.evidence = (EvidenceLevel)v; break;
            case CodeSet::Confidence: s.confidence = (Confidence)v; break;
            case CodeSet::Pem: s.pem = (PemCriterion)v; break;
            case CodeSet::PeerReview: s.peer_review = (PeerReview)v; break;
            case CodeSet::ReviewStatus: s.review_status = (ReviewStatus)v; break;
            case CodeSet::PublicationType: s.publication_type = (PublicationType)v; break;
            default: break;
            }
            break;
        }
        case FieldKind::CodeList: {
            std::vector<std::string_view> codes;
            if (!r.StringList(obj, path, f->key, f->required, f->max_items, codes)) break;
            for (size_t i = 0; i < codes.size(); ++i) {
                int bit = 0;
                if (!ParseCode(f->codes, codes[i], bit))
                    r.Error(path + "[" + std::to_string(i) + "]",
                            "expected one of " + ExpectedCodes(f->codes) + ", got " + Quoted(codes[i]));
                else s.case_definitions |= (uint16_t)(1u << bit);
            }
            break;
        }
        case FieldKind::Object:
            if (uint32_t v = r.Field(obj, path, f->key, f->required); v != kNone) {
                if (t.nodes[v].kind != Kind::Object) { r.Error(path, "expected an object, got " + TypeName(t, v)); break; }
                if (f->key == "sections")
                    r.WarnUnknown(v, path + ".", [](std::string_view k) { return IsKnown(SectionFields(), k); }, "unknown section");
                ReadFields(r, v, path + ".", f->members);
            }
            break;
        case FieldKind::Tags:
            if (uint32_t v = r.Field(obj, path, f->key, f->required); v != kNone) ReadTags(r, v);
            break;
        case FieldKind::Relations:
            if (uint32_t v = r.Field(obj, path, f->key, f->required); v != kNone) ReadRelations(r, v);
            break;
        case FieldKind::Population:
            if (uint32_t v = r.Field(obj, path, f->key, f->required); v != kNone) ReadPopulation(r, v);
            break;
        case FieldKind::Unread: break;
        }
    }
}

void Loader::ReadTags(RecordReader& r, uint32_t v) {
    const Tape& t = r.tape_;
    if (t.nodes[v].kind != Kind::Object) { r.Error("tags", "expected an object of tag lists, got " + TypeName(t, v)); return; }
    for (uint32_t k : SortedKeys(t, v)) {
        std::string_view category = t.Str(k);
        std::string path = "tags." + std::string(category);
        if (!IsCategoryId(category)) {
            r.Error(path, "expected a tag category id of a-z, 0-9, '-' and '_'");
            continue;
        }
        std::vector<std::string_view>& labels = d_.NewTags(category);
        if (!r.StringList(v, path, category, true, limits_.max_tags_per_category, labels)) --d_.tags_used;
    }
}

void Loader::ReadRelations(RecordReader& r, uint32_t rels) {
    const Tape& t = r.tape_;
    if (t.nodes[rels].kind != Kind::Array) { r.Error("relations", "expected an array of relations, got " + TypeName(t, rels)); return; }
    if (t.nodes[rels].count > limits_.max_relations) {
        r.Error("relations", "expected at most " + std::to_string(limits_.max_relations) + " items, got " +
                                 std::to_string(t.nodes[rels].count));
        return;
    }
    uint32_t item = rels + 1;
    for (uint32_t i = 0; i < t.nodes[rels].count; ++i, item = t.nodes[item].next) {
        std::string path = "relations[" + std::to_string(i) + "]";
        if (t.nodes[item].kind != Kind::Object) { r.Error(path, "expected an object, got " + TypeName(t, item)); continue; }
        r.WarnUnknown(item, path + ".", [](std::string_view k) {
            return k == "type" || k == "id" || k == "doi" || k == "pmid" || k == "note";
        });
        StudyDraft::RelationDraft rd;
        int type = 0;
        if (r.Code(item, path + ".type", "type", CodeSet::RelationType, type)) rd.relation.type = (RelationType)type;
        RelationTarget given[3];
        int count = 0;
        for (RelationTarget kind : {RelationTarget::Id, RelationTarget::Doi, RelationTarget::Pmid}) {
            uint32_t m = Member(t, item, RelationTargetKey(kind));
            if (m != kNone && t.nodes[m].kind != Kind::Null) given[count++] = kind;
        }
        if (count != 1) {
            std::string got = count == 0 ? "none" : "";
            for (int k = 0; k < count; ++k)
                got += (k == 0 ? "\"" : k + 1 == count ? " and \"" : ", \"") + std::string(RelationTargetKey(given[k])) + "\"";
            r.Error(path, "expected exactly one target, \"id\", \"doi\" or \"pmid\", got " + got);
            continue;
        }
        rd.relation.target_kind = given[0];
        std::string_view key = RelationTargetKey(given[0]);
        std::string target_path = path + "." + std::string(key);
        if (!r.String(item, target_path, key, true, rd.target)) continue;
        switch (given[0]) {
        case RelationTarget::Id: r.CheckId(target_path, rd.target); break;
        case RelationTarget::Doi: r.CheckDoi(target_path, rd.target); break;
        case RelationTarget::Pmid: r.CheckPmid(target_path, rd.target); break;
        }
        if (r.String(item, path + ".note", "note", false, rd.note)) {
            size_t chars = text::CountCharacters(rd.note);
            if (chars > kMaxRelationNoteChars)
                r.Error(path + ".note", "expected at most " + std::to_string(kMaxRelationNoteChars) + " characters, got " +
                                            std::to_string(chars));
        }
        d_.relations.push_back(rd);
    }
}

void Loader::ReadPopulation(RecordReader& r, uint32_t pop) {
    const Tape& t = r.tape_;
    if (t.nodes[pop].kind != Kind::Object) { r.Error("population", "expected an object, got " + TypeName(t, pop)); return; }
    Population& p = d_.population;
    d_.has_population = true;
    r.WarnUnknown(pop, "population.", [](std::string_view k) {
        return k == "n_patients" || k == "n_controls" || k == "severity" || k == "age_group" || k == "female_percent" ||
               k == "onset" || k == "countries";
    });
    int64_t n = 0;
    if (r.Integer(pop, "population.n_patients", "n_patients", false, 0, kMaxParticipants, n)) p.n_patients = (int32_t)n;
    if (r.Integer(pop, "population.n_controls", "n_controls", false, 0, kMaxParticipants, n)) p.n_controls = (int32_t)n;
    if (uint32_t f = r.Field(pop, "population.female_percent", "female_percent", false); f != kNone) {
        const Node& node = t.nodes[f];
        bool number = IsInteger(node) || node.kind == Kind::Float;
        if (!number || !(AsDouble(node) >= 0 && AsDouble(node) <= 100))
            r.Error("population.female_percent", "expected a number from 0 to 100, got " + Found(t, f));
        else p.female_percent = AsDouble(node);
    }
    int code = 0;
    if (r.Code(pop, "population.age_group", "age_group", CodeSet::AgeGroup, code, false)) p.age_group = (AgeGroup)code;
    if (r.Code(pop, "population.onset", "onset", CodeSet::Onset, code, false)) p.onset = (Onset)code;
    std::vector<std::string_view> items;
    if (r.StringList(pop, "population.severity", "severity", false, limits_.max_list_items, items)) {
        for (size_t i = 0; i < items.size(); ++i) {
            std::string path = "population.severity[" + std::to_string(i) + "]";
            int bit = 0;
            if (!ParseCode(CodeSet::Severity, items[i], bit))
                r.Error(path, "expected one of " + ExpectedCodes(CodeSet::Severity) + ", got " + Quoted(items[i]));
            else if (p.severity & (1u << bit)) r.Error(path, "duplicate value " + Quoted(items[i]));
            else p.severity |= (uint8_t)(1u << bit);
        }
    }
    if (r.StringList(pop, "population.countries", "countries", false, limits_.max_list_items, items)) {
        for (size_t i = 0; i < items.size(); ++i) {
            std::string path = "population.countries[" + std::to_string(i) + "]";
            bool duplicate = false;
            for (size_t k = 0; k + 1 < d_.countries.size(); k += 2) duplicate |= d_.countries.compare(k, 2, items[i]) == 0;
            if (!IsCountryCode(items[i]))
                r.Error(path, "expected an ISO 3166-1 alpha-2 country code such as \"GB\", got " + Quoted(items[i]));
            else if (duplicate) r.Error(path, "duplicate value " + Quoted(items[i]));
            else d_.countries.append(items[i]);
        }
    }
}

void Loader::AddStudy(const Tape& tape) {
    size_t index = study_index_++;
    if (index >= limits_.max_studies) {
        if (index == limits_.max_studies)
            Problem(Severity::Error, "#" + std::to_string(index), "studies",
                    "more than " + std::to_string(limits_.max_studies) + " studies: the rest are ignored");
        report_.rejected++;
        return;
    }
    std::string base = "studies[" + std::to_string(index) + "]";
    std::string name = tape.has_id && IsIdentifier(tape.id) ? tape.id : "#" + std::to_string(index);
    if (!tape.error.empty()) {
        Problem(Severity::Error, name, tape.error_path, tape.error);
        report_.rejected++;
        return;
    }
    RecordReader r(*this, tape, base, name);
    if (tape.nodes[0].kind != Kind::Object) {
        r.Error("", "expected a study object, got " + TypeName(tape, 0));
        report_.rejected++;
        return;
    }
    StudyDraft& d = d_;
    d.Clear();
    r.WarnUnknown(0, "", [](std::string_view k) { return IsKnown(kStudyFields, k); });
    ReadFields(r, 0, "", kStudyFields);

    if (r.ok()) {
        if (auto prior = ids_.find(std::string(d.id)); prior != ids_.end())
            r.Error("id", "duplicate id " + Quoted(d.id) + " (first used by studies[" + std::to_string(prior->second.document) + "])");
        else if (auto prior_slug = slugs_.find(std::string(d.slug)); prior_slug != slugs_.end())
            r.Error("slug", "duplicate slug " + Quoted(d.slug) + " (first used by studies[" + std::to_string(prior_slug->second) + "])");
    }
    if (!r.ok()) {
        report_.rejected++;
        return;
    }
    ids_.emplace(d.id, IdUse{index, (uint32_t)atlas_.studies.size()});
    slugs_.emplace(d.slug, index);
    // The same paper twice is legal JSON but almost always a mistake: say so, keep both.
    if (!d.pmid.empty()) {
        auto [prior, inserted] = pmids_.try_emplace(std::string(d.pmid), index);
        if (!inserted)
            r.Warn("pmid", "PMID " + std::string(d.pmid) + " is also used by studies[" + std::to_string(prior->second) + "]");
    }

    size_t text = d.countries.size(), items = 0, tag_count = 0;
    for (const StudyDraft::TextField& f : d.texts) text += f.value.size();
    for (size_t i = 0; i < d.used; ++i) {
        items += d.lists[i].items.size();
        for (std::string_view v : d.lists[i].items) text += v.size();
    }
    for (size_t i = 0; i < d.tags_used; ++i) tag_count += d.tags[i].second.size();
    for (const StudyDraft::RelationDraft& rd : d.relations) text += rd.target.size() + rd.note.size();
    Reserve(atlas_.text, text);
    Reserve(atlas_.list_items, items);
    Reserve(atlas_.study_tags, tag_count);
    Reserve(atlas_.studies, 1);
    atlas::Study& s = d.study;
    for (const StudyDraft::TextField& f : d.texts) s.*(f.member) = Intern(f.value);
    for (size_t i = 0; i < d.used; ++i) s.*(d.lists[i].member) = InternList(d.lists[i].items);
    s.tags.first = (uint32_t)atlas_.study_tags.size();
    for (size_t i = 0; i < d.tags_used; ++i) {
        std::string_view category = d.tags[i].first;
        uint16_t cat = CategoryIndex(category);
        if (category_first_use_.find(std::string(category)) == category_first_use_.end())
            category_first_use_.emplace(std::string(category), name + '\x1f' + base + ".tags." + std::string(category));
        for (std::string_view label : d.tags[i].second) {
            tag_key_.assign(category);
            tag_key_ += '\x1f';
            tag_key_.append(label);
            auto [it, inserted] = tag_index_.try_emplace(tag_key_, (uint32_t)atlas_.tags.size());
            if (inserted) atlas_.tags.push_back({cat, std::string(label)});
            atlas_.study_tags.push_back(it->second);
        }
    }
    s.tags.count = (uint32_t)atlas_.study_tags.size() - s.tags.first;
    s.relations = {(uint32_t)atlas_.relations.size(), (uint32_t)d.relations.size()};
    for (StudyDraft::RelationDraft& rd : d.relations) {
        rd.relation.target = Intern(rd.target);
        rd.relation.note = Intern(rd.note);
        atlas_.relations.push_back(rd.relation);
    }
    if (d.has_population) {
        d.population.countries = Intern(d.countries);
        s.population = (uint32_t)atlas_.populations.size();
        atlas_.populations.push_back(d.population);
    }
    atlas_.studies.push_back(s);
    report_.loaded++;
    index_.Add(atlas_);  // its words counted now, while the rest of the atlas is still arriving
}

// `preview`: when the studies begin, the header read so far, without a word: its title, evidence level
// texts and declared tag categories (in their order) serve a search over what has arrived. The whole
// header is read again, with its problems, at the end.
void Loader::ReadHeader(bool preview) {
    AtlasHeader& h = atlas_.header;
    static constexpr std::string_view kKnown[] = {
        "format", "format_version", "title", "generated", "source", "license", "generator", "policy_version",
        "synthetic", "contribute_url", "about_url", "tag_categories", "evidence_levels", "counts", "content_hash"};
    if (!preview)
        for (const HeaderError& e : header_errors_) Problem(Severity::Error, "header", e.path, e.message);
    // The header as one object, in a tape of its own: each usable field's value under its key.
    Tape header;
    header.nodes.push_back(Node{Kind::Object});
    for (const HeaderValue& field : header_) {
        if (HasHeaderError(field.key)) continue;
        if (std::find(std::begin(kKnown), std::end(kKnown), field.key) == std::end(kKnown)) {
            if (!preview) Problem(Severity::Warning, "header", field.key, "unknown field, kept out of the model");
            continue;
        }
        uint32_t key = (uint32_t)header.nodes.size();
        header.nodes.push_back(Node{Kind::String});
        header.nodes[key].offset = (uint32_t)header.text.size();
        header.nodes[key].length = (uint32_t)field.key.size();
        header.nodes[key].next = key + 1;
        header.text += field.key;
        uint32_t shift = (uint32_t)header.nodes.size(), text_shift = (uint32_t)header.text.size();
        for (Node n : field.tape.nodes) {
            n.next += shift;
            if (n.kind == Kind::String) n.offset += text_shift;
            header.nodes.push_back(n);
        }
        header.text += field.tape.text;
        header.nodes[0].count++;
    }
    header.nodes[0].next = (uint32_t)header.nodes.size();
    RecordReader r(*this, header, "", "header", preview);
    std::string_view text;
    h.format_version = kFormatVersion;
    if (r.String(0, "title", "title", true, text, limits_.max_title_bytes)) h.title = text;
    else h.title = "Untitled atlas";
    if (r.String(0, "generated", "generated", true, text)) {
        if (!text::IsDate(text)) r.Error("generated", "expected a date YYYY-MM-DD, got " + Quoted(text));
        else h.generated = text;
    }
    if (r.String(0, "source", "source", false, text)) h.source = text;
    if (r.String(0, "license", "license", false, text)) h.license = text;
    if (r.String(0, "generator", "generator", false, text)) h.generator = text;
    if (r.String(0, "policy_version", "policy_version", false, text)) h.policy_version = text;
    if (r.String(0, "content_hash", "content_hash", false, text)) h.content_hash = text;
    for (const char* key : {"contribute_url", "about_url"}) {
        if (!r.String(0, key, key, false, text)) continue;
        bool safe = text.rfind("https://", 0) == 0 || text.rfind("http://", 0) == 0 || text.rfind("mailto:", 0) == 0;
        if (!safe) r.Error(key, "expected an https:, http: or mailto: link, got " + Quoted(text));
        else (std::string_view(key) == "about_url" ? h.about_url : h.contribute_url) = text;
    }
    if (uint32_t syn = r.Field(0, "synthetic", "synthetic", false); syn != kNone) {
        Kind k = header.nodes[syn].kind;
        if (k != Kind::True && k != Kind::False) r.Error("synthetic", "expected true or false, got " + Found(header, syn));
        else h.synthetic = k == Kind::True;
    }
    for (int i = 0; i < kEvidenceLevelCount; ++i) h.evidence_levels[i] = DefaultEvidenceLevelText((EvidenceLevel)i);
    if (uint32_t levels = r.Field(0, "evidence_levels", "evidence_levels", false); levels != kNone) {
        if (header.nodes[levels].kind != Kind::Array) r.Error("evidence_levels", "expected an array, got " + TypeName(header, levels));
        else {
            uint32_t item = levels + 1;
            for (uint32_t i = 0; i < header.nodes[levels].count; ++i, item = header.nodes[item].next) {
                std::string path = "evidence_levels[" + std::to_string(i) + "]";
                if (header.nodes[item].kind != Kind::Object) { r.Error(path, "expected an object, got " + TypeName(header, item)); continue; }
                int level = 0;
                std::string_view label, description;
                if (!r.Code(item, path + ".code", "code", CodeSet::Evidence, level)) continue;
                if (r.String(item, path + ".label", "label", true, label)) h.evidence_levels[level].label = label;
                if (r.String(item, path + ".description", "description", true, description))
                    h.evidence_levels[level].description = description;
            }
        }
    }
    // Declared categories come first, in the header's order; categories only seen in studies follow.
    std::vector<TagCategory> declared;
    if (uint32_t cats = r.Field(0, "tag_categories", "tag_categories", true); cats != kNone) {
        if (header.nodes[cats].kind != Kind::Array) r.Error("tag_categories", "expected an array, got " + TypeName(header, cats));
        else {
            uint32_t item = cats + 1;
            for (uint32_t i = 0; i < header.nodes[cats].count; ++i, item = header.nodes[item].next) {
                std::string path = "tag_categories[" + std::to_string(i) + "]";
                if (header.nodes[item].kind != Kind::Object) { r.Error(path, "expected an object, got " + TypeName(header, item)); continue; }
                std::string_view id, name;
                if (r.String(item, path + ".id", "id", true, id, 64, false) &&
                    r.String(item, path + ".name", "name", true, name, 200, false))
                    declared.push_back({std::string(id), std::string(name)});
            }
        }
    }
    for (const TagCategory& cat : declared) atlas_.tag_categories[CategoryIndex(cat.id)].name = cat.name;
    if (preview) return;  // the declared categories now come first, in order: later tags get their final index
    for (auto& [id, use] : category_first_use_) {
        bool is_declared = false;
        for (const TagCategory& cat : declared) is_declared |= cat.id == id;
        if (!is_declared) {
            size_t sep = use.find('\x1f');
            Problem(Severity::Warning, use.substr(0, sep), use.substr(sep + 1),
                    "tag category " + Quoted(id) + " is not declared in the header's tag_categories");
        }
    }
    // Reorder categories: declared first. Remap tag category indices accordingly.
    std::vector<uint16_t> new_index(atlas_.tag_categories.size());
    std::vector<TagCategory> ordered;
    for (const TagCategory& cat : declared) {
        uint16_t old = category_index_[cat.id];
        bool seen = false;
        for (const TagCategory& o : ordered) seen |= o.id == cat.id;
        if (seen) continue;
        new_index[old] = (uint16_t)ordered.size();
        ordered.push_back(atlas_.tag_categories[old]);
    }
    for (size_t old = 0; old < atlas_.tag_categories.size(); ++old) {
        bool placed = false;
        for (const TagCategory& o : ordered) placed |= o.id == atlas_.tag_categories[old].id;
        if (placed) continue;
        new_index[old] = (uint16_t)ordered.size();
        ordered.push_back(atlas_.tag_categories[old]);
    }
    atlas_.tag_categories = std::move(ordered);
    for (Tag& tag : atlas_.tags) tag.category = new_index[tag.category];
}

bool Loader::Finish() {
    if (!report_.fatal.empty()) return false;
    const Tape* format = FindHeader("format");
    if (!format) return Fatal("missing \"format\": expected \"mecfs-atlas\"");
    if (format->nodes[0].kind != Kind::String || format->Str(0) != kFormatName)
        return Fatal("\"format\" is " + Found(*format, 0) + ", expected \"mecfs-atlas\"");
    const Tape* version = FindHeader("format_version");
    if (!version) return Fatal("missing \"format_version\": expected 1");
    if (!IsInteger(version->nodes[0]) || AsInt64(version->nodes[0]) != kFormatVersion) return Fatal(VersionMessage(*version));
    if (!saw_studies_) return Fatal("missing \"studies\" array");
    ReadHeader();
    for (Relation& rel : atlas_.relations) {
        if (rel.target_kind != RelationTarget::Id) continue;
        auto it = ids_.find(std::string(atlas_.Text(rel.target)));
        if (it != ids_.end()) rel.study = it->second.model;
    }
    return true;
}

// [SECTION] Unusable files -------------------------------------------------------------------
//
// Once the scanner finds the document broken (not JSON, invalid UTF-8, cut short), the file cannot be
// used and only its message is left to find, in the words the loader has always used: nlohmann's
// description of the syntax error and the place as an editor counts it, or the first invalid UTF-8
// anywhere in the file (which wins). This is the replaced loader's own machinery, started at the last
// study that began (or the document's start), where nlohmann's parser state is known: a byte scanner
// that checks UTF-8, counts lines and cuts the document before each study's first key, and nlohmann's
// SAX parser over each piece behind a prefix that recreates that state.

constexpr std::string_view kResumePrefix = "{\"\":[{";   // before a study's first key

// Drops every event; keeps the syntax error.
struct NullSax {
    using json = nlohmann::json;
    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(json::number_integer_t) { return true; }
    bool number_unsigned(json::number_unsigned_t) { return true; }
    bool number_float(json::number_float_t, const std::string&) { return true; }
    bool string(std::string&) { return true; }
    bool binary(json::binary_t&) { return true; }
    bool key(std::string&) { return true; }
    bool start_object(std::size_t) { return true; }
    bool start_array(std::size_t) { return true; }
    bool end_object() { return true; }
    bool end_array() { return true; }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
        failed = true;
        error_position = position;
        what = ex.what();
        return false;
    }
    bool failed = false;
    size_t error_position = 0;
    std::string what;
};

// A syntax error as nlohmann reported it, placed in the whole document.
struct SyntaxError {
    bool found = false;
    size_t position = 0;         // nlohmann's position: the offending byte's offset + 1
    size_t line = 1, column = 1;  // of byte position - 1, the way an editor counts (characters, not bytes)
    std::string what;
};

// The message for a syntax error. `size` is the whole document's, `body_blank` whether it holds
// nothing but whitespace after an optional byte-order mark.
std::string DescribeParseError(const SyntaxError& e, size_t size, bool body_blank) {
    std::string where = "line " + std::to_string(e.line) + ", column " + std::to_string(e.column);
    std::string_view what = e.what;
    if (body_blank) return "empty file: expected a JSON object";
    if (what.find("ill-formed UTF-8") != std::string_view::npos) return "invalid UTF-8 at " + where;
    if (e.position >= size) return "truncated: the document ends before the JSON is complete (" + where + ")";
    if (what.find("number overflow") != std::string_view::npos)
        return "number too large at " + where + ": numbers must fit in a 64-bit floating-point value";
    // Keep nlohmann's own description but drop its "[json.exception...] parse error at ...:" prefix,
    // and shorten what it last read: it can be a whole multi-megabyte string.
    std::string_view detail = what;
    size_t bracket = detail.find("] ");
    if (bracket != std::string_view::npos) detail.remove_prefix(bracket + 2);
    size_t colon = detail.find(": ");
    if (colon != std::string_view::npos && detail.substr(0, 6) == "parse ") detail.remove_prefix(colon + 2);
    std::string text(detail);
    size_t last_read = text.find("; last read: '");
    if (last_read != std::string::npos && text.size() - last_read > 80) {
        size_t keep = last_read + 14 + 40;
        while (keep > last_read && ((unsigned char)text[keep] & 0xC0) == 0x80) --keep;
        text = text.substr(0, keep) + "...'";
    }
    return "not valid JSON at " + where + ": " + text;
}

// Printable ASCII but '"' and '\\': what a string is mostly made of, skipped in a tight loop.
struct PlainTable {
    bool plain[256] = {};
    constexpr PlainTable() {
        for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
    }
};
constexpr PlainTable kPlain;

// Where the scan starts: the document's start, or the first key of a study, where the old loader cut
// the document (nlohmann's parser state there is always the same, and a string token begins, which
// starts afresh the "last read" text its messages quote).
struct ResumePoint {
    size_t offset = 0, line = 1, column = 1;
    bool in_studies = false;
};

class UnusableFile {
public:
    // `parse`: false when the loader already stopped with a message; then only UTF-8 is still checked.
    UnusableFile(const ResumePoint& at, bool parse) : stopped_(!parse) {
        total_ = at.offset;
        line_ = window_line_ = at.line;
        column_ = window_column_ = at.column;
        window_start_ = at.offset;
        if (at.offset > 0) seen_nonblank = true;
        if (at.in_studies) {  // at a study's first key, as the old loader cut the document
            stack_ = "{[{";
            prefix_ = kResumePrefix.size();
            pending_.assign(kResumePrefix);
        }
    }

    // Everything fed so far: whether it is blank, its first bytes (only from the document's start).
    bool seen_nonblank = false;
    size_t bom_bytes = 0;
    unsigned char first3[3] = {};

    void Feed(std::string_view chunk) {
        if (utf8_bad_) { total_ += chunk.size(); return; }
        for (size_t i = 0; total_ + i < 3 && i < chunk.size(); ++i) first3[total_ + i] = (unsigned char)chunk[i];
        size_t cut_line = 0, cut_column = 0;
        size_t cut = Scan(chunk, cut_line, cut_column);
        if (utf8_bad_) { total_ += chunk.size(); return; }
        if (!stopped_) {
            if (cut != std::string_view::npos) {
                pending_.append(chunk.substr(0, cut));
                ParseWindow(pending_, prefix_, false);
                window_start_ = total_ + cut;
                window_line_ = cut_line;
                window_column_ = cut_column;
                prefix_ = kResumePrefix.size();
                pending_.assign(kResumePrefix);
                pending_.append(chunk.substr(cut));
            } else {
                pending_.append(chunk);
            }
            if (stopped_) std::string().swap(pending_);
        }
        total_ += chunk.size();
    }

    // The message: invalid UTF-8 anywhere, else the syntax error, else "" (the loader's own, if any, stands).
    std::string Finish() {
        if (!utf8_bad_ && utf8_need_) Bad(seq_line_, seq_column_);  // cut short at the end
        if (utf8_bad_) return "invalid UTF-8 at line " + std::to_string(bad_line_) + ", column " + std::to_string(bad_column_);
        if (!stopped_) ParseWindow(pending_, prefix_, true);
        std::string().swap(pending_);
        bool bom = first3[0] == 0xEF && first3[1] == 0xBB && first3[2] == 0xBF && total_ >= 3;
        bool body_blank = !seen_nonblank && bom_bytes == (bom ? 3u : 0u);
        if (syntax_.found) return DescribeParseError(syntax_, total_, body_blank);
        if (!seen_nonblank) return "empty file: expected a JSON object";
        return {};
    }
    size_t BufferedBytes() const { return pending_.capacity(); }

private:
    void Bad(size_t at_line, size_t at_column) {
        utf8_bad_ = true;
        bad_line_ = at_line;
        bad_column_ = at_column;
        stopped_ = true;
        std::string().swap(pending_);
    }

    // Checks and frames `chunk`; returns the offset in it of the last cut, or npos.
    size_t Scan(std::string_view chunk, size_t& cut_line, size_t& cut_column) {
        const unsigned char* p = reinterpret_cast<const unsigned char*>(chunk.data());
        size_t n = chunk.size(), cut = std::string_view::npos;
        for (size_t i = 0; i < n; ++i) {
            if (in_string_ && !escape_ && utf8_need_ == 0) {
                size_t j = i;
                while (j < n && kPlain.plain[p[j]]) ++j;
                column_ += j - i;
                i = j;
                if (i == n) break;
            }
            unsigned char c = p[i];
            if (!seen_nonblank) {
                if (c == 0xEF || c == 0xBB || c == 0xBF) ++bom_bytes;
                else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') seen_nonblank = true;
            }
            if (utf8_need_) {
                if (c < utf8_lo_ || c > utf8_hi_) { Bad(seq_line_, seq_column_); return std::string_view::npos; }
                utf8_lo_ = 0x80;
                utf8_hi_ = 0xBF;
                --utf8_need_;
                continue;
            }
            if (c >= 0x80) {
                int extra;
                unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte (RFC 3629)
                if (c >= 0xC2 && c <= 0xDF) extra = 1;
                else if (c == 0xE0) extra = 2, lo = 0xA0;
                else if (c >= 0xE1 && c <= 0xEC) extra = 2;
                else if (c == 0xED) extra = 2, hi = 0x9F;
                else if (c >= 0xEE && c <= 0xEF) extra = 2;
                else if (c == 0xF0) extra = 3, lo = 0x90;
                else if (c >= 0xF1 && c <= 0xF3) extra = 3;
                else if (c == 0xF4) extra = 3, hi = 0x8F;
                else { Bad(line_, column_); return std::string_view::npos; }
                seq_line_ = line_;
                seq_column_ = column_;
                ++column_;
                utf8_need_ = extra;
                utf8_lo_ = lo;
                utf8_hi_ = hi;
                if (in_string_) escape_ = false;
                else previous_ = c;
                continue;
            }
            size_t here_column = column_;
            if (c == '\n') { ++line_; column_ = 1; }
            else ++column_;
            if (in_string_) {
                if (escape_) escape_ = false;
                else if (c == '\\') escape_ = true;
                else if (c == '"') in_string_ = false;
                continue;
            }
            switch (c) {
            case ' ': case '\t': case '\n': case '\r': break;
            case '"':
                if (previous_ == '{' && stack_.size() == 3 && stack_[0] == '{' && stack_[1] == '[' && stack_[2] == '{') {
                    cut = i;
                    cut_line = line_;
                    cut_column = here_column;
                }
                in_string_ = true;
                previous_ = c;
                break;
            case '{': case '[': stack_.push_back((char)c); previous_ = c; break;
            case '}': case ']':
                if (!stack_.empty()) stack_.pop_back();
                previous_ = c;
                break;
            default: previous_ = c;
            }
        }
        return cut;
    }

    // Parses the window that starts at `window_start_`: `bytes`, behind `prefix` bytes of a prefix.
    void ParseWindow(std::string_view bytes, size_t prefix, bool last) {
        NullSax sax;
        bool ok = nlohmann::json::sax_parse(bytes.begin(), bytes.end(), &sax, nlohmann::json::input_format_t::json, true);
        size_t size = bytes.size() - prefix;
        if (sax.failed && !last && sax.error_position > bytes.size()) return;  // the cut: more to come
        if (sax.failed) {
            syntax_.found = true;
            syntax_.what = std::move(sax.what);
            size_t in_window = sax.error_position > prefix ? sax.error_position - prefix : 1;
            syntax_.position = window_start_ + in_window;
            // nlohmann names the byte after the offending token; count lines and characters up to it.
            size_t upto = std::min(in_window - 1, size);
            syntax_.line = window_line_;
            syntax_.column = window_column_;
            for (char c : bytes.substr(prefix, upto)) {
                if (c == '\n') { ++syntax_.line; syntax_.column = 1; }
                else if (((unsigned char)c & 0xC0) != 0x80) ++syntax_.column;
            }
        }
        if (!ok || sax.failed) stopped_ = true;
    }

    size_t total_ = 0;
    size_t line_ = 1, column_ = 1;
    int utf8_need_ = 0;
    unsigned char utf8_lo_ = 0x80, utf8_hi_ = 0xBF;
    size_t seq_line_ = 1, seq_column_ = 1;
    bool utf8_bad_ = false;
    size_t bad_line_ = 0, bad_column_ = 0;
    std::string stack_;
    bool in_string_ = false, escape_ = false;
    unsigned char previous_ = 0;
    std::string pending_;
    size_t prefix_ = 0;
    size_t window_start_ = 0, window_line_ = 1, window_column_ = 1;
    bool stopped_ = false;
    SyntaxError syntax_;
};

// The one finishing step of every load (LoadAtlas and AtlasStreamLoader alike): the header is
// checked and read, then the model is either complete, with its search index (whose words were
// counted as each study arrived), or emptied.
void FinishLoad(Loader& loader, Atlas& out, LoadReport& report) {
    report.usable = loader.Finish();
    if (report.usable) out.search = loader.Index().Finish(out);
    if (!report.usable) {
        out = Atlas{};
        report.problems.clear();
        report.loaded = report.rejected = report.errors = report.warnings = report.problems_dropped = 0;
    }
}

}  // namespace

// [SECTION] AtlasStreamLoader ----------------------------------------------------------------
//
// The document's top level is read by a small state machine; each value inside it (a header field, a
// study) is scanned whole by the Scanner. A value cut by the end of what has arrived is scanned again
// once at least twice as many bytes are there (so a study read in 1-byte chunks costs a few passes, a
// 20 MB string a few dozen, never one per chunk). Only the bytes from the last study that began are
// kept: that is where the unusable-file path would start.

struct AtlasStreamLoader::Impl {
    Impl(Atlas& out_, const LoadLimits& limits_, size_t size_hint)
        : out(out_), limits(limits_), unlimited(Unlimited(limits_)), loader(out_, limits, report), scanner(limits),
          whole(unlimited) {
        out = Atlas{};
        loader.SetSizeHint(size_hint);
    }
    static LoadLimits Unlimited(LoadLimits l) {
        l.max_string_bytes = l.max_record_bytes = SIZE_MAX;
        return l;
    }

    enum class State {
        kStart,            // before the document (a byte-order mark, whitespace)
        kKeyOrEnd,         // after '{' of the top object: a key or '}'
        kKey,              // after ',' in the top object
        kColon,            // after a top-level key
        kValue,            // a top-level value
        kCommaOrEnd,       // after a top-level value
        kStudyOrEnd,       // after '[' of studies
        kStudy,            // after ',' in studies
        kStudyCommaOrEnd,  // after a study
        kDone,             // after the top object: only whitespace
    };

    Atlas& out;
    LoadLimits limits, unlimited;
    LoadReport report;
    Loader loader;
    Scanner scanner;                 // studies and header fields, with the caps
    Scanner whole;                   // top-level keys and scalars, whose caps do not apply
    Tape tape;
    Place place;
    bool finished = false;

    State state = State::kStart;
    std::string key;                 // the top-level key being read
    std::string buffer;              // bytes from `buffer_start` on, still needed
    size_t buffer_start = 0;         // document offset of buffer[0]
    size_t position = 0;             // document offset of the next byte to read
    size_t total = 0;                // bytes fed
    size_t retry_at = 0;             // a value cut by the end of the bytes is scanned again once `total` gets here
    ResumePoint resume;              // where the unusable-file scan would start
    std::unique_ptr<UnusableFile> unusable;
    bool unusable_parse = false;     // it looks for the syntax error too (else only for invalid UTF-8)
    std::string_view current;        // the bytes being read, from document offset `current_origin`
    size_t current_origin = 0;

    // Scans the value at p with `with`; the place is counted again if it must be scanned again.
    Scan ScanAt(Scanner& with, const char* p, const char* end, bool final, std::string_view base, const char*& stop) {
        Place before = place;
        Scan s = with.Value(p, end, position, final, base, tape, place, stop);
        if (s != Scan::Done) place = before;
        return s;
    }

    // Reads what it can of `current`; `final`: nothing comes after it.
    void Run(bool final) {
        const char* data = current.data();
        const char* end = data + current.size();
        for (;;) {
            const char* p = data + (position - current_origin);
            while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) {
                if (*p == '\n') {
                    place.line++;
                    place.line_start = current_origin + (size_t)(p - data) + 1;
                    place.continuation_at_line_start = place.continuation;
                }
                ++p;
            }
            position = current_origin + (size_t)(p - data);
            if (p >= end) {
                if (final && state != State::kDone) Broken();
                return;
            }
            if (state == State::kStart && position == 0 && (unsigned char)*p == 0xEF) {
                // nlohmann skips a byte-order mark at the very start.
                size_t have = std::min<size_t>(3, (size_t)(end - p));
                if (std::memcmp(p, "\xEF\xBB\xBF", have) != 0) return Broken();
                if (have < 3) return Wait(final);
                position += 3;
                place.continuation += 2;  // one character, as an editor counts it
                continue;
            }
            char c = *p;
            const char* stop = nullptr;
            switch (state) {
            case State::kStart:
                if (c == '{') { state = State::kKeyOrEnd; ++position; continue; }
                if (c == '[') return Stop("top level is an array, expected an object");
                // A scalar: its type is the message, once it is known to be a whole, valid token.
                switch (ScanAt(whole, p, end, final, "", stop)) {
                case Scan::More: return Wait(final);
                case Scan::Wrong: return Broken();
                case Scan::Done: return Stop("top level is " + TypeName(tape, 0) + ", expected an object");
                }
                return;
            case State::kKeyOrEnd:
            case State::kKey:
                if (c == '}' && state == State::kKeyOrEnd) { state = State::kDone; ++position; continue; }
                if (c != '"') return Broken();
                switch (ScanAt(whole, p, end, final, "", stop)) {
                case Scan::More: return Wait(final);
                case Scan::Wrong: return Broken();
                case Scan::Done: break;
                }
                key.assign(tape.Str(0));
                position = current_origin + (size_t)(stop - data);
                state = State::kColon;
                continue;
            case State::kColon:
                if (c != ':') return Broken();
                ++position;
                state = State::kValue;
                continue;
            case State::kValue:
                if (key == "studies") {
                    if (c == '[') {
                        if (!loader.BeginStudies()) return Stop(std::string());
                        ++position;
                        state = State::kStudyOrEnd;
                        continue;
                    }
                    if (c == '{') return Stop("\"studies\" is an object, expected an array");
                    switch (ScanAt(whole, p, end, final, "", stop)) {
                    case Scan::More: return Wait(final);
                    case Scan::Wrong: return Broken();
                    case Scan::Done: return Stop("\"studies\" is " + TypeName(tape, 0) + ", expected an array");
                    }
                }
                switch (ScanAt(scanner, p, end, final, key, stop)) {
                case Scan::More: return Wait(final);
                case Scan::Wrong: return Broken();
                case Scan::Done: break;
                }
                position = current_origin + (size_t)(stop - data);
                loader.HeaderField(key, std::move(tape));
                tape = Tape();
                state = State::kCommaOrEnd;
                continue;
            case State::kCommaOrEnd:
                if (c == ',') { state = State::kKey; ++position; continue; }
                if (c == '}') { state = State::kDone; ++position; continue; }
                return Broken();
            case State::kStudyOrEnd:
            case State::kStudy: {
                if (c == ']' && state == State::kStudyOrEnd) { state = State::kCommaOrEnd; ++position; continue; }
                std::string base = "studies[" + std::to_string(loader.StudiesSeen()) + "]";
                Scan s = ScanAt(scanner, p, end, final, base, stop);
                if (s == Scan::More) return Wait(final);
                if (tape.first_key != std::string::npos)  // an unusable-file scan would start here from now on
                    resume = {tape.first_key, tape.first_key_line, tape.first_key_column, true};
                if (s == Scan::Wrong) return Broken();
                position = current_origin + (size_t)(stop - data);
                loader.AddStudy(tape);
                state = State::kStudyCommaOrEnd;
                continue;
            }
            case State::kStudyCommaOrEnd:
                if (c == ',') { state = State::kStudy; ++position; continue; }
                if (c == ']') { state = State::kCommaOrEnd; ++position; continue; }
                return Broken();
            case State::kDone:
                // nlohmann takes a NUL byte for the end of the input: what follows is not read, but
                // its UTF-8 is still checked, as everywhere.
                if (c == '\0') return StartUnusable(false);
                return Broken();  // something after the document
            }
        }
    }

    // A value is cut by the end of what has arrived: scan it again once the bytes have doubled.
    void Wait(bool final) {
        if (final) return Broken();
        retry_at = total + std::max<size_t>(total - position, 4096);
    }
    // The document is broken: from here on only the unusable-file scan runs.
    void Broken() { StartUnusable(true); }
    // The loader stopped with a message (empty: it has set one itself); only UTF-8 is still checked.
    void Stop(std::string message) {
        if (!message.empty()) loader.Fatal(std::move(message));
        StartUnusable(false);
    }
    void StartUnusable(bool parse) {
        unusable_parse = parse;
        unusable.reset(new UnusableFile(resume, parse));
        unusable->Feed(current.substr(resume.offset - current_origin));  // every byte from the resume point on
    }

    void Feed(std::string_view chunk) {
        if (finished) return;
        if (unusable) {
            unusable->Feed(chunk);
            total += chunk.size();
            return;
        }
        bool direct = buffer.empty();
        if (direct) {
            // Read straight from the chunk (LoadAtlas's case: all of it); keep only what is still needed.
            buffer_start = total;
            current = chunk;
        } else {
            buffer.append(chunk);
            current = buffer;
        }
        current_origin = buffer_start;
        total += chunk.size();
        if (total >= retry_at) Run(false);
        if (unusable) {
            std::string().swap(buffer);
            return;
        }
        size_t keep = std::min(resume.offset, position);  // the resume point, or the value being read
        if (direct) {
            buffer.assign(chunk.substr(keep - buffer_start));
            buffer_start = keep;
        } else if (keep > buffer_start && (keep - buffer_start >= buffer.size() / 2 || keep - buffer_start >= (1u << 20))) {
            buffer.erase(0, keep - buffer_start);
            buffer_start = keep;
        }
    }

    LoadReport Finish() {
        if (finished) return report;
        finished = true;
        if (!unusable) {
            current = buffer;
            current_origin = buffer_start;
            Run(true);
        }
        std::string().swap(buffer);
        if (unusable) {
            std::string message = unusable->Finish();
            if (message.rfind("invalid UTF-8", 0) == 0) report.fatal = message;  // wins over everything
            else if (unusable_parse && report.fatal.empty()) report.fatal = message.empty() ? "not valid JSON" : message;
            unusable.reset();
        }
        FinishLoad(loader, out, report);
        return std::move(report);
    }
};

AtlasStreamLoader::AtlasStreamLoader(Atlas& out, const LoadLimits& limits, size_t size_hint)
    : impl_(new Impl(out, limits, size_hint)) {}
AtlasStreamLoader::~AtlasStreamLoader() {
    // A snapshot reads this loader's postings: it must not outlive them.
    if (!impl_->finished && impl_->out.search.partial) impl_->out.search = SearchIndex{};
}
size_t AtlasStreamLoader::Snapshot() {
    Impl& m = *impl_;
    if (m.finished || m.unusable) return m.finished ? m.out.studies.size() : 0;
    m.loader.Index().Snapshot(m.out, m.out.search);
    return m.out.search.study_count;
}
size_t AtlasStreamLoader::StudiesRead() const { return impl_->out.studies.size(); }
size_t AtlasStreamLoader::ExpectedStudies() const { return impl_->loader.ExpectedStudies(); }
void AtlasStreamLoader::Feed(std::string_view chunk) { impl_->Feed(chunk); }
LoadReport AtlasStreamLoader::Finish() { return impl_->Finish(); }
size_t AtlasStreamLoader::BufferedBytes() const {
    return impl_->buffer.capacity() + (impl_->unusable ? impl_->unusable->BufferedBytes() : 0);
}
size_t AtlasStreamLoader::BytesFed() const { return impl_->total; }

// [SECTION] LoadAtlas ------------------------------------------------------------------------

LoadReport LoadAtlas(std::string_view bytes, Atlas& out, const LoadLimits& limits) {
    // The whole document is one chunk: read straight from `bytes`, nothing copied but the model.
    AtlasStreamLoader loader(out, limits, bytes.size());
    loader.Feed(bytes);
    return loader.Finish();
}

std::string FormatProblem(std::string_view file, const Problem& p) {
    std::string line(file);
    line += ": ";
    line += p.record;
    line += ' ';
    line += p.path.empty() ? "." : p.path;
    line += ": ";
    if (p.severity == Severity::Warning) line += "warning: ";
    line += p.message;
    return line;
}

std::string FormatSummary(const LoadReport& r) {
    return std::to_string(r.loaded) + " loaded, " + std::to_string(r.rejected) + " rejected, " +
           std::to_string(r.warnings) + " warnings";
}

}  // namespace atlas
