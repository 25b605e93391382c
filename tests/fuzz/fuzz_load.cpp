// fuzz_load.cpp — atlas::LoadAtlas on any bytes, then the invariants of the model it built
// (fuzz_check.h), under the default caps and under tiny caps (so small inputs reach every cap
// path: long strings, long lists, deep nesting, too many studies, too many problems).
// After a load, the readers the page runs on every study (card, lint, citation, DOM mirror)
// must cope with whatever the loader accepted.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "atlas/card.h"
#include "atlas/cite.h"
#include "atlas/lint.h"
#include "atlas/load.h"
#include "atlas/mirror.h"
#include "atlas/query.h"
#include "fuzz_check.h"

namespace {

atlas::LoadLimits TinyLimits() {
    atlas::LoadLimits l;
    l.max_string_bytes = 40;
    l.max_title_bytes = 24;
    l.max_list_items = 3;
    l.max_authors = 4;
    l.max_tags_per_category = 2;
    l.max_record_bytes = 300;
    l.max_depth = 4;
    l.max_studies = 3;
    l.max_problems = 4;
    return l;
}

void LoadAndCheck(std::string_view bytes, const atlas::LoadLimits& limits, bool readers) {
    atlas::Atlas a;
    atlas::LoadReport report = atlas::LoadAtlas(bytes, a, limits);
    fuzz::CheckLoaded(a, report, limits);
    for (const atlas::Problem& p : report.problems) FUZZ_CHECK(!atlas::FormatProblem("f.json", p).empty());
    (void)atlas::FormatSummary(report);
    if (!readers || !report.usable) return;

    atlas::Query query;
    atlas::QueryResult result = atlas::RunQuery(a, query);
    FUZZ_CHECK(result.studies.size() == a.studies.size());
    for (uint32_t i : result.studies) FUZZ_CHECK(i < a.studies.size());
    FUZZ_CHECK(result.counts.tags.size() == a.tags.size());
    for (const atlas::Study& s : a.studies) {
        atlas::Card card = atlas::BuildCard(a, s, 2026, atlas::ReadingDepth::Full);
        FUZZ_CHECK(!card.title.empty());
        (void)atlas::LintStudy(a, s, 2026);
        (void)atlas::CitePlain(a, s);
        (void)atlas::CiteBibtex(a, s);
        (void)atlas::Byline(a, s);
    }
    atlas::MirrorView view;
    view.query = &query;
    view.result = &result;
    view.open_study = a.studies.empty() ? -1 : 0;
    view.current_year = 2026;
    view.accessed_date = "2026-01-02";
    if (a.studies.size() > 1) view.compare = {0, (uint32_t)a.studies.size() - 1};
    std::string mirror = atlas::MirrorJson(a, view);
    FUZZ_CHECK(!mirror.empty() && fuzz::IsValidUtf8(mirror));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    LoadAndCheck(bytes, atlas::LoadLimits{}, true);
    static const atlas::LoadLimits tiny = TinyLimits();
    LoadAndCheck(bytes, tiny, false);
    return 0;
}
