// medline.cpp — MEDLINE-format exports (.txt/.nbib) to study skeletons: PubMed's, and those of other
// databases that write the format (records without a PMID are kept by their DOI; book chapters and
// whole books from the Bookshelf have BTI/CTI/PB instead of a journal).
//
// [SECTION] Text helpers: lines, trimming, FNV-1a
// [SECTION] MEDLINE records: tag lines, continuation lines, blank-line separators
// [SECTION] Slugs: folding Latin letters to ASCII, significant title words
// [SECTION] Classification draft: publication type and evidence level from PT
// [SECTION] ImportMedline
//
// Pure core: no I/O, no clock (today is passed in), no exceptions. JSON is built with
// nlohmann::ordered_json so fields come out in the order of data/FORMAT.md.
#include "atlas/medline.h"

#include "atlas/model.h"
#include "text/text.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace atlas {
namespace {

using ojson = nlohmann::ordered_json;

// [SECTION] Text helpers ---------------------------------------------------------------------

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view s) {
    while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
    return s;
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = AsciiLower(c);
    return out;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
    return true;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

using text::AllDigits;

// FNV-1a, 64-bit, as 16 lowercase hex digits.
std::string Fnv1a64Hex(std::string_view s) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", (unsigned long long)h);
    return std::string(buf, 16);
}

// [SECTION] MEDLINE records --------------------------------------------------------------------

struct Field {
    std::string tag;    // "PMID", "TI", "FAU", ... (padding removed)
    std::string value;  // continuation lines joined with single spaces
};

using Record = std::vector<Field>;

// "TAG - value": a tag of 1-4 upper-case letters or digits padded with spaces to 4, then '-'.
bool ParseTagLine(std::string_view line, std::string_view& tag, std::string_view& value) {
    if (line.size() < 5 || line[4] != '-') return false;
    if (!(line[0] >= 'A' && line[0] <= 'Z')) return false;
    size_t end = 1;
    while (end < 4 && ((line[end] >= 'A' && line[end] <= 'Z') || (line[end] >= '0' && line[end] <= '9'))) ++end;
    for (size_t i = end; i < 4; ++i)
        if (line[i] != ' ') return false;
    tag = line.substr(0, end);
    value = Trim(line.substr(5));
    return true;
}

// Splits the export into records. Lines end in \n, \r\n or \r; a blank line ends a record;
// a line starting with white space continues the previous field (PubMed indents by 6 spaces).
std::vector<Record> ParseRecords(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
    std::vector<Record> records;
    Record current;
    auto finish = [&]() {
        if (!current.empty()) records.push_back(std::move(current));
        current.clear();
    };
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = pos;
        while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
        std::string_view line = text.substr(pos, end - pos);
        // Step over the line end: "\n", "\r\n" or a lone "\r". Always advances unless at the end.
        pos = end;
        if (pos < text.size() && text[pos] == '\r') ++pos;
        if (pos < text.size() && text[pos] == '\n') ++pos;

        if (Trim(line).empty()) {
            finish();
            continue;
        }
        std::string_view tag, value;
        if (IsSpace(line[0])) {
            if (!current.empty()) {
                std::string& v = current.back().value;
                if (!v.empty()) v += ' ';
                v += Trim(line);
            }
            continue;  // a stray indented line before any tag is ignored
        }
        if (ParseTagLine(line, tag, value)) current.push_back({std::string(tag), std::string(value)});
        // Any other line (not a tag, not indented) is not MEDLINE text and is ignored.
    }
    finish();
    return records;
}

const std::string* First(const Record& r, std::string_view tag) {
    for (const Field& f : r)
        if (f.tag == tag) return &f.value;
    return nullptr;
}

std::vector<std::string> All(const Record& r, std::string_view tag) {
    std::vector<std::string> out;
    for (const Field& f : r)
        if (f.tag == tag && !f.value.empty()) out.push_back(f.value);
    return out;
}

// "10.1371/x", "doi:10.1371/x", "https://doi.org/10.1371/x" -> "10.1371/x"; "" when it is not a DOI
// (a DOI starts "10.", has a '/' and no white space).
std::string CleanDoi(std::string_view v) {
    v = Trim(v);
    for (std::string_view prefix : {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/",
                                    "doi:", "DOI:", "doi: ", "DOI: "})
        if (v.substr(0, prefix.size()) == prefix) { v = Trim(v.substr(prefix.size())); break; }
    if (v.substr(0, 3) != "10." || v.find('/') == std::string_view::npos) return {};
    for (char c : v)
        if (IsSpace(c)) return {};
    return std::string(v);
}

