// atlas/facets.h — the filter facets as one table: names, options, how each option maps onto
// atlas::Query and atlas::FacetCounts. The ImGui filter panel, the chips, the DOM mirror, the
// page's commands and URL state all read this table, so a facet is defined in exactly one place.
// Pure core.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/model.h"
#include "atlas/query.h"

namespace atlas {

enum class FacetId : uint8_t { Evidence, Confidence, Pem, CaseDefinition, PublicationType, PeerReview, ReviewStatus, Retracted };
constexpr int kFacetCount = 8;

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
std::vector<Facet> Facets(const Atlas& atlas);

bool FacetSelected(const Query& query, FacetId facet, int option);
void ToggleFacet(Query& query, FacetId facet, int option);
uint32_t FacetCount(const FacetCounts& counts, FacetId facet, int option);
bool FindFacet(std::string_view key, FacetId& out);
int FindFacetOption(const Facet& facet, std::string_view code);  // -1 when unknown

// An active filter as a removable chip ("PEM required", "2015–2020", "Tag: Cytokines").
struct FilterChip {
    std::string label;
    std::string command;  // the page command that removes it (see ApplyCommand)
};
std::vector<FilterChip> ActiveFilterChips(const Atlas& atlas, const Query& query);

// Text commands that edit a Query, shared by the DOM mirror, keyboard shortcuts and tests:
//   toggle <facet-key> <option-code>   tag <tag-index>   tagmatch any|all
//   years <min> <max> (0 = open)       sort relevance|newest|oldest|evidence
//   query <text...>                    clear
// Returns false (and leaves the query as it was) for anything it does not understand.
bool ApplyQueryCommand(const Atlas& atlas, Query& query, std::string_view command);

// Splits the next space-separated word off `rest` (the command language's tokenizer).
std::string_view NextCommandWord(std::string_view& rest);

std::string_view SortCode(SortOrder sort);
std::string_view SortLabel(SortOrder sort);
bool ParseSortCode(std::string_view code, SortOrder& out);

}  // namespace atlas
