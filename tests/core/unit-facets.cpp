// unit-facets.cpp — the facet table, and the query commands and chips built on it.
#include <catch2/catch.hpp>

#include "atlas/command.h"
#include "atlas/facets.h"
#include "atlas/load.h"
#include "fixtures.h"

using namespace atlas;

namespace {
Atlas TwoStudies() {
    Atlas atlas;
    std::string b = fixtures::Study("b");
    b.replace(b.find("\"E2\""), 4, "\"E0\"");
    REQUIRE(LoadAtlas(fixtures::Atlas(fixtures::Study("a") + "," + b), atlas).loaded == 2);
    return atlas;
}
// The page's route: the text form parsed once, then applied.
bool ApplyQueryCommand(const Atlas& atlas, Query& q, std::string_view text) {
    std::optional<Command> c = ParseCommand(atlas, text);
    return c && atlas::ApplyQueryCommand(atlas, q, *c);
}
}  // namespace

TEST_CASE("facets: the table names every option with its reader-facing label") {
    Atlas atlas = TwoStudies();
    std::vector<Facet> facets = Facets(atlas);
    REQUIRE(facets.size() == (size_t)kFacetCount);
    CHECK(facets[0].key == "evidence");
    CHECK(facets[0].options[0].label == "E0 Consensus");
    CHECK(facets[1].key == "pem");
    CHECK(facets[1].options[1].label == "PEM not required");
    CHECK(FindFacetOption(facets[2], "Trial-RCT") == 0);
    CHECK(FindFacetOption(facets[2], "nope") == -1);
}

TEST_CASE("facets: commands toggle, clear and refuse what they do not understand") {
    Atlas atlas = TwoStudies();
    Query q;
    CHECK(ApplyQueryCommand(atlas, q, "toggle evidence E0"));
    CHECK(q.evidence == 1);
    CHECK(ApplyQueryCommand(atlas, q, "toggle pem not_required"));
    CHECK(q.pem == 2);
    CHECK(ApplyQueryCommand(atlas, q, "toggle retracted no"));
    CHECK(q.retracted == RetractionFilter::Hide);
    CHECK(ApplyQueryCommand(atlas, q, "toggle retracted yes"));
    CHECK(q.retracted == RetractionFilter::Any);  // both chosen: any
    CHECK(ApplyQueryCommand(atlas, q, "years 2021 2015"));
    CHECK(q.year_min == 2015);
    CHECK(q.year_max == 2021);
    CHECK(ApplyQueryCommand(atlas, q, "tag 0"));
    CHECK(q.tags == std::vector<uint32_t>{0});
    CHECK(ApplyQueryCommand(atlas, q, "sort oldest"));
    CHECK(ApplyQueryCommand(atlas, q, "query  Øystein  fluge"));
    CHECK(q.text == "Øystein  fluge");
    CHECK(q.HasFilters());
    CHECK(ApplyQueryCommand(atlas, q, "clear"));
    CHECK_FALSE(q.HasFilters());
    CHECK(q.text == "Øystein  fluge");  // clear keeps the search and the sort
    CHECK(q.sort == SortOrder::Oldest);
    Query before = q;
    for (const char* bad : {"", "toggle", "toggle evidence E9", "toggle colour red", "tag 99", "tag x", "years 1800 0",
                            "years 2000", "sort sideways", "explode", "clear now", "toggle evidence E0 extra"}) {
        INFO(bad);
        CHECK_FALSE(ApplyQueryCommand(atlas, q, bad));
        CHECK(q.text == before.text);
        CHECK(q.evidence == before.evidence);
    }
}

TEST_CASE("facets: chips name each active filter and remove it") {
    Atlas atlas = TwoStudies();
    Query q;
    ApplyQueryCommand(atlas, q, "toggle evidence E0");
    ApplyQueryCommand(atlas, q, "years 2015 2020");
    ApplyQueryCommand(atlas, q, "tag 0");
    std::vector<FilterChip> chips = ActiveFilterChips(atlas, q);
    REQUIRE(chips.size() == 3);
    CHECK(chips[0].label == "E0 Consensus");
    CHECK(chips[1].label == "2015–2020");
    CHECK(chips[2].label == "Symptom: Fatigue");
    for (const FilterChip& chip : chips) CHECK(atlas::ApplyQueryCommand(atlas, q, chip.remove));
    CHECK_FALSE(q.HasFilters());
}
