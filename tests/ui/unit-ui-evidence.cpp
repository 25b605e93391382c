// unit-ui-evidence.cpp — the evidence gap map, topic pages, links between cards and the PEM switch,
// driven as a reader would: taps and keys through the input queue, at desktop and phone sizes.
#include <catch2/catch.hpp>

#include "atlas/facets.h"
#include "atlas/topic.h"
#include "atlas/url_state.h"
#include "fixture.h"
#include "headless.h"

namespace {

using Item = headless::ItemRecorder::Item;

void Tap(headless::Screen& screen, atlas_ui::State& state, const Item* item) {
    REQUIRE(item);
    screen.Tap(item->rect.GetCenter().x, item->rect.GetCenter().y);
    screen.Drain(state);
}

// The first row and level column of the map with studies in it.
std::pair<size_t, int> FirstFullCell(const atlas::FacetCounts& counts) {
    for (size_t r = 0; r < counts.grid_topics.size(); ++r)
        for (int e = 0; e < atlas::kEvidenceLevelCount; ++e)
            if (atlas::GridCellAt(counts, atlas::GridAxis::Level, r, e).count) return {r, e};
    FAIL("an empty map");
    return {0, 0};
}

std::string CellName(const atlas::Atlas& atlas, uint32_t tag, const char* code) {
    return "cell " + atlas.tags[tag].label + " " + code;
}

}  // namespace

TEST_CASE("ui-evidence: a tap on a cell filters to it, the list beside it follows, a second tap clears it") {
    for (float width : {1280.0f, 390.0f}) {
        INFO("width " << width);
        const bool phone = width < atlas_ui::kPhoneWidth;
        headless::Screen screen(width, phone ? 844.0f : 800.0f);
        headless::ItemRecorder recorder;
        atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
        REQUIRE(atlas_ui::ApplyText(state, "screen grid"));
        screen.Frames(state, 3);
        const auto [row, level] = FirstFullCell(state.result.counts);
        const uint32_t tag = state.result.counts.grid_topics[row];
        const atlas::GridCell cell = atlas::GridCellAt(state.result.counts, atlas::GridAxis::Level, row, level);
        const char* code = atlas::EvidenceCode((atlas::EvidenceLevel)level).data();
        Tap(screen, state, recorder.Find(CellName(*state.atlas, tag, code)));
        CHECK(atlas::CellSelected(state.query, tag, atlas::GridAxis::Level, level));
        CHECK(state.result.studies.size() == cell.count);
        // A phone has no room for the list beside the map: it shows the list.
        CHECK(state.screen == (phone ? atlas::Screen::Atlas : atlas::Screen::Grid));
        if (phone) {
            REQUIRE(atlas_ui::ApplyText(state, "screen grid"));
            screen.Frames(state, 3);
        }
        Tap(screen, state, recorder.Find(CellName(*state.atlas, tag, code)));
        CHECK_FALSE(state.query.HasFilters());
        CHECK(state.screen == atlas::Screen::Grid);
        CHECK(atlas_ui::UrlState(state) == "grid=level");
    }
}

TEST_CASE("ui-evidence: arrows move between cells (the first shows where), Enter chooses; columns switch to types") {
    headless::Screen screen(1280, 800);
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    REQUIRE(atlas_ui::ApplyText(state, "screen grid"));
    screen.Frames(state, 3);
    screen.Key(ImGuiKey_DownArrow);  // shows the keyboard's cell: row 0, column 0
    screen.Key(ImGuiKey_DownArrow);
    screen.Key(ImGuiKey_RightArrow);
    screen.Key(ImGuiKey_RightArrow);
    screen.Key(ImGuiKey_LeftArrow);
    screen.Key(ImGuiKey_Enter);
    screen.Drain(state);
    CHECK(state.grid_keyboard);
    CHECK(state.grid_row == 1);
    CHECK(state.grid_column == 1);
    const uint32_t tag = state.result.counts.grid_topics[1];
    CHECK(atlas::CellSelected(state.query, tag, atlas::GridAxis::Level, 1));
    screen.Key(ImGuiKey_Enter);
    screen.Drain(state);
    CHECK_FALSE(state.query.HasFilters());
    // Publication types: Enter chooses the type in the keyboard's column among those shown.
    REQUIRE(atlas_ui::ApplyText(state, "grid type"));
    screen.Frames(state, 2);
    const std::vector<int> types = atlas::GridColumns(state.result.counts, atlas::GridAxis::Type, state.query);
    screen.Key(ImGuiKey_RightArrow);
    screen.Key(ImGuiKey_Enter);
    screen.Drain(state);
    CHECK(atlas::CellSelected(state.query, tag, atlas::GridAxis::Type, types[1]));
    CHECK(atlas_ui::UrlState(state).find("grid=type") != std::string::npos);
    screen.Key(ImGuiKey_Escape);
    screen.Drain(state);
    CHECK(state.screen == atlas::Screen::Atlas);
}

