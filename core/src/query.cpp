// query.cpp — text matching, filters, facet counts and sort orders for atlas::RunQuery, and
// FindMatches for highlighting. Pure core: no allocation per study, no exceptions, no I/O.
//
// Matching is on *folded* text: lower case, Latin diacritics removed (ø→o, ß→ss, æ→ae, ł→l ...),
// Greek and Cyrillic capitals lowered, spaces of every kind made one ' ', typographic hyphens,
// apostrophes and double quotes made ASCII, combining marks and invisible characters dropped.
// The query is folded once; study text is folded on the fly while it is compared, so a query over
// 100k studies allocates nothing per study. FindMatches folds into a buffer with an offset map,
// so both sides use the same character fold (FoldChar) and agree on what matches.
//
// [SECTION] Folding
// [SECTION] Needles (the query's words and phrases)
// [SECTION] Matching folded text on the fly
// [SECTION] Filters and facet counts
// [SECTION] Sorting
// [SECTION] RunQuery, FindMatches
#include "atlas/query.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>

namespace atlas {
namespace {

// [SECTION] Folding --------------------------------------------------------------------------
// Invariant used by the matcher: a character never folds to more bytes than it is written in
// (ASCII 1→1, two-byte letters → at most "ss"/"ae"/"th", wider characters → at most themselves).

struct AsciiFoldTable {
    unsigned char map[128];
    constexpr AsciiFoldTable() : map() {
        for (int c = 0; c < 128; ++c) map[c] = (unsigned char)c;
        for (int c = 'A'; c <= 'Z'; ++c) map[c] = (unsigned char)(c - 'A' + 'a');
        for (int c = '\t'; c <= '\r'; ++c) map[c] = ' ';  // \t \n \v \f \r
    }
};
constexpr AsciiFoldTable kAscii;

// U+00C0..U+00FF. '1' = "ae", '2' = "th", '3' = "ss", '*' = kept as it is (× ÷).
constexpr char kLatin1[] = "aaaaaa1ceeeeiiiidnooooo*ouuuuy23"
                           "aaaaaa1ceeeeiiiidnooooo*ouuuuy2y";
// U+0100..U+017F (Latin Extended-A). '4' = "ij", '5' = "oe".
constexpr char kLatinExtA[] = "aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii" "44"
                              "jj" "kkk" "llllllllll" "nnnnnnnnn" "oooooo" "55" "rrrrrr" "ssssssss" "tttttt"
                              "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";
static_assert(sizeof kLatin1 == 64 + 1, "one letter per code point U+00C0..U+00FF");
static_assert(sizeof kLatinExtA == 128 + 1, "one letter per code point U+0100..U+017F");

int PutLetter(char code, unsigned char* out) {
    static constexpr const char* kPairs[] = {"ae", "th", "ss", "ij", "oe"};
    if (code >= '1' && code <= '5') {
        const char* pair = kPairs[code - '1'];
        out[0] = (unsigned char)pair[0];
        out[1] = (unsigned char)pair[1];
        return 2;
    }
    out[0] = (unsigned char)code;
    return 1;
}

int PutTwoByte(uint32_t cp, unsigned char* out) {  // U+0080..U+07FF
    out[0] = (unsigned char)(0xC0 | (cp >> 6));
    out[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
}

// Folds the non-ASCII character at p (p < end, *p >= 0x80) into out (up to 4 bytes); returns the
// folded length (0 for dropped characters) and sets adv to the bytes read. Invalid UTF-8 is
// taken one byte at a time, as itself.
int FoldNonAscii(const unsigned char* p, const unsigned char* end, unsigned char* out, int& adv) {
    unsigned c = p[0];
    uint32_t cp = 0;
    adv = 1;
    auto cont = [&](int i) { return p + i < end && (p[i] & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF && cont(1)) {
        cp = ((c & 0x1Fu) << 6) | (p[1] & 0x3Fu);
        adv = 2;
    } else if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
        cp = ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) adv = 3;
    } else if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
        cp = ((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
        if (cp >= 0x10000 && cp <= 0x10FFFF) adv = 4;
    }
    if (adv == 1) {  // not a valid character: the byte as it is
        out[0] = (unsigned char)c;
        return 1;
    }
    if (cp >= 0xC0 && cp <= 0xFF) {
        char code = kLatin1[cp - 0xC0];
        if (code != '*') return PutLetter(code, out);
    } else if (cp >= 0x100 && cp <= 0x17F) {
        return PutLetter(kLatinExtA[cp - 0x100], out);
    } else if (cp >= 0x218 && cp <= 0x21B) {  // Romanian Ș ș Ț ț
        out[0] = cp < 0x21A ? 's' : 't';
        return 1;
    } else if (cp >= 0x300 && cp <= 0x36F) {  // combining diacritical marks (decomposed text)
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
void FoldInto(std::string_view text, std::string& out, std::vector<uint32_t>* source_begin = nullptr,
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

// [SECTION] Needles --------------------------------------------------------------------------

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// A pasted link or labelled identifier ("https://doi.org/10.1/x", "doi:10.1/x", "PMID:123",
// a PubMed address) searches for the identifier itself.
std::string_view StripIdentifierPrefix(std::string_view word) {
    struct Prefix { std::string_view text; bool pubmed; };
    static constexpr Prefix kPrefixes[] = {
        {"https://doi.org/", false}, {"http://doi.org/", false}, {"https://dx.doi.org/", false},
        {"http://dx.doi.org/", false}, {"dx.doi.org/", false}, {"doi.org/", false}, {"doi:", false},
        {"pmid:", false}, {"https://pubmed.ncbi.nlm.nih.gov/", true}, {"http://pubmed.ncbi.nlm.nih.gov/", true},
        {"pubmed.ncbi.nlm.nih.gov/", true}};
    for (const Prefix& prefix : kPrefixes) {
        if (!StartsWith(word, prefix.text)) continue;
        std::string_view rest = word.substr(prefix.text.size());
        while (prefix.pubmed && !rest.empty() && rest.back() == '/') rest.remove_suffix(1);
        return rest.empty() ? word : rest;
    }
    return word;
}

// The query's words and "quoted phrases", folded, without duplicates. An unclosed quote runs to
// the end (the reader is still typing). Longest first: the rarest are tried first.
std::vector<std::string> Needles(std::string_view query_text) {
    std::string folded;
    FoldInto(query_text, folded);
    std::vector<std::string> needles;
    std::string_view s = folded;
    size_t i = 0;
    while (i < s.size()) {
        if (s[i] == ' ') {
            ++i;
            continue;
        }
        std::string_view needle;
        if (s[i] == '"') {
            size_t close = s.find('"', i + 1);
            size_t stop = close == std::string_view::npos ? s.size() : close;
            needle = s.substr(i + 1, stop - i - 1);
            while (!needle.empty() && needle.front() == ' ') needle.remove_prefix(1);
            while (!needle.empty() && needle.back() == ' ') needle.remove_suffix(1);
            i = close == std::string_view::npos ? s.size() : close + 1;
        } else {
            size_t stop = s.find_first_of(" \"", i);
            if (stop == std::string_view::npos) stop = s.size();
            needle = StripIdentifierPrefix(s.substr(i, stop - i));
            i = stop;
        }
        if (!needle.empty() && std::find(needles.begin(), needles.end(), needle) == needles.end())
            needles.emplace_back(needle);
    }
    std::stable_sort(needles.begin(), needles.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    return needles;
}

// [SECTION] Matching folded text on the fly --------------------------------------------------

using Byte = unsigned char;

// Does the folded text at p start with the needle? `skip` folded bytes of the first character are
// passed over (a match may start inside "ß" → "ss"). Returns the end of the match, or nullptr.
const Byte* MatchAt(const Byte* p, const Byte* end, int skip, std::string_view needle) {
    const Byte* nd = (const Byte*)needle.data();
    size_t n = needle.size(), k = 0;
    Byte buf[4];
    while (k < n) {
        if (p >= end) return nullptr;
        if (*p < 0x80) {
            if (kAscii.map[*p] != nd[k]) return nullptr;
            ++p;
            ++k;
        } else {
            int adv = 1, m = FoldNonAscii(p, end, buf, adv);
            p += adv;
            for (int i = skip; i < m && k < n; ++i, ++k)
                if (buf[i] != nd[k]) return nullptr;
            skip = 0;
            if (m != 1) continue;  // only a one-byte fold can be a space
        }
        if (nd[k - 1] == ' ') {
            // A space in a phrase matches a run of spaces (and dropped characters).
            while (p < end) {
                int a = 1, f = FoldChar(p, end, buf, a);
                if (f == 0 || (f == 1 && buf[0] == ' ')) p += a;
                else break;
            }
        }
    }
    return p;
}

inline bool MatchCandidate(const Byte* p, const Byte* end, std::string_view needle) {
    if (*p < 0x80) return MatchAt(p, end, 0, needle) != nullptr;
    if ((*p & 0xC0) == 0x80) return false;  // inside a character
    Byte buf[4];
    int adv = 1, m = FoldNonAscii(p, end, buf, adv);
    for (int s = 0; s < m; ++s)
        if (buf[s] == (Byte)needle[0] && MatchAt(p, end, s, needle)) return true;
    return false;
}

// A query word or phrase, folded, with what the candidate scan needs precomputed.
struct Needle {
    std::string text;
    bool pair = false;            // also test the second byte (not when it is a space: that matches tabs too)
    uint64_t first = 0, second = 0;  // first and second byte | 0x20, in every lane
};

#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ATLAS_QUERY_SWAR 1
#endif
constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull, kLow7 = 0x7F7F7F7F7F7F7F7Full;
inline uint64_t Load8(const Byte* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}
// High bit set in exactly the lanes of v that are zero.
inline uint64_t ZeroLanes(uint64_t v) { return ~(((v & kLow7) + kLow7) | v) & kHigh; }

Needle MakeNeedle(std::string text) {
    Needle n;
    n.text = std::move(text);
    n.pair = n.text.size() >= 2 && n.text[1] != ' ';
    n.first = kOnes * (Byte)(n.text[0] | 0x20);
    n.second = kOnes * (Byte)(n.pair ? n.text[1] | 0x20 : 0);
    return n;
}

std::vector<Needle> MakeNeedles(std::string_view query_text) {
    std::vector<Needle> needles;
    for (std::string& text : Needles(query_text)) needles.push_back(MakeNeedle(std::move(text)));
    return needles;
}

#ifdef ATLAS_QUERY_SWAR
// The candidate lanes (high bits of `candidates`) of the eight bytes at p. Kept out of line so the
// scanning loop keeps its registers.
__attribute__((noinline)) bool MatchLanes(const Byte* p, const Byte* end, uint64_t candidates, std::string_view nd) {
    if (end - p < 8) candidates &= ~0ull >> (8 * (8 - (end - p)));  // lanes past the field
    for (; candidates; candidates &= candidates - 1)
        if (MatchCandidate(p + (__builtin_ctzll(candidates) >> 3), end, nd)) return true;
    return false;
}

// Candidate lanes of the eight bytes at p (p + 9 bytes readable): high bit set in each.
inline uint64_t BlockCandidates(const Byte* p, const Needle& needle, uint64_t second_mask) {
    uint64_t x0 = Load8(p), x1 = Load8(p + 1);
    uint64_t y0 = (x0 | kOnes * 0x20) ^ needle.first, y1 = ((x1 | kOnes * 0x20) ^ needle.second) & second_mask;
    if (!((x0 | x1) & kHigh)) {
        // Plain ASCII, the usual case: lanes where both bytes match (a borrow may add false
        // candidates above a true one; the comparison sorts them out).
        uint64_t y = y0 | y1;
        return (y - kOnes) & ~y & kHigh;
    }
    return (ZeroLanes(y0) & (ZeroLanes(y1) | (x1 & kHigh))) | (x0 & kHigh);
}
#endif

// Does the folded text of [p, end) contain the needle? Bytes up to `limit` (>= end) may be read:
// inside the atlas's text arena a field's last block is read whole and masked, so no byte-by-byte tail.
// Candidate starts are found eight bytes at a time: a byte that is non-ASCII (it may fold to
// anything), or an ASCII byte that matches the needle's first byte, case-blind, followed by one
// that matches its second (or is non-ASCII). Each candidate is then compared, folding on the fly.
bool Contains(const Byte* p, const Byte* end, const Byte* limit, const Needle& needle) {
    if ((size_t)(end - p) < needle.text.size()) return false;  // folding never lengthens text
    std::string_view nd = needle.text;
#ifdef ATLAS_QUERY_SWAR
    const uint64_t second_mask = needle.pair ? ~0ull : 0;
    for (; limit - p >= 9 && p < end; p += 8) {
        uint64_t a = BlockCandidates(p, needle, second_mask);
        if (a && MatchLanes(p, end, a, nd)) return true;
    }
#endif
    const Byte c0 = (Byte)(nd[0] | 0x20), c1 = (Byte)(needle.second & 0xFF);
    for (; p < end; ++p) {
        Byte b = *p;
        if (b < 0x80) {
            if ((b | 0x20) != c0) continue;
            if (needle.pair && p + 1 < end && p[1] < 0x80 && (p[1] | 0x20) != c1) continue;
        }
        if (MatchCandidate(p, end, nd)) return true;
    }
    return false;
}

// Searches the fields of studies of one atlas, reading ahead inside its text arena.
class FieldSearch {
public:
    explicit FieldSearch(const Atlas& atlas)
        : atlas_(atlas), base_((const Byte*)atlas.text.data()), limit_(base_ + atlas.text.size()) {}

    bool In(TextRef r, const Needle& needle) const {
        const Byte* p = base_ + r.offset;
        return Contains(p, p + r.length, limit_, needle);
    }
    bool InAny(ListRef list, const Needle& needle) const {
        for (uint32_t i = 0; i < list.count; ++i)
            if (In(atlas_.list_items[list.first + i], needle)) return true;
        return false;
    }
    bool Equals(TextRef r, const Needle& needle) const {
        if (r.length == 0 || r.length < needle.text.size()) return false;
        const Byte* p = base_ + r.offset;
        return MatchAt(p, p + r.length, 0, needle.text) == p + r.length;
    }

    // Does every needle occur in at least one searched field? With `score`, also adds up the
    // relevance: per needle, the weight of each field it occurs in (title 5, authors 3, summary and
    // why-it-matters 2, journal, findings, conclusions and part of a PMID or DOI 1, the whole PMID
    // or DOI 50). A study's fields usually lie together in the arena, so one scan of their whole
    // span first rules out most studies with one call rather than one per field (a match in a
    // field is a match in any span that holds it); spans much longer than the fields are not used.
    bool Matches(const Study& s, const std::vector<Needle>& needles, uint32_t* score = nullptr) const {
        uint32_t lo = UINT32_MAX, hi = 0, total = 0;
        auto extend = [&](TextRef r) {
            if (r.length == 0) return;
            lo = std::min(lo, r.offset);
            hi = std::max(hi, r.offset + r.length);
            total += r.length;
        };
        for (TextRef r : {s.title, s.journal, s.pmid, s.doi, s.quick_summary, s.why_it_matters}) extend(r);
        for (ListRef list : {s.authors, s.observed_findings, s.inferred_conclusions})
            for (uint32_t i = 0; i < list.count; ++i) extend(atlas_.list_items[list.first + i]);
        if (total == 0) return false;
        if (hi - lo <= 2 * total + 256)
            for (const Needle& n : needles)
                if (!Contains(base_ + lo, base_ + hi, limit_, n)) return false;
        for (const Needle& n : needles) {
            if (!score) {
                bool found = In(s.title, n) || InAny(s.authors, n) || In(s.journal, n) || In(s.pmid, n) ||
                             In(s.doi, n) || In(s.quick_summary, n) || In(s.why_it_matters, n) ||
                             InAny(s.observed_findings, n) || InAny(s.inferred_conclusions, n);
                if (!found) return false;
                continue;
            }
            uint32_t weight = (In(s.title, n) ? 5 : 0) + (InAny(s.authors, n) ? 3 : 0) + (In(s.journal, n) ? 1 : 0) +
                              (In(s.quick_summary, n) ? 2 : 0) + (In(s.why_it_matters, n) ? 2 : 0) +
                              (InAny(s.observed_findings, n) ? 1 : 0) + (InAny(s.inferred_conclusions, n) ? 1 : 0);
            for (TextRef id : {s.pmid, s.doi})
                if (In(id, n)) weight += Equals(id, n) ? 50 : 1;
            if (weight == 0) return false;
            *score += weight;
        }
        return true;
    }

private:
    const Atlas& atlas_;
    const Byte* base_;
    const Byte* limit_;
};

// [SECTION] Filters and facet counts ---------------------------------------------------------

enum Group : uint8_t {
    kEvidence, kConfidence, kPem, kCaseDefinitions, kPublicationTypes, kPeerReview, kReviewStatus,
    kRetracted, kYears, kTags,
};

template <typename Bits>
bool Has(Bits bits, int i) { return (bits >> i) & 1; }

bool HasTag(const Atlas& atlas, const Study& s, uint32_t tag) {
    for (uint32_t i = 0; i < s.tags.count; ++i)
        if (atlas.TagIndex(s.tags, i) == tag) return true;
    return false;
}

bool TagsPass(const Atlas& atlas, const Study& s, const Query& q) {
    if (q.tag_match == TagMatch::All) {
        for (uint32_t tag : q.tags)
            if (!HasTag(atlas, s, tag)) return false;
        return true;
    }
    for (uint32_t tag : q.tags)
        if (HasTag(atlas, s, tag)) return true;
    return false;
}

// The filter groups `s` fails, one bit per Group.
uint32_t FailedGroups(const Atlas& atlas, const Study& s, const Query& q) {
    uint32_t failed = 0;
    if (q.evidence && !Has(q.evidence, (int)s.evidence)) failed |= 1u << kEvidence;
    if (q.confidence && !Has(q.confidence, (int)s.confidence)) failed |= 1u << kConfidence;
    if (q.pem && !Has(q.pem, (int)s.pem)) failed |= 1u << kPem;
    if (q.case_definitions && !(q.case_definitions & s.case_definitions)) failed |= 1u << kCaseDefinitions;
    if (q.publication_types && !Has(q.publication_types, (int)s.publication_type)) failed |= 1u << kPublicationTypes;
    if (q.peer_review && !Has(q.peer_review, (int)s.peer_review)) failed |= 1u << kPeerReview;
    if (q.review_status && !Has(q.review_status, (int)s.review_status)) failed |= 1u << kReviewStatus;
    if ((q.retracted == RetractionFilter::Hide && s.retracted) || (q.retracted == RetractionFilter::Only && !s.retracted))
        failed |= 1u << kRetracted;
    if ((q.year_min && s.year < q.year_min) || (q.year_max && s.year > q.year_max)) failed |= 1u << kYears;
    if (!q.tags.empty() && !(failed & (failed - 1)) && !TagsPass(atlas, s, q)) failed |= 1u << kTags;
    return failed;
}

template <size_t N>
void Bump(uint32_t (&counts)[N], int i) {
    if (i >= 0 && (size_t)i < N) ++counts[i];
}

void CountGroup(const Atlas& atlas, const Study& s, Group g, FacetCounts& c) {
    switch (g) {
    case kEvidence: Bump(c.evidence, (int)s.evidence); break;
    case kConfidence: Bump(c.confidence, (int)s.confidence); break;
    case kPem: Bump(c.pem, (int)s.pem); break;
    case kCaseDefinitions:
        for (int b = 0; b < kCaseDefinitionCount; ++b)
            if (Has(s.case_definitions, b)) ++c.case_definitions[b];
        break;
    case kPublicationTypes: Bump(c.publication_types, (int)s.publication_type); break;
    case kPeerReview: Bump(c.peer_review, (int)s.peer_review); break;
    case kReviewStatus: Bump(c.review_status, (int)s.review_status); break;
    case kRetracted: ++c.retracted[s.retracted ? 1 : 0]; break;
    case kYears: {
        int i = s.year - c.first_year;
        if (i >= 0 && (size_t)i < c.years.size()) ++c.years[(size_t)i];
        break;
    }
    case kTags:
        for (uint32_t i = 0; i < s.tags.count; ++i) {
            uint32_t tag = atlas.TagIndex(s.tags, i);
            if (tag < c.tags.size()) ++c.tags[tag];
        }
        break;
    }
}

// [SECTION] Sorting --------------------------------------------------------------------------

// Stable counting sort of `ids` (ascending indices) by a small key: ties keep index order.
template <typename KeyOf>
void CountingSort(std::vector<uint32_t>& ids, size_t key_count, KeyOf key_of) {
    std::vector<uint32_t> start(key_count + 1, 0);
    for (uint32_t id : ids) ++start[key_of(id) + 1];
    for (size_t k = 1; k <= key_count; ++k) start[k] += start[k - 1];
    std::vector<uint32_t> sorted(ids.size());
    for (uint32_t id : ids) sorted[start[key_of(id)]++] = id;
    ids.swap(sorted);
}

}  // namespace

bool Query::HasFilters() const {
    return evidence || confidence || pem || case_definitions || publication_types || peer_review || review_status ||
           retracted != RetractionFilter::Any || year_min || year_max || !tags.empty();
}

// [SECTION] RunQuery, FindMatches -------------------------------------------------------------

QueryResult RunQuery(const Atlas& atlas, const Query& query) {
    QueryResult result;
    FacetCounts& counts = result.counts;
    const std::vector<Study>& studies = atlas.studies;

    int min_year = 0, max_year = 0;
    if (!studies.empty()) {
        min_year = max_year = studies[0].year;
        for (const Study& s : studies) {
            min_year = std::min<int>(min_year, s.year);
            max_year = std::max<int>(max_year, s.year);
        }
        counts.first_year = min_year;
        counts.years.assign((size_t)(max_year - min_year + 1), 0);
    }
    counts.tags.assign(atlas.tags.size(), 0);

    const std::vector<Needle> needles = MakeNeedles(query.text);
    const FieldSearch search(atlas);
    // With TagMatch::All the tag counts apply the selected tags too: a study that lacks one of them
    // is not counted anywhere.
    const bool tag_counts_ignore_tags = query.tag_match == TagMatch::Any;

    SortOrder sort = query.sort;
    if (sort == SortOrder::Relevance && needles.empty()) sort = SortOrder::Newest;
    const bool ranked = sort == SortOrder::Relevance;
    const uint32_t year_span = (uint32_t)(max_year - min_year + 1);
    auto newest_key = [&](uint32_t id) { return (uint32_t)(max_year - studies[id].year); };
    // Relevance keys, one per result: score descending, then year descending, then index.
    std::vector<uint64_t> ranking;

    for (uint32_t i = 0; i < (uint32_t)studies.size(); ++i) {
        const Study& s = studies[i];
        uint32_t failed = FailedGroups(atlas, s, query);
        if (failed & (failed - 1)) continue;  // fails two groups: counted nowhere
        if (failed == (1u << kTags) && !tag_counts_ignore_tags) continue;
        uint32_t score = 0;
        if (!needles.empty() && !search.Matches(s, needles, ranked && !failed ? &score : nullptr)) continue;
        if (failed) {  // fails exactly one group: counted in that facet only
            int g = 0;
            while (!(failed >> g & 1)) ++g;
            CountGroup(atlas, s, (Group)g, counts);
            continue;
        }
        result.studies.push_back(i);
        for (int g = kEvidence; g <= kTags; ++g) CountGroup(atlas, s, (Group)g, counts);
        if (ranked)
            ranking.push_back(((uint64_t)(0xFFFF - std::min<uint32_t>(score, 0xFFFF)) << 48) |
                              ((uint64_t)newest_key(i) << 32) | i);
    }

    std::vector<uint32_t>& ids = result.studies;
    switch (sort) {
    case SortOrder::Relevance:
        std::sort(ranking.begin(), ranking.end());
        for (size_t k = 0; k < ids.size(); ++k) ids[k] = (uint32_t)ranking[k];
        break;
    case SortOrder::Newest: CountingSort(ids, year_span, newest_key); break;
    case SortOrder::Oldest:
        CountingSort(ids, year_span, [&](uint32_t id) { return (uint32_t)(studies[id].year - min_year); });
        break;
    case SortOrder::EvidenceLevel:
        CountingSort(ids, year_span * kEvidenceLevelCount, [&](uint32_t id) {
            return std::min<uint32_t>((uint32_t)studies[id].evidence, kEvidenceLevelCount - 1) * year_span + newest_key(id);
        });
        break;
    }
    return result;
}

std::vector<TextSpan> FindMatches(std::string_view text, std::string_view query_text) {
    std::vector<TextSpan> spans;
    const std::vector<std::string> needles = Needles(query_text);
    if (needles.empty() || text.empty()) return spans;
    std::string folded;
    std::vector<uint32_t> source_begin, source_end;
    folded.reserve(text.size());
    source_begin.reserve(text.size());
    source_end.reserve(text.size());
    FoldInto(text, folded, &source_begin, &source_end);
    for (const std::string& needle : needles) {
        for (size_t at = folded.find(needle); at != std::string::npos; at = folded.find(needle, at + 1)) {
            uint32_t begin = source_begin[at], stop = source_end[at + needle.size() - 1];
            spans.push_back({begin, stop - begin});
        }
    }
    std::sort(spans.begin(), spans.end(), [](const TextSpan& a, const TextSpan& b) {
        return a.offset != b.offset ? a.offset < b.offset : a.length > b.length;
    });
    std::vector<TextSpan> merged;
    for (const TextSpan& span : spans) {
        if (!merged.empty() && span.offset <= merged.back().offset + merged.back().length) {
            TextSpan& last = merged.back();
            last.length = std::max(last.offset + last.length, span.offset + span.length) - last.offset;
        } else {
            merged.push_back(span);
        }
    }
    return merged;
}

}  // namespace atlas
