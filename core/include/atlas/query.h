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
    std::vector<uint32_t> tags;          // indices into Atlas::tags
    TagMatch tag_match = TagMatch::Any;
    uint8_t since = 0;                   // SinceVisit bits (New, Changed); applies only with marks (RunQuery)

    bool HasFilters() const;             // anything besides text and sort
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
