// cite.cpp — citations and exports of studies (see atlas/cite.h). Pure core: builds text from the
// model, reads no file or clock, throws nothing. All text is UTF-8 and is kept as UTF-8.
//
// Author names are stored as "Family, Given" (PubMed order). A name without a comma is a collective
// author ("CFS/ME Working Group") and is used whole everywhere.
//
// [Formats]
//
// CitePlain (NLM/Vancouver-like, one line):
//   <authors>. <title>[.] <journal>[ [Preprint]]. <year>.[ doi:<doi>.][ PMID: <pmid>.][ Retracted.]
//   - <authors>: up to 6 as "Family Initials" joined by ", ", then ", et al." when there are more
//     (the "." of "et al." ends the author list; no second period). Initials are the first letter of
//     each given-name word, words split at spaces, hyphens and dots, upper-cased, no dots:
//     "Twisk, Frank N M" -> "Twisk FNM", "Fluge, Øystein" -> "Fluge Ø", "Lee, Ji-Sook" -> "Lee JS".
//     A final "Jr"/"Sr"/"II"/"III"/"IV" word is kept after the initials: "Smith, John Jr" -> "Smith J Jr".
//     No authors: the citation starts with the title.
//   - <title> keeps its own final ".", "?" or "!"; a "." is added when it has none.
//   - <journal>: a "." is added unless it already ends with one. Preprints get " [Preprint]" (NLM).
//   e.g. "Twisk FNM, Maes M. A review on ... with ME/CFS. Neuro endocrinology letters. 2009. PMID: 19855350."
//
// CiteBibtex (one entry, ends with "}\n"; fields in this order, absent ones left out):
//   @article{<key>,
//     author = {Family, Given and Family, Given and {Collective Name}},
//     title = {{<title>}},
//     journal = {<journal>},
//     year = {<year>},
//     doi = {<doi>},
//     pmid = {<pmid>},
//     note = {Preprint; Retracted}
//   }
//   - key: ASCII-folded lower-case family name of the first author (letters and digits only;
//     "anon" when nothing is left) + year + first title word that is not a stop word
//     ("a", "the", "of", ...), hyphens and apostrophes joined ("B-Lymphocyte" -> "blymphocyte"),
//     e.g. "twisk2009review", "fluge2019blymphocyte". Folding: ø->o, ö->o,
//     ß->ss, é->e, æ->ae, œ->oe, ł->l, ... (text::LatinToAscii); other letters are dropped.
//   - author/title/journal/note: UTF-8 letters kept as they are (biber reads UTF-8); the specials are
//     escaped: & % $ # _ -> \& \% \$ \# \_, { -> \textbraceleft{}, } -> \textbraceright{},
//     ~ -> \textasciitilde{}, ^ -> \textasciicircum{}, \ -> \textbackslash{}. Braces are never
//     written as \{ \}: BibTeX counts braces even after a backslash, so an unbalanced \{ would break
//     the entry. Newlines become spaces. A name part holding a comma or a separate word "and" is
//     wrapped in braces so BibTeX does not split it.
//   - doi: verbatim (biblatex reads it verbatim), except { } \ and whitespace, which are
//     percent-encoded (%7B %7D %5C %20...) as in a DOI URL.
//   - note: "Preprint" for preprints, "Retracted" for retracted studies, joined by "; ".
//
// CiteAtlasSnapshot:
//   <atlas title>. Card for “<title without one final period>” (<first author family>[ et al.] <year>),
//   last updated <D Month YYYY>. Accessed <D Month YYYY>.
//   - " et al." when the study has three or more authors (two authors: the first family alone, as
//     in "(Twisk 2009)"); no authors: "(<year>)". " Accessed ..." is left out when no date is given.
//
// ExportCsv (RFC 4180): UTF-8 with a BOM (EF BB BF), CRLF after every row including the last.
//   Header: id,slug,title,authors,journal,year,pmid,doi,evidence_level,confidence,pem,
//           case_definitions,publication_type,peer_review,review_status,retracted,tags,last_updated,
//           quick_summary
//   Values are the JSON codes (E0, moderate, required, Review-Narrative, ...); authors joined "; ",
//   case_definitions joined "; ", retracted "true"/"false", tags "Category: label; ..." with the
//   header's category names in header order. A field containing a comma, a quote, CR or LF is
//   quoted, with quotes doubled; newlines inside a quoted field are kept.
//
// ExportRis: per study, lines "TAG  - value" ending CRLF, a blank line between records:
//   TY  - JOUR (peer-reviewed) or UNPB (preprint)
//   ID  - <study id>
//   TI  - <title>
//   AU  - <Family, Given>            (one line per author, in order)
//   T2  - <journal>
//   JO  - <journal>
//   PY  - <year>
//   DO  - <doi>                      (when present)
//   AN  - <pmid>                     (when present)
//   UR  - https://pubmed.ncbi.nlm.nih.gov/<pmid>/   (when a PMID is present)
//   N1  - Atlas evidence level: E0 Consensus; PEM required[; Retracted]
//   KW  - <Category: label>          (one per tag)
//   AB  - [Atlas summary (machine-drafted): ]<quick summary>   (when there is one)
//   ER  - (with the trailing space)
//   CR and LF inside values become spaces (runs collapse to one); values are otherwise verbatim.
//
// ExportBibtex: the CiteBibtex entries joined by one blank line. A key already used in the file
//   gets a suffix a, b, ..., z, aa, ab, ...: the first entry keeps the plain key; suffixed keys also
//   avoid every plain key of the file.
//
// ExportCslJson: a JSON array (indent 2, UTF-8, then "\n") of items with, in order:
//   id, type ("article-journal", "article" for preprints), title,
//   author [{family, given}] ({"literal": name} for a collective author; "given" left out when empty),
//   container-title, issued {"date-parts": [[year]]}, DOI, PMID, URL (PubMed, when a PMID is present),
//   note ("Retracted", when retracted). Absent DOI/PMID are left out.
#include "atlas/cite.h"

