// ui/atlas_ui.h — the reader's screens in Dear ImGui: header, results list, study card.
// Thin and immediate-mode: it draws what the core computes (atlas::RunQuery, atlas::BuildCard)
// and edits a plain query value. No SDL, no Emscripten, no parsing here.
#pragma once
#include <string>
#include <vector>

#include "atlas/model.h"
#include "atlas/query.h"

struct ImFont;

namespace atlas_ui {

struct Fonts {
    ImFont* body = nullptr;
    ImFont* small = nullptr;
    ImFont* heading = nullptr;
    ImFont* title = nullptr;
};

struct State {
    const atlas::Atlas* atlas = nullptr;
    atlas::Query query;
    std::vector<uint32_t> results;      // indices into atlas->studies, in display order
    int open_study = -1;                 // index into atlas->studies, or -1
    std::string status;                  // a line for the reader: loading, problems with the atlas
    bool results_stale = true;           // query changed: rerun it before drawing
    bool view_changed = true;            // what is shown changed: the DOM mirror must follow
    std::string hovered_link;            // link under the pointer; the page opens it on a real click
    char search_buffer[256] = {};
    int current_year = 0;                // from the platform's clock, for data-quality notes
};

// Sets fonts sizes in CSS pixels; the platform layer rasterizes them at the device pixel ratio.
constexpr float kBodySize = 17.0f, kSmallSize = 14.5f, kHeadingSize = 19.0f, kTitleSize = 23.0f;

void ApplyCalmTheme();
void DrawAtlas(State& state, const Fonts& fonts);

// Navigation that the page (DOM mirror, keyboard) can also ask for.
void OpenStudy(State& state, int index);
void CloseStudy(State& state);
void SetQueryText(State& state, const std::string& text);

}  // namespace atlas_ui
