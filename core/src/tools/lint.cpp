// lint.cpp — data-quality notes on valid records.
//
// Each rule has a stable id and fixed message wording (tests assert the text exactly). A study's
// notes come out in rule order. The card's (readers') rules: pem-flag-contradiction,
// pem-flags-conflict, pem-required-no-definition, pem-case-definition, e0-not-synthesis,
// e1-without-replication, preprint-published, peer-reviewed-preprint, risky-wording,
// missing-identifiers, future-year, retraction-without-notice, retraction-not-marked,
// supersedes-newer, relation-conflict. Then, in `atlas lint` only (maintainers' rules, LintAtlas):
// relation-missing-target, duplicate-pmid, duplicate-doi, duplicate-title, journal-variant,
// provenance-host.
//
// [SECTION] Text helpers
// [SECTION] Folded words: titles, family names, journals
// [SECTION] Rules on one study
// [SECTION] Rules that compare studies
// [SECTION] Provenance hosts
// [SECTION] LintStudy, LintAtlas
#include "atlas/lint.h"

#include "atlas/card.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "text/fold.h"

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

// [SECTION] Folded words: titles, family names, journals -------------------------------------

// The words of `text` after the atlas's one fold (case, Latin diacritics: fold.h): runs of ASCII
// letters and digits, anything else between them. Enough to compare titles, names and journals.
std::vector<std::string> FoldedWords(std::string_view text) {
    std::string folded;
    fold::FoldInto(text, folded);
    std::vector<std::string> words;
    std::string word;
    for (char c : folded) {
        if (fold::IsWordByte((unsigned char)c)) {
            word += c;
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

std::string JoinWords(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

// The first author's family name, folded: "Fluge, Øystein" -> "fluge"; a group author whole.
std::string FirstAuthorKey(const Atlas& atlas, const Study& s) {
    if (s.authors.count == 0) return {};
    std::string_view author = atlas.Item(s.authors, 0);
    return JoinWords(FoldedWords(author.substr(0, author.find(','))));
}

// Near-identical titles: their folded word sets share at least 80% of their union (a preprint's
// title often gains or loses a word on the way into a journal).
bool NearIdenticalTitles(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.size() < 3 || b.size() < 3) return !a.empty() && a == b;
    std::unordered_set<std::string> set_a(a.begin(), a.end()), set_b(b.begin(), b.end());
    size_t common = 0;
    for (const std::string& w : set_a) common += set_b.count(w);
    size_t either = set_a.size() + set_b.size() - common;
    return common * 5 >= either * 4;
}

// A journal's words for comparison: parenthesised parts dropped ("Lancet (London, England)", "BMJ
// (Clinical research ed.)"), folded, and the small words left out: "The American journal of
// psychiatry" -> american journal psychiatry; "&" goes with the punctuation.
std::vector<std::string> JournalWords(std::string_view journal) {
    std::string kept;
    int depth = 0;
    for (char c : journal) {
        if (c == '(') ++depth;
        else if (c == ')') depth = depth ? depth - 1 : 0;
        else if (depth == 0) kept += c;
    }
    static const std::string_view kSmall[] = {"of", "the", "and", "in", "for", "on", "a", "an"};
    std::vector<std::string> words;
    for (std::string& w : FoldedWords(kept))
        if (std::find(std::begin(kSmall), std::end(kSmall), w) == std::end(kSmall)) words.push_back(std::move(w));
    return words;
}

// One journal written two ways: the same words, or one name the other's abbreviation word by word
// ("J Transl Med", "Journal of Translational Medicine"): as many words, each a prefix of the
// other's. One-word names must be equal: Cell is not Cells.
bool SameJournal(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.empty() || a.size() != b.size()) return false;
    if (a.size() == 1) return a[0] == b[0];
    for (size_t i = 0; i < a.size(); ++i) {
        const std::string& shorter = a[i].size() <= b[i].size() ? a[i] : b[i];
        const std::string& longer = a[i].size() <= b[i].size() ? b[i] : a[i];
        if (longer.compare(0, shorter.size(), shorter) != 0) return false;
    }
    return true;
}

// [SECTION] Rules on one study ---------------------------------------------------------------

using Notes = std::vector<LintNote>;

// Case definitions whose criteria require PEM (domain notes: CCC 2003, ICC 2011, IOM 2015, NICE
// 2021) and those that do not (Fukuda 1994, Oxford 1991, Holmes 1988). London and "other" are
// neither: lint does not judge them.
constexpr uint16_t kRequiresPem = CaseDefCcc | CaseDefIcc | CaseDefIom | CaseDefNice;
constexpr uint16_t kWithoutPem = CaseDefFukuda | CaseDefOxford | CaseDefHolmes;

// The method flags of a study, as written, with their normalised forms.
std::vector<std::pair<std::string, std::string>> MethodFlags(const Atlas& atlas, const Study& s) {
    std::vector<std::pair<std::string, std::string>> flags;
    for (uint32_t i = 0; i < s.tags.count; ++i) {
        uint32_t index = atlas.TagIndex(s.tags, i);
        if (index >= atlas.tags.size()) continue;
        const Tag& tag = atlas.tags[index];
        if (tag.category >= atlas.tag_categories.size() || atlas.tag_categories[tag.category].id != "method_flag")
            continue;
        flags.emplace_back(tag.label, NormalizeFlag(tag.label));
    }
    return flags;
}

void PemFlagContradiction(const Atlas& atlas, const Study& s, Notes& notes) {
    if (s.pem != PemCriterion::Required) return;
    for (const auto& [label, normal] : MethodFlags(atlas, s)) {
        if (normal != "pem not defined") continue;
        notes.push_back({"pem-flag-contradiction", "PEM is marked as required, but the method flag \"" + label +
                                                       "\" says PEM was not defined."});
        return;
    }
}

// Two method flags that cannot both hold: "PEM_DEFINED" and "PEM Not Defined" (the seed card has both).
void PemFlagsConflict(const Atlas& atlas, const Study& s, Notes& notes) {
    const std::string* defined = nullptr;
    const std::string* not_defined = nullptr;
    auto flags = MethodFlags(atlas, s);
    for (const auto& [label, normal] : flags) {
        if (normal == "pem defined" && !defined) defined = &label;
        if (normal == "pem not defined" && !not_defined) not_defined = &label;
    }
    if (!defined || !not_defined) return;
    notes.push_back({"pem-flags-conflict", "The method flags \"" + *defined + "\" and \"" + *not_defined +
                                               "\" contradict each other."});
}

void PemRequiredNoDefinition(const Study& s, Notes& notes) {
    if (s.pem != PemCriterion::Required || s.case_definitions != 0) return;
    notes.push_back({"pem-required-no-definition",
                     "PEM is marked as required, but no case definition is listed, so nothing says PEM was an "
                     "inclusion criterion."});
}

void PemCaseDefinition(const Study& s, Notes& notes) {
    uint16_t defs = s.case_definitions;
    if (s.pem == PemCriterion::Required && (defs & kWithoutPem) && !(defs & kRequiresPem)) {
        std::vector<std::string_view> names;
        if (defs & CaseDefFukuda) names.push_back("Fukuda");
        if (defs & CaseDefOxford) names.push_back("Oxford");
        if (defs & CaseDefHolmes) names.push_back("Holmes");
        notes.push_back({"pem-case-definition",
                         "PEM is marked as required, but the case definitions list " + JoinAnd(names) + " (which " +
                             (names.size() == 1 ? "does" : "do") + " not require PEM) and none of CCC, ICC, IOM or NICE."});
    }
    if (s.pem == PemCriterion::NotRequired && defs != 0 && (defs & ~kRequiresPem) == 0) {
        std::vector<std::string_view> names;
        for (int bit = 0; bit < kCaseDefinitionCount; ++bit)
            if (defs & (1u << bit)) names.push_back(CaseDefinitionCode(bit));
        notes.push_back({"pem-case-definition", "PEM is marked as not required, but every listed case definition (" +
                                                    JoinAnd(names) + ") requires PEM."});
    }
}

// E0 is for syntheses: systematic reviews, meta-analyses, guidelines, consensus definitions
// (data/FORMAT.md). A narrative review, a case report or an "Other" is not one.
void E0NotSynthesis(const Study& s, Notes& notes) {
    if (s.evidence != EvidenceLevel::E0) return;
    PublicationType t = s.publication_type;
    if (t == PublicationType::ReviewSystematic || t == PublicationType::MetaAnalysis || t == PublicationType::Guideline ||
        t == PublicationType::Consensus)
        return;
    notes.push_back({"e0-not-synthesis", "Evidence level E0 is meant for consensus documents and syntheses, but this "
                                         "study is a " + std::string(PublicationTypeCode(t)) + "."});
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

// [SECTION] Rules that compare studies -------------------------------------------------------

// What the card's rules need to know about other studies. LintAtlas builds it once for the whole
// atlas; a single card (LintStudy) leaves it empty and scans the atlas instead, which is cheap for
// one study and only done for the studies a rule concerns (E1 studies, preprints, ...).
struct Incoming { uint32_t from; RelationType type; };

struct Lookup {
    bool indexed = false;
    std::unordered_map<std::string, std::vector<uint32_t>> peer_reviewed_by_first_author;  // FirstAuthorKey -> studies
    std::vector<std::vector<Incoming>> incoming;  // per study: the relations of other studies that name it
};

uint32_t IndexOf(const Atlas& atlas, const Study& s) {
    if (atlas.studies.empty() || &s < atlas.studies.data() || &s >= atlas.studies.data() + atlas.studies.size())
        return kNoIndex;
    return (uint32_t)(&s - atlas.studies.data());
}

// The relations of other studies that name study `index`: from the index, or by scanning.
std::vector<Incoming> IncomingOf(const Atlas& atlas, uint32_t index, const Lookup& lookup) {
    if (index == kNoIndex) return {};
    if (lookup.indexed) return lookup.incoming[index];
    std::vector<Incoming> in;
    for (const IncomingRelation& r : IncomingRelations(atlas, index)) in.push_back({r.from, r.relation->type});  // the load's index
    return in;
}

Lookup BuildLookup(const Atlas& atlas) {
    Lookup lookup;
    lookup.indexed = true;
    lookup.incoming.resize(atlas.studies.size());
    std::unordered_map<std::string, uint32_t> by_doi, by_pmid;
    for (uint32_t i = 0; i < atlas.studies.size(); ++i) {
        const Study& s = atlas.studies[i];
        if (s.peer_review == PeerReview::PeerReviewed)
            lookup.peer_reviewed_by_first_author[FirstAuthorKey(atlas, s)].push_back(i);
        if (!IsBlank(atlas.Text(s.doi))) by_doi.emplace(ToLower(atlas.Text(s.doi)), i);
        if (!IsBlank(atlas.Text(s.pmid))) by_pmid.emplace(std::string(atlas.Text(s.pmid)), i);
    }
    for (uint32_t i = 0; i < atlas.studies.size(); ++i) {
        const Study& s = atlas.studies[i];
        for (uint32_t k = 0; k < s.relations.count; ++k) {
            const Relation& r = atlas.RelationAt(s.relations, k);
            uint32_t target = r.study;
            if (r.target_kind == RelationTarget::Doi) {
                auto it = by_doi.find(ToLower(atlas.Text(r.target)));
                if (it != by_doi.end()) target = it->second;
            } else if (r.target_kind == RelationTarget::Pmid) {
                auto it = by_pmid.find(std::string(atlas.Text(r.target)));
                if (it != by_pmid.end()) target = it->second;
            }
            if (target != kNoIndex && target != i) lookup.incoming[target].push_back({i, r.type});
        }
    }
    return lookup;
}

std::string Shorten(std::string_view text, size_t max = 90) {
    if (text.size() <= max) return std::string(text);
    size_t n = max - 3;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) --n;  // keep UTF-8 whole
    return std::string(text.substr(0, n)) + "...";
}

// A preprint whose peer-reviewed version is in the atlas, found by a relation naming the preprint
// or by the same first author and a near-identical title, but not linked to it by "supersedes":
// readers of the preprint should be sent to the published paper.
void PreprintPublished(const Atlas& atlas, const Study& s, const Lookup& lookup, Notes& notes) {
    if (s.peer_review != PeerReview::Preprint) return;
    uint32_t self = IndexOf(atlas, s);
    std::vector<Incoming> incoming = IncomingOf(atlas, self, lookup);
    for (const Incoming& in : incoming)
        if (in.type == RelationType::Supersedes) return;  // linked
    const Study* published = nullptr;
    for (const Incoming& in : incoming) {
        const Study& other = atlas.studies[in.from];
        if (other.peer_review == PeerReview::PeerReviewed) { published = &other; break; }
    }
    std::string author = FirstAuthorKey(atlas, s);
    if (!published && !author.empty()) {
        std::vector<std::string> title = FoldedWords(atlas.Text(s.title));
        auto matches = [&](const Study& other) {
            return &other != &s && other.peer_review == PeerReview::PeerReviewed && other.year >= s.year &&
                   NearIdenticalTitles(title, FoldedWords(atlas.Text(other.title)));
        };
        if (lookup.indexed) {
            auto it = lookup.peer_reviewed_by_first_author.find(author);
            if (it != lookup.peer_reviewed_by_first_author.end())
                for (uint32_t i : it->second)
                    if (matches(atlas.studies[i])) { published = &atlas.studies[i]; break; }
        } else {
            for (const Study& other : atlas.studies)
                if (other.peer_review == PeerReview::PeerReviewed && FirstAuthorKey(atlas, other) == author &&
                    matches(other)) {
                    published = &other;
                    break;
                }
        }
    }
    if (!published) return;
    notes.push_back({"preprint-published",
                     "A peer-reviewed version of this preprint seems to be in the atlas (\"" +
                         Shorten(atlas.Text(published->title), 200) + "\", " + std::string(atlas.Text(published->journal)) +
                         ", " + std::to_string(published->year) + "), but no \"supersedes\" relation links the two."});
}

// E1 says "replicated": the card must name the replication (this study replicates another, or
// another study's relation says it replicated this one), or be the large controlled study the
// content rules also allow at E1 (a controlled design whose record states 200 or more participants).
constexpr int kLargeControlledParticipants = 200;

bool LargeControlled(const Atlas& atlas, const Study& s) {
    PublicationType t = s.publication_type;
    bool controlled = t == PublicationType::TrialRct || t == PublicationType::TrialControlled ||
                      t == PublicationType::ObservationalCaseControl || t == PublicationType::ObservationalCohort ||
                      t == PublicationType::ObservationalCrossSectional;
    const Population* p = atlas.PopulationOf(s);
    if (!controlled || !p || p->n_patients < 0) return false;
    long participants = (long)p->n_patients + (p->n_controls > 0 ? p->n_controls : 0);
    return participants >= kLargeControlledParticipants;
}

void E1WithoutReplication(const Atlas& atlas, const Study& s, const Lookup& lookup, Notes& notes) {
    if (s.evidence != EvidenceLevel::E1) return;
    for (uint32_t k = 0; k < s.relations.count; ++k)
        if (atlas.RelationAt(s.relations, k).type == RelationType::Replicates) return;
    if (LargeControlled(atlas, s)) return;
    for (const Incoming& in : IncomingOf(atlas, IndexOf(atlas, s), lookup))
        if (in.type == RelationType::Replicates) return;
    notes.push_back({"e1-without-replication",
                     "Evidence level E1 means replicated, but no relation names a replication of this study (or one "
                     "it replicates), and its record gives no large controlled sample (" +
                         std::to_string(kLargeControlledParticipants) + " or more participants)."});
}

// A retraction notice in the atlas names this paper, but the card does not say it was retracted.
void RetractionNotMarked(const Atlas& atlas, const Study& s, const Lookup& lookup, Notes& notes) {
    if (s.retracted) return;
    for (const Incoming& in : IncomingOf(atlas, IndexOf(atlas, s), lookup)) {
        if (in.type != RelationType::RetractionOf) continue;
        notes.push_back({"retraction-not-marked", "The retraction notice " + std::string(atlas.Text(atlas.studies[in.from].slug)) +
                                                      " in this atlas retracts this paper, but the card has no "
                                                      "retraction field."});
        return;
    }
}

// "supersedes" runs from the newer record to the older one (named by id, or by a DOI or PMID of the atlas).
void SupersedesNewer(const Atlas& atlas, const Study& s, Notes& notes) {
    for (uint32_t k = 0; k < s.relations.count; ++k) {
        const Relation& r = atlas.RelationAt(s.relations, k);
        const uint32_t target = r.type == RelationType::Supersedes ? RelationTargetStudy(atlas, r) : kNoIndex;
        if (target == kNoIndex) continue;
        const Study& older = atlas.studies[target];
        if (older.year <= s.year) continue;
        notes.push_back({"supersedes-newer", "This study (" + std::to_string(s.year) + ") is marked as superseding " +
                                                 std::string(atlas.Text(older.slug)) + ", which is newer (" +
                                                 std::to_string(older.year) + ")."});
    }
}

// Links between the same two studies that cannot all hold: one says replicated while the other (or
// the same study) says failed to replicate or contradicts; or each supersedes, retracts or corrects
// the other.
bool Positive(RelationType t) { return t == RelationType::Replicates; }
bool Negative(RelationType t) { return t == RelationType::FailsToReplicate || t == RelationType::Contradicts; }
bool OneWay(RelationType t) {
    return t == RelationType::Supersedes || t == RelationType::RetractionOf || t == RelationType::CorrectionOf;
}

void RelationConflict(const Atlas& atlas, const Study& s, Notes& notes) {
    uint32_t self = IndexOf(atlas, s);
    for (uint32_t k = 0; k < s.relations.count; ++k) {
        const Relation& mine = atlas.RelationAt(s.relations, k);
        const uint32_t mine_target = RelationTargetStudy(atlas, mine);  // by id, or a DOI or PMID of the atlas
        if (mine_target == kNoIndex) continue;
        if (mine_target == self) {
            notes.push_back({"relation-conflict", "This study says it " + std::string(RelationTypeCode(mine.type)) + " itself."});
            continue;
        }
        const Study& other = atlas.studies[mine_target];
        std::string clash;
        // Both directions: the other study's relations back to this one, then this study's own.
        for (uint32_t j = 0; j < other.relations.count && clash.empty(); ++j) {
            const Relation& theirs = atlas.RelationAt(other.relations, j);
            if (RelationTargetStudy(atlas, theirs) != self) continue;
            bool disagree = (Positive(mine.type) && Negative(theirs.type)) || (Negative(mine.type) && Positive(theirs.type)) ||
                            (OneWay(mine.type) && mine.type == theirs.type);
            if (disagree)
                clash = std::string(atlas.Text(other.slug)) + " says it " + std::string(RelationTypeCode(theirs.type)) +
                        " this study";
        }
        for (uint32_t j = 0; j < s.relations.count && clash.empty(); ++j) {
            const Relation& again = atlas.RelationAt(s.relations, j);
            if (j == k || RelationTargetStudy(atlas, again) != mine_target) continue;
            if ((Positive(mine.type) && Negative(again.type)) || (Negative(mine.type) && Positive(again.type)))
                clash = "this study also says it " + std::string(RelationTypeCode(again.type)) + " it";
        }
        if (clash.empty()) continue;
        notes.push_back({"relation-conflict", "This study says it " + std::string(RelationTypeCode(mine.type)) + " " +
                                                  std::string(atlas.Text(other.slug)) + ", but " + clash + "."});
    }
}

// A relation by id to a study that is not in the atlas: the card cannot link it.
void RelationMissingTarget(const Atlas& atlas, const Study& s, Notes& notes) {
    for (uint32_t k = 0; k < s.relations.count; ++k) {
        const Relation& r = atlas.RelationAt(s.relations, k);
        if (r.target_kind != RelationTarget::Id || r.study != kNoIndex) continue;
        notes.push_back({"relation-missing-target", "The " + std::string(RelationTypeCode(r.type)) + " relation names the id " +
                                                        std::string(atlas.Text(r.target)) + ", which no study in this atlas has."});
    }
}

// The notes a card shows, in rule order.
Notes CardNotes(const Atlas& atlas, const Study& study, int current_year, const Lookup& lookup) {
    Notes notes;
    PemFlagContradiction(atlas, study, notes);
    PemFlagsConflict(atlas, study, notes);
    PemRequiredNoDefinition(study, notes);
    PemCaseDefinition(study, notes);
    E0NotSynthesis(study, notes);
    E1WithoutReplication(atlas, study, lookup, notes);
    PreprintPublished(atlas, study, lookup, notes);
    PeerReviewedPreprint(atlas, study, notes);
    RiskyWording(atlas, study, notes);
    MissingIdentifiers(atlas, study, notes);
    FutureYear(study, current_year, notes);
    RetractionWithoutNotice(atlas, study, notes);
    RetractionNotMarked(atlas, study, lookup, notes);
    SupersedesNewer(atlas, study, notes);
    RelationConflict(atlas, study, notes);
    return notes;
}

// "a-slug", "a-slug and b-slug", ...: the other studies of a group, by slug.
std::string OtherSlugs(const Atlas& atlas, const std::vector<uint32_t>& group, uint32_t self) {
    std::vector<std::string_view> slugs;
    for (uint32_t i : group)
        if (i != self) slugs.push_back(atlas.Text(atlas.studies[i].slug));
    return JoinAnd(slugs);
}

// The same paper twice: the same PMID, the same DOI (DOIs ignore case), or the same title and year.
// A preprint and its journal version may share a title and a year: only studies of the same
// peer-review status are compared by title.
void Duplicates(const Atlas& atlas, std::vector<Notes>& out) {
    std::map<std::string, std::vector<uint32_t>> by_pmid, by_doi, by_title;
    for (uint32_t i = 0; i < atlas.studies.size(); ++i) {
        const Study& s = atlas.studies[i];
        if (!IsBlank(atlas.Text(s.pmid))) by_pmid[std::string(atlas.Text(s.pmid))].push_back(i);
        if (!IsBlank(atlas.Text(s.doi))) by_doi[ToLower(atlas.Text(s.doi))].push_back(i);
        std::string title = JoinWords(FoldedWords(atlas.Text(s.title)));
        if (!title.empty())
            by_title[std::to_string(s.year) + (s.peer_review == PeerReview::Preprint ? " p " : " j ") + title].push_back(i);
    }
    for (uint32_t i = 0; i < atlas.studies.size(); ++i) {
        const Study& s = atlas.studies[i];
        auto pmid = by_pmid.find(std::string(atlas.Text(s.pmid)));
        if (pmid != by_pmid.end() && pmid->second.size() > 1)
            out[i].push_back({"duplicate-pmid", "The PMID " + pmid->first + " is also on " +
                                                    OtherSlugs(atlas, pmid->second, i) + "."});
        auto doi = by_doi.find(ToLower(atlas.Text(s.doi)));
        if (doi != by_doi.end() && doi->second.size() > 1)
            out[i].push_back({"duplicate-doi", "The DOI " + std::string(atlas.Text(s.doi)) + " is also on " +
                                                   OtherSlugs(atlas, doi->second, i) + "."});
        auto title = by_title.find(std::to_string(s.year) + (s.peer_review == PeerReview::Preprint ? " p " : " j ") +
                                   JoinWords(FoldedWords(atlas.Text(s.title))));
        if (title != by_title.end() && title->second.size() > 1)
            out[i].push_back({"duplicate-title", "The same title and year are also on " +
                                                     OtherSlugs(atlas, title->second, i) + "."});
    }
}

// One journal written two ways ("PloS one", "PLOS ONE", "PLoS One"; "J Transl Med" and "Journal of
// Translational Medicine"): every study not using the group's most common spelling gets a note.
void JournalVariants(const Atlas& atlas, std::vector<Notes>& out) {
    std::map<std::string, size_t> spelling_count;  // journal as written -> studies
    for (const Study& s : atlas.studies) spelling_count[std::string(atlas.Text(s.journal))]++;
    std::vector<std::string> spellings;
    std::vector<std::vector<std::string>> words;
    for (const auto& [spelling, count] : spelling_count) {
        spellings.push_back(spelling);
        words.push_back(JournalWords(spelling));
    }
    // Union the spellings of one journal. An abbreviation keeps each word's first letter, so only
    // names with the same number of words and the same initials need comparing.
    std::vector<size_t> parent(spellings.size());
    for (size_t i = 0; i < parent.size(); ++i) parent[i] = i;
    auto root = [&](size_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    };
    std::map<std::string, std::vector<size_t>> buckets;
    for (size_t i = 0; i < spellings.size(); ++i) {
        std::string initials = std::to_string(words[i].size()) + ":";
        for (const std::string& w : words[i]) initials += w[0];
        buckets[initials].push_back(i);
    }
    for (const auto& [initials, members] : buckets)
        for (size_t a = 0; a < members.size(); ++a)
            for (size_t b = a + 1; b < members.size(); ++b)
                if (SameJournal(words[members[a]], words[members[b]])) parent[root(members[a])] = root(members[b]);
    // The group's spelling: the most common, then the longest (a full name over its abbreviation), then
    // the first in byte order.
    std::map<size_t, size_t> chosen;  // root -> spelling
    std::map<size_t, size_t> group_studies, group_spellings;
    for (size_t i = 0; i < spellings.size(); ++i) {
        size_t r = root(i);
        group_studies[r] += spelling_count[spellings[i]];
        group_spellings[r]++;
        auto it = chosen.find(r);
        if (it == chosen.end()) { chosen[r] = i; continue; }
        size_t count = spelling_count[spellings[i]], best = spelling_count[spellings[it->second]];
        if (count > best || (count == best && spellings[i].size() > spellings[it->second].size())) it->second = i;
    }
    std::unordered_map<std::string, size_t> index_of;
    for (size_t i = 0; i < spellings.size(); ++i) index_of[spellings[i]] = i;
    for (uint32_t i = 0; i < atlas.studies.size(); ++i) {
        size_t mine = index_of[std::string(atlas.Text(atlas.studies[i].journal))];
        size_t r = root(mine);
        if (group_spellings[r] < 2 || chosen[r] == mine) continue;
        const std::string& usual = spellings[chosen[r]];
        size_t others = spelling_count[usual];
        out[i].push_back({"journal-variant", "The journal is written \"" + spellings[mine] + "\" here but \"" + usual +
                                                 "\" on " + std::to_string(others) + (others == 1 ? " other study" : " other studies") +
                                                 ": one journal, two spellings."});
    }
}

// [SECTION] Provenance hosts -----------------------------------------------------------------

// Where a provenance record may live, in one table: PubMed, PMC and doi.org; publishers; preprint
// servers and trial registries; the agencies that publish guidelines and reports (content rules).
// The table also names hosts known NOT to be records, so the note can say what they are. A host
// not in the table is reported too: a new publisher is added here in review, with its kind, which
// keeps the list honest (a host is a record because someone checked it, not because nobody objected).
// "*.example.org" is example.org and every subdomain of it.
enum class HostKind : uint8_t {
    Index, Publisher, Preprint, Registry, Agency,                                   // records
    DocumentCopy, Forum, Wiki, Blog, Aggregator, WebArchive, Repository, Advocacy,  // not records
};

struct HostRule { std::string_view host; HostKind kind; };

constexpr HostRule kHosts[] = {
    // Indexes and resolvers
    {"pubmed.ncbi.nlm.nih.gov", HostKind::Index}, {"www.ncbi.nlm.nih.gov", HostKind::Index},
    {"pmc.ncbi.nlm.nih.gov", HostKind::Index}, {"europepmc.org", HostKind::Index}, {"doi.org", HostKind::Index},
    {"dx.doi.org", HostKind::Index},
    // Publishers (journal sites, and the publishers' own DOI resolvers such as dx.plos.org)
    {"*.plos.org", HostKind::Publisher}, {"*.bmj.com", HostKind::Publisher}, {"*.bmjjournals.com", HostKind::Publisher},
    {"*.biomedcentral.com", HostKind::Publisher}, {"translational-medicine.com", HostKind::Publisher},
    {"www.translational-medicine.com", HostKind::Publisher}, {"link.springer.com", HostKind::Publisher},
    {"www.springermedizin.de", HostKind::Publisher}, {"www.springermedicine.com", HostKind::Publisher},
    {"*.nature.com", HostKind::Publisher}, {"*.thelancet.com", HostKind::Publisher}, {"*.cell.com", HostKind::Publisher},
    {"*.sciencedirect.com", HostKind::Publisher}, {"*.elsevier.com", HostKind::Publisher},
    {"*.acpjournals.org", HostKind::Publisher}, {"annals.org", HostKind::Publisher}, {"www.annals.org", HostKind::Publisher},
    {"jamanetwork.com", HostKind::Publisher}, {"*.jamanetwork.com", HostKind::Publisher}, {"*.nejm.org", HostKind::Publisher},
    {"*.science.org", HostKind::Publisher}, {"*.sciencemag.org", HostKind::Publisher}, {"*.pnas.org", HostKind::Publisher},
    {"*.jci.org", HostKind::Publisher}, {"insight.jci.org", HostKind::Publisher}, {"*.frontiersin.org", HostKind::Publisher},
    {"*.mdpi.com", HostKind::Publisher}, {"*.wiley.com", HostKind::Publisher}, {"academic.oup.com", HostKind::Publisher},
    {"journals.sagepub.com", HostKind::Publisher}, {"*.tandfonline.com", HostKind::Publisher},
    {"*.liebertpub.com", HostKind::Publisher}, {"content.iospress.com", HostKind::Publisher},
    {"*.iospress.com", HostKind::Publisher}, {"*.snmjournals.org", HostKind::Publisher},
    {"journals.physiology.org", HostKind::Publisher}, {"*.embopress.org", HostKind::Publisher},
    {"*.psychiatryonline.org", HostKind::Publisher}, {"psychiatryonline.org", HostKind::Publisher},
    {"journals.asm.org", HostKind::Publisher}, {"*.ahajournals.org", HostKind::Publisher},
    {"journals.lww.com", HostKind::Publisher}, {"karger.com", HostKind::Publisher}, {"*.karger.com", HostKind::Publisher},
    {"*.thieme-connect.com", HostKind::Publisher}, {"*.thieme-connect.de", HostKind::Publisher},
    {"*.cambridge.org", HostKind::Publisher}, {"*.dovepress.com", HostKind::Publisher},
    {"*.hindawi.com", HostKind::Publisher}, {"peerj.com", HostKind::Publisher}, {"elifesciences.org", HostKind::Publisher},
    {"f1000research.com", HostKind::Publisher}, {"*.degruyter.com", HostKind::Publisher},
    {"*.mja.com.au", HostKind::Publisher}, {"*.cmaj.ca", HostKind::Publisher}, {"*.aafp.org", HostKind::Publisher},
    {"*.rsm.ac.uk", HostKind::Publisher}, {"*.jstage.jst.go.jp", HostKind::Publisher}, {"*.nel.edu", HostKind::Publisher},
    {"*.cochranelibrary.com", HostKind::Publisher}, {"*.jmir.org", HostKind::Publisher},
    {"*.oup.com", HostKind::Publisher}, {"*.sagepub.com", HostKind::Publisher}, {"*.springer.com", HostKind::Publisher},
    {"*.aacrjournals.org", HostKind::Publisher}, {"*.rupress.org", HostKind::Publisher},
    {"*.jneurosci.org", HostKind::Publisher}, {"*.physiology.org", HostKind::Publisher},
    {"*.aai.org", HostKind::Publisher}, {"*.ashpublications.org", HostKind::Publisher},
    {"*.em-consulte.com", HostKind::Publisher}, {"em-consulte.com", HostKind::Publisher}, {"*.bsl.nl", HostKind::Publisher},
    {"*.informahealthcare.com", HostKind::Publisher}, {"informahealthcare.com", HostKind::Publisher},
    {"*.thescipub.com", HostKind::Publisher}, {"*.avensonline.org", HostKind::Publisher},
    // Preprint servers and trial registries
    {"*.medrxiv.org", HostKind::Preprint}, {"medrxiv.org", HostKind::Preprint}, {"*.biorxiv.org", HostKind::Preprint},
    {"biorxiv.org", HostKind::Preprint}, {"*.researchsquare.com", HostKind::Preprint}, {"*.preprints.org", HostKind::Preprint},
    {"arxiv.org", HostKind::Preprint}, {"*.ssrn.com", HostKind::Preprint},
    {"clinicaltrials.gov", HostKind::Registry}, {"*.clinicaltrials.gov", HostKind::Registry},
    {"*.isrctn.com", HostKind::Registry}, {"*.clinicaltrialsregister.eu", HostKind::Registry},
    {"*.anzctr.org.au", HostKind::Registry}, {"trialsearch.who.int", HostKind::Registry},
    // Agencies that publish guidelines, reports and data briefs
    {"*.nice.org.uk", HostKind::Agency}, {"nice.org.uk", HostKind::Agency}, {"*.nationalacademies.org", HostKind::Agency},
    {"*.nap.edu", HostKind::Agency}, {"*.cdc.gov", HostKind::Agency}, {"*.ahrq.gov", HostKind::Agency},
    {"*.nih.gov", HostKind::Agency}, {"*.who.int", HostKind::Agency},
    // Not records: copies, talk, and pages about a paper rather than the paper's record
    {"*.scribd.com", HostKind::DocumentCopy}, {"*.docstoc.com", HostKind::DocumentCopy},
    {"studylib.net", HostKind::DocumentCopy}, {"*.studylib.net", HostKind::DocumentCopy},
    {"studyres.com", HostKind::DocumentCopy}, {"*.studyres.com", HostKind::DocumentCopy},
    {"*.zbook.vn", HostKind::DocumentCopy}, {"*.123docz.net", HostKind::DocumentCopy}, {"123docz.net", HostKind::DocumentCopy},
    {"paperzz.com", HostKind::DocumentCopy}, {"*.paperzz.com", HostKind::DocumentCopy}, {"*.5y1.org", HostKind::DocumentCopy},
    {"5y1.org", HostKind::DocumentCopy}, {"docslib.org", HostKind::DocumentCopy}, {"*.docslib.org", HostKind::DocumentCopy},
    {"healthdocbox.com", HostKind::DocumentCopy}, {"*.healthdocbox.com", HostKind::DocumentCopy},
    {"*.yumpu.com", HostKind::DocumentCopy}, {"*.slideshare.net", HostKind::DocumentCopy},
    {"*.academia.edu", HostKind::DocumentCopy}, {"*.coursehero.com", HostKind::DocumentCopy},
    {"*.sudanforums.net", HostKind::Forum}, {"forums.phoenixrising.me", HostKind::Forum}, {"*.reddit.com", HostKind::Forum},
    {"*.s4me.info", HostKind::Forum},
    {"*.wikipedia.org", HostKind::Wiki}, {"*.citizendium.org", HostKind::Wiki}, {"*.wikidata.org", HostKind::Wiki},
    {"*.blogspot.com", HostKind::Blog}, {"*.wordpress.com", HostKind::Blog}, {"*.medium.com", HostKind::Blog},
    {"*.substack.com", HostKind::Blog}, {"cfshelp.info", HostKind::Blog}, {"*.cfshelp.info", HostKind::Blog},
    {"ouci.dntb.gov.ua", HostKind::Aggregator}, {"*.semanticscholar.org", HostKind::Aggregator},
    {"*.researchgate.net", HostKind::Aggregator}, {"*.scilit.com", HostKind::Aggregator}, {"scilit.com", HostKind::Aggregator},
    {"*.scite.ai", HostKind::Aggregator}, {"scite.ai", HostKind::Aggregator}, {"ichgcp.net", HostKind::Aggregator},
    {"*.ichgcp.net", HostKind::Aggregator}, {"*.mecfsatlas.com", HostKind::Aggregator},
    {"*.cfsmeatlas.com", HostKind::Aggregator}, {"scholar.google.com", HostKind::Aggregator},
    {"*.distantreader.org", HostKind::Aggregator}, {"*.paperexplained.cn", HostKind::Aggregator},
    {"doaj.org", HostKind::Aggregator}, {"*.doaj.org", HostKind::Aggregator}, {"*.bvsalud.org", HostKind::Aggregator},
    {"*.archive.org", HostKind::WebArchive}, {"webarchive.library.unt.edu", HostKind::WebArchive},
    {"*.archive.ph", HostKind::WebArchive}, {"*.archive.today", HostKind::WebArchive},
    {"*.pure.elsevier.com", HostKind::Repository}, {"dash.harvard.edu", HostKind::Repository},
    {"bora.uib.no", HostKind::Repository}, {"*.research.ed.ac.uk", HostKind::Repository},
    {"*.scholars.northwestern.edu", HostKind::Repository}, {"research.mpu.edu.mo", HostKind::Repository},
    {"eprints.ncl.ac.uk", HostKind::Repository}, {"pure.johnshopkins.edu", HostKind::Repository},
    {"ncifrederick.cancer.gov", HostKind::Repository}, {"research-repository.griffith.edu.au", HostKind::Repository},
    {"www.gu.se", HostKind::Repository},
    {"*.meassociation.org.uk", HostKind::Advocacy}, {"*.actionforme.org.uk", HostKind::Advocacy},
    {"*.solvecfs.org", HostKind::Advocacy}, {"*.wames.org.uk", HostKind::Advocacy}, {"wames.org.uk", HostKind::Advocacy},
};

bool IsRecordKind(HostKind k) { return k <= HostKind::Agency; }

const char* KindDescription(HostKind k) {
    switch (k) {
    case HostKind::DocumentCopy: return "a document-sharing site";
    case HostKind::Forum: return "a forum";
    case HostKind::Wiki: return "a wiki";
    case HostKind::Blog: return "a blog";
    case HostKind::Aggregator: return "an aggregator of other sites' records";
    case HostKind::WebArchive: return "a web archive's copy";
    case HostKind::Repository: return "an institutional repository";
    case HostKind::Advocacy: return "a patient organisation's site";
    default: return "a bibliographic record";
    }
}

// The table's rule for `host` (lower case), or nullptr. An exact entry wins over a wildcard; among
// wildcards the longest suffix wins (ncifrederick.cancer.gov is a repository though *.nih.gov is not).
const HostRule* FindHost(std::string_view host) {
    const HostRule* best = nullptr;
    size_t best_length = 0;
    for (const HostRule& rule : kHosts) {
        std::string_view h = rule.host;
        if (h.substr(0, 2) == "*.") {
            std::string_view domain = h.substr(2);
            bool match = host == domain || (host.size() > domain.size() && host.substr(host.size() - domain.size()) == domain &&
                                            host[host.size() - domain.size() - 1] == '.');
            if (match && domain.size() > best_length) { best = &rule; best_length = domain.size(); }
        } else if (host == h) {
            return &rule;
        }
    }
    return best;
}

bool IsIpAddress(std::string_view host) {
    if (!host.empty() && host.front() == '[') return true;  // IPv6 literal
    int dots = 0;
    for (char c : host) {
        if (c == '.') ++dots;
        else if (c < '0' || c > '9') return false;
    }
    return dots == 3;
}

// The note for one provenance record, or "" when it is a bibliographic record's address.
std::string ProvenanceProblem(std::string_view url) {
    std::string quoted = "Provenance record \"" + Shorten(url, 100) + "\" ";
    std::string lower = ToLower(url);
    size_t scheme = lower.rfind("https://", 0) == 0 ? 8 : lower.rfind("http://", 0) == 0 ? 7 : 0;
    if (scheme == 0) return quoted + "is not a web address.";
    size_t end = lower.find_first_of("/?#", scheme);
    std::string host = lower.substr(scheme, end == std::string::npos ? std::string::npos : end - scheme);
    size_t at = host.rfind('@');
    if (at != std::string::npos) host.erase(0, at + 1);
    if (host.empty() || host.front() != '[') host = host.substr(0, host.find(':'));
    std::string path = end == std::string::npos ? std::string() : lower.substr(end);
    if (IsIpAddress(host)) return quoted + "is on a raw IP address, not a bibliographic record.";
    const HostRule* rule = FindHost(host);
    if (!rule)
        return quoted + "is on " + host + ", which the table of record hosts (core/src/tools/lint.cpp) does not list: "
               "cite PubMed, PMC, doi.org or the publisher's page, and add a publisher's host to the table.";
    if (!IsRecordKind(rule->kind))
        return quoted + "is on " + std::string(KindDescription(rule->kind)) + ", not a bibliographic record.";
    if (path.find("/highwire/citation/") != std::string::npos || (path.size() >= 5 && path.compare(path.size() - 5, 5, "/cite") == 0))
        return quoted + "is a citation download, not the record's page.";
    if (path.find("diff=") != std::string::npos) return quoted + "is a page's edit history, not a bibliographic record.";
    return {};
}

// Provenance is kept out of the loaded model (no page shows it), so it is read from the document.
void ProvenanceHosts(const Atlas& atlas, std::string_view atlas_json, std::vector<Notes>& out) {
    if (atlas_json.empty()) return;
    nlohmann::json doc = nlohmann::json::parse(atlas_json.begin(), atlas_json.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return;
    auto studies = doc.find("studies");
    if (studies == doc.end() || !studies->is_array()) return;
    std::unordered_map<std::string_view, uint32_t> by_id;
    for (uint32_t i = 0; i < atlas.studies.size(); ++i) by_id.emplace(atlas.Text(atlas.studies[i].id), i);
    for (const nlohmann::json& record : *studies) {
        if (!record.is_object()) continue;
        auto id = record.find("id");
        auto provenance = record.find("provenance");
        if (id == record.end() || !id->is_string() || provenance == record.end() || !provenance->is_object()) continue;
        auto study = by_id.find(id->get_ref<const std::string&>());
        if (study == by_id.end()) continue;
        auto records = provenance->find("records");
        if (records == provenance->end() || !records->is_array()) continue;
        for (const nlohmann::json& url : *records) {
            if (!url.is_string()) continue;
            std::string problem = ProvenanceProblem(url.get_ref<const std::string&>());
            if (!problem.empty()) out[study->second].push_back({"provenance-host", problem});
        }
    }
}

}  // namespace

// [SECTION] LintStudy, LintAtlas -------------------------------------------------------------

std::vector<LintNote> LintStudy(const Atlas& atlas, const Study& study, int current_year) {
    return CardNotes(atlas, study, current_year, Lookup{});
}

std::vector<std::vector<LintNote>> LintAtlas(const Atlas& atlas, int current_year, std::string_view atlas_json) {
    Lookup lookup = BuildLookup(atlas);
    std::vector<Notes> out(atlas.studies.size());
    for (size_t i = 0; i < atlas.studies.size(); ++i) {
        out[i] = CardNotes(atlas, atlas.studies[i], current_year, lookup);
        RelationMissingTarget(atlas, atlas.studies[i], out[i]);
    }
    Duplicates(atlas, out);
    JournalVariants(atlas, out);
    ProvenanceHosts(atlas, atlas_json, out);
    return out;
}

}  // namespace atlas
