// lint.cpp — data-quality notes on valid records.
//
// Each rule has a stable id and fixed message wording (tests assert the text exactly). Notes come
// out in rule order: pem-flag-contradiction, pem-case-definition, e0-case-report,
// peer-reviewed-preprint, risky-wording, missing-identifiers, future-year, retraction-without-notice.
//
// [SECTION] Text helpers
// [SECTION] Rules
// [SECTION] LintStudy
#include "atlas/lint.h"

#include <string_view>

namespace atlas {
namespace {

// [SECTION] Text helpers ---------------------------------------------------------------------

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }
bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string ToLower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = Lower(c);
    return out;
}

// "PEM_NOT_DEFINED", " pem  not-defined " -> "pem not defined": lower case, '_' and '-' as spaces,
// runs of spaces collapsed, ends trimmed.
std::string NormalizeFlag(std::string_view s) {
    std::string out;
    for (char c : s) {
        char l = Lower(c);
        if (l == '_' || l == '-' || l == ' ' || l == '\t') {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += l;
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// `needle` (lower case) occurs in `haystack_lower` with no letter or digit on either side.
bool ContainsWord(std::string_view haystack_lower, std::string_view needle) {
    for (size_t at = haystack_lower.find(needle); at != std::string_view::npos;
         at = haystack_lower.find(needle, at + 1)) {
        bool left = at == 0 || !IsAlnum(haystack_lower[at - 1]);
        size_t end = at + needle.size();
        bool right = end >= haystack_lower.size() || !IsAlnum(haystack_lower[end]);
        if (left && right) return true;
    }
    return false;
}

// A word of running text: ASCII letters and digits, with apostrophes ("doesn't", also the
// typographic U+2019) kept inside the word and normalised to '\''. `sentence_start` is true when
// sentence punctuation came between this word and the previous one.
struct Word {
    std::string text;  // lower case
    bool sentence_start = false;
};

std::vector<Word> Words(std::string_view s) {
    std::vector<Word> words;
    bool boundary = true;
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (IsAlnum(c)) {
            Word w;
            w.sentence_start = boundary;
            boundary = false;
            while (i < s.size()) {
                if (IsAlnum(s[i])) { w.text += Lower(s[i]); ++i; continue; }
                bool ascii_apos = s[i] == '\'';
                bool curly_apos = s.compare(i, 3, "\xE2\x80\x99") == 0;
                size_t len = ascii_apos ? 1 : curly_apos ? 3 : 0;
                if (len && i + len < s.size() && IsAlnum(s[i + len])) { w.text += '\''; i += len; continue; }
                break;
            }
            words.push_back(std::move(w));
            continue;
        }
        if (c == '.' || c == ';' || c == '!' || c == '?' || c == ':') boundary = true;
        ++i;
    }
    return words;
}

bool IsNegator(const std::string& w) {
    static const std::string_view kNegators[] = {
        "not", "no", "never", "cannot", "can't", "doesn't", "don't", "didn't", "won't", "isn't", "aren't",
        "wasn't", "weren't", "hasn't", "haven't", "hadn't", "wouldn't", "couldn't", "nor", "neither", "without"};
    for (std::string_view n : kNegators)
        if (w == n) return true;
    return false;
}

// A negator among the three words before words[i], within the same sentence:
// "does not prove", "not proven", "has not been proven", "no known cure".
bool Negated(const std::vector<Word>& words, size_t i) {
    for (size_t back = 1; back <= 3 && back <= i; ++back) {
        if (words[i - back + 1].sentence_start) break;
        if (IsNegator(words[i - back].text)) return true;
    }
    return false;
}

// "causes" used as a noun ("the causes of", "possible causes") is not a causal claim.
bool NounCauses(const std::vector<Word>& words, size_t i) {
    static const std::string_view kBefore[] = {"the", "its", "their", "possible", "potential", "underlying",
                                               "root", "likely", "multiple", "many", "several", "other",
                                               "various", "different", "known", "unknown"};
    if (i + 1 < words.size() && !words[i + 1].sentence_start && words[i + 1].text == "of") return true;
    if (i > 0 && !words[i].sentence_start)
        for (std::string_view b : kBefore)
            if (words[i - 1].text == b) return true;
    return false;
}

enum WordKind { kCure, kProve, kCausal, kWordKinds };

// `needle` (lower case ASCII) occurs in `text`, ignoring ASCII case.
bool ContainsCaseless(std::string_view text, std::string_view needle) {
    if (needle.empty() || text.size() < needle.size()) return needle.empty();
    for (size_t i = 0; i + needle.size() <= text.size(); ++i) {
        if (Lower(text[i]) != needle[0]) continue;
        size_t k = 1;
        while (k < needle.size() && Lower(text[i + k]) == needle[k]) ++k;
        if (k == needle.size()) return true;
    }
    return false;
}

// The first risky word of each kind in `text`, or empty.
void FindRiskyWords(std::string_view text, std::string (&found)[kWordKinds]) {
    // Most text has none of the stems: skip splitting it into words.
    if (!ContainsCaseless(text, "cure") && !ContainsCaseless(text, "prove") && !ContainsCaseless(text, "caus")) return;
    std::vector<Word> words = Words(text);
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i].text;
        if (found[kCure].empty() && (w == "cure" || w == "cures" || w == "cured") && !Negated(words, i))
            found[kCure] = w;
        else if (found[kProve].empty() && (w == "prove" || w == "proves" || w == "proven") && !Negated(words, i))
            found[kProve] = w;
        else if (found[kCausal].empty() && w == "causes" && !NounCauses(words, i))
            found[kCausal] = w;
        else if (found[kCausal].empty() && w == "caused" && i + 1 < words.size() && words[i + 1].text == "by" &&
                 !words[i + 1].sentence_start)
            found[kCausal] = "caused by";
    }
}

