// atlas/model.h — the in-memory atlas: studies, their classifications and text.
// Part of the pure core: no ImGui, no SDL, no Emscripten, no file I/O.
// Text lives in one arena (Atlas::text) and records hold offsets into it, so an atlas of
// 100k studies is a few large allocations rather than millions of small ones.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/i18n.h"
#include "atlas/search_index.h"

namespace atlas {

// [SECTION] Classifications
enum class EvidenceLevel : uint8_t { E0, E1, E2, E3 };
enum class Confidence : uint8_t { High, Moderate, Low };
enum class PemCriterion : uint8_t { Required, NotRequired, Unclear };
enum class PeerReview : uint8_t { PeerReviewed, Preprint };
enum class ReviewStatus : uint8_t { MachineDraft, EditorReviewed, ExpertReviewed };
enum class PublicationType : uint8_t {
    TrialRct, TrialControlled, TrialOpenLabel, ObservationalCohort, ObservationalCaseControl,
    ObservationalCrossSectional, CaseSeries, CaseReport, ReviewNarrative, ReviewSystematic,
    MetaAnalysis, Guideline, Consensus, Other
};
// Case definitions are a bit set: a study may use several.
enum CaseDefinition : uint16_t {
    CaseDefCcc = 1 << 0, CaseDefIcc = 1 << 1, CaseDefIom = 1 << 2, CaseDefFukuda = 1 << 3,
    CaseDefOxford = 1 << 4, CaseDefHolmes = 1 << 5, CaseDefLondon = 1 << 6, CaseDefNice = 1 << 7,
    CaseDefOther = 1 << 8,
};
constexpr int kMinYear = 1900, kMaxYear = 2100;   // the years a study may have (and a year filter)
constexpr int kEvidenceLevelCount = 4;
constexpr int kPublicationTypeCount = 14;
constexpr int kCaseDefinitionCount = 9;

// Who was studied and how studies link up (optional fields, data/FORMAT.md "Relations", "Population").
enum class RelationType : uint8_t {
    Replicates, FailsToReplicate, Contradicts, Supersedes, CommentsOn, RetractionOf, CorrectionOf
};
enum class RelationTarget : uint8_t { Id, Doi, Pmid };   // which key names the other paper
// Severities are a bit set, like case definitions: a cohort may span several.
enum IllnessSeverity : uint8_t {
    SeverityMild = 1 << 0, SeverityModerate = 1 << 1, SeveritySevere = 1 << 2, SeverityVerySevere = 1 << 3,
};
enum class AgeGroup : uint8_t { Unstated, Adults, Adolescents, Children, Mixed };
enum class Onset : uint8_t { Unstated, Infectious, Sudden, Gradual, Mixed, Unknown };  // Unknown: the paper says so
constexpr int kRelationTypeCount = 7;
constexpr int kSeverityCount = 4;

// [SECTION] Codes: the JSON code and the reader's label of every enum value, one table (model.cpp).
// Labels are in the interface language, from the message catalogue (English by default: the CLI and
// the formats' own words).
enum class CodeSet : uint8_t {
    Evidence, Confidence, Pem, PeerReview, ReviewStatus, PublicationType, CaseDefinition,  // every study
    RelationType, RelationTarget, Severity, AgeGroup, Onset,                               // relations, population
};
std::string_view Code(CodeSet set, int value);     // as written in the JSON: "not_required"; "" for an unstated 0
std::string_view Label(CodeSet set, int value, Lang lang = Lang::En);  // as a reader sees it: "PEM not required" (the code when none)
int CodeCount(CodeSet set);                         // values, the unstated 0 of AgeGroup and Onset included
bool ParseCode(CodeSet set, std::string_view s, int& value);  // false when unknown; never an unstated 0
std::string ExpectedCodes(CodeSet set);            // "E0, E1, E2, E3", as the loader's messages list them

inline std::string_view EvidenceCode(EvidenceLevel v) { return Code(CodeSet::Evidence, (int)v); }              // "E0"
inline std::string_view ConfidenceCode(Confidence v) { return Code(CodeSet::Confidence, (int)v); }             // "moderate"
inline std::string_view ConfidenceLabel(Confidence v, Lang lang = Lang::En) { return Label(CodeSet::Confidence, (int)v, lang); }           // "Moderate confidence"
inline std::string_view PemCode(PemCriterion v) { return Code(CodeSet::Pem, (int)v); }                         // "not_required"
inline std::string_view PemLabel(PemCriterion v, Lang lang = Lang::En) { return Label(CodeSet::Pem, (int)v, lang); }                       // "PEM not required"
inline std::string_view PeerReviewCode(PeerReview v) { return Code(CodeSet::PeerReview, (int)v); }
inline std::string_view PeerReviewLabel(PeerReview v, Lang lang = Lang::En) { return Label(CodeSet::PeerReview, (int)v, lang); }           // "Peer-reviewed"
inline std::string_view ReviewStatusCode(ReviewStatus v) { return Code(CodeSet::ReviewStatus, (int)v); }
inline std::string_view ReviewStatusLabel(ReviewStatus v, Lang lang = Lang::En) { return Label(CodeSet::ReviewStatus, (int)v, lang); }     // "Editor reviewed"
std::string_view ReviewStatusBadge(ReviewStatus r, Lang lang = Lang::En);                                                          // "Reviewed" / "Machine draft"
inline std::string_view PublicationTypeCode(PublicationType v) { return Code(CodeSet::PublicationType, (int)v); }  // on badges
inline std::string_view PublicationTypeLabel(PublicationType v, Lang lang = Lang::En) { return Label(CodeSet::PublicationType, (int)v, lang); }  // "Cohort study"
inline std::string_view CaseDefinitionCode(int bit) { return Code(CodeSet::CaseDefinition, bit); }             // "CCC"
inline std::string_view CaseDefinitionLabel(int bit, Lang lang = Lang::En) { return Label(CodeSet::CaseDefinition, bit, lang); }           // "Canadian Consensus Criteria (2003)"
inline bool CaseDefinitionRequiresPem(int bit) { return bit <= 2; }                                            // CCC, ICC, IOM
inline std::string_view RelationTypeCode(RelationType v) { return Code(CodeSet::RelationType, (int)v); }       // "fails_to_replicate"
inline std::string_view RelationTargetKey(RelationTarget v) { return Code(CodeSet::RelationTarget, (int)v); }  // "id", "doi", "pmid"
inline std::string_view SeverityCode(int bit) { return Code(CodeSet::Severity, bit); }                         // "very_severe"
inline std::string_view AgeGroupCode(AgeGroup v) { return Code(CodeSet::AgeGroup, (int)v); }                   // "adolescents"
inline std::string_view OnsetCode(Onset v) { return Code(CodeSet::Onset, (int)v); }                            // "infectious"
bool IsCountryCode(std::string_view s);                          // an assigned ISO 3166-1 alpha-2 code

// [SECTION] Records
struct TextRef { uint32_t offset = 0, length = 0; };   // a span of Atlas::text
struct ListRef { uint32_t first = 0, count = 0; };     // a run of Atlas::list_items, study_tags or relations
constexpr uint32_t kNoIndex = 0xFFFFFFFFu;

// A link from one study to another paper, always from this study to the target.
struct Relation {
    RelationType type = RelationType::CommentsOn;
    RelationTarget target_kind = RelationTarget::Id;
    TextRef target;                  // the other study's id, a DOI or a PMID, as written
    TextRef note;                    // optional, at most 300 characters
    uint32_t study = kNoIndex;       // target_kind Id and that id is in this atlas: its index in Atlas::studies
};

// Who was studied, each item only where the paper's record states it.
struct Population {
    int32_t n_patients = -1, n_controls = -1;  // -1: not stated
    double female_percent = -1;                // 0-100; -1: not stated
    uint8_t severity = 0;                      // IllnessSeverity bits; 0: not stated
    AgeGroup age_group = AgeGroup::Unstated;
    Onset onset = Onset::Unstated;
    TextRef countries;                         // ISO 3166-1 alpha-2 codes run together: "NOGB"
};

struct Study {
    TextRef id, slug, title, journal, pmid, doi, last_updated;
    ListRef authors;
    int16_t year = 0;
    EvidenceLevel evidence = EvidenceLevel::E3;
    Confidence confidence = Confidence::Low;
    PemCriterion pem = PemCriterion::Unclear;
    PeerReview peer_review = PeerReview::PeerReviewed;
    ReviewStatus review_status = ReviewStatus::MachineDraft;
    PublicationType publication_type = PublicationType::Other;
    uint16_t case_definitions = 0;                        // CaseDefinition bits
    bool retracted = false;
    TextRef retraction_notice, retraction_date;
    TextRef quick_summary, why_it_matters, remaining_questions, does_not_prove;
    ListRef observed_findings, inferred_conclusions, strengths, limitations;
    ListRef tags;                                         // indices into Atlas::tags
    ListRef relations;                                    // a run of Atlas::relations
    uint32_t population = kNoIndex;                       // index into Atlas::populations, or kNoIndex
};

// [SECTION] Fields: the study record as one table, in data/FORMAT.md's order
// The loader reads a study field by field from this table (what exists, its type, whether it is
// required, its codes); the importer writes skeletons and the bundle counts from it.
enum class FieldKind : uint8_t {
    Id,          // string, 1-64 of a-z 0-9 '-', not starting with '-'
    Text,        // string
    Title,       // string, at most LoadLimits::max_title_bytes (`non_empty`: not "")
    TextList,    // array of strings, at most `max_items` (0: LoadLimits::max_list_items)
    Year,        // integer, kMinYear..kMaxYear
    Pmid,        // string of 1-9 digits
    Doi,         // string "10.<...>/<...>", no URL prefix
    Code,        // one code of `codes`
    CodeList,    // array of codes of `codes` (a bit set)
    Date,        // string YYYY-MM-DD, a calendar day
    Bool,        // true or false
    Object,      // an object read by its own table (`members`)
    Tags, Relations, Population,  // read by their own code in the loader
    Unread,      // known, not read into the model (provenance)
};
struct FieldSpec {
    std::string_view key;
    FieldKind kind;
    bool required = false;
    CodeSet codes = CodeSet::Evidence;     // Code, CodeList
    uint16_t max_items = 0;                // TextList, CodeList; 0 = the loader's list cap
    bool non_empty = false;                // Title
    const FieldSpec* members = nullptr;    // Object: its fields, ending with an empty key
    TextRef Study::*text = nullptr;        // where a string kind goes
    ListRef Study::*list = nullptr;        // where a TextList goes
    bool Study::*flag = nullptr;           // where a Bool goes
};
extern const FieldSpec kStudyFields[];     // ends with an empty key; "sections" and "retraction" are Objects

struct TagCategory { std::string id, name; };
struct Tag { uint16_t category = 0; std::string label; };
struct EvidenceLevelText { std::string label, description; };

struct AtlasHeader {
    std::string title, generated, source, license, generator, policy_version;
    std::string contribute_url, about_url, content_hash;
    bool synthetic = false;
    int format_version = 0;
    EvidenceLevelText evidence_levels[kEvidenceLevelCount];
};

// [SECTION] Atlas
struct Atlas {
    AtlasHeader header;
    std::vector<Study> studies;
    std::vector<TagCategory> tag_categories;
    std::vector<Tag> tags;                      // interned: each (category, label) once
    std::vector<uint32_t> study_tags;           // runs referenced by Study::tags
    std::vector<TextRef> list_items;            // runs referenced by Study list fields
    std::vector<Relation> relations;            // runs referenced by Study::relations
    std::vector<Population> populations;        // referenced by Study::population
    std::string text;                           // every string of every study
    SearchIndex search;                         // over the studies' searchable text (BuildSearchIndex)

    std::string_view Text(TextRef r) const { return std::string_view(text).substr(r.offset, r.length); }
    std::string_view Item(ListRef list, uint32_t i) const { return Text(list_items[list.first + i]); }
    uint32_t TagIndex(ListRef list, uint32_t i) const { return study_tags[list.first + i]; }
    const Relation& RelationAt(ListRef list, uint32_t i) const { return relations[list.first + i]; }
    const Population* PopulationOf(const Study& s) const {
        return s.population == kNoIndex ? nullptr : &populations[s.population];
    }
    const EvidenceLevelText& LevelText(EvidenceLevel e) const { return header.evidence_levels[(int)e]; }
};

// Built-in text for the evidence levels, used when an atlas header does not define them.
EvidenceLevelText DefaultEvidenceLevelText(EvidenceLevel level, Lang lang = Lang::En);
// An evidence level's words in the interface language: the atlas header's in English, the
// catalogue's in other languages.
EvidenceLevelText LevelTextIn(const Atlas& atlas, EvidenceLevel level, Lang lang);

// "Twisk, Frank N M, Maes, Michael" style byline: the first three authors, then "et al.".
std::string Byline(const Atlas& atlas, const Study& study, int max_authors = 3);

}  // namespace atlas
