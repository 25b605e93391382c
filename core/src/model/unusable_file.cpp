// unusable_file.cpp — the message of a file that cannot be used (unusable_file.h). Built -Oz in the
// page: it runs only once a file is found broken.
#include "model/unusable_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

namespace atlas {
namespace detail {
namespace {

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

}  // namespace

class UnusableFileScan {
public:
    // `parse`: false when the loader already stopped with a message; then only UTF-8 is still checked.
    UnusableFileScan(const ResumePoint& at, bool parse) : stopped_(!parse) {
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


std::string JsonNumber(double value) { return nlohmann::ordered_json(value).dump(); }  // the page's JSON writer

UnusableFile::UnusableFile(const ResumePoint& at, bool parse) : scan_(new UnusableFileScan(at, parse)) {}
UnusableFile::~UnusableFile() = default;
void UnusableFile::Feed(std::string_view chunk) { scan_->Feed(chunk); }
std::string UnusableFile::Finish() { return scan_->Finish(); }
size_t UnusableFile::BufferedBytes() const { return scan_->BufferedBytes(); }

}  // namespace detail
}  // namespace atlas
