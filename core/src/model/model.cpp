// model.cpp — codes and labels of the classifications, and small text helpers.
#include "atlas/model.h"

namespace atlas {
namespace {

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
static_assert(std::size(kEvidenceCodes) == kEvidenceLevelCount && std::size(kPublicationTypeCodes) == kPublicationTypeCount);
static_assert(std::size(kCaseDefinitionCodes) == kCaseDefinitionCount && std::size(kRelationTypeCodes) == kRelationTypeCount);
static_assert(std::size(kSeverityCodes) == kSeverityCount);

struct CodeTable {
    const std::string_view* codes;
    const char* label_key;  // the catalogue's key prefix ("pem." + code); null: the code is the label
    int count, first;       // first: 1 where value 0 means "unstated"
};
template <size_t N>
constexpr CodeTable Table(const std::string_view (&codes)[N], const char* label_key = nullptr, int first = 0) {
    return {codes, label_key, (int)N, first};
}
// In CodeSet's order.
constexpr CodeTable kCodeTables[] = {
    Table(kEvidenceCodes),
    Table(kConfidenceCodes, "confidence."),
    Table(kPemCodes, "pem."),
    Table(kPeerReviewCodes, "peer."),
    Table(kReviewStatusCodes, "review."),
    Table(kPublicationTypeCodes, "type."),
    Table(kCaseDefinitionCodes, "casedef."),
    Table(kRelationTypeCodes),
    Table(kRelationTargetKeys),
    Table(kSeverityCodes, "severity."),
    Table(kAgeGroupCodes, "age.", 1),
    Table(kOnsetCodes, "onset.", 1),
};
static_assert(std::size(kCodeTables) == (size_t)CodeSet::Onset + 1, "one table per CodeSet, in its order");

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
static_assert(kCountryCodes.size() == 2 * 249);

constexpr FieldSpec kRetractionFields[] = {
    {"retracted", FieldKind::Bool, true, {}, 0, false, nullptr, nullptr, nullptr, &Study::retracted},
    {"notice", FieldKind::Text, false, {}, 0, false, nullptr, &Study::retraction_notice},
    {"date", FieldKind::Date, false, {}, 0, false, nullptr, &Study::retraction_date},
    {},
};
constexpr FieldSpec kSectionFields[] = {
    {"quick_summary", FieldKind::Text, true, {}, 0, false, nullptr, &Study::quick_summary},
    {"why_it_matters", FieldKind::Text, false, {}, 0, false, nullptr, &Study::why_it_matters},
    {"observed_findings", FieldKind::TextList, false, {}, 0, false, nullptr, nullptr, &Study::observed_findings},
    {"inferred_conclusions", FieldKind::TextList, false, {}, 0, false, nullptr, nullptr, &Study::inferred_conclusions},
    {"remaining_questions", FieldKind::Text, false, {}, 0, false, nullptr, &Study::remaining_questions},
    {"does_not_prove", FieldKind::Text, false, {}, 0, false, nullptr, &Study::does_not_prove},
    {"strengths", FieldKind::TextList, false, {}, 0, false, nullptr, nullptr, &Study::strengths},
    {"limitations", FieldKind::TextList, false, {}, 0, false, nullptr, nullptr, &Study::limitations},
    {},
};

}  // namespace

// The study record (data/FORMAT.md). Authors' cap is LoadLimits::max_authors (max_items 0 here
// means "the loader's cap for this list": authors get their own).
const FieldSpec kStudyFields[] = {
    {"id", FieldKind::Id, true, {}, 0, false, nullptr, &Study::id},
    {"slug", FieldKind::Id, true, {}, 0, false, nullptr, &Study::slug},
    {"title", FieldKind::Title, true, {}, 0, true, nullptr, &Study::title},
    {"authors", FieldKind::TextList, true, {}, 0, false, nullptr, nullptr, &Study::authors},
    {"journal", FieldKind::Title, true, {}, 0, false, nullptr, &Study::journal},
    {"year", FieldKind::Year, true},
    {"pmid", FieldKind::Pmid, false, {}, 0, false, nullptr, &Study::pmid},
    {"doi", FieldKind::Doi, false, {}, 0, false, nullptr, &Study::doi},
    {"evidence_level", FieldKind::Code, true, CodeSet::Evidence},
    {"confidence", FieldKind::Code, true, CodeSet::Confidence},
    {"pem", FieldKind::Code, true, CodeSet::Pem},
    {"case_definitions", FieldKind::CodeList, true, CodeSet::CaseDefinition, 16},
    {"publication_type", FieldKind::Code, true, CodeSet::PublicationType},
    {"peer_review", FieldKind::Code, true, CodeSet::PeerReview},
    {"review_status", FieldKind::Code, true, CodeSet::ReviewStatus},
    {"retraction", FieldKind::Object, false, {}, 0, false, kRetractionFields},
    {"sections", FieldKind::Object, true, {}, 0, false, kSectionFields},
    {"tags", FieldKind::Tags, false},
    {"last_updated", FieldKind::Date, true, {}, 0, false, nullptr, &Study::last_updated},
    {"relations", FieldKind::Relations, false},
    {"population", FieldKind::Population, false},
    {"provenance", FieldKind::Unread, false},
    {},
};

std::string_view Code(CodeSet set, int v) {
    const CodeTable& t = kCodeTables[(int)set];
    return v >= 0 && v < t.count ? t.codes[v] : std::string_view();
}
std::string_view Label(CodeSet set, int v, Lang lang) {
    const CodeTable& t = kCodeTables[(int)set];
    if (v < 0 || v >= t.count) return {};
    return t.label_key ? std::string_view(Tr(lang, t.label_key + std::string(t.codes[v]))) : t.codes[v];
}
int CodeCount(CodeSet set) { return kCodeTables[(int)set].count; }
bool ParseCode(CodeSet set, std::string_view s, int& value) {
    const CodeTable& t = kCodeTables[(int)set];
    for (int i = t.first; i < t.count; ++i)
        if (t.codes[i] == s) { value = i; return true; }
    return false;
}
std::string ExpectedCodes(CodeSet set) {
    const CodeTable& t = kCodeTables[(int)set];
    std::string list;
    for (int i = t.first; i < t.count; ++i) (list += i > t.first ? ", " : "") += t.codes[i];
    return list;
}
std::string_view ReviewStatusBadge(ReviewStatus v, Lang lang) {
    // The badge says "Reviewed" for an editor's review; the other two read as their labels.
    return v == ReviewStatus::EditorReviewed ? std::string_view(Tr(lang, "review_badge.editor_reviewed")) : ReviewStatusLabel(v, lang);
}

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
