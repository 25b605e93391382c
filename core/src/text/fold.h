// fold.h — the character fold shared by the search index, queries and highlighting (internal to
// core/src). Matching is on *folded* text: lower case, Latin diacritics removed (text.h's one table:
// ø→o, ß→ss, æ→ae, ł→l ...), Greek and Cyrillic capitals lowered, spaces of every kind made one ' ', typographic
// hyphens, apostrophes and double quotes made ASCII, combining marks and invisible characters
// dropped. One fold for every side, so what is indexed, what is searched and what is highlighted agree.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "text/text.h"

namespace atlas {
namespace fold {

// Invariant used by the matcher: a character never folds to more bytes than it is written in
// (ASCII 1→1, two-byte letters → at most "ss"/"ae"/"th", wider characters → at most themselves).

struct AsciiFoldTable {
    unsigned char map[128];
    unsigned char word[256];  // the folded byte of an ASCII letter or digit; 0 for any other byte
    constexpr AsciiFoldTable() : map(), word() {
        for (int c = 0; c < 128; ++c) map[c] = (unsigned char)c;
        for (int c = 'A'; c <= 'Z'; ++c) map[c] = (unsigned char)(c - 'A' + 'a');
        for (int c = '\t'; c <= '\r'; ++c) map[c] = ' ';  // \t \n \v \f \r
        for (int c = 0; c < 128; ++c) {
            unsigned char f = map[c];
            if ((f >= 'a' && f <= 'z') || (f >= '0' && f <= '9')) word[c] = f;
        }
    }
};
inline constexpr AsciiFoldTable kAscii;

inline int PutTwoByte(uint32_t cp, unsigned char* out) {  // U+0080..U+07FF
    out[0] = (unsigned char)(0xC0 | (cp >> 6));
    out[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
}

// Folds the non-ASCII character at p (p < end, *p >= 0x80) into out (up to 4 bytes); returns the
// folded length (0 for dropped characters) and sets adv to the bytes read. Invalid UTF-8 is
// taken one byte at a time, as itself.
inline int FoldNonAscii(const unsigned char* p, const unsigned char* end, unsigned char* out, int& adv) {
    uint32_t cp = text::DecodeUtf8(p, end, adv);
    if (!text::IsDecoded(cp, adv)) {  // not a valid character: the byte as it is
        out[0] = (unsigned char)cp;
        return 1;
    }
    std::string_view letters = text::LatinToAscii(cp);
    if (!letters.empty()) {
        std::memcpy(out, letters.data(), letters.size());
        return (int)letters.size();
    }
    if (cp >= 0x300 && cp <= 0x36F) {  // combining diacritical marks (decomposed text)
        return 0;
    } else if ((cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) || (cp >= 0x410 && cp <= 0x42F)) {
        return PutTwoByte(cp + 0x20, out);  // Greek and Cyrillic capitals
    } else if (cp >= 0x400 && cp <= 0x40F) {
        return PutTwoByte(cp + 0x50, out);
    }
    switch (cp) {
    case 0xA0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
        out[0] = ' ';
        return 1;
    case 0xAD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
        return 0;  // soft hyphen, zero-width characters
    case 0xB5: return PutTwoByte(0x3BC, out);  // micro sign → μ
    case 0x3C2: return PutTwoByte(0x3C3, out);  // final sigma
    case 0x2010: case 0x2011:
        out[0] = '-';
        return 1;
    case 0x2018: case 0x2019: case 0x201B: case 0x2032:
        out[0] = '\'';
        return 1;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
        out[0] = '"';
        return 1;
    default: break;
    }
    if (cp >= 0x2000 && cp <= 0x200A) {
        out[0] = ' ';
        return 1;
    }
    std::memcpy(out, p, (size_t)adv);
    return adv;
}

inline int FoldChar(const unsigned char* p, const unsigned char* end, unsigned char* out, int& adv) {
    if (*p < 0x80) {
        adv = 1;
        out[0] = kAscii.map[*p];
        return 1;
    }
    return FoldNonAscii(p, end, out, adv);
}

// Folds `text` into `out`, collapsing runs of spaces. With the maps, source_begin[i] and
// source_end[i] give the bytes of `text` that folded byte i came from (a whole character, plus
// any dropped characters and extra spaces that follow it).
inline void FoldInto(std::string_view text, std::string& out, std::vector<uint32_t>* source_begin = nullptr,
              std::vector<uint32_t>* source_end = nullptr) {
    const unsigned char* base = (const unsigned char*)text.data();
    const unsigned char* end = base + text.size();
    size_t last_char_first = std::string::npos;  // first folded byte of the previous character
    for (const unsigned char* p = base; p < end;) {
        unsigned char buf[4];
        int adv = 1;
        int n = FoldChar(p, end, buf, adv);
        uint32_t begin = (uint32_t)(p - base), stop = begin + (uint32_t)adv;
        p += adv;
        bool extra_space = n == 1 && buf[0] == ' ' && !out.empty() && out.back() == ' ';
        if (n == 0 || extra_space) {
            if (source_end && last_char_first != std::string::npos)
                for (size_t k = last_char_first; k < out.size(); ++k) (*source_end)[k] = stop;
            continue;
        }
        last_char_first = out.size();
        out.append((const char*)buf, (size_t)n);
        if (source_begin) {
            source_begin->insert(source_begin->end(), (size_t)n, begin);
            source_end->insert(source_end->end(), (size_t)n, stop);
        }
    }
}

// A folded ASCII byte that is part of a word: a letter or a digit. Other ASCII separates words.
inline bool IsWordByte(unsigned char b) { return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9'); }

// The code point of a character the fold kept as it is (n bytes of UTF-8 at buf, n >= 2); 0 for a
// stray byte of invalid UTF-8.
inline uint32_t KeptCodePoint(const unsigned char* buf, int n) {
    return n == 2   ? ((buf[0] & 0x1Fu) << 6) | (buf[1] & 0x3Fu)
           : n == 3 ? ((buf[0] & 0x0Fu) << 12) | ((buf[1] & 0x3Fu) << 6) | (buf[2] & 0x3Fu)
           : n == 4 ? ((buf[0] & 0x07u) << 18) | ((buf[1] & 0x3Fu) << 12) | ((buf[2] & 0x3Fu) << 6) | (buf[3] & 0x3Fu)
                    : 0;
}

// Letters of other scripts are word characters; punctuation, dashes, symbols, arrows, emoji and
// private-use characters separate words.
inline bool IsWordCodePoint(uint32_t cp) {
    if (cp == 0) return false;
    return !((cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
             (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
             (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0x1F000 && cp <= 0x1FAFF));
}

// Chinese and Japanese are written without spaces: each ideograph or kana is a word of its own,
// and a run of them typed in a query is a phrase, so "本" finds "日本".
inline bool IsSingleCharacterWord(uint32_t cp) {
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF);
}

// Is the folded character in buf (n >= 1 bytes) part of a word? Sets `cp` to its code point when
// the fold kept a non-ASCII character (0 otherwise).
inline bool IsWordCharacter(const unsigned char* buf, int n, uint32_t& cp) {
    if (buf[0] < 0x80) {
        cp = 0;
        return IsWordByte(buf[0]);
    }
    cp = KeptCodePoint(buf, n);
    return IsWordCodePoint(cp);
}

// What ForEachWord reports: a word, or a compound (the words of one run of text without spaces,
// joined: "post-exertional" gives "post", "exertional" and then the compound "postexertional").
enum class WordKind : uint8_t { Word, Compound };

// Calls on_word(word, begin, end, kind) for each folded word of `text`, in order: runs of letters
// and digits after folding, cut to max_bytes; [begin, end) are the bytes of `text` it came from.
// After the last word of a run of two or more joined by punctuation (no space between), also the
// compound of that run. The one tokenizer of the index, of queries and of highlighting, so all
// three agree on what a word is. The eight bytes after a word's end may be read (their values are
// unspecified): the index loads a word's first eight bytes in one go.
// Eight bytes at a time: the high bit of each byte that is an ASCII letter or digit (exact per byte:
// no carry crosses bytes), and the bytes folded (capitals lowered).
inline uint64_t AsciiWordBytes(uint64_t v, uint64_t& folded) {
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    const uint64_t low7 = v & (kOnes * 0x7F);
    auto between = [&](uint64_t m, uint64_t n) {  // m < byte < n, for bytes below 0x80
        return (kOnes * (127 + n) - low7) & ~v & (low7 + kOnes * (127 - m)) & kHigh;
    };
    const uint64_t upper = between('A' - 1, 'Z' + 1);
    folded = v | (upper >> 2);
    return upper | between('a' - 1, 'z' + 1) | between('0' - 1, '9' + 1);
}

template <typename OnWord>
void ForEachWord(std::string_view text, size_t max_bytes, OnWord&& on_word) {
    const unsigned char* base = (const unsigned char*)text.data();
    const unsigned char* end = base + text.size();
    // A run's words are written one after the other, so the compound is already in place when the run
    // ends (no copy per word): the current word starts at compound_length, the compound at 0. Room for a
    // full compound, a word after it, and the 8 spare bytes a word grows by.
    char buffer[256 * 2 + 8];
    if (max_bytes > 256) max_bytes = 256;
    size_t length = 0, compound_length = 0;  // compound_length is 0 whenever parts is
    uint32_t begin = 0, stop = 0, compound_begin = 0;
    int parts = 0;  // words in the current run without spaces
    auto clip = [&](size_t n) { return n < max_bytes ? n : max_bytes; };
    auto end_word = [&] {
        if (!length) return;
        on_word(std::string_view(buffer + compound_length, clip(length)), begin, stop, WordKind::Word);
        if (parts == 0) compound_begin = begin;
        compound_length += std::min(clip(length), max_bytes - compound_length);
        ++parts;
        length = 0;
    };
    auto end_run = [&] {
        end_word();
        if (parts >= 2) {
            // Not of numbers alone: "2.5" is not "25".
            bool letters = false;
            for (size_t k = 0; k < compound_length && !letters; ++k) letters = !(buffer[k] >= '0' && buffer[k] <= '9');
            if (letters) on_word(std::string_view(buffer, compound_length), compound_begin, stop, WordKind::Compound);
        }
        parts = 0;
        compound_length = 0;
    };
    auto add = [&](const unsigned char* at, const unsigned char* next, const unsigned char* bytes, int n) {
        if (!length) begin = (uint32_t)(at - base);
        char* word = buffer + compound_length;
        for (int k = 0; k < n; ++k, ++length)
            if (length < max_bytes) word[length] = (char)bytes[k];
        stop = (uint32_t)(next - base);
    };
    for (const unsigned char* p = base; p < end;) {
        const unsigned char* at = p;
        if (*p < 0x80) {  // ASCII, the usual case
            if (unsigned char c = kAscii.word[*p]) {  // a run of ASCII letters and digits, in one go
                if (!length) begin = (uint32_t)(p - base);
                char* word = buffer + compound_length;
                while (end - p >= 8) {
                    uint64_t v, folded;
                    std::memcpy(&v, p, 8);
                    const uint64_t others = ~AsciiWordBytes(v, folded) & 0x8080808080808080ull;
                    const size_t run = others ? (size_t)__builtin_ctzll(others) >> 3 : 8;
                    if (length < max_bytes) std::memcpy(word + length, &folded, 8);  // only `run` of them count
                    length += run;
                    p += run;
                    if (run < 8) break;
                }
                while (p < end && (c = kAscii.word[*p]) != 0) {
                    if (length < max_bytes) word[length] = (char)c;
                    ++length;
                    ++p;
                }
                stop = (uint32_t)(p - base);
                continue;
            }
            unsigned char c = kAscii.map[*p++];
            if (c == ' ') end_run();
            else end_word();  // punctuation: the run goes on
            continue;
        }
        unsigned char buf[4];
        int adv = 1, n = FoldNonAscii(p, end, buf, adv);
        p += adv;
        if (n == 0) {  // dropped (combining mark, zero-width): a word runs on through it
            if (length) stop = (uint32_t)(p - base);
            continue;
        }
        uint32_t cp = 0;
        bool in_word = IsWordCharacter(buf, n, cp);
        if (in_word && IsSingleCharacterWord(cp)) {
            end_run();
            add(at, p, buf, n);
            end_word();
            parts = 0, compound_length = 0;  // characters of these scripts do not form compounds
        } else if (in_word) {
            add(at, p, buf, n);
        } else if (n == 1 && buf[0] == ' ') {
            end_run();
        } else {
            end_word();
        }
    }
    end_run();
}

// Where a highlighted beginning of a word ends: the end (in `text`) of the character that holds
// word byte `word_bytes` of the word or compound that starts at `begin` (punctuation inside a
// compound is not counted), with any dropped marks that follow it.
inline uint32_t SourceEndOfWordPrefix(std::string_view text, uint32_t begin, size_t word_bytes) {
    const unsigned char* base = (const unsigned char*)text.data();
    const unsigned char* end = base + text.size();
    const unsigned char* p = base + begin;
    size_t seen = 0;
    while (p < end && seen < word_bytes) {
        unsigned char buf[4];
        int adv = 1, n = FoldChar(p, end, buf, adv);
        p += adv;
        uint32_t cp = 0;
        if (n > 0 && IsWordCharacter(buf, n, cp)) seen += (size_t)n;
    }
    while (p < end && *p >= 0x80) {  // marks that were dropped go with their letter
        unsigned char buf[4];
        int adv = 1;
        if (FoldNonAscii(p, end, buf, adv) != 0) break;
        p += adv;
    }
    return (uint32_t)(p - base);
}

}  // namespace fold
}  // namespace atlas
