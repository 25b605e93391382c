// atlas/mirror.h — the view as JSON for the DOM mirror: the accessible, selectable text copy of
// what the canvas shows (result count, listed studies, the open card). The page turns it into
// elements with textContent only, never innerHTML. Pure core.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/model.h"

namespace atlas {

struct MirrorView {
    const std::vector<uint32_t>* results = nullptr;  // indices into atlas.studies, in display order
    int open_study = -1;                             // index into atlas.studies, or -1
    size_t max_listed = 100;                         // the list is capped; the count is not
    std::string query_text;
    std::string status;                              // loading/problem line shown to the reader
    int current_year = 0;                            // for the card's data-quality notes
};

std::string MirrorJson(const Atlas& atlas, const MirrorView& view);

}  // namespace atlas
