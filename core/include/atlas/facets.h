// atlas/facets.h — the filter facets as one table: names, options, how each option maps onto
// atlas::Query and atlas::FacetCounts. The ImGui filter panel, the chips, the DOM mirror, the
// commands (atlas/command.h) and URL state all read this table, so a facet is defined in exactly one place.
// Pure core.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/model.h"
#include "atlas/query.h"

namespace atlas {

enum class FacetId : uint8_t {
    Evidence, Confidence, Pem, CaseDefinition, PublicationType, PeerReview, ReviewStatus, Retracted,
    SampleSize, Severity, AgeGroup,   // who was studied (a study's population)
    Since,                            // new or changed since the reader's last visit (counts only with marks)
};
constexpr int kFacetCount = 12;

struct FacetOption {
    std::string code;   // as in the JSON format and in URLs: "E0", "required", "Trial-RCT"
    std::string label;  // what a reader sees: "E0 Consensus", "PEM required"
};

struct Facet {
    FacetId id;
    std::string key;    // stable short name for URLs and commands: "evidence", "pem"
    std::string name;   // heading: "Evidence level"
    std::vector<FacetOption> options;
};

// The facets of `atlas` (evidence labels come from its header), in display order.
std::vector<Facet> Facets(const Atlas& atlas, Lang lang = Lang::En);

bool FacetSelected(const Query& query, FacetId facet, int option);
void ToggleFacet(Query& query, FacetId facet, int option);
uint32_t FacetCount(const FacetCounts& counts, FacetId facet, int option);
bool FindFacet(std::string_view key, FacetId& out);
int FindFacetOption(const Facet& facet, std::string_view code);  // -1 when unknown

// [SECTION] The evidence gap map (FacetCounts::grid_*): which columns to show, a cell's counts, and
// the share that required PEM as a reader sees it.
struct GridCell { uint32_t count = 0, pem = 0; };
// Every evidence level; the publication types that any topic has in the current counts, or that are chosen.
std::vector<int> GridColumns(const FacetCounts& counts, GridAxis axis, const Query& query);
GridCell GridCellAt(const FacetCounts& counts, GridAxis axis, size_t row, int column);
std::string GridColumnLabel(const Atlas& atlas, GridAxis axis, int column);   // "E1 Replicated", "Randomised controlled trial"
std::string_view GridColumnCode(GridAxis axis, int column);                   // "E1", "Trial-RCT" (for `cell`)
std::string PemShare(uint32_t count, uint32_t pem);   // "58% PEM"; "<1% PEM" for a few; "" for no studies
// "12 studies, 7 of them (58%) in cohorts that required PEM" — a cell said in full (screen readers, tooltips).
std::string GridCellSentence(GridCell cell);

std::string_view SortCode(SortOrder sort);
std::string_view SortLabel(SortOrder sort, Lang lang = Lang::En);
bool ParseSortCode(std::string_view code, SortOrder& out);

}  // namespace atlas
