// unit-ui-calm.cpp — low stimulation: softer colours that still meet WCAG AA, no hover flashes, more
// line spacing, a larger minimum text size, and no momentum after a flick.
#include <catch2/catch.hpp>

#include <cmath>

#include "fixture.h"
#include "headless.h"
#include "theme.h"

namespace {

double Channel(float c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double Luminance(const ImVec4& c) { return 0.2126 * Channel(c.x) + 0.7152 * Channel(c.y) + 0.0722 * Channel(c.z); }
double Contrast(const ImVec4& a, const ImVec4& b) {
    double la = Luminance(a), lb = Luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace

TEST_CASE("ui-calm: every text colour of the calm palettes is at least 4.5:1 on what it is drawn on, and softer than the themes") {
    using atlas_ui::Theme;
    for (Theme theme : {Theme::Light, Theme::Dark, Theme::Contrast}) {
        for (bool calm : {false, true}) {
            INFO("theme " << (int)theme << (calm ? " calm" : ""));
            atlas_ui::Palette p = atlas_ui::PaletteFor(theme, calm);
            struct Pair { const char* what; ImVec4 fg, bg; };
            std::vector<Pair> pairs = {{"ink/paper", p.ink, p.paper}, {"ink/panel", p.ink, p.panel}, {"muted/paper", p.muted, p.paper},
                                       {"muted/panel", p.muted, p.panel}, {"link/panel", p.link, p.panel}, {"accent/panel", p.accent, p.panel},
                                       {"draft/panel", p.draft_ink, p.panel}, {"retraction", p.retraction_ink, p.retraction_fill},
                                       {"ink/reading", p.ink, p.reading}, {"ink/highlight", p.ink, p.highlight}, {"chip", p.chip_ink, p.chip_fill}};
            for (int i = 0; i < 4; ++i) pairs.push_back({"evidence badge", p.evidence_ink, p.evidence_fill[i]});
            for (int i = 0; i < 3; ++i) pairs.push_back({"PEM badge", p.ink, p.pem_fill[i]});
            for (int i = 0; i < 2; ++i) pairs.push_back({"review badge", p.ink, p.review_fill[i]});
            for (const Pair& pair : pairs) {
                INFO(pair.what << ": " << Contrast(pair.fg, pair.bg));
                CHECK(Contrast(pair.fg, pair.bg) >= 4.5);
            }
            if (calm && theme != Theme::Contrast) {
                atlas_ui::Palette plain = atlas_ui::PaletteFor(theme, false);
                CHECK(Contrast(p.ink, p.paper) < Contrast(plain.ink, plain.paper));  // softer
            }
        }
    }
}

TEST_CASE("ui-calm: no hover colour, more space, larger minimum text, remembered with the preferences") {
    headless::Screen screen(1280, 800);
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    screen.Frames(state, 2);
    float spacing = ImGui::GetStyle().ItemSpacing.y, lines = atlas_ui::TextLineSpacing();
    REQUIRE(atlas_ui::ApplyText(state, "calm on"));
    CHECK(state.prefs_changed);
    CHECK(atlas_ui::PrefsJson(state) == R"({"theme":"light","textsize":1,"depth":"standard","calm":true,"lang":"en"})");
    screen.Frames(state, 2);
    const ImGuiStyle& style = ImGui::GetStyle();
    CHECK(style.ItemSpacing.y > spacing);
    CHECK(atlas_ui::TextLineSpacing() > lines);
    CHECK(style.Colors[ImGuiCol_ButtonHovered].x == style.Colors[ImGuiCol_Button].x);
    CHECK(style.Colors[ImGuiCol_HeaderHovered].y == style.Colors[ImGuiCol_Header].y);
    CHECK(atlas_ui::EffectiveTextScale(state) == atlas_ui::kCalmMinTextScale);
    REQUIRE(atlas_ui::ApplyText(state, "textsize 4"));
    CHECK(atlas_ui::EffectiveTextScale(state) == 4);  // larger sizes stay the reader's
    REQUIRE(atlas_ui::ApplyText(state, "calm off"));
    REQUIRE(atlas_ui::ApplyText(state, "textsize 0"));
    CHECK(atlas_ui::EffectiveTextScale(state) == 0);
}

TEST_CASE("ui-calm: a flick stops where the finger leaves it: no momentum") {
    headless::Screen screen(390, 844);
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    REQUIRE(atlas_ui::ApplyText(state, "calm on"));
    screen.Frames(state, 3);
    ImRect list = screen.Window("results-list");
    float x = list.Min.x + 60, y = list.Max.y - 40;
    screen.Move(x, y);
    screen.Press(x, y);
    screen.Frame(state);
    for (int step = 1; step <= 6; ++step) {
        screen.Move(x, y - step * 40);
        screen.Frame(state);
    }
    screen.Release(x, y - 240);
    screen.Frame(state);
    float released = screen.ScrollY("results-list");
    CHECK(released > 100);  // the drag itself scrolled
    screen.Frames(state, 10);
    CHECK(screen.ScrollY("results-list") == Approx(released).margin(1.0));
    CHECK_FALSE(state.wants_frames);
}
