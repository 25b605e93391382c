// fold_reference.h — the tokenizer as it was before its eight-bytes-at-a-time ASCII path (commit
// 474e7a4), kept as the reference the new one is checked against (fuzz_query compares the words of
// every input). Test code only. Do not change it to follow core/src/text/fold.h.
#pragma once
#include "text/fold.h"

namespace atlas {
namespace fold {

template <typename OnWord>
void ForEachWordReference(std::string_view text, size_t max_bytes, OnWord&& on_word) {
    const unsigned char* base = (const unsigned char*)text.data();
    const unsigned char* end = base + text.size();
    char word[256], compound[256];
    if (max_bytes > sizeof word) max_bytes = sizeof word;
    size_t length = 0, compound_length = 0;
    uint32_t begin = 0, stop = 0, compound_begin = 0;
    int parts = 0;  // words in the current run without spaces
    auto clip = [&](size_t n) { return n < max_bytes ? n : max_bytes; };
    auto end_word = [&] {
        if (!length) return;
        on_word(std::string_view(word, clip(length)), begin, stop, WordKind::Word);
        if (parts == 0) compound_begin = begin, compound_length = 0;
        for (size_t k = 0; k < clip(length) && compound_length < max_bytes; ++k) compound[compound_length++] = word[k];
        ++parts;
        length = 0;
    };
    auto end_run = [&] {
        end_word();
        // Not of numbers alone: "2.5" is not "25".
        bool letters = false;
        for (size_t k = 0; k < compound_length && !letters; ++k) letters = !(compound[k] >= '0' && compound[k] <= '9');
        if (parts >= 2 && letters) on_word(std::string_view(compound, compound_length), compound_begin, stop, WordKind::Compound);
        parts = 0;
    };
    auto add = [&](const unsigned char* at, const unsigned char* next, const unsigned char* bytes, int n) {
        if (!length) begin = (uint32_t)(at - base);
        for (int k = 0; k < n; ++k, ++length)
            if (length < max_bytes) word[length] = (char)bytes[k];
        stop = (uint32_t)(next - base);
    };
    for (const unsigned char* p = base; p < end;) {
        const unsigned char* at = p;
        if (*p < 0x80) {  // ASCII, the usual case
            unsigned char c = kAscii.map[*p++];
            if (IsWordByte(c)) add(at, p, &c, 1);
            else if (c == ' ') end_run();
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
            parts = 0;  // characters of these scripts do not form compounds
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

}  // namespace fold
}  // namespace atlas
