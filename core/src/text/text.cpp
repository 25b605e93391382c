// text.cpp — UTF-8, Latin letters, digits and dates (text.h).
#include "text/text.h"

namespace atlas {
namespace text {

void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += (char)cp;
    } else if (cp < 0x800) {
        out += (char)(0xC0 | (cp >> 6));
        out += (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += (char)(0xE0 | (cp >> 12));
        out += (char)(0x80 | ((cp >> 6) & 0x3F));
        out += (char)(0x80 | (cp & 0x3F));
    } else {
        out += (char)(0xF0 | (cp >> 18));
        out += (char)(0x80 | ((cp >> 12) & 0x3F));
        out += (char)(0x80 | ((cp >> 6) & 0x3F));
        out += (char)(0x80 | (cp & 0x3F));
    }
}

bool IsValidUtf8(std::string_view s) {
    for (size_t pos = 0; pos < s.size();) {
        int length = 1;
        uint32_t cp = DecodeUtf8((const unsigned char*)s.data() + pos, (const unsigned char*)s.data() + s.size(), length);
        if (!IsDecoded(cp, length)) return false;
        pos += (size_t)length;
    }
    return true;
}

size_t CountCharacters(std::string_view s) {
    size_t n = 0;
    for (char c : s) n += ((unsigned char)c & 0xC0) != 0x80;
    return n;
}

std::string_view CutAtCharacter(std::string_view s, size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    size_t n = max_bytes;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}

namespace {

// One letter per code point; '1'..'5' stand for the pairs below, '*' for "not a letter".
constexpr char kLatin1[] = "aaaaaa1ceeeeiiiidnooooo*ouuuuy23"   // U+00C0..U+00DF
                           "aaaaaa1ceeeeiiiidnooooo*ouuuuy2y";  // U+00E0..U+00FF
constexpr char kLatinExtA[] = "aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii" "44"
                              "jj" "kkk" "llllllllll" "nnnnnnnnn" "oooooo" "55" "rrrrrr" "ssssssss" "tttttt"
                              "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";  // U+0100..U+017F
constexpr char kPinyin[] = "aaiioouuuuuuuuuu";                         // U+01CD..U+01DC
constexpr char kRomanian[] = "sstt";                                   // U+0218..U+021B
static_assert(sizeof kLatin1 == 64 + 1 && sizeof kLatinExtA == 128 + 1, "one letter per code point");
static_assert(sizeof kPinyin == 16 + 1 && sizeof kRomanian == 4 + 1, "one letter per code point");
constexpr std::string_view kPairs[] = {"ae", "th", "ss", "ij", "oe"};

std::string_view Letter(const char* table, uint32_t index) {
    const char* c = table + index;
    if (*c == '*') return {};
    if (*c >= '1' && *c <= '5') return kPairs[*c - '1'];
    return std::string_view(c, 1);
}

}  // namespace

std::string_view LatinToAscii(uint32_t cp) {
    if (cp >= 0xC0 && cp <= 0xFF) return Letter(kLatin1, cp - 0xC0);
    if (cp >= 0x100 && cp <= 0x17F) return Letter(kLatinExtA, cp - 0x100);
    if (cp >= 0x1CD && cp <= 0x1DC) return Letter(kPinyin, cp - 0x1CD);
    if (cp >= 0x218 && cp <= 0x21B) return Letter(kRomanian, cp - 0x218);
    return {};
}

uint32_t LatinUpper(uint32_t cp) {
    if (cp >= 'a' && cp <= 'z') return cp - 32;
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 32;
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) return cp & ~1u;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return (cp & 1u) ? cp : cp - 1;
    return cp;
}

bool AllDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

bool ParseSmallInt(std::string_view s, int& out) {
    if (s.size() > 9 || !AllDigits(s)) return false;
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    out = v;
    return true;
}

bool IsDate(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    int year, month, day;
    if (!ParseSmallInt(s.substr(0, 4), year) || !ParseSmallInt(s.substr(5, 2), month) ||
        !ParseSmallInt(s.substr(8, 2), day))
        return false;
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month < 1 || month > 12 || day < 1) return false;
    return day <= (month == 2 && !leap ? 28 : kDays[month - 1]);
}

}  // namespace text
}  // namespace atlas
