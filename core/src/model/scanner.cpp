// scanner.cpp — the loader's scanner (scanner.h).
#include "model/scanner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "text/text.h"

namespace atlas {
namespace detail {
namespace {

constexpr size_t kMaxKeyBytes = 256;
constexpr size_t kMaxItems = 100000;  // members of one object or items of one array

// Eight bytes at a time: is any of them '"', '\\', a control character or not ASCII?
inline uint64_t SpecialBytes(uint64_t v) {
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    uint64_t quote = v ^ (kOnes * '"'), slash = v ^ (kOnes * '\\');
    uint64_t zero_quote = (quote - kOnes) & ~quote, zero_slash = (slash - kOnes) & ~slash;
    uint64_t control = v - kOnes * 0x20;
    return (zero_quote | zero_slash | control | v) & kHigh;
}

}  // namespace

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

// Scans one JSON value from `p` into a Tape, checking everything nlohmann's parser would and the caps
// the old per-study DOM enforced, with the same messages and paths. `base_path` names the value.
class ScannerImpl {
public:
    explicit ScannerImpl(const LoadLimits& limits) : limits_(limits) {}

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


Scanner::Scanner(const LoadLimits& limits) : impl_(new ScannerImpl(limits)) {}
Scanner::~Scanner() = default;
Scan Scanner::Value(const char* begin, const char* end, size_t origin, bool final, std::string_view base_path, Tape& tape,
                    Place& place, const char*& stop) {
    return impl_->Value(begin, end, origin, final, base_path, tape, place, stop);
}

}  // namespace detail
}  // namespace atlas