// The DOI from the first AID or LID line marked " [doi]" (PubMed), else from a DO or DOI line (the
// MEDLINE-format exports of other databases).
std::string FindDoi(const Record& r) {
    for (const Field& f : r) {
        if (f.tag != "AID" && f.tag != "LID") continue;
        std::string_view v = f.value;
        if (!EndsWith(v, "[doi]")) continue;
        std::string doi = CleanDoi(v.substr(0, v.size() - 5));
        if (!doi.empty()) return doi;
    }
    for (const Field& f : r) {
        if (f.tag != "DO" && f.tag != "DOI") continue;
        std::string doi = CleanDoi(f.value);
        if (!doi.empty()) return doi;
    }
    return {};
}

// [SECTION] Slugs ------------------------------------------------------------------------------

// Decodes one UTF-8 code point at s[i], advancing i; invalid bytes decode to U+FFFD one byte at a time.
uint32_t NextCodePoint(std::string_view s, size_t& i) {
    size_t at = i;
    uint32_t cp = text::NextCodePoint(s, i);
    return i - at == 1 && cp >= 0x80 ? 0xFFFD : cp;
}

// What slugs fold beyond the Latin letters (text::LatinToAscii): an empty string drops the character
// (accents given as combining marks, apostrophes); a few Greek letters are spelled out; anything not
// listed becomes a word separator.
struct FoldRange { uint32_t first, last; const char* ascii; };
constexpr FoldRange kFold[] = {
    {0x27, 0x27, ""},                                                     // ASCII apostrophe
    {0x300, 0x36F, ""},                                                   // combining diacritical marks
    {0x391, 0x391, "alpha"}, {0x392, 0x392, "beta"}, {0x393, 0x393, "gamma"}, {0x394, 0x394, "delta"},
    {0x3B1, 0x3B1, "alpha"}, {0x3B2, 0x3B2, "beta"}, {0x3B3, 0x3B3, "gamma"}, {0x3B4, 0x3B4, "delta"},
    {0x3BA, 0x3BA, "kappa"}, {0x3BC, 0x3BC, "mu"}, {0xB5, 0xB5, "mu"},
    {0x2018, 0x2019, ""},                                                 // typographic apostrophes
};

// Lower-case ASCII letters and digits are kept; '-' and separators become ' ' (word breaks)
// unless keep_hyphen, in which case an ASCII '-' stays inside a word.
std::string FoldToAscii(std::string_view s, bool keep_hyphen) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        uint32_t cp = NextCodePoint(s, i);
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) { out += (char)cp; continue; }
        if (cp >= 'A' && cp <= 'Z') { out += (char)(cp - 'A' + 'a'); continue; }
        if (cp == '-' && keep_hyphen) { out += '-'; continue; }
        std::string_view latin = text::LatinToAscii(cp);
        if (!latin.empty()) { out += latin; continue; }
        const char* mapped = nullptr;
        for (const FoldRange& r : kFold)
            if (cp >= r.first && cp <= r.last) { mapped = r.ascii; break; }
        if (mapped) out += mapped;
        else out += ' ';
    }
    return out;
}

// Words of lower-case ASCII; with keep_hyphen, hyphenated words stay whole ("double-blind").
std::vector<std::string> Words(std::string_view s, bool keep_hyphen) {
    std::string folded = FoldToAscii(s, keep_hyphen);
    std::vector<std::string> words;
    std::string word;
    auto flush = [&]() {
        // Hyphens only join; strip them at the ends and collapse runs.
        std::string clean;
        for (char c : word) {
            if (c == '-' && (clean.empty() || clean.back() == '-')) continue;
            clean += c;
        }
        while (!clean.empty() && clean.back() == '-') clean.pop_back();
        if (!clean.empty()) words.push_back(std::move(clean));
        word.clear();
    };
    for (char c : folded) {
        if (c == ' ') flush();
        else word += c;
    }
    flush();
    return words;
}

