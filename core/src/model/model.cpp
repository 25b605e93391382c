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
constexpr std::string_view kConfidenceLabels[] = {"High confidence", "Moderate confidence", "Low confidence"};
constexpr std::string_view kPemCodes[] = {"required", "not_required", "unclear"};
constexpr std::string_view kPemLabels[] = {"PEM required", "PEM not required", "PEM unclear"};
constexpr std::string_view kPeerReviewCodes[] = {"peer_reviewed", "preprint"};
constexpr std::string_view kPeerReviewLabels[] = {"Peer-reviewed", "Preprint"};
constexpr std::string_view kReviewStatusCodes[] = {"machine_draft", "editor_reviewed", "expert_reviewed"};
constexpr std::string_view kReviewStatusLabels[] = {"Machine draft", "Editor reviewed", "Expert reviewed"};
constexpr std::string_view kReviewStatusBadges[] = {"Machine draft", "Reviewed", "Expert reviewed"};
constexpr std::string_view kPublicationTypeCodes[] = {
    "Trial-RCT", "Trial-Controlled", "Trial-Open-label", "Observational-Cohort",
    "Observational-Case-control", "Observational-Cross-sectional", "Case-Series", "Case-Report",
    "Review-Narrative", "Review-Systematic", "Meta-analysis", "Guideline", "Consensus", "Other"};
constexpr std::string_view kCaseDefinitionCodes[] = {"CCC", "ICC", "IOM", "Fukuda", "Oxford",
                                                     "Holmes", "London", "NICE", "other"};
constexpr std::string_view kCaseDefinitionLabels[] = {
    "Canadian Consensus Criteria (2003)", "International Consensus Criteria (2011)",
    "IOM / SEID criteria (2015)", "Fukuda / CDC criteria (1994)", "Oxford criteria (1991)",
    "Holmes / CDC criteria (1988)", "London criteria", "NICE criteria", "Other definition"};
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
std::string_view ConfidenceLabel(Confidence v) { return kConfidenceLabels[(int)v]; }
std::string_view PemCode(PemCriterion v) { return kPemCodes[(int)v]; }
std::string_view PemLabel(PemCriterion v) { return kPemLabels[(int)v]; }
std::string_view PeerReviewCode(PeerReview v) { return kPeerReviewCodes[(int)v]; }
std::string_view PeerReviewLabel(PeerReview v) { return kPeerReviewLabels[(int)v]; }
std::string_view ReviewStatusCode(ReviewStatus v) { return kReviewStatusCodes[(int)v]; }
std::string_view ReviewStatusLabel(ReviewStatus v) { return kReviewStatusLabels[(int)v]; }
std::string_view ReviewStatusBadge(ReviewStatus v) { return kReviewStatusBadges[(int)v]; }
std::string_view PublicationTypeCode(PublicationType v) { return kPublicationTypeCodes[(int)v]; }
std::string_view CaseDefinitionCode(int bit) { return kCaseDefinitionCodes[bit]; }
std::string_view CaseDefinitionLabel(int bit) { return kCaseDefinitionLabels[bit]; }
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

EvidenceLevelText DefaultEvidenceLevelText(EvidenceLevel level) {
    switch (level) {
    case EvidenceLevel::E0:
        return {"Consensus", "Higher-level evidence type — systematic reviews, meta-analyses, guidelines, "
                             "or major syntheses (study type, not a quality guarantee)"};
    case EvidenceLevel::E1:
        return {"Replicated", "Findings replicated across studies or sites, or large controlled studies "
                              "(study type, not a quality guarantee)"};
    case EvidenceLevel::E2:
        return {"Controlled", "A single controlled study — a trial or a comparison with a control group "
                              "(study type, not a quality guarantee)"};
    case EvidenceLevel::E3:
    default:
        return {"Preliminary", "Preliminary evidence — pilots, open-label studies, case series and reports, "
                               "preprints (study type, not a quality guarantee)"};
    }
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