TEST_CASE("ui-evidence: a topic opens its page from the map; a study there opens its card; back returns step by step") {
    headless::Screen screen(1280, 800);
    headless::ItemRecorder recorder;
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    REQUIRE(atlas_ui::ApplyText(state, "screen grid"));
    screen.Frames(state, 3);
    const uint32_t tag = state.result.counts.grid_topics[0];
    const atlas::TopicPage expected = atlas::BuildTopicPage(*state.atlas, tag);
    const std::string header = state.atlas->tags[tag].label + " (" + std::to_string(expected.total) + ")";
    Tap(screen, state, recorder.Find(header));
    CHECK(state.screen == atlas::Screen::Topic);
    CHECK(state.topic == (int)tag);
    CHECK(state.topic_page.total == expected.total);
    CHECK(atlas_ui::UrlState(state) == "topic=" + atlas::PercentEncode(state.atlas->tags[tag].label));
    // The PEM switch on the page recounts it.
    Tap(screen, state, recorder.Find("Only cohorts that required PEM"));
    CHECK(state.query.pem_only);
    CHECK(state.topic_page.pem_only);
    CHECK(state.topic_page.total == atlas::BuildTopicPage(*state.atlas, tag, true).total);
    REQUIRE(!state.topic_page.studies.empty());
    const uint32_t first = state.topic_page.studies[0];
    REQUIRE(atlas_ui::Apply(state, atlas::Command::Open(first)));  // (a row of the page's list)
    screen.Frames(state, 3);
    CHECK(state.screen == atlas::Screen::Atlas);
    CHECK(state.open_study == (int)first);
    Tap(screen, state, recorder.Find("\xE2\x86\x90 Back to the topic"));
    CHECK(state.screen == atlas::Screen::Topic);
    screen.Key(ImGuiKey_Escape);
    screen.Drain(state);
    CHECK(state.screen == atlas::Screen::Grid);  // the page was opened from the map
    screen.Key(ImGuiKey_Escape);
    screen.Drain(state);
    CHECK(state.screen == atlas::Screen::Atlas);
}

TEST_CASE("ui-evidence: a card's link opens the other card, and back returns to the first, at both widths") {
    for (float width : {1280.0f, 390.0f}) {
        INFO("width " << width);
        headless::Screen screen(width, 3000);  // tall enough that the card's links are on screen
        headless::ItemRecorder recorder;
        const atlas::Atlas& gallery = atlas_ui::GalleryAtlas();
        atlas_ui::State state = fixture::StateWith(gallery);
        REQUIRE(atlas_ui::ApplyText(state, "open 0"));  // gallery-full: replicates gallery-e3
        screen.Frames(state, 3);
        int e3 = -1;
        for (size_t i = 0; i < gallery.studies.size(); ++i)
            if (gallery.Text(gallery.studies[i].id) == "gallery-e3") e3 = (int)i;
        Tap(screen, state, recorder.Find("Roe 2023: [Synthetic] Preliminary evidence, PEM not required, preprint"));
        CHECK(state.open_study == e3);
        CHECK(state.card_trail == std::vector<int>{0});
        CHECK(atlas_ui::UrlState(state) == "study=gallery-e3");
        Tap(screen, state, recorder.Find("\xE2\x86\x90 Back to Fluge et al. 2024"));
        CHECK(state.open_study == 0);
        CHECK(state.card_trail.empty());
        screen.Key(ImGuiKey_Escape);
        screen.Drain(state);
        CHECK(state.open_study == -1);
    }
}

TEST_CASE("ui-evidence: the PEM switch above the list recounts everything and lives in the link") {
    headless::Screen screen(1280, 800);
    headless::ItemRecorder recorder;
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    screen.Frames(state, 3);
    const size_t all = state.result.studies.size();
    Tap(screen, state, recorder.Find("Only cohorts that required PEM"));
    CHECK(state.query.pem_only);
    CHECK(state.result.studies.size() < all);
    for (uint32_t i : state.result.studies) CHECK(state.atlas->studies[i].pem == atlas::PemCriterion::Required);
    CHECK(state.result.counts.pem[(int)atlas::PemCriterion::Unclear] == 0);
    CHECK(atlas_ui::UrlState(state) == "pemonly=1");
    atlas_ui::State linked = fixture::StateWith(fixture::Synthetic());
    atlas_ui::ApplyUrl(linked, "pemonly=1&grid=type");
    CHECK(linked.query.pem_only);
    CHECK(linked.screen == atlas::Screen::Grid);
    CHECK(linked.grid_axis == atlas::GridAxis::Type);
    Tap(screen, state, recorder.Find("Only cohorts that required PEM"));
    CHECK(state.result.studies.size() == all);
}

TEST_CASE("ui-evidence: the text view's update carries the map, the topic page and the switch") {
    atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
    atlas_ui::TextViewUpdate(state);
    REQUIRE(atlas_ui::ApplyText(state, "screen grid"));
    std::string update = atlas_ui::TextViewUpdate(state);
    CHECK(update.find("\"screen\":\"grid\"") != std::string::npos);
    CHECK(update.find("\"grid\":{\"axis\":\"level\"") != std::string::npos);
    CHECK(update.find("\"url\":\"grid=level\"") != std::string::npos);
    const uint32_t tag = state.result.counts.grid_topics[2];
    REQUIRE(atlas_ui::ApplyText(state, "topic " + std::to_string(tag)));
    update = atlas_ui::TextViewUpdate(state);
    CHECK(update.find("\"grid\":null") != std::string::npos);
    CHECK(update.find("\"topic\":{\"tag\":" + std::to_string(tag)) != std::string::npos);
    REQUIRE(atlas_ui::ApplyText(state, "pemonly on"));
    update = atlas_ui::TextViewUpdate(state);
    CHECK(update.find("\"pem_only\":true") != std::string::npos);
    CHECK(update.find("\"pem_only\":true,\"total\":") != std::string::npos);  // the topic page recounted
    CHECK_FALSE(atlas_ui::ApplyText(state, "topic 99999"));
    CHECK(atlas_ui::ApplyText(state, "screen topic"));  // the topic chosen last
}