std::string JoinWords(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& w : words) {
        if (w.empty()) continue;
        if (!out.empty()) out += '-';
        out += w;
    }
    return out;
}

bool IsStopWord(const std::string& w) {
    static const std::unordered_set<std::string> kStop = {
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "without", "and", "or",
        "but", "nor", "as", "is", "are", "was", "were", "be", "been", "being", "its", "it", "their", "into",
        "onto", "via", "using", "use", "versus", "vs", "among", "between", "after", "before", "during",
        "than", "that", "this", "these", "those", "not", "no", "does", "do", "did", "can", "could", "may",
        "might", "should", "we", "our", "how", "what", "which", "who", "whom", "why", "when", "where",
        "there", "has", "have", "had", "about", "over", "under", "within", "per", "s"};
    return kStop.count(w) != 0;
}

// Family name of the first author: "Fluge, Øystein" -> "Fluge"; AU form "van der Meer JW" ->
// "van der Meer".
std::string FamilyName(const std::string& author, bool full_form) {
    std::string_view a = author;
    if (full_form) {
        size_t comma = a.find(',');
        return std::string(Trim(comma == std::string_view::npos ? a : a.substr(0, comma)));
    }
    a = Trim(a);
    size_t space = a.rfind(' ');
    return std::string(space == std::string_view::npos ? a : Trim(a.substr(0, space)));
}

// Cuts a slug to at most `max` characters at a '-' boundary (or hard, when one word is longer).
std::string CapSlug(std::string slug, size_t max) {
    if (slug.size() > max) {
        size_t cut = slug.rfind('-', max);
        slug.resize(cut == std::string::npos || cut == 0 ? max : cut);
    }
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    while (!slug.empty() && slug.front() == '-') slug.erase(slug.begin());
    return slug;
}

constexpr size_t kMaxSlug = 64;
constexpr size_t kMaxTitleWordsPart = 30;  // past this, the slug keeps two title words, not three

// "<family>-<year>-<two or three significant title words>", lower-case ASCII.
std::string MakeSlug(const std::string& family, int year, const std::string& title) {
    std::string slug = JoinWords(Words(family, false));
    if (!slug.empty()) slug += '-';
    slug += std::to_string(year);
    std::vector<std::string> picked;
    for (std::string& w : Words(title, true)) {
        if (IsStopWord(w)) continue;
        picked.push_back(std::move(w));
        if (picked.size() == 3) break;
    }
    if (picked.size() == 3 && JoinWords(picked).size() > kMaxTitleWordsPart) picked.pop_back();
    std::string words = JoinWords(picked);
    if (!words.empty()) slug += '-' + words;
    return CapSlug(slug, kMaxSlug);
}

// [SECTION] Classification draft -------------------------------------------------------------

struct PtRule { const char* pt; PublicationType type; };

// Most specific first: when a record has several PT lines, the first rule any of them matches wins.
constexpr PtRule kPtRules[] = {
    {"Randomized Controlled Trial", PublicationType::TrialRct},
    {"Controlled Clinical Trial", PublicationType::TrialControlled},
    {"Clinical Trial", PublicationType::TrialControlled},
    {"Meta-Analysis", PublicationType::MetaAnalysis},
    {"Systematic Review", PublicationType::ReviewSystematic},
    {"Review", PublicationType::ReviewNarrative},
    {"Practice Guideline", PublicationType::Guideline},
    {"Guideline", PublicationType::Guideline},
    {"Consensus Development Conference", PublicationType::Consensus},
    {"Consensus Development Conference, NIH", PublicationType::Consensus},
    {"Case Reports", PublicationType::CaseReport},
    {"Observational Study", PublicationType::ObservationalCohort},
};

PublicationType PublicationTypeFromPt(const std::vector<std::string>& pts) {
    for (const PtRule& rule : kPtRules)
        for (const std::string& pt : pts)
            if (EqualsNoCase(Trim(pt), rule.pt)) return rule.type;
    return PublicationType::Other;
}