#include <cctype>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "atlas/card.h"
#include "text/text.h"

namespace atlas {
namespace {

// [SECTION] Folding (text.h)

using text::NextCodePoint;

bool IsCombiningMark(uint32_t cp) { return cp >= 0x300 && cp <= 0x36F; }

// ASCII folding of one code point, lower case: "" for anything that is not a Latin letter or digit.
std::string_view FoldCodePoint(uint32_t cp) {
    static const char kAscii[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    if (cp >= '0' && cp <= '9') return std::string_view(kAscii + (cp - '0'), 1);
    if (cp >= 'a' && cp <= 'z') return std::string_view(kAscii + 10 + (cp - 'a'), 1);
    if (cp >= 'A' && cp <= 'Z') return std::string_view(kAscii + 10 + (cp - 'A'), 1);
    return text::LatinToAscii(cp);
}

// Lower-case ASCII letters and digits of `s`; hyphens and apostrophes are dropped; other characters
// become `separator` (when not 0), never doubled, leading or trailing.
std::string FoldAscii(std::string_view s, char separator = 0) {
    std::string out;
    for (size_t pos = 0; pos < s.size();) {
        uint32_t cp = NextCodePoint(s, pos);
        if (IsCombiningMark(cp)) continue;  // decomposed accents: the base letter was folded already
        // Hyphens and apostrophes join: "B-Lymphocyte" -> "blymphocyte", "O'Brien" -> "obrien".
        if (cp == '-' || cp == '\'' || cp == 0x2010 || cp == 0x2011 || cp == 0x2019) continue;
        std::string_view f = FoldCodePoint(cp);
        if (!f.empty()) {
            out += f;
        } else if (separator && !out.empty() && out.back() != separator) {
            out += separator;
        }
    }
    if (separator && !out.empty() && out.back() == separator) out.pop_back();
    return out;
}

// [SECTION] Names

struct Name {
    std::string_view family, given;
    bool collective = false;  // no comma: a group name used whole (in `family`)
};

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

Name SplitName(std::string_view author) {
    Name n;
    size_t comma = author.find(',');
    if (comma == std::string_view::npos) {
        n.family = Trim(author);
        n.collective = true;
    } else {
        n.family = Trim(author.substr(0, comma));
        n.given = Trim(author.substr(comma + 1));
    }
    return n;
}

bool IsNameSuffix(std::string_view w) {
    return w == "Jr" || w == "Sr" || w == "II" || w == "III" || w == "IV";
}

// "Frank N M" -> "FNM", "Jean-Paul" -> "JP", "Øystein" -> "Ø", "John Jr" -> "J Jr".
std::string Initials(std::string_view given) {
    std::vector<std::string_view> words;
    size_t start = 0;
    for (size_t i = 0; i <= given.size(); ++i) {
        if (i == given.size() || given[i] == ' ' || given[i] == '-' || given[i] == '.' || given[i] == '\t') {
            if (i > start) words.push_back(given.substr(start, i - start));
            start = i + 1;
        }
    }
    std::string suffix;
    if (words.size() > 1 && IsNameSuffix(words.back())) {
        suffix = " " + std::string(words.back());
        words.pop_back();
    }
    std::string out;
    for (std::string_view w : words) {
        size_t pos = 0;
        // Skip leading punctuation such as "(" or a quote.
        while (pos < w.size() && (unsigned char)w[pos] < 0x80 && !std::isalnum((unsigned char)w[pos])) ++pos;
        if (pos == w.size()) continue;
        text::AppendUtf8(out, text::LatinUpper(NextCodePoint(w, pos)));
        // Keep combining marks that belong to the initial (decomposed "É").
        while (pos < w.size()) {
            size_t next = pos;
            uint32_t cp = NextCodePoint(w, next);
            if (!IsCombiningMark(cp)) break;
            out.append(w.substr(pos, next - pos));
            pos = next;
        }
    }
    return out + suffix;
}

std::string PlainAuthor(std::string_view author) {
    Name n = SplitName(author);
    if (n.collective) return std::string(n.family);
    std::string initials = Initials(n.given);
    return initials.empty() ? std::string(n.family) : std::string(n.family) + " " + initials;
}

// [SECTION] Small helpers

bool EndsWith(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// CR and LF (and runs of them, with the spaces around) become one space.
std::string OneLine(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending = false;
    for (char c : s) {
        if (c == '\r' || c == '\n') {
            pending = true;
            while (!out.empty() && out.back() == ' ') out.pop_back();
            continue;
        }
        if (pending) {
            pending = false;
            if (c == ' ' || c == '\t') { pending = true; continue; }
            if (!out.empty()) out += ' ';
        }
        out += c;
    }
    return out;
}

std::string PubmedUrl(std::string_view pmid) { return "https://pubmed.ncbi.nlm.nih.gov/" + std::string(pmid) + "/"; }

// "Category: label" for each tag of the study, categories in header order.
std::vector<std::string> TagTexts(const Atlas& atlas, const Study& s) {
    std::vector<std::string> out;
    for (size_t c = 0; c < atlas.tag_categories.size(); ++c) {
        for (uint32_t i = 0; i < s.tags.count; ++i) {
            uint32_t index = atlas.TagIndex(s.tags, i);
            if (index >= atlas.tags.size()) continue;
            const Tag& tag = atlas.tags[index];
            if (tag.category == c) out.push_back(atlas.tag_categories[c].name + ": " + tag.label);
        }
    }
    return out;
}

// [SECTION] BibTeX

std::string BibEscape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    for (char c : OneLine(s)) {
        switch (c) {
        case '&': case '%': case '$': case '#': case '_':
            out += '\\';
            out += c;
            break;
        case '{': out += "\\textbraceleft{}"; break;
        case '}': out += "\\textbraceright{}"; break;
        case '~': out += "\\textasciitilde{}"; break;
        case '^': out += "\\textasciicircum{}"; break;
        case '\\': out += "\\textbackslash{}"; break;
        default: out += c;
        }
    }
    return out;
}

// True when BibTeX would split or re-order inside this name part: it holds a comma or a
// whitespace-separated word "and" (in any case).
bool NeedsNameBraces(std::string_view part) {
    if (part.find(',') != std::string_view::npos) return true;
    size_t start = 0;
    for (size_t i = 0; i <= part.size(); ++i) {
        if (i == part.size() || part[i] == ' ' || part[i] == '\t') {
            std::string_view w = part.substr(start, i - start);
            if (w.size() == 3 && (w[0] | 0x20) == 'a' && (w[1] | 0x20) == 'n' && (w[2] | 0x20) == 'd') return true;
            start = i + 1;
        }
    }
    return false;
}

std::string BibNamePart(std::string_view part) {
    std::string escaped = BibEscape(part);
    return NeedsNameBraces(part) ? "{" + escaped + "}" : escaped;
}

std::string BibAuthor(std::string_view author) {
    Name n = SplitName(author);
    if (n.collective) return "{" + BibEscape(n.family) + "}";
    if (n.given.empty()) return BibNamePart(n.family);
    return BibNamePart(n.family) + ", " + BibNamePart(n.given);
}

// DOIs are verbatim fields in biblatex: only characters that would break the entry are encoded.
std::string BibDoi(std::string_view doi) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : doi) {
        unsigned char u = (unsigned char)c;
        if (c == '{' || c == '}' || c == '\\' || u <= 0x20 || u == 0x7F) {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        } else {
            out += c;
        }
    }
    return out;
}

bool IsStopWord(std::string_view w) {
    static const char* const kStop[] = {"a",    "an",  "the", "on",   "of",   "in",     "for",  "and", "or",
                                        "to",   "with", "by", "at",   "from", "is",     "are",  "as",  "its",
                                        "into", "via", "vs",  "versus", "about", "among", "after", "over", "under",
                                        "do",   "does", "be", "not",  "but",  "this",   "that", "than"};
    for (const char* s : kStop)
        if (w == s) return true;
    return false;
}

std::string BibKey(const Atlas& atlas, const Study& s) {
    std::string key;
    if (s.authors.count) key = FoldAscii(SplitName(atlas.Item(s.authors, 0)).family);
    if (key.empty()) key = "anon";
    key += std::to_string(s.year);
    std::string words = FoldAscii(atlas.Text(s.title), ' ');
    size_t start = 0;
    while (start < words.size()) {
        size_t end = words.find(' ', start);
        if (end == std::string::npos) end = words.size();
        std::string_view w = std::string_view(words).substr(start, end - start);
        if (!w.empty() && !IsStopWord(w)) {
            key += w;
            break;
        }
        start = end + 1;
    }
    return key;
}

std::string BibEntry(const Atlas& atlas, const Study& s, const std::string& key) {
    std::string out = "@article{" + key + ",\n";
    std::string authors;
    for (uint32_t i = 0; i < s.authors.count; ++i) {
        if (i) authors += " and ";
        authors += BibAuthor(atlas.Item(s.authors, i));
    }
    std::vector<std::pair<const char*, std::string>> fields;
    if (!authors.empty()) fields.emplace_back("author", authors);
    fields.emplace_back("title", "{" + BibEscape(atlas.Text(s.title)) + "}");
    fields.emplace_back("journal", BibEscape(atlas.Text(s.journal)));
    fields.emplace_back("year", std::to_string(s.year));
    if (s.doi.length) fields.emplace_back("doi", BibDoi(atlas.Text(s.doi)));
    if (s.pmid.length) fields.emplace_back("pmid", BibEscape(atlas.Text(s.pmid)));
    std::string note;
    if (s.peer_review == PeerReview::Preprint) note = "Preprint";
    if (s.retracted) note += note.empty() ? "Retracted" : "; Retracted";
    if (!note.empty()) fields.emplace_back("note", note);
    for (size_t i = 0; i < fields.size(); ++i) {
        out += "  ";
        out += fields[i].first;
        out += " = {" + fields[i].second + "}";
        out += i + 1 < fields.size() ? ",\n" : "\n";
    }
    out += "}\n";
    return out;
}

// "a", "b", ..., "z", "aa", "ab", ...
std::string KeySuffix(size_t n) {
    std::string out;
    ++n;
    while (n > 0) {
        --n;
        out.insert(out.begin(), (char)('a' + n % 26));
        n /= 26;
    }
    return out;
}

// [SECTION] CSV

void CsvField(std::string& out, std::string_view v) {
    // A cell starting with = + - @ would run as a formula in spreadsheet programs (CSV injection):
    // a leading apostrophe makes it text, as OWASP recommends.
    std::string guarded;
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) {
        guarded = "'" + std::string(v);
        v = guarded;
    }
    if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += v;
        return;
    }
    out += '"';
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

