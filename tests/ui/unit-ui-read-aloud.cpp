// unit-ui-read-aloud.cpp — the sentence read aloud is kept in view: the `read` commands the page sends
// as it speaks scroll the card (or the list) to the sentence, once, and `read off` ends it.
#include <catch2/catch.hpp>

#include "atlas/read_aloud.h"
#include "fixture.h"
#include "headless.h"

TEST_CASE("ui-read-aloud: the card scrolls to the sentence being read, the list to the row") {
    headless::Screen screen(1280, 800);
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    REQUIRE(atlas_ui::ApplyText(state, "depth full"));
    REQUIRE(atlas_ui::ApplyText(state, "open 0"));
    screen.Frames(state, 3);
    CHECK(screen.ScrollY("card-scroll") == 0.0f);
    // The script the page would speak; its last sentence is at the bottom of the card.
    std::string script = atlas_ui::ReadingScript(state, "card");
    REQUIRE(script.size() > 2);
    atlas::Card card = atlas::BuildCard(*state.atlas, state.atlas->studies[0], state.current_year, state.depth);
    std::vector<atlas::SpokenSentence> spoken = atlas::ReadCardAloud(card);
    REQUIRE(spoken.size() > 4);
    REQUIRE(atlas_ui::ApplyText(state, "read " + atlas::FormatReadingPlace(spoken.back().place)));
    screen.Frames(state, 3);
    float scrolled = screen.ScrollY("card-scroll");
    CHECK(scrolled > 100.0f);
    CHECK_FALSE(state.reading.scroll);  // once: the reader may scroll away while it speaks
    REQUIRE(atlas_ui::ApplyText(state, "read " + atlas::FormatReadingPlace(spoken.front().place)));
    screen.Frames(state, 3);
    CHECK(screen.ScrollY("card-scroll") < scrolled);
    REQUIRE(atlas_ui::ApplyText(state, "read off"));
    CHECK_FALSE(state.reading.active);
    CHECK(atlas_ui::ReadingScript(state, "nothing") == "[]");

    REQUIRE(atlas_ui::ApplyText(state, "back"));
    screen.Frames(state, 3);
    REQUIRE(atlas_ui::ApplyText(state, "read list 45"));
    screen.Frames(state, 3);
    CHECK(state.cursor == 45);
    CHECK(screen.ScrollY("results-list") > 100.0f);
}
