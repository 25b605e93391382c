// unit-ui-input.cpp — input as a reader gives it: quick key presses and taps between two frames,
// touch drags that scroll and never open, flicks that keep scrolling until a touch stops them.
#include <catch2/catch.hpp>

#include "fixture.h"
#include "headless.h"

TEST_CASE("ui-input: N quick presses of an arrow move N rows, even with no frame between them") {
    headless::Screen screen(1280, 800);
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    screen.Frames(state, 2);
    for (int i = 0; i < 7; ++i) screen.Key(ImGuiKey_DownArrow);
    screen.Drain(state);
    CHECK(state.cursor == 6);  // from "none" to the seventh row
    for (int i = 0; i < 3; ++i) screen.Key(ImGuiKey_UpArrow);
    screen.Key(ImGuiKey_Enter);
    screen.Drain(state);
    CHECK(state.cursor == 3);
    CHECK(state.open_study == (int)state.result.studies[3]);
    screen.Key(ImGuiKey_Escape);
    screen.Drain(state);
    CHECK(state.open_study == -1);
}

TEST_CASE("ui-input: '/' asks the page for the search box; Esc closes the phone's filter sheet") {
    headless::Screen screen(390, 844);
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    screen.Frames(state, 2);
    screen.Char('/');
    screen.Drain(state);
    CHECK(state.page_request == "search");
    state.page_request.clear();
    REQUIRE(atlas_ui::ApplyText(state, "filters show"));
    screen.Frames(state, 2);
    screen.Key(ImGuiKey_Escape);
    screen.Drain(state);
    CHECK_FALSE(state.show_filters);
}

TEST_CASE("ui-input: a tap opens a study; a swipe between two frames scrolls and opens nothing") {
    headless::Screen screen(390, 844);
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    screen.Frames(state, 3);
    ImRect list = screen.Window("results-list");
    float x = list.Min.x + 60, y = list.Min.y + 30;
    // The whole swipe arrives at once, as a fast finger's events can between two frames.
    screen.Move(x, y + 300);
    screen.Press(x, y + 300);
    for (int step = 1; step <= 10; ++step) screen.Move(x, y + 300 - step * 25);
    screen.Release(x, y + 50);
    screen.Drain(state);
    CHECK(state.open_study == -1);
    CHECK(screen.ScrollY("results-list") > 100);
    // A tap, likewise all at once, opens the row under it.
    screen.Tap(x, y + 30);
    screen.Drain(state);
    CHECK(state.open_study >= 0);
}

TEST_CASE("ui-input: a flick keeps scrolling after release, slows down, and a touch stops it") {
    headless::Screen screen(390, 844);
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    screen.Frames(state, 3);
    ImRect list = screen.Window("results-list");
    float x = list.Min.x + 60, y = list.Max.y - 40;
    screen.Move(x, y);
    screen.Press(x, y);
    screen.Frame(state);
    for (int step = 1; step <= 6; ++step) {  // one move a frame, 40 px each: 2400 px/s
        screen.Move(x, y - step * 40);
        screen.Frame(state);
    }
    screen.Release(x, y - 240);
    screen.Frame(state);
    float released = screen.ScrollY("results-list");
    screen.Frames(state, 10);
    float later = screen.ScrollY("results-list");
    CHECK(later > released + 50);          // momentum
    CHECK(state.wants_frames);             // and it asks for the frames it needs
    screen.Tap(x, y);                      // a touch stops it, and opens nothing
    screen.Frames(state, 3);
    CHECK(state.open_study == -1);
    float stopped = screen.ScrollY("results-list");
    screen.Frames(state, 10);
    CHECK(screen.ScrollY("results-list") == Approx(stopped).margin(1.0));
    screen.Frames(state, 300);
    CHECK_FALSE(state.wants_frames);       // and then the app rests
}

TEST_CASE("ui-input: a drag that starts on a filter row scrolls the sheet and toggles nothing") {
    headless::Screen screen(390, 844);
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    REQUIRE(atlas_ui::ApplyText(state, "filters show"));
    screen.Frames(state, 3);
    ImRect sheet = screen.Window("filter-sheet");
    float x = sheet.Min.x + 40, y = sheet.Min.y + 200;
    screen.Move(x, y);
    screen.Press(x, y);
    for (int step = 1; step <= 8; ++step) screen.Move(x, y - step * 20);
    screen.Release(x, y - 160);
    screen.Drain(state);
    CHECK_FALSE(state.query.HasFilters());
    CHECK(screen.ScrollY("filter-sheet") > 50);
}

TEST_CASE("ui-input: at phone width every control a finger uses is at least 44 CSS px tall and wide") {
    headless::Screen screen(390, 844);
    headless::ItemRecorder recorder;
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    std::vector<std::string> small;
    auto check = [&](const char* screen_name) {
        screen.Frames(state, 3);
        for (const auto& item : recorder.Labelled()) {
            float w = item.rect.GetWidth(), h = item.rect.GetHeight();
            if (w + 0.5f < atlas_ui::kTouchTarget || h + 0.5f < atlas_ui::kTouchTarget)
                small.push_back(std::string(screen_name) + ": \"" + item.label + "\" " + std::to_string((int)w) + "x" + std::to_string((int)h));
        }
    };
    check("list");
    REQUIRE(atlas_ui::ApplyText(state, "toggle pem required"));
    check("list with a chip");
    REQUIRE(atlas_ui::ApplyText(state, "filters show"));
    check("filter sheet");
    REQUIRE(atlas_ui::ApplyText(state, "open 2"));
    check("card");
    REQUIRE(atlas_ui::ApplyText(state, "screen grid"));
    check("evidence gap map");
    REQUIRE(atlas_ui::ApplyText(state, "grid type"));
    check("evidence gap map by type");
    REQUIRE(atlas_ui::ApplyText(state, "topic " + std::to_string(state.result.counts.grid_topics.at(0))));
    check("topic page");
    atlas_ui::State gallery = fixture::StateWith(atlas_ui::GalleryAtlas());
    REQUIRE(atlas_ui::ApplyText(gallery, "open 0"));
    screen.Frames(gallery, 3);
    for (const auto& item : recorder.Labelled()) {
        float w = item.rect.GetWidth(), h = item.rect.GetHeight();
        if (w + 0.5f < atlas_ui::kTouchTarget || h + 0.5f < atlas_ui::kTouchTarget)
            small.push_back("card with links: \"" + item.label + "\" " + std::to_string((int)w) + "x" + std::to_string((int)h));
    }
    std::string all;
    for (const std::string& s : small) all += s + "\n";
    INFO(all);
    CHECK(small.empty());
}

TEST_CASE("ui-input: the Aa menu offers the embed code, which only the page can show") {
    headless::Screen screen(1280, 800);
    headless::ItemRecorder recorder;
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    screen.Frames(state, 2);
    const headless::ItemRecorder::Item* aa = recorder.Find("Aa");
    REQUIRE(aa);
    screen.Tap(aa->rect.GetCenter().x, aa->rect.GetCenter().y);
    screen.Drain(state);
    const headless::ItemRecorder::Item* embed = recorder.Find("Embed this view on another site\xE2\x80\xA6");
    REQUIRE(embed);
    screen.Tap(embed->rect.GetCenter().x, embed->rect.GetCenter().y);
    screen.Drain(state);
    CHECK(state.page_request == "embed");
}