template <typename Container>
std::string Join(const Container& items, std::string_view sep) {
    std::string out;
    bool first = true;
    for (const auto& item : items) {
        if (!first) out += sep;
        out += item;
        first = false;
    }
    return out;
}

// [SECTION] RIS

void RisLine(std::string& out, std::string_view tag, std::string_view value) {
    out += tag;
    out += "  - ";
    out += OneLine(value);
    out += "\r\n";
}

}  // namespace

// [SECTION] Citations

std::string CitePlain(const Atlas& atlas, const Study& s) {
    std::string out;
    uint32_t shown = s.authors.count < 6 ? s.authors.count : 6;
    for (uint32_t i = 0; i < shown; ++i) {
        if (i) out += ", ";
        out += PlainAuthor(atlas.Item(s.authors, i));
    }
    if (shown < s.authors.count) out += ", et al";
    if (!out.empty()) out += ". ";

    std::string title = OneLine(atlas.Text(s.title));
    out += title;
    if (title.empty() || (title.back() != '.' && title.back() != '?' && title.back() != '!')) out += '.';

    std::string journal = OneLine(atlas.Text(s.journal));
    if (!journal.empty()) {
        out += " " + journal;
        if (s.peer_review == PeerReview::Preprint) out += " [Preprint].";
        else if (journal.back() != '.') out += '.';
    } else if (s.peer_review == PeerReview::Preprint) {
        out += " [Preprint].";
    }
    out += " " + std::to_string(s.year) + ".";
    if (s.doi.length) out += " doi:" + std::string(atlas.Text(s.doi)) + ".";
    if (s.pmid.length) out += " PMID: " + std::string(atlas.Text(s.pmid)) + ".";
    if (s.retracted) out += " Retracted.";
    return out;
}