bool SupportsCausalWording(PublicationType t) {
    return t == PublicationType::TrialRct || t == PublicationType::TrialControlled ||
           t == PublicationType::MetaAnalysis || t == PublicationType::ReviewSystematic;
}

// "A", "A and B", "A, B and C"
std::string JoinAnd(const std::vector<std::string_view>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += i + 1 == items.size() ? " and " : ", ";
        out += items[i];
    }
    return out;
}

// [SECTION] Rules ----------------------------------------------------------------------------

using Notes = std::vector<LintNote>;

void PemFlagContradiction(const Atlas& atlas, const Study& s, Notes& notes) {
    if (s.pem != PemCriterion::Required) return;
    for (uint32_t i = 0; i < s.tags.count; ++i) {
        uint32_t index = atlas.TagIndex(s.tags, i);
        if (index >= atlas.tags.size()) continue;
        const Tag& tag = atlas.tags[index];
        if (tag.category >= atlas.tag_categories.size() || atlas.tag_categories[tag.category].id != "method_flag")
            continue;
        if (NormalizeFlag(tag.label) != "pem not defined") continue;
        notes.push_back({"pem-flag-contradiction", "PEM is marked as required, but the method flag \"" + tag.label +
                                                       "\" says PEM was not defined."});
        return;
    }
}

void PemCaseDefinition(const Study& s, Notes& notes) {
    uint16_t defs = s.case_definitions;
    const uint16_t requiring = CaseDefCcc | CaseDefIcc | CaseDefIom;
    if (s.pem == PemCriterion::Required && (defs & (CaseDefFukuda | CaseDefOxford)) && !(defs & requiring)) {
        std::vector<std::string_view> names;
        if (defs & CaseDefFukuda) names.push_back("Fukuda");
        if (defs & CaseDefOxford) names.push_back("Oxford");
        notes.push_back({"pem-case-definition",
                         "PEM is marked as required, but the case definitions list " + JoinAnd(names) + " (which " +
                             (names.size() == 1 ? "does" : "do") + " not require PEM) and none of CCC, ICC or IOM."});
    }
    if (s.pem == PemCriterion::NotRequired && defs != 0 && (defs & ~requiring) == 0) {
        std::vector<std::string_view> names;
        for (int bit = 0; bit < kCaseDefinitionCount; ++bit)
            if (defs & (1u << bit)) names.push_back(CaseDefinitionCode(bit));
        notes.push_back({"pem-case-definition", "PEM is marked as not required, but every listed case definition (" +
                                                    JoinAnd(names) + ") requires PEM."});
    }
}

