// atlas/query.h — which studies the reader sees, in which order, and the facet counts beside them.
// A plain value in, indices and counts out: the UI edits the Query, the core answers.
// Counts follow the usual faceted-search rule: each facet's counts apply every *other* active
// filter, so a reader sees how many studies each choice would give. Pure core.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/model.h"

namespace atlas {

enum class SortOrder : uint8_t { Relevance, Newest, Oldest, EvidenceLevel };
enum class TagMatch : uint8_t { Any, All };
enum class RetractionFilter : uint8_t { Any, Hide, Only };
// A study against what the reader saw on their last visit (atlas/changes.h MarksSinceVisit).
enum class SinceVisit : uint8_t { Same, New, Changed };

// Who was studied, as filters: the sample size (n_patients + n_controls of the study's population)
// in four bands, and the age group. A study whose record states no size (or no age group) matches
// no band (no group) while that filter is on.
enum class SampleSize : uint8_t { Under20, From20To99, From100To999, From1000 };
constexpr int kSampleSizeCount = 4;
constexpr int kAgeGroupCount = 4;     // AgeGroup's stated values, Adults to Mixed
enum class GridAxis : uint8_t { Level, Type };   // the evidence gap map's columns: evidence levels or publication types
// The band of a population, or -1 when its record states no number of patients.
int SampleSizeOf(const Population* population);

// Bit sets are over the enum values (bit i = value i); 0 means "no filter on this facet".
struct Query {
    std::string text;                    // words, all must match (title, authors, journal, summaries, findings, conclusions, PMID, DOI)
    SortOrder sort = SortOrder::Relevance;
    uint8_t evidence = 0;                // EvidenceLevel bits
    uint8_t confidence = 0;              // Confidence bits
    uint8_t pem = 0;                     // PemCriterion bits
    uint16_t case_definitions = 0;       // CaseDefinition bits: a study matches if it uses any of them
    uint16_t publication_types = 0;      // PublicationType bits
    uint8_t peer_review = 0;             // PeerReview bits
    uint8_t review_status = 0;           // ReviewStatus bits
    RetractionFilter retracted = RetractionFilter::Any;
    int year_min = 0, year_max = 0;      // inclusive; 0 = open
    // Indices into Atlas::tags: a study matches if it has any of them (all, with TagMatch::All). The
    // topics chosen (tags of the category with id "topic") form a group of their own: a study must
    // also be of one of them, so a topic narrows what the other tags give, as a cell of the gap map does.
    std::vector<uint32_t> tags;
    TagMatch tag_match = TagMatch::Any;
    uint8_t sample_sizes = 0;            // SampleSize bits
    uint8_t severities = 0;              // IllnessSeverity bits: a study matches if its cohort had any of them
    uint8_t age_groups = 0;              // bit i = AgeGroup value i + 1 (Adults is bit 0)
    // The switch "Only cohorts that required PEM": studies whose PEM criterion is not "required" are
    // left out of everything, results and every count alike. Not a filter chip: ClearFilters keeps it.
    bool pem_only = false;
    uint8_t since = 0;                   // SinceVisit bits (New, Changed); applies only with marks (RunQuery)

    bool HasFilters() const;             // anything besides text, sort and pem_only
};

struct FacetCounts {
    uint32_t evidence[kEvidenceLevelCount] = {};
    uint32_t confidence[3] = {};
    uint32_t pem[3] = {};
    uint32_t case_definitions[kCaseDefinitionCount] = {};
    uint32_t publication_types[kPublicationTypeCount] = {};
    uint32_t peer_review[2] = {};
    uint32_t review_status[3] = {};
    uint32_t retracted[2] = {};          // [0] not retracted, [1] retracted
    uint32_t since[3] = {};              // per SinceVisit; all zero without marks
    int first_year = 0;                  // years[i] counts year first_year + i (the atlas's whole span)
    std::vector<uint32_t> years;
    std::vector<uint32_t> tags;          // per Atlas::tags index
    uint32_t sample_sizes[kSampleSizeCount] = {};
    uint32_t severities[kSeverityCount] = {};
    uint32_t age_groups[kAgeGroupCount] = {};
    // The evidence gap map: topics (rows) by evidence level, and by publication type (columns), each
    // cell the studies of that topic and column and how many of them required PEM. The rows are the
    // tags of the atlas's "topic" category, by label (SearchIndex::topic_tags). Each grid applies the
    // search and every filter except its own two axes (the topic tags chosen, and the evidence levels
    // or the publication types chosen), so a cell says how many studies choosing it would give.
    std::vector<uint32_t> grid_topics;                    // tag indices, one per row
    std::vector<uint32_t> grid_levels, grid_levels_pem;   // [row * kEvidenceLevelCount + level]
    std::vector<uint32_t> grid_types, grid_types_pem;     // [row * kPublicationTypeCount + type]
    // The evidence map, over the results only (every filter applied): per year (as `years`), the
    // studies of each evidence level (years_by_level[y * kEvidenceLevelCount + level]) and those
    // that required PEM.
    std::vector<uint32_t> years_by_level, years_pem_required;
};

struct QueryResult {
    std::vector<uint32_t> studies;       // indices into atlas.studies, in display order
    FacetCounts counts;
};

// `since`: per study, what changed since the reader's last visit (empty or absent: nothing known,
// and the since filter lets every study through).
QueryResult RunQuery(const Atlas& atlas, const Query& query, const std::vector<SinceVisit>* since = nullptr);

// Where the query's words match in `text` (byte offset, length), for highlighting; sorted,
// non-overlapping; by the rules RunQuery uses (a word typed in part highlights that part). With
// the atlas the query ran on, typo matches are highlighted exactly when its index allowed them.
struct TextSpan { uint32_t offset, length; };
std::vector<TextSpan> FindMatches(std::string_view text, std::string_view query_text, const Atlas* atlas = nullptr);

}  // namespace atlas