std::string CiteBibtex(const Atlas& atlas, const Study& s) { return BibEntry(atlas, s, BibKey(atlas, s)); }

std::string CiteAtlasSnapshot(const Atlas& atlas, const Study& s, std::string_view accessed_date) {
    std::string out = OneLine(atlas.header.title);
    if (!out.empty()) out += EndsWith(out, ".") ? " " : ". ";
    std::string title = OneLine(atlas.Text(s.title));
    if (EndsWith(title, ".")) title.pop_back();
    out += "Card for \u201C" + title + "\u201D (";
    if (s.authors.count) {
        out += std::string(SplitName(atlas.Item(s.authors, 0)).family);
        if (s.authors.count > 2) out += " et al.";
        out += ' ';
    }
    out += std::to_string(s.year) + "), last updated " + FormatDate(atlas.Text(s.last_updated)) + ".";
    if (!accessed_date.empty()) out += " Accessed " + FormatDate(accessed_date) + ".";
    return out;
}

// [SECTION] Exports

std::string ExportCsv(const Atlas& atlas, const std::vector<uint32_t>& studies) {
    std::string out = "\xEF\xBB\xBF";
    out += "id,slug,title,authors,journal,year,pmid,doi,evidence_level,confidence,pem,case_definitions,"
           "publication_type,peer_review,review_status,retracted,tags,last_updated,quick_summary\r\n";
    for (uint32_t index : studies) {
        if (index >= atlas.studies.size()) continue;
        const Study& s = atlas.studies[index];
        std::vector<std::string_view> authors;
        for (uint32_t i = 0; i < s.authors.count; ++i) authors.push_back(atlas.Item(s.authors, i));
        std::vector<std::string_view> defs;
        for (int bit = 0; bit < kCaseDefinitionCount; ++bit)
            if (s.case_definitions & (1u << bit)) defs.push_back(CaseDefinitionCode(bit));
        const std::string fields[] = {
            std::string(atlas.Text(s.id)),
            std::string(atlas.Text(s.slug)),
            std::string(atlas.Text(s.title)),
            Join(authors, "; "),
            std::string(atlas.Text(s.journal)),
            std::to_string(s.year),
            std::string(atlas.Text(s.pmid)),
            std::string(atlas.Text(s.doi)),
            std::string(EvidenceCode(s.evidence)),
            std::string(ConfidenceCode(s.confidence)),
            std::string(PemCode(s.pem)),
            Join(defs, "; "),
            std::string(PublicationTypeCode(s.publication_type)),
            std::string(PeerReviewCode(s.peer_review)),
            std::string(ReviewStatusCode(s.review_status)),
            s.retracted ? "true" : "false",
            Join(TagTexts(atlas, s), "; "),
            std::string(atlas.Text(s.last_updated)),
            std::string(atlas.Text(s.quick_summary)),
        };
        bool first = true;
        for (const std::string& f : fields) {
            if (!first) out += ',';
            CsvField(out, f);
            first = false;
        }
        out += "\r\n";
    }
    return out;
}

