// unit-synth.cpp — synthetic atlases (atlas/synth.h): deterministic, valid, marked synthetic, sized
// like real records.
#include <catch2/catch.hpp>

#include <string>

#include "atlas/load.h"
#include "atlas/synth.h"

namespace {

std::string Synth(size_t count, uint64_t seed) {
    std::string out;
    atlas::SynthesizeAtlas({count, seed}, out);
    return out;
}

}  // namespace

TEST_CASE("synth: the same seed gives the same bytes, another seed different bytes") {
    const std::string a = Synth(200, 42);
    CHECK(a == Synth(200, 42));
    CHECK(a != Synth(200, 43));
    // Study n does not depend on how many studies are asked for.
    atlas::Atlas small, large;
    atlas::LoadAtlas(Synth(20, 42), small);
    atlas::LoadAtlas(a, large);
    REQUIRE(small.studies.size() == 20);
    bool found = false;
    for (const atlas::Study& s : large.studies) {
        if (large.Text(s.id) != "syn-7") continue;
        for (const atlas::Study& t : small.studies)
            if (small.Text(t.id) == "syn-7") {
                found = true;
                CHECK(large.Text(s.title) == small.Text(t.title));
                CHECK(large.Text(s.quick_summary) == small.Text(t.quick_summary));
            }
    }
    CHECK(found);
}

TEST_CASE("synth: the atlas loads with no rejected records and no warnings") {
    for (uint64_t seed : {1u, 2u, 3u}) {
        const std::string doc = Synth(500, seed);
        atlas::Atlas atlas;
        atlas::LoadReport report = atlas::LoadAtlas(doc, atlas);
        std::string problems = report.fatal;
        for (const atlas::Problem& p : report.problems) problems += "\n" + atlas::FormatProblem("synth", p);
        INFO("seed " << seed << problems);
        REQUIRE(report.usable);
        CHECK(report.loaded == 500);
        CHECK(report.rejected == 0);
        CHECK(report.errors == 0);
        CHECK(report.warnings == 0);
    }
}

TEST_CASE("synth: the header says synthetic and the count matches") {
    const std::string doc = Synth(123, 9);
    atlas::Atlas atlas;
    atlas::LoadReport report = atlas::LoadAtlas(doc, atlas);
    REQUIRE(report.usable);
    CHECK(atlas.header.synthetic);
    CHECK(atlas.header.title == "Synthetic atlas (123 studies, seed 9) \xE2\x80\x94 for tests and benchmarks only");
    CHECK(atlas.header.generated == "2026-01-01");
    REQUIRE(atlas.tag_categories.size() == 4);
    CHECK(atlas.tag_categories[0].id == "topic");  // the evidence gap map's rows
    CHECK(atlas.tag_categories[1].id == "method_flag");
    CHECK(atlas.tag_categories[1].name == "Method Flag");
    CHECK(atlas.tag_categories[2].name == "Symptom");
    CHECK(atlas.tag_categories[3].name == "Biomarker");
    size_t with_population = 0;
    CHECK(atlas.studies.size() == 123);
    for (const atlas::Study& s : atlas.studies) {
        CHECK(atlas.Text(s.title).rfind("[Synthetic] ", 0) == 0);
        CHECK(atlas.Text(s.id).rfind("syn-", 0) == 0);
        CHECK(atlas.Text(s.slug).rfind("synthetic-", 0) == 0);
        CHECK(s.authors.count >= 1);
        CHECK(s.authors.count <= 12);
        CHECK(s.tags.count >= 4);  // 3 to 8, and 1 or 2 topics
        CHECK(s.tags.count <= 10);
        int topics = 0;
        for (uint32_t k = 0; k < s.tags.count; ++k) topics += atlas.tags[atlas.TagIndex(s.tags, k)].category == 0;
        CHECK(topics >= 1);
        CHECK(topics <= 2);
        with_population += s.population != atlas::kNoIndex;
        CHECK(s.year >= 1988);
        CHECK(s.year <= 2025);
    }
    CHECK(with_population > 60);  // every primary study, some reviews
    // Minified: no whitespace between tokens at the top of the document.
    CHECK(doc.rfind("{\"format\":\"mecfs-atlas\",\"format_version\":1,", 0) == 0);
    CHECK(doc.find('\n') == std::string::npos);

    atlas::Atlas empty;
    atlas::LoadReport none = atlas::LoadAtlas(Synth(0, 1), empty);
    CHECK(none.usable);
    CHECK(empty.studies.empty());
}

TEST_CASE("synth: the average study is 2.2 to 3.0 KB of minified JSON") {
    const size_t count = 500;
    const std::string doc = Synth(count, 1);
    const std::string header = Synth(0, 1);
    double per_study = double(doc.size() - header.size()) / double(count);
    INFO("bytes per study: " << per_study);
    CHECK(per_study >= 2200.0);
    CHECK(per_study <= 3000.0);
}

TEST_CASE("synth: output is the same on every compiler and standard library") {
    // FNV-1a 64 of SynthesizeAtlas({2000, 12345}), the same natively (GCC, Clang) and in wasm (Emscripten).
    // Change this constant only together with a deliberate change to the generator (last: topics, population
    // and a few links, from a stream of their own, so every other field stayed as it was).
    const std::string doc = Synth(2000, 12345);
    uint64_t hash = 1469598103934665603ull;
    for (unsigned char c : doc) { hash ^= c; hash *= 1099511628211ull; }
    CHECK(doc.size() == 5416892);
    CHECK(hash == 0x3c19ec7988a6374full);
}
