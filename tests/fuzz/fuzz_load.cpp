// fuzz_load.cpp — atlas::LoadAtlas on any bytes, then the invariants of the model it built
// (fuzz_check.h), under the default caps and under tiny caps (so small inputs reach every cap
// path: long strings, long lists, deep nesting, too many studies, too many problems).
// After a load, the readers the page runs on every study (card, lint, citation, DOM mirror, text
// search through the index, highlighting) must cope with whatever the loader accepted; and the
// streaming loader fed the same bytes in chunks must end exactly as the whole-document load. The loader
// it replaced (tests/reference/) must read every input the same way: same report, same model.
#include <algorithm>
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
#include "load_reference.h"

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
    atlas::Atlas old;
    atlas::LoadReport old_report = atlas::reference::LoadAtlas(bytes, old, limits);
    fuzz::CheckSameLoad(a, report, old, old_report);
    for (const atlas::Problem& p : report.problems) FUZZ_CHECK(!atlas::FormatProblem("f.json", p).empty());
    (void)atlas::FormatSummary(report);
    if (!readers || !report.usable) return;

    atlas::Query query;
    atlas::QueryResult result = atlas::RunQuery(a, query);
    FUZZ_CHECK(result.studies.size() == a.studies.size());
    for (uint32_t i : result.studies) FUZZ_CHECK(i < a.studies.size());
    FUZZ_CHECK(result.counts.tags.size() == a.tags.size());
    // Text through the search index: words from the input itself (titles, prefixes, typos, quotes).
    for (size_t at = 0; at < bytes.size() && at < 4096; at += 509) {
        atlas::Query text;
        text.text = std::string(bytes.substr(at, 24));
        atlas::QueryResult found = atlas::RunQuery(a, text);
        std::vector<uint32_t> ids = found.studies;
        std::sort(ids.begin(), ids.end());
        FUZZ_CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
        for (uint32_t i : ids) FUZZ_CHECK(i < a.studies.size());
        if (!a.studies.empty()) {
            std::string_view title = a.Text(a.studies[0].title);
            for (atlas::TextSpan span : atlas::FindMatches(title, text.text, &a))
                FUZZ_CHECK(span.offset + span.length <= title.size());
        }
    }
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

// The same bytes fed in chunks (sizes taken from the input) load exactly as one whole document.
void StreamMatchesWhole(std::string_view bytes) {
    atlas::Atlas whole, streamed;
    atlas::LoadReport expected = atlas::LoadAtlas(bytes, whole);
    atlas::AtlasStreamLoader loader(streamed);
    for (size_t at = 0, k = 0; at < bytes.size(); ++k) {
        size_t n = 1 + (bytes.empty() ? 0 : (unsigned char)bytes[k % bytes.size()] % 17);
        loader.Feed(bytes.substr(at, n));
        at += n;
    }
    atlas::LoadReport got = loader.Finish();
    FUZZ_CHECK(got.usable == expected.usable && got.fatal == expected.fatal);
    FUZZ_CHECK(got.loaded == expected.loaded && got.rejected == expected.rejected);
    FUZZ_CHECK(got.errors == expected.errors && got.warnings == expected.warnings);
    FUZZ_CHECK(got.problems.size() == expected.problems.size());
    for (size_t i = 0; i < got.problems.size() && i < expected.problems.size(); ++i)
        FUZZ_CHECK(atlas::FormatProblem("f", got.problems[i]) == atlas::FormatProblem("f", expected.problems[i]));
    FUZZ_CHECK(streamed.studies.size() == whole.studies.size() && streamed.text == whole.text);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    LoadAndCheck(bytes, atlas::LoadLimits{}, true);
    StreamMatchesWhole(bytes);
    static const atlas::LoadLimits tiny = TinyLimits();
    LoadAndCheck(bytes, tiny, false);
    return 0;
}