std::string ExportRis(const Atlas& atlas, const std::vector<uint32_t>& studies) {
    std::string out;
    bool first = true;
    for (uint32_t index : studies) {
        if (index >= atlas.studies.size()) continue;
        const Study& s = atlas.studies[index];
        if (!first) out += "\r\n";
        first = false;
        RisLine(out, "TY", s.peer_review == PeerReview::Preprint ? "UNPB" : "JOUR");
        RisLine(out, "ID", atlas.Text(s.id));
        RisLine(out, "TI", atlas.Text(s.title));
        for (uint32_t i = 0; i < s.authors.count; ++i) RisLine(out, "AU", atlas.Item(s.authors, i));
        RisLine(out, "T2", atlas.Text(s.journal));
        RisLine(out, "JO", atlas.Text(s.journal));
        RisLine(out, "PY", std::to_string(s.year));
        if (s.doi.length) RisLine(out, "DO", atlas.Text(s.doi));
        if (s.pmid.length) {
            RisLine(out, "AN", atlas.Text(s.pmid));
            RisLine(out, "UR", PubmedUrl(atlas.Text(s.pmid)));
        }
        std::string note = "Atlas evidence level: " + std::string(EvidenceCode(s.evidence)) + " " +
                           atlas.LevelText(s.evidence).label + "; " + std::string(PemLabel(s.pem));
        if (s.retracted) note += "; Retracted";
        RisLine(out, "N1", note);
        for (const std::string& tag : TagTexts(atlas, s)) RisLine(out, "KW", tag);
        std::string_view summary = atlas.Text(s.quick_summary);
        if (!summary.empty()) {
            RisLine(out, "AB", s.review_status == ReviewStatus::MachineDraft
                                   ? "Atlas summary (machine-drafted): " + std::string(summary)
                                   : std::string(summary));
        }
        RisLine(out, "ER", "");
    }
    return out;
}

