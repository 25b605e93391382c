// atlas/query.h — which studies the reader sees, in which order. A plain value in, indices out:
// the UI edits the Query, the core answers. Pure core.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/model.h"

namespace atlas {

enum class SortOrder : uint8_t { Newest, Oldest, EvidenceLevel };

struct Query {
    std::string text;                 // case-insensitive words, all must match title/authors/journal/summary
    SortOrder sort = SortOrder::Newest;
};

// Indices into atlas.studies.
std::vector<uint32_t> RunQuery(const Atlas& atlas, const Query& query);

}  // namespace atlas
