// unit-bundle.cpp — `atlas build` in the core: deterministic order, minified, counts and hash.
#include <catch2/catch.hpp>

#include "atlas/bundle.h"
#include "atlas/load.h"
#include "fixtures.h"

using namespace atlas;

namespace {
const std::string kHeader = R"({"title":"T","generated":"2000-01-01","tag_categories":[{"id":"symptom","name":"Symptom"}]})";

std::string WithYear(const std::string& id, int year) {
    std::string s = fixtures::Study(id);
    s.replace(s.find("2020"), 4, std::to_string(year));
    return s;
}
}  // namespace

TEST_CASE("bundle: newest first then id, header counts and content hash, loads back") {
    std::vector<BundleSource> sources = {{"b.json", WithYear("b", 2001)}, {"a.json", WithYear("a", 2001)},
                                         {"c.json", WithYear("c", 2019)}};
    BundleResult r = BuildBundle(kHeader, sources, "atlas test");
    REQUIRE(r.problems.empty());
    CHECK(r.studies == 3);
    Atlas atlas;
    LoadReport report = LoadAtlas(r.bundle, atlas);
    REQUIRE(report.usable);
    CHECK(FormatSummary(report) == "3 loaded, 0 rejected, 0 warnings");
    CHECK(atlas.Text(atlas.studies[0].id) == "c");
    CHECK(atlas.Text(atlas.studies[1].id) == "a");
    CHECK(atlas.Text(atlas.studies[2].id) == "b");
    CHECK(atlas.header.generated == "2026-01-02");  // the newest last_updated, not the clock
    CHECK(atlas.header.content_hash.rfind("fnv1a64:", 0) == 0);
    CHECK(r.bundle.find('\n') == std::string::npos);
    CHECK(r.bundle.find(R"("counts":{"studies":3,"evidence_levels":{"E0":0,"E1":0,"E2":3,"E3":0}})") != std::string::npos);
}

TEST_CASE("bundle: the same sources in any order give the same bytes") {
    std::vector<BundleSource> a = {{"x.json", WithYear("x", 2010)}, {"y.json", WithYear("y", 2011)}};
    std::vector<BundleSource> b = {a[1], a[0]};
    CHECK(BuildBundle(kHeader, a, "g").bundle == BuildBundle(kHeader, b, "g").bundle);
}

TEST_CASE("bundle: the content hash covers the studies") {
    std::string one = BuildBundle(kHeader, {{"x.json", WithYear("x", 2010)}}, "g").bundle;
    std::string two = BuildBundle(kHeader, {{"x.json", WithYear("x", 2011)}}, "g").bundle;
    CHECK(one.substr(one.find("fnv1a64:"), 24) != two.substr(two.find("fnv1a64:"), 24));
    CHECK(ContentHash("") == "fnv1a64:cbf29ce484222325");
}

TEST_CASE("bundle: unreadable sources are named and left out") {
    std::vector<BundleSource> sources = {{"bad.json", "{nope"}, {"arr.json", "[]"}, {"noid.json", R"({"year":2000})"},
                                         {"ok.json", fixtures::Study("ok")}};
    BundleResult r = BuildBundle(kHeader, sources, "g");
    REQUIRE(r.problems.size() == 3);
    CHECK(r.problems[0] == "bad.json: not valid JSON");
    CHECK(r.problems[1] == "arr.json: expected a study object");
    CHECK(r.problems[2] == "noid.json: missing a string \"id\"");
    CHECK(r.studies == 1);
    CHECK(BuildBundle("[1]", sources, "g").problems == std::vector<std::string>{"header: not a JSON object"});
}