std::string ExportBibtex(const Atlas& atlas, const std::vector<uint32_t>& studies) {
    std::vector<uint32_t> valid;
    std::vector<std::string> keys;
    std::unordered_set<std::string> plain;
    for (uint32_t index : studies) {
        if (index >= atlas.studies.size()) continue;
        valid.push_back(index);
        keys.push_back(BibKey(atlas, atlas.studies[index]));
        plain.insert(keys.back());
    }
    std::unordered_set<std::string> used;
    std::string out;
    for (size_t i = 0; i < valid.size(); ++i) {
        std::string key = keys[i];
        if (used.count(key)) {
            for (size_t n = 0;; ++n) {
                std::string candidate = keys[i] + KeySuffix(n);
                if (!used.count(candidate) && !plain.count(candidate)) {
                    key = candidate;
                    break;
                }
            }
        }
        used.insert(key);
        if (i) out += "\n";
        out += BibEntry(atlas, atlas.studies[valid[i]], key);
    }
    return out;
}

std::string ExportCslJson(const Atlas& atlas, const std::vector<uint32_t>& studies) {
    using nlohmann::ordered_json;
    ordered_json items = ordered_json::array();
    for (uint32_t index : studies) {
        if (index >= atlas.studies.size()) continue;
        const Study& s = atlas.studies[index];
        ordered_json item = ordered_json::object();
        item["id"] = std::string(atlas.Text(s.id));
        item["type"] = s.peer_review == PeerReview::Preprint ? "article" : "article-journal";
        item["title"] = std::string(atlas.Text(s.title));
        ordered_json authors = ordered_json::array();
        for (uint32_t i = 0; i < s.authors.count; ++i) {
            Name n = SplitName(atlas.Item(s.authors, i));
            ordered_json a = ordered_json::object();
            if (n.collective) {
                a["literal"] = std::string(n.family);
            } else {
                a["family"] = std::string(n.family);
                if (!n.given.empty()) a["given"] = std::string(n.given);
            }
            authors.push_back(std::move(a));
        }
        item["author"] = std::move(authors);
        item["container-title"] = std::string(atlas.Text(s.journal));
        item["issued"] = ordered_json::object();
        item["issued"]["date-parts"] = ordered_json::array({ordered_json::array({(int)s.year})});
        if (s.doi.length) item["DOI"] = std::string(atlas.Text(s.doi));
        if (s.pmid.length) {
            item["PMID"] = std::string(atlas.Text(s.pmid));
            item["URL"] = PubmedUrl(atlas.Text(s.pmid));
        }
        if (s.retracted) item["note"] = "Retracted";
        items.push_back(std::move(item));
    }
    // `replace` keeps dump() from throwing on invalid UTF-8 (the loader rejects it, but a model
    // built another way might hold some).
    return items.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace atlas