// PROVISIONAL DRAFT CLASSIFICATION, for an editor to confirm: the evidence level is inferred from
// the publication type alone (syntheses, guidelines and consensus -> E0; a randomised trial -> E2;
// everything else -> E3). It says nothing about the quality of the study, and E1 (replicated) is
// never assigned here. The record is marked review_status "machine_draft" and confidence "low"
// until a person checks it.
EvidenceLevel EvidenceFromPublicationType(PublicationType type) {
    switch (type) {
    case PublicationType::MetaAnalysis: case PublicationType::ReviewSystematic:
    case PublicationType::Guideline: case PublicationType::Consensus: return EvidenceLevel::E0;
    case PublicationType::TrialRct: return EvidenceLevel::E2;
    default: return EvidenceLevel::E3;
    }
}

bool IsPreprintServer(std::string_view journal) {
    std::string j = Lower(journal);
    return j.find("medrxiv") != std::string::npos || j.find("biorxiv") != std::string::npos ||
           j.find("research square") != std::string::npos || j == "res sq";
}

// [SECTION] ImportMedline ----------------------------------------------------------------------

// The first year in DP: the first run of exactly four digits ("2011 Oct 19", "Apr 2019", "Spring
// 2019", "2018 Dec-2019 Jan" -> 2011, 2019, 2019, 2018); 0 when there is none.
int YearOf(std::string_view dp) {
    for (size_t i = 0; i < dp.size();) {
        if (dp[i] < '0' || dp[i] > '9') { ++i; continue; }
        size_t end = i;
        while (end < dp.size() && dp[end] >= '0' && dp[end] <= '9') ++end;
        if (end - i == 4)
            return (dp[i] - '0') * 1000 + (dp[i + 1] - '0') * 100 + (dp[i + 2] - '0') * 10 + (dp[i + 3] - '0');
        i = end;
    }
    return 0;
}

std::string Quote(std::string_view s) {
    std::string out = "\"";
    size_t n = s.size() > 60 ? 57 : s.size();
    while (n < s.size() && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) --n;  // keep UTF-8 whole
    out.append(s.substr(0, n));
    if (n < s.size()) out += "...";
    return out + "\"";
}

constexpr size_t kMaxTitleBytes = 2 * 1024;  // the loader's cap on titles (and journals)
constexpr size_t kMaxStringBytes = 64 * 1024; // the loader's cap on any other string

// The text exactly as the JSON writer will emit it: invalid UTF-8 (as nlohmann judges it, so the
// loader agrees) becomes U+FFFD. Lengths are checked on this, not on the raw export.
std::string CleanUtf8(const std::string& s) {
    ojson wrapped = s;
    std::string dumped = wrapped.dump(-1, ' ', false, ojson::error_handler_t::replace);
    ojson back = ojson::parse(dumped, nullptr, false);
    return back.is_string() ? back.get<std::string>() : std::string();
}
constexpr size_t kMaxAuthors = 500;           // the loader's cap on authors

constexpr size_t kAbstractColumns = 100;

// The abstract file's text: a header saying what it is for, the title, then the abstract wrapped at
// 100 columns (at spaces; a longer word stays whole).
std::string AbstractText(const std::string& abstract, const std::string& title, const std::string& pmid,
                         const std::string& doi) {
    std::string out = "Abstract from the MEDLINE export (";
    if (!pmid.empty()) out += "PMID " + pmid + (doi.empty() ? "" : "; ");
    if (!doi.empty()) out += "DOI " + doi;
    out += "), beside the skeleton so its summary can be drafted.\n"
           "Write the card in the project's own words: do not copy sentences from it. Not bundled.\n\n";
    out += title + "\n\n";
    size_t column = 0;
    size_t i = 0;
    while (i < abstract.size()) {
        while (i < abstract.size() && abstract[i] == ' ') ++i;
        size_t end = abstract.find(' ', i);
        if (end == std::string::npos) end = abstract.size();
        if (end == i) break;
        size_t length = end - i;
        if (column > 0 && column + 1 + length > kAbstractColumns) { out += '\n'; column = 0; }
        else if (column > 0) { out += ' '; ++column; }
        out.append(abstract, i, length);
        column += length;
        i = end;
    }
    return out + "\n";
}

}  // namespace

std::string AbstractFileName(std::string_view slug) { return std::string(slug) + ".abstract.txt"; }

