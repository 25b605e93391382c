// text/text.h — the core's small text helpers, one copy each (internal to core/src): UTF-8 decoding
// and validation, Latin letters folded to ASCII, digits and dates. fold.h builds the search fold on
// these; citations, slugs, the loader and the command parsers use them directly.
// Pure: no allocation except where a std::string is returned or appended to.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace atlas {
namespace text {

// [SECTION] UTF-8

// Decodes the character at p (p < end). Valid UTF-8 (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF) gives its code point, `length` its bytes (1-4). Anything else gives the
// byte itself (0x80-0xFF) with length 1, so a caller always advances; IsDecoded tells them apart.
inline uint32_t DecodeUtf8(const unsigned char* p, const unsigned char* end, int& length) {
    unsigned c = p[0];
    length = 1;
    if (c < 0x80) return c;
    auto cont = [&](int i) { return p + i < end && (p[i] & 0xC0) == 0x80; };
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF && cont(1)) {
        length = 2;
        return ((c & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    }
    if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
        cp = ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) { length = 3; return cp; }
    } else if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
        cp = ((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
        if (cp >= 0x10000 && cp <= 0x10FFFF) { length = 4; return cp; }
    }
    return c;
}
inline bool IsDecoded(uint32_t cp, int length) { return cp < 0x80 || length > 1; }

// The code point at s[pos], advancing pos (DecodeUtf8's rules).
inline uint32_t NextCodePoint(std::string_view s, size_t& pos) {
    int length = 1;
    uint32_t cp = DecodeUtf8((const unsigned char*)s.data() + pos, (const unsigned char*)s.data() + s.size(), length);
    pos += (size_t)length;
    return cp;
}

void AppendUtf8(std::string& out, uint32_t cp);
bool IsValidUtf8(std::string_view s);
// Characters (code points) of valid UTF-8, as JSON Schema's maxLength counts them.
size_t CountCharacters(std::string_view s);
// The longest prefix of at most `max_bytes` that does not cut a character.
std::string_view CutAtCharacter(std::string_view s, size_t max_bytes);

// [SECTION] Latin letters

// The ASCII letters of a Latin letter with diacritics or a ligature, lower case: "e" for é, "ss" for
// ß, "ae" for Æ, "ij", "oe", "th" for þ. U+00C0–U+017F, U+01CD–U+01DC (pinyin tones) and U+0218–
// U+021B (Romanian ș ț); "" for any other code point (× and ÷ included). ASCII is not mapped here.
std::string_view LatinToAscii(uint32_t cp);
// Upper case for ASCII, Latin-1 and Latin Extended-A letters; any other code point unchanged.
uint32_t LatinUpper(uint32_t cp);

// [SECTION] Digits and dates

// One or more ASCII digits and nothing else.
bool AllDigits(std::string_view s);
// 1-9 digits, so it fits an int.
bool ParseSmallInt(std::string_view s, int& out);
// A calendar day written YYYY-MM-DD (leap years included).
bool IsDate(std::string_view s);

}  // namespace text
}  // namespace atlas
