// atlas/lint.h — data-quality notes on valid records (separate from validity).
// A note never rejects a record: the atlas shows the record as it is and reports the contradiction.
// Pure core: no ImGui, no SDL, no Emscripten.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "atlas/model.h"

namespace atlas {

struct LintNote {
    std::string rule;     // stable rule id, e.g. "pem-flag-contradiction"
    std::string message;  // one sentence a reader understands
};

// The notes a reader sees on the study's card (core/src/view/card.cpp), in rule order: about this
// study, and about it among the studies it names or that name it (found by scanning the atlas, only
// for the studies a rule concerns: cheap for one card; use LintAtlas for all of them).
// `current_year` is passed in (not read from a clock) so the core stays pure and testable.
std::vector<LintNote> LintStudy(const Atlas& atlas, const Study& study, int current_year);

// Every study's notes, indexed like atlas.studies, for `atlas lint` and the test that lints the
// bundled atlas: the card's notes (as LintStudy gives them) followed by the maintainers' notes: a
// relation to an id no study has, the same PMID, DOI or title and year twice, one journal written
// two ways, provenance on a host that is not a bibliographic record. `atlas_json` is the document the atlas was loaded from (for provenance); empty skips that.
std::vector<std::vector<LintNote>> LintAtlas(const Atlas& atlas, int current_year, std::string_view atlas_json = {});

}  // namespace atlas
