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

// Codes as written in the JSON format, and the words a reader sees.
std::string_view EvidenceCode(EvidenceLevel level);              // "E0"
std::string_view ConfidenceCode(Confidence c);                   // "moderate"
// Labels in the interface language (English by default: the CLI and the formats' own words).
std::string_view ConfidenceLabel(Confidence c, Lang lang = Lang::En);  // "Moderate confidence"
std::string_view PemCode(PemCriterion p);                        // "not_required"
std::string_view PemLabel(PemCriterion p, Lang lang = Lang::En);       // "PEM not required"
std::string_view PeerReviewCode(PeerReview p);
std::string_view PeerReviewLabel(PeerReview p, Lang lang = Lang::En);  // "Peer-reviewed"
std::string_view ReviewStatusCode(ReviewStatus r);
std::string_view ReviewStatusLabel(ReviewStatus r, Lang lang = Lang::En);  // "Editor reviewed"
std::string_view ReviewStatusBadge(ReviewStatus r, Lang lang = Lang::En);  // "Reviewed" / "Machine draft"
std::string_view PublicationTypeCode(PublicationType t);         // "Review-Narrative" (also its label)
std::string_view CaseDefinitionCode(int bit_index);              // "CCC"
std::string_view CaseDefinitionLabel(int bit_index, Lang lang = Lang::En);  // "Canadian Consensus Criteria (2003)"
std::string_view PublicationTypeLabel(PublicationType t, Lang lang = Lang::En);  // "Randomised controlled trial"
bool CaseDefinitionRequiresPem(int bit_index);                   // CCC, ICC, IOM

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

std::string_view RelationTypeCode(RelationType t);               // "fails_to_replicate"
std::string_view RelationTargetKey(RelationTarget t);            // "id", "doi", "pmid"
std::string_view SeverityCode(int bit_index);                    // "very_severe"
std::string_view AgeGroupCode(AgeGroup a);                       // "adolescents"; "" when unstated
std::string_view OnsetCode(Onset o);                             // "infectious"; "" when unstated
bool IsCountryCode(std::string_view s);                          // an assigned ISO 3166-1 alpha-2 code

// Parse a JSON code; false when unknown.
bool ParseEvidenceCode(std::string_view s, EvidenceLevel& out);
bool ParseConfidenceCode(std::string_view s, Confidence& out);
bool ParsePemCode(std::string_view s, PemCriterion& out);
bool ParsePeerReviewCode(std::string_view s, PeerReview& out);
bool ParseReviewStatusCode(std::string_view s, ReviewStatus& out);
bool ParsePublicationTypeCode(std::string_view s, PublicationType& out);
bool ParseCaseDefinitionCode(std::string_view s, int& bit_index);
bool ParseRelationTypeCode(std::string_view s, RelationType& out);
bool ParseSeverityCode(std::string_view s, int& bit_index);
bool ParseAgeGroupCode(std::string_view s, AgeGroup& out);       // never yields Unstated
bool ParseOnsetCode(std::string_view s, Onset& out);             // never yields Unstated

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
