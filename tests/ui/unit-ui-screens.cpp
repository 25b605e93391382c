// unit-ui-screens.cpp — every screen drawn with a headless ImGui at a desktop and a phone size,
// in every theme and text size: ImGui's asserts are on in this build (ui/atlas_imconfig.h), so a
// screen that breaks ImGui's rules (unbalanced Push/Pop, Begin/End) fails here, not on a phone.
#include <catch2/catch.hpp>

#include "atlas/topic.h"
#include "fixture.h"
#include "headless.h"

namespace {

struct Size { float width, height; const char* name; };
constexpr Size kSizes[] = {{1280, 800, "desktop"}, {1000, 760, "tablet"}, {390, 844, "phone"}};

void DrawEveryScreen(headless::Screen& screen, atlas_ui::State& state) {
    auto draw = [&](const char* command) {
        INFO(command);
        if (*command) REQUIRE(atlas_ui::ApplyText(state, command));
        screen.Frames(state, 3);
    };
    draw("");
    draw("toggle pem required");
    draw("query fatigue");
    draw("open 0");
    for (const char* depth : {"depth quick", "depth standard", "depth full"}) draw(depth);
    draw("compare 0");
    draw("compare 1");
    draw("compare 2");
    draw("screen compare");
    for (const char* more : {"compare 3", "compare 4", "compare 5"}) draw(more);  // six: the table scrolls sideways
    draw("screen atlas");
    draw("filters show");
    draw("filters hide");
    draw("map hide");
    draw("back");
    draw("clear");
    draw("query zzzz-no-such-word");
    draw("query ");
    draw("screen gallery");
    draw("screen atlas");
    // The evidence gap map both ways, a cell chosen, the PEM switch; a topic page; a card's links.
    const std::string topic = std::to_string(atlas::TopicTags(*state.atlas).at(0));
    draw("screen grid");
    draw(("cell " + topic + " E2").c_str());
    draw("screen grid");
    draw("grid type");
    draw("pemonly on");
    draw("grid level");
    draw(("topic " + topic).c_str());
    draw("pemonly off");
    draw("open 3");
    draw("back");
    draw("back");
    draw("clear");
    draw("toggle size 20-99");
    draw("toggle severity mild");
    draw("clear");
    draw("embed on");
    draw("lock on");
    draw("lock off");
    draw("embed off");
}

}  // namespace

TEST_CASE("ui-screens: every screen, size, theme and text size draws without breaking ImGui's rules") {
    for (const Size& size : kSizes) {
        for (const char* theme : {"light", "dark", "contrast"}) {
            for (int text = 0; text < atlas::kTextSizeCount; text += 2) {
                INFO(size.name << ", " << theme << ", text size " << text);
                headless::Screen screen(size.width, size.height);
                atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
                REQUIRE(atlas_ui::ApplyText(state, std::string("theme ") + theme));
                REQUIRE(atlas_ui::ApplyText(state, "textsize " + std::to_string(text)));
                DrawEveryScreen(screen, state);
                CHECK(state.search_field.visible);
            }
        }
    }
}

TEST_CASE("ui-screens: the gallery's fixture cards draw as the atlas too, before any atlas and after a broken one") {
    headless::Screen screen(390, 844);
    atlas_ui::State state;
    screen.Frames(state, 2);  // no atlas yet: the header only
    CHECK(state.search_field.visible);
    REQUIRE(atlas_ui::ApplyText(state, "screen gallery"));
    screen.Frames(state, 3);
    atlas::Atlas empty;
    atlas::LoadReport broken;
    broken.fatal = "truncated";
    atlas_ui::TakeAtlas(state, &empty, broken);
    REQUIRE(atlas_ui::ApplyText(state, "screen atlas"));
    screen.Frames(state, 3);
    state = fixture::StateWith(atlas_ui::GalleryAtlas());
    for (int i = 0; i < (int)atlas_ui::GalleryAtlas().studies.size(); ++i) {
        REQUIRE(atlas_ui::Apply(state, atlas::Command::Open(i)));
        screen.Frames(state, 3);
    }
}

TEST_CASE("ui-screens: the search field is reported where it is drawn, so the page's input can cover it") {
    headless::Screen screen(1280, 800);
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    screen.Frames(state, 2);
    const atlas_ui::FieldBox desktop = state.search_field;
    CHECK(desktop.visible);
    CHECK(desktop.width > 300);
    CHECK(desktop.font_size == Approx(atlas_ui::kBodySize));
    screen.Resize(390, 844);
    screen.Frames(state, 2);
    CHECK(state.search_field != desktop);
    CHECK(state.search_field.height >= atlas_ui::kTouchTarget);  // a finger's width on a phone
    CHECK(state.search_field.x + state.search_field.width <= 390);
}

TEST_CASE("ui-screens: opening card after card keeps ImGui's windows the same, and each card opens at its top") {
    headless::Screen screen(390, 844);
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    auto card_scroll = [] {
        for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
            if (std::string(w->Name).find("card-scroll") != std::string::npos && !w->ParentWindow->ParentWindow) return w;
        return (ImGuiWindow*)nullptr;
    };
    REQUIRE(atlas_ui::ApplyText(state, "open 0"));
    screen.Frames(state, 3);
    ImGuiWindow* scroll = card_scroll();
    REQUIRE(scroll);
    REQUIRE(scroll->ScrollMax.y > 0);  // a phone's card is longer than the screen
    int windows = 0;
    for (int i = 1; i < 60; ++i) {
        scroll->Scroll.y = scroll->ScrollMax.y;  // read to the end, then open the next
        REQUIRE(atlas_ui::ApplyText(state, "open " + std::to_string(i)));
        screen.Frames(state, 2);
        INFO("study " << i);
        CHECK(card_scroll() == scroll);
        CHECK(scroll->Scroll.y == 0);
        if (i == 30) windows = ImGui::GetCurrentContext()->Windows.Size;
    }
    // The same windows for the second 30 cards as for the first (parts a card may have, such as a
    // retraction notice, included). A window per card would have added 29: the soak's heap grew so.
    std::string names;
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) names += std::string(w->Name) + "; ";
    INFO(names);
    CHECK(ImGui::GetCurrentContext()->Windows.Size == windows);
}
