// unit-command.cpp — the one command type: the text form parsed once, formatted back, applied.
#include <catch2/catch.hpp>

#include "atlas/command.h"
#include "atlas/load.h"
#include "fixtures.h"

using namespace atlas;

namespace {
Atlas TwoStudies() {
    Atlas atlas;
    REQUIRE(LoadAtlas(fixtures::Atlas(fixtures::Study("a") + "," + fixtures::Study("b")), atlas).loaded == 2);
    return atlas;
}
}  // namespace

TEST_CASE("command: every text form parses to its typed command and formats back the same") {
    Atlas atlas = TwoStudies();
    for (const char* text : {"toggle evidence E0", "toggle type Trial-RCT", "toggle retracted yes", "tag 0", "tagmatch all",
                             "tagmatch any", "years 2015 2020", "years 0 2020", "sort newest", "query rituximab trial", "clear",
                             "open 1", "back", "cursor first", "more", "depth quick", "theme contrast", "textsize 4", "compare 0",
                             "compare clear", "screen gallery", "filters show", "map hide", "export csl", "embed on", "lock off",
                             "pemonly on", "pemonly off", "follow 1", "screen grid", "screen topic", "grid type", "grid level",
                             "toggle size 1000plus", "toggle severity mild", "toggle age mixed"}) {
        INFO(text);
        std::optional<Command> c = ParseCommand(atlas, text);
        REQUIRE(c);
        CHECK(FormatCommand(atlas, *c) == text);
    }
    std::optional<Command> years = ParseCommand(atlas, "years 2021 2015");
    REQUIRE(years);
    CHECK(years->kind == CommandKind::SetYears);
    CHECK(FormatCommand(atlas, *years) == "years 2015 2021");  // in order
    std::optional<Command> query = ParseCommand(atlas, "query   two  spaces ");
    REQUIRE(query);
    CHECK(query->text == "two  spaces ");  // leading spaces after the verb are not text; the rest is
}

TEST_CASE("command: anything not understood is refused, whole") {
    Atlas atlas = TwoStudies();
    for (const char* bad : {"", "toggle", "toggle evidence E9", "toggle colour red", "tag 99", "tag x", "tag 0 1", "years 1800 0",
                            "years 2000", "sort sideways", "explode", "clear now", "toggle evidence E0 extra", "open 2",
                            "open -1", "open", "compare 5", "depth deep", "theme pink", "textsize 5", "textsize 10",
                            "screen nowhere", "filters", "map on", "export pdf", "embed yes", "lock", "back now", "cursor last", "more 5",
                            "pemonly", "pemonly yes", "follow 2", "grid", "grid years", "topic 0", "cell 0 E1", "toggle size 5"}) {
        INFO(bad);
        CHECK_FALSE(ParseCommand(atlas, bad));
    }
}

TEST_CASE("command: query commands edit the query; others leave it alone") {
    Atlas atlas = TwoStudies();
    Query q;
    CHECK(ApplyQueryCommand(atlas, q, Command::ToggleFacet(FacetId::Pem, 0)));
    CHECK(q.pem == 1);
    CHECK(ApplyQueryCommand(atlas, q, Command::SetText("fatigue")));
    CHECK(q.text == "fatigue");
    CHECK_FALSE(ApplyQueryCommand(atlas, q, Command::Open(0)));
    CHECK_FALSE(ApplyQueryCommand(atlas, q, Command::ToggleFacet(FacetId::Pem, 7)));
    CHECK_FALSE(ApplyQueryCommand(atlas, q, Command::ToggleTag(99)));
    CHECK_FALSE(ApplyQueryCommand(atlas, q, Command::SetYears(1800, 0)));
    CHECK(q.pem == 1);
    CHECK(IsQueryCommand(CommandKind::ClearFilters));
    CHECK_FALSE(IsQueryCommand(CommandKind::Open));
}
