// model.cpp — codes and labels of the classifications, and small text helpers.
#include "atlas/model.h"

namespace atlas {
namespace {

template <typename Enum, size_t N>
bool FindCode(const std::string_view (&codes)[N], std::string_view s, Enum& out) {
    for (size_t i = 0; i < N; ++i)
        if (codes[i] == s) { out = static_cast<Enum>(i); return true; }
    return false;
}

constexpr std::string_view kEvidenceCodes[] = {"E0", "E1", "E2", "E3"};
constexpr std::string_view kConfidenceCodes[] = {"high", "moderate", "low"};
constexpr std::string_view kPemCodes[] = {"required", "not_required", "unclear"};
constexpr std::string_view kPeerReviewCodes[] = {"peer_reviewed", "preprint"};
constexpr std::string_view kReviewStatusCodes[] = {"machine_draft", "editor_reviewed", "expert_reviewed"};
constexpr std::string_view kPublicationTypeCodes[] = {
    "Trial-RCT", "Trial-Controlled", "Trial-Open-label", "Observational-Cohort",
    "Observational-Case-control", "Observational-Cross-sectional", "Case-Series", "Case-Report",
    "Review-Narrative", "Review-Systematic", "Meta-analysis", "Guideline", "Consensus", "Other"};
constexpr std::string_view kCaseDefinitionCodes[] = {"CCC", "ICC", "IOM", "Fukuda", "Oxford",
                                                     "Holmes", "London", "NICE", "other"};
constexpr std::string_view kRelationTypeCodes[] = {"replicates", "fails_to_replicate", "contradicts", "supersedes",
                                                   "comments_on", "retraction_of", "correction_of"};
constexpr std::string_view kRelationTargetKeys[] = {"id", "doi", "pmid"};
constexpr std::string_view kSeverityCodes[] = {"mild", "moderate", "severe", "very_severe"};
// Index 0 is "unstated": never a code a file may use.
constexpr std::string_view kAgeGroupCodes[] = {"", "adults", "adolescents", "children", "mixed"};
constexpr std::string_view kOnsetCodes[] = {"", "infectious", "sudden", "gradual", "mixed", "unknown"};
// The 249 officially assigned ISO 3166-1 alpha-2 codes, sorted (Debian iso-codes 4.15). "UK" is not one ("GB" is).
constexpr std::string_view kCountryCodes =
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJ"
    "BLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCR"
    "CUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFR"
    "GAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHU"
    "IDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZ"
    "LALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQ"
    "MRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPF"
    "PGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSI"
    "SJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTR"
    "TTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";
static_assert(std::size(kPublicationTypeCodes) == kPublicationTypeCount);
static_assert(std::size(kRelationTypeCodes) == kRelationTypeCount);
static_assert(std::size(kSeverityCodes) == kSeverityCount);
static_assert(kCountryCodes.size() == 2 * 249);
static_assert(std::size(kCaseDefinitionCodes) == kCaseDefinitionCount);

}  // namespace

std::string_view EvidenceCode(EvidenceLevel v) { return kEvidenceCodes[(int)v]; }
std::string_view ConfidenceCode(Confidence v) { return kConfidenceCodes[(int)v]; }
std::string_view ConfidenceLabel(Confidence v, Lang lang) { return Tr(lang, "confidence." + std::string(kConfidenceCodes[(int)v])); }
std::string_view PemCode(PemCriterion v) { return kPemCodes[(int)v]; }
std::string_view PemLabel(PemCriterion v, Lang lang) { return Tr(lang, "pem." + std::string(kPemCodes[(int)v])); }
std::string_view PeerReviewCode(PeerReview v) { return kPeerReviewCodes[(int)v]; }
std::string_view PeerReviewLabel(PeerReview v, Lang lang) { return Tr(lang, "peer." + std::string(kPeerReviewCodes[(int)v])); }
std::string_view ReviewStatusCode(ReviewStatus v) { return kReviewStatusCodes[(int)v]; }
std::string_view ReviewStatusLabel(ReviewStatus v, Lang lang) { return Tr(lang, "review." + std::string(kReviewStatusCodes[(int)v])); }
std::string_view ReviewStatusBadge(ReviewStatus v, Lang lang) {
    // The badge says "Reviewed" for an editor's review; the other two read as their labels.
    return v == ReviewStatus::EditorReviewed ? Tr(lang, "review_badge.editor_reviewed") : ReviewStatusLabel(v, lang);
}
std::string_view PublicationTypeCode(PublicationType v) { return kPublicationTypeCodes[(int)v]; }
std::string_view CaseDefinitionCode(int bit) { return kCaseDefinitionCodes[bit]; }
std::string_view CaseDefinitionLabel(int bit, Lang lang) { return Tr(lang, "casedef." + std::string(kCaseDefinitionCodes[bit])); }
std::string_view PublicationTypeLabel(PublicationType v, Lang lang) { return Tr(lang, "type." + std::string(kPublicationTypeCodes[(int)v])); }
bool CaseDefinitionRequiresPem(int bit) { return bit <= 2; }  // CCC, ICC, IOM
std::string_view RelationTypeCode(RelationType v) { return kRelationTypeCodes[(int)v]; }
std::string_view RelationTargetKey(RelationTarget v) { return kRelationTargetKeys[(int)v]; }
std::string_view SeverityCode(int bit) { return kSeverityCodes[bit]; }
std::string_view AgeGroupCode(AgeGroup v) { return kAgeGroupCodes[(int)v]; }
std::string_view OnsetCode(Onset v) { return kOnsetCodes[(int)v]; }
bool IsCountryCode(std::string_view s) {
    if (s.size() != 2) return false;
    size_t lo = 0, hi = kCountryCodes.size() / 2;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = kCountryCodes.substr(mid * 2, 2).compare(s);
        if (c == 0) return true;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

bool ParseEvidenceCode(std::string_view s, EvidenceLevel& out) { return FindCode(kEvidenceCodes, s, out); }
bool ParseConfidenceCode(std::string_view s, Confidence& out) { return FindCode(kConfidenceCodes, s, out); }
bool ParsePemCode(std::string_view s, PemCriterion& out) { return FindCode(kPemCodes, s, out); }
bool ParsePeerReviewCode(std::string_view s, PeerReview& out) { return FindCode(kPeerReviewCodes, s, out); }
bool ParseReviewStatusCode(std::string_view s, ReviewStatus& out) { return FindCode(kReviewStatusCodes, s, out); }
bool ParsePublicationTypeCode(std::string_view s, PublicationType& out) {
    return FindCode(kPublicationTypeCodes, s, out);
}
bool ParseCaseDefinitionCode(std::string_view s, int& bit) { return FindCode(kCaseDefinitionCodes, s, bit); }
bool ParseRelationTypeCode(std::string_view s, RelationType& out) { return FindCode(kRelationTypeCodes, s, out); }
bool ParseSeverityCode(std::string_view s, int& bit) { return FindCode(kSeverityCodes, s, bit); }
bool ParseAgeGroupCode(std::string_view s, AgeGroup& out) { return !s.empty() && FindCode(kAgeGroupCodes, s, out); }
bool ParseOnsetCode(std::string_view s, Onset& out) { return !s.empty() && FindCode(kOnsetCodes, s, out); }

EvidenceLevelText DefaultEvidenceLevelText(EvidenceLevel level, Lang lang) {
    std::string key = "evidence." + std::string(kEvidenceCodes[(int)level]);
    return {Tr(lang, key + ".label"), Tr(lang, key + ".description")};
}

EvidenceLevelText LevelTextIn(const Atlas& atlas, EvidenceLevel level, Lang lang) {
    return lang == Lang::En ? atlas.LevelText(level) : DefaultEvidenceLevelText(level, lang);
}

std::string Byline(const Atlas& atlas, const Study& study, int max_authors) {
    std::string line;
    uint32_t shown = study.authors.count;
    if (max_authors > 0 && shown > (uint32_t)max_authors) shown = (uint32_t)max_authors;
    for (uint32_t i = 0; i < shown; ++i) {
        if (i) line += ", ";
        line += atlas.Item(study.authors, i);
    }
    if (shown < study.authors.count) line += ", et al.";
    return line;
}

}  // namespace atlas
