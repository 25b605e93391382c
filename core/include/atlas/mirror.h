// atlas/mirror.h — the view as JSON for the DOM mirror: the accessible, selectable text copy of
// what the canvas shows (filters with counts, chips, sort, result count, listed studies, the open
// card). The page turns it into elements with textContent only, never innerHTML. Pure core.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/card.h"
#include "atlas/model.h"
#include "atlas/query.h"

namespace atlas {

struct MirrorView {
    const Query* query = nullptr;
    const QueryResult* result = nullptr;
    int open_study = -1;                             // index into atlas.studies, or -1
    size_t max_listed = 100;                         // the list is capped; the count is not
    std::string status;                              // loading/problem line shown to the reader
    int current_year = 0;                            // for the card's data-quality notes
    ReadingDepth depth = ReadingDepth::Standard;
    std::vector<uint32_t> compare;                   // studies picked for side-by-side reading
    std::string accessed_date;                       // YYYY-MM-DD, for the atlas-snapshot citation
};

std::string MirrorJson(const Atlas& atlas, const MirrorView& view);

}  // namespace atlas
