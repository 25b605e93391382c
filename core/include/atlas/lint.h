// atlas/lint.h — data-quality notes on valid records (separate from validity).
// A note never rejects a record: the atlas shows the record as it is and reports the contradiction.
// Pure core: no ImGui, no SDL, no Emscripten.
#pragma once
#include <string>
#include <vector>

#include "atlas/model.h"

namespace atlas {

struct LintNote {
    std::string rule;     // stable rule id, e.g. "pem-flag-contradiction"
    std::string message;  // one sentence a reader understands
};

// `current_year` is passed in (not read from a clock) so the core stays pure and testable.
std::vector<LintNote> LintStudy(const Atlas& atlas, const Study& study, int current_year);

}  // namespace atlas
