// unit-ui-commands.cpp — the UI's rules for commands (atlas_ui::Apply), without a frame drawn:
// locked embeds, the compare cap, exports, and results that are never a step behind the query.
#include <catch2/catch.hpp>

#include "atlas_ui.h"
#include "fixture.h"

using atlas::Command;

TEST_CASE("ui-commands: the results always answer the query, with no frame in between") {
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    REQUIRE(state.result.studies.size() == 60);
    for (const char* text : {"query fatigue", "toggle pem required", "years 2015 2020", "sort oldest", "clear", "query "}) {
        INFO(text);
        REQUIRE(atlas_ui::ApplyText(state, text));
        atlas::QueryResult fresh = atlas::RunQuery(*state.atlas, state.query);
        CHECK(state.result.studies == fresh.studies);
        CHECK(state.cursor == -1);
    }
    atlas_ui::SetSearchText(state, "  two words ");
    CHECK(state.query.text == "  two words ");  // the page's input owns the text, exactly
    CHECK(state.result.studies == atlas::RunQuery(*state.atlas, state.query).studies);
}

TEST_CASE("ui-commands: a locked embed keeps its filters but not its search or sort") {
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    REQUIRE(atlas_ui::ApplyText(state, "toggle pem required"));
    REQUIRE(atlas_ui::ApplyText(state, "embed on"));
    REQUIRE(atlas_ui::ApplyText(state, "lock on"));
    CHECK_FALSE(state.show_map);  // an embed shows the list first
    for (const char* refused : {"toggle pem required", "toggle type Trial-RCT", "clear", "tag 0", "tagmatch all", "years 2000 2001"}) {
        INFO(refused);
        CHECK_FALSE(atlas_ui::ApplyText(state, refused));
    }
    CHECK(state.query.pem == 1);
    CHECK(atlas_ui::ApplyText(state, "query fatigue"));
    CHECK(atlas_ui::ApplyText(state, "sort newest"));
    CHECK(atlas_ui::ApplyText(state, "lock off"));
    CHECK(atlas_ui::ApplyText(state, "clear"));
    CHECK(state.query.pem == 0);
}

TEST_CASE("ui-commands: compare keeps the newest six, open and back move between card and list") {
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    for (int i : {1, 2, 3, 4, 5, 6, 7}) REQUIRE(atlas_ui::Apply(state, Command::ToggleCompare(i)));
    CHECK(state.compare == std::vector<uint32_t>{2, 3, 4, 5, 6, 7});
    REQUIRE(atlas_ui::Apply(state, Command::ToggleCompare(6)));
    CHECK(state.compare == std::vector<uint32_t>{2, 3, 4, 5, 7});
    CHECK_FALSE(atlas_ui::ApplyText(state, "compare 60"));
    CHECK_FALSE(atlas_ui::ApplyText(state, "open 60"));
    REQUIRE(atlas_ui::ApplyText(state, "filters show"));
    REQUIRE(atlas_ui::ApplyText(state, "open 3"));
    CHECK(state.open_study == 3);
    CHECK_FALSE(state.show_filters);  // opening a study closes the phone's filter sheet
    REQUIRE(atlas_ui::ApplyText(state, "screen compare"));
    REQUIRE(atlas_ui::ApplyText(state, "back"));
    CHECK(state.screen == atlas::Screen::Atlas);
    CHECK(state.open_study == 3);  // back from compare returns to the card
    REQUIRE(atlas_ui::ApplyText(state, "back"));
    CHECK(state.open_study == -1);
}

TEST_CASE("ui-commands: exports name their file by what they hold") {
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    REQUIRE(atlas_ui::ApplyText(state, "export ris"));
    CHECK(state.download.file_name == "mecfs-atlas-60-studies.ris");
    CHECK(state.download.mime_type == "application/x-research-info-systems");
    CHECK(state.toast == "Saved mecfs-atlas-60-studies.ris");
    REQUIRE(atlas_ui::ApplyText(state, "query \"[Synthetic]\" zzzznothing"));
    REQUIRE(atlas_ui::ApplyText(state, "export csv"));
    CHECK(state.download.file_name == "mecfs-atlas-0-studies.csv");
}

TEST_CASE("ui-commands: preferences before any atlas, and nothing else") {
    atlas_ui::State state;
    CHECK(atlas_ui::ApplyText(state, "theme dark"));
    CHECK(atlas_ui::ApplyText(state, "textsize 4"));
    CHECK(atlas_ui::ApplyText(state, "depth quick"));
    CHECK(state.prefs_changed);
    CHECK(atlas_ui::PrefsJson(state) == R"({"theme":"dark","textsize":4,"depth":"quick","calm":false,"lang":"en"})");
    CHECK_FALSE(atlas_ui::ApplyText(state, "query fatigue"));
    CHECK_FALSE(atlas_ui::ApplyText(state, "open 0"));
    CHECK(atlas_ui::TextViewUpdate(state).empty());
}