void E0CaseReport(const Study& s, Notes& notes) {
    if (s.evidence != EvidenceLevel::E0) return;
    if (s.publication_type != PublicationType::CaseReport && s.publication_type != PublicationType::CaseSeries) return;
    notes.push_back({"e0-case-report", "Evidence level E0 is meant for consensus documents and syntheses, but this "
                                       "study is a " + std::string(PublicationTypeCode(s.publication_type)) + "."});
}

void PeerReviewedPreprint(const Atlas& atlas, const Study& s, Notes& notes) {
    if (s.peer_review != PeerReview::PeerReviewed) return;
    static const std::string_view kServers[][2] = {
        {"medrxiv", "medRxiv"}, {"biorxiv", "bioRxiv"},          {"research square", "Research Square"},
        {"ssrn", "SSRN"},       {"preprints.org", "Preprints.org"}, {"arxiv", "arXiv"}};
    std::string journal = ToLower(atlas.Text(s.journal));
    for (const auto& server : kServers) {
        if (!ContainsWord(journal, server[0])) continue;
        notes.push_back({"peer-reviewed-preprint", "The study is marked as peer-reviewed, but its journal names the "
                                                   "preprint server " + std::string(server[1]) + "."});
        return;
    }
}

void RiskyWording(const Atlas& atlas, const Study& s, Notes& notes) {
    if (s.review_status != ReviewStatus::MachineDraft) return;
    struct Section { const char* name; std::vector<std::string_view> texts; };
    auto list = [&](ListRef l) {
        std::vector<std::string_view> texts;
        for (uint32_t i = 0; i < l.count; ++i) texts.push_back(atlas.Item(l, i));
        return texts;
    };
    const Section sections[] = {
        {"Quick Summary", {atlas.Text(s.quick_summary)}},
        {"Why It Matters", {atlas.Text(s.why_it_matters)}},
        {"Observed Findings", list(s.observed_findings)},
        {"Inferred Conclusions", list(s.inferred_conclusions)},
    };
    bool causal_ok = SupportsCausalWording(s.publication_type);
    for (const Section& section : sections) {
        std::string found[kWordKinds];
        for (std::string_view text : section.texts) FindRiskyWords(text, found);
        std::string where = std::string("Machine-drafted text in ") + section.name + " uses \"";
        if (!found[kCure].empty())
            notes.push_back({"risky-wording", where + found[kCure] + "\", a claim of cure that needs an editor's check."});
        if (!found[kProve].empty())
            notes.push_back({"risky-wording", where + found[kProve] + "\", a claim of proof that needs an editor's check."});
        if (!found[kCausal].empty() && !causal_ok)
            notes.push_back({"risky-wording", where + found[kCausal] + "\", causal wording that this design (" +
                                                  std::string(PublicationTypeCode(s.publication_type)) +
                                                  ") cannot support."});
    }
}

void MissingIdentifiers(const Atlas& atlas, const Study& s, Notes& notes) {
    if (!IsBlank(atlas.Text(s.pmid)) || !IsBlank(atlas.Text(s.doi))) return;
    notes.push_back({"missing-identifiers", "The study has neither a PMID nor a DOI, so the paper cannot be looked up."});
}

void FutureYear(const Study& s, int current_year, Notes& notes) {
    if (s.year <= current_year) return;
    notes.push_back({"future-year", "The publication year " + std::to_string(s.year) + " is later than the current year " +
                                        std::to_string(current_year) + "."});
}

void RetractionWithoutNotice(const Atlas& atlas, const Study& s, Notes& notes) {
    if (!s.retracted || !IsBlank(atlas.Text(s.retraction_notice))) return;
    notes.push_back({"retraction-without-notice", "The study is marked as retracted but gives no retraction notice."});
}

}  // namespace

// [SECTION] LintStudy ------------------------------------------------------------------------

std::vector<LintNote> LintStudy(const Atlas& atlas, const Study& study, int current_year) {
    Notes notes;
    PemFlagContradiction(atlas, study, notes);
    PemCaseDefinition(study, notes);
    E0CaseReport(study, notes);
    PeerReviewedPreprint(atlas, study, notes);
    RiskyWording(atlas, study, notes);
    MissingIdentifiers(atlas, study, notes);
    FutureYear(study, current_year, notes);
    RetractionWithoutNotice(atlas, study, notes);
    return notes;
}

}  // namespace atlas