MedlineImport ImportMedline(std::string_view text, std::string_view today) {
    MedlineImport out;
    std::vector<Record> records = ParseRecords(text);
    std::unordered_map<std::string, size_t> seen_pmid;  // PMID -> record number
    std::unordered_map<std::string, size_t> seen_doi;   // lower-case DOI -> record number
    std::unordered_set<std::string> seen_slug;

    for (size_t index = 0; index < records.size(); ++index) {
        const Record& rec = records[index];
        size_t number = index + 1;
        const std::string* pmid = First(rec, "PMID");
        const std::string* dp = First(rec, "DP");
        // A whole book (Bookshelf) has no TI: its title is the book title, BTI.
        const std::string* title_raw = First(rec, "TI");
        const std::string* book_title = First(rec, "BTI");
        bool whole_book = (!title_raw || title_raw->empty()) && book_title && !book_title->empty();
        if (whole_book) title_raw = book_title;
        std::string clean_title = title_raw ? CleanUtf8(*title_raw) : std::string();
        const std::string* title = title_raw ? &clean_title : nullptr;
        std::string doi = CleanUtf8(FindDoi(rec));  // as the writer emits it: id, file and abstract agree
        std::string doi_key = Lower(doi);
        bool has_pmid = pmid && !pmid->empty(), has_title = title && !title->empty(), has_dp = dp && !dp->empty();
        bool has_doi = !doi.empty();

        // Everything that keeps the record out, in one message.
        std::vector<std::string> issues;
        std::string missing;
        for (auto [present, tag] : {std::pair<bool, const char*>{has_pmid || has_doi, "PMID or DOI"}, {has_title, "TI"},
                                    {has_dp, "DP"}}) {
            if (present) continue;
            missing += missing.empty() ? "missing " : ", ";
            missing += tag;
        }
        if (!missing.empty()) issues.push_back(missing);
        if (has_pmid && (!AllDigits(*pmid) || pmid->size() > 9))
            issues.push_back("PMID " + Quote(*pmid) + " is not 1 to 9 digits");
        if (!has_pmid && doi.size() > kMaxTitleBytes)
            issues.push_back("DOI is longer than " + std::to_string(kMaxTitleBytes) + " bytes");
        int year = has_dp ? YearOf(*dp) : 0;
        if (has_dp && (year < kMinYear || year > kMaxYear))
            issues.push_back("DP " + Quote(*dp) + " has no year from " + std::to_string(kMinYear) + " to " + std::to_string(kMaxYear));
        if (has_title && title->size() > kMaxTitleBytes)
            issues.push_back(std::string(whole_book ? "BTI" : "TI") + " is longer than " + std::to_string(kMaxTitleBytes) +
                             " bytes");
        // The container: the journal (JT, else its abbreviation TA); for a chapter its book (BTI); for a
        // whole book its collection (CTI), else its publisher (PB).
        const char* container_tag = "JT";
        std::string container;
        for (const char* tag : {"JT", "TA", "BTI", "CTI", "PB"}) {
            if (whole_book && std::string_view(tag) == "BTI") continue;
            const std::string* v = First(rec, tag);
            if (!v || v->empty()) continue;
            container = *v;
            container_tag = tag;
            break;
        }
        const std::string* jt_raw = First(rec, "JT");
        const std::string* ta_raw = First(rec, "TA");
        std::string journal = CleanUtf8(container);
        if (journal.size() > kMaxTitleBytes)
            issues.push_back(std::string(container_tag) + " is longer than " + std::to_string(kMaxTitleBytes) + " bytes");
        // Authors: full names (FAU) when the record has them, else the short form (AU), else the
        // corporate author (CN) that guidelines and reports carry instead of people.
        const char* author_tag = "FAU";
        std::vector<std::string> authors = All(rec, "FAU");
        if (authors.empty()) { authors = All(rec, "AU"); author_tag = "AU"; }
        if (authors.empty()) { authors = All(rec, "CN"); author_tag = "CN"; }
        bool full_names = std::string_view(author_tag) == "FAU";
        if (authors.size() > kMaxAuthors) authors.resize(kMaxAuthors);
        for (std::string& author : authors) {
            author = CleanUtf8(author);
            if (author.size() > kMaxStringBytes) {
                issues.push_back(std::string(author_tag) + " is longer than " + std::to_string(kMaxStringBytes) + " bytes");
                break;
            }
        }
        if (issues.empty()) {
            // The same paper twice: the same PMID, or the same DOI (DOIs ignore case).
            size_t prior = 0;
            if (has_pmid && seen_pmid.count(*pmid)) prior = seen_pmid[*pmid];
            else if (has_doi && seen_doi.count(doi_key)) prior = seen_doi[doi_key];
            if (prior) issues.push_back("duplicate of record " + std::to_string(prior));
        }
        if (!issues.empty()) {
            std::string label = has_pmid ? "PMID " + *pmid : has_doi ? "DOI " + doi : std::string("PMID ?");
            std::string message = "record " + std::to_string(number) + " (" + label + "): ";
            for (size_t i = 0; i < issues.size(); ++i) message += (i ? "; " : "") + issues[i];
            out.problems.push_back(std::move(message));
            continue;
        }
        if (has_pmid) seen_pmid.emplace(*pmid, number);
        if (has_doi) seen_doi.emplace(doi_key, number);

        bool preprint = (jt_raw && IsPreprintServer(*jt_raw)) || (ta_raw && IsPreprintServer(*ta_raw));

        std::string family;
        if (full_names || std::string_view(author_tag) == "AU") family = FamilyName(authors.front(), full_names);
        else if (const std::string* cn = First(rec, "CN")) family = *cn;
        else family = "anon";

        std::string id = has_pmid ? Fnv1a64Hex("pmid:" + *pmid) : Fnv1a64Hex("doi:" + doi_key);
        std::string slug = MakeSlug(family, year, *title);
        if (!seen_slug.insert(slug).second) {
            // Two records of one export with the same author, year and opening words.
            std::string suffix = "-" + (has_pmid ? *pmid : id.substr(0, 8));
            slug = CapSlug(slug, kMaxSlug - suffix.size()) + suffix;
            seen_slug.insert(slug);
        }

        PublicationType publication_type = PublicationTypeFromPt(All(rec, "PT"));

        ojson study = ojson::object();
        study["id"] = id;
        study["slug"] = slug;
        study["title"] = *title;
        study["authors"] = ojson::array();
        for (const std::string& a : authors) study["authors"].push_back(a);
        study["journal"] = journal;
        study["year"] = year;
        if (has_pmid) study["pmid"] = *pmid;
        if (has_doi) study["doi"] = doi;
        study["evidence_level"] = EvidenceCode(EvidenceFromPublicationType(publication_type));  // provisional draft
        study["confidence"] = ConfidenceCode(Confidence::Low);
        study["pem"] = PemCode(PemCriterion::Unclear);
        study["case_definitions"] = ojson::array();
        study["publication_type"] = PublicationTypeCode(publication_type);
        study["peer_review"] = PeerReviewCode(preprint ? PeerReview::Preprint : PeerReview::PeerReviewed);
        study["review_status"] = ReviewStatusCode(ReviewStatus::MachineDraft);
        ojson sections = ojson::object();
        sections["quick_summary"] = "";
        sections["why_it_matters"] = "";
        sections["observed_findings"] = ojson::array();
        sections["inferred_conclusions"] = ojson::array();
        sections["remaining_questions"] = "";
        sections["does_not_prove"] = "";
        sections["strengths"] = ojson::array();
        sections["limitations"] = ojson::array();
        study["sections"] = std::move(sections);
        study["tags"] = ojson::object();
        study["last_updated"] = std::string(today);
        ojson provenance = ojson::object();
        provenance["checked"] = std::string(today);
        provenance["records"] = ojson::array({has_pmid ? "https://pubmed.ncbi.nlm.nih.gov/" + *pmid + "/"
                                                       : "https://doi.org/" + doi});
        study["provenance"] = std::move(provenance);

        // Invalid UTF-8 in the export becomes U+FFFD rather than an exception (or an abort without them).
        // No trailing newline: the writer adds it (the CLI writes record + "\n").
        out.records.push_back(study.dump(2, ' ', false, ojson::error_handler_t::replace));
        out.slugs.push_back(std::move(slug));
        const std::string* abstract = First(rec, "AB");
        out.abstracts.push_back(abstract && !abstract->empty()
                                    ? AbstractText(CleanUtf8(*abstract), *title, has_pmid ? *pmid : "", doi)
                                    : std::string());
    }
    return out;
}

}  // namespace atlas