TEST_CASE("ui-commands: the reader is told what happened to the atlas") {
    const atlas::Atlas& atlas = fixture::Synthetic();
    atlas_ui::State state;
    atlas::LoadReport report;
    report.usable = true;
    report.loaded = 58;
    report.rejected = 2;
    CHECK(atlas_ui::TakeAtlas(state, &atlas, report) == 1);
    CHECK(state.status == "2 of 60 studies could not be read and are not shown; every other study is.");
    report.rejected = 0;
    report.errors = 3;
    CHECK(atlas_ui::TakeAtlas(state, &atlas, report) == 1);
    CHECK(state.status == "Some fields of this atlas could not be read and were left out; every study is shown.");
    atlas::Atlas empty;
    atlas::LoadReport broken;
    broken.fatal = "not JSON (syntax error at byte 1)";
    CHECK(atlas_ui::TakeAtlas(state, &empty, broken) == 2);
    CHECK(state.status == "This atlas file cannot be used: not JSON (syntax error at byte 1)");
    report.errors = 0;
    CHECK(atlas_ui::TakeAtlas(state, &atlas, report) == 0);
    CHECK(state.status.empty());
}

TEST_CASE("ui-commands: a link's view is applied whole, and what it did not understand is named") {
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    std::string slug(state.atlas->Text(state.atlas->studies[5].slug));
    std::string ignored = atlas_ui::ApplyUrl(state, "?q=fatigue&pem=required&depth=quick&study=" + slug + "&colour=red");
    CHECK(ignored == "colour=red");
    CHECK(state.query.text == "fatigue");
    CHECK(state.query.pem == 1);
    CHECK(state.depth == atlas::ReadingDepth::Quick);
    CHECK(state.open_study == 5);
    CHECK(state.result.studies == atlas::RunQuery(*state.atlas, state.query).studies);
    CHECK(atlas_ui::UrlState(state) == "q=fatigue&pem=required&depth=quick&study=" + slug);
}

TEST_CASE("ui-commands: the text view gets only what changed, with the URL") {
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    std::string first = atlas_ui::TextViewUpdate(state);
    for (const char* key : {"\"title\"", "\"facets\"", "\"listed\"", "\"card\"", "\"compare\"", "\"url\""}) CHECK(first.find(key) != std::string::npos);
    CHECK(atlas_ui::TextViewUpdate(state).empty());  // nothing changed: nothing to send
    atlas_ui::SetSearchText(state, "fatigue");
    std::string typed = atlas_ui::TextViewUpdate(state);
    CHECK(typed.find("\"query\":\"fatigue\"") != std::string::npos);
    CHECK(typed.find("\"url\":\"q=fatigue\"") != std::string::npos);
    CHECK(typed.find("\"card\"") == std::string::npos);     // no card open before or after
    CHECK(typed.find("\"compare\"") == std::string::npos);
    REQUIRE(atlas_ui::ApplyText(state, "depth full"));
    std::string depth = atlas_ui::TextViewUpdate(state);
    CHECK(depth.find("\"depth\":\"full\"") != std::string::npos);
    CHECK(depth.find("\"listed\"") == std::string::npos);   // the list did not change
    CHECK(depth.find("\"facets\"") == std::string::npos);
}

TEST_CASE("ui-commands: the text view lists 100 results, 100 more on request, and starts again with a new search") {
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic(250));
    std::string first = atlas_ui::TextViewUpdate(state);
    auto listed = [](const std::string& update) {
        size_t n = 0;
        for (size_t at = update.find("\"slug\""); at != std::string::npos; at = update.find("\"slug\"", at + 1)) ++n;
        return n;
    };
    CHECK(listed(first) == 100);
    REQUIRE(atlas_ui::ApplyText(state, "more"));
    CHECK(listed(atlas_ui::TextViewUpdate(state)) == 200);
    REQUIRE(atlas_ui::ApplyText(state, "more"));
    CHECK(listed(atlas_ui::TextViewUpdate(state)) == 250);
    REQUIRE(atlas_ui::ApplyText(state, "more"));   // nothing more to list: accepted, nothing sent
    CHECK(atlas_ui::TextViewUpdate(state).empty());
    atlas_ui::SetSearchText(state, "a");
    CHECK(state.text_view_rows == atlas_ui::kTextViewRows);
}
