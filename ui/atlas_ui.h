// ui/atlas_ui.h — the reader's screens in Dear ImGui: filters, results, evidence map, study card,
// compare, and the development gallery.
// Thin and immediate-mode: it draws what the core computes (atlas::RunQuery, atlas::BuildCard,
// atlas::Facets) and edits plain values. No SDL, no Emscripten, no parsing here.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "atlas/card.h"
#include "atlas/model.h"
#include "atlas/query.h"

struct ImFont;

namespace atlas_ui {

enum class Theme;

struct Fonts {
    ImFont* body = nullptr;
    ImFont* small = nullptr;
    ImFont* heading = nullptr;
    ImFont* title = nullptr;
};

// Font sizes in CSS pixels at text scale 1; the platform rasterizes them at scale × devicePixelRatio.
constexpr float kBodySize = 17.0f, kSmallSize = 14.5f, kHeadingSize = 19.0f, kTitleSize = 23.0f;
constexpr float kTextScales[] = {0.9f, 1.0f, 1.15f, 1.3f, 1.5f};

enum class Screen { Atlas, Compare, Gallery };

struct State {
    const atlas::Atlas* atlas = nullptr;
    atlas::Query query;
    atlas::QueryResult result;
    int open_study = -1;                  // index into atlas->studies, or -1
    int cursor = -1;                      // keyboard position in result.studies
    std::vector<uint32_t> compare;        // up to 3 studies read side by side
    Screen screen = Screen::Atlas;
    atlas::ReadingDepth depth = atlas::ReadingDepth::Standard;
    int theme = 0;                        // Theme as int (0 light, 1 dark, 2 contrast)
    int text_scale = 1;                   // index into kTextScales
    bool show_filters = false;            // phone: the filter sheet is open
    bool show_map = true;                 // the evidence map above the list
    bool embedded = false;                // inside another site's iframe: compact chrome
    bool filters_locked = false;          // embedded with preset filters the reader may not change
    std::string status;                   // a line for the reader: loading, problems with the atlas
    int current_year = 0;                 // from the platform's clock, for data-quality notes
    std::string today;                    // YYYY-MM-DD, for the atlas-snapshot citation

    // Set by the UI, read by the platform layer after each frame.
    bool results_stale = true;            // query changed: rerun it before drawing
    bool view_changed = true;             // what is shown changed: the DOM mirror must follow
    bool prefs_changed = false;           // theme/text size/depth changed: store them, rebuild fonts
    std::string hovered_link;             // link under the pointer; the page opens it on a real click
    std::string clipboard;                // text to copy; the platform takes it and clears it
    struct Download { std::string file_name, mime_type, bytes; };
    Download download;                    // a file to save; the platform takes it and clears it
    std::string toast;                    // a short confirmation ("Citation copied")
    double toast_until = 0;
    bool focus_search = false;
    bool scroll_to_cursor = false;        // keyboard moved the cursor: bring that row into view
    char search_buffer[256] = {};
};

void ApplyPreferredTheme(State& state);   // applies state.theme
void DrawAtlas(State& state, const Fonts& fonts);

// Commands from the page (DOM mirror, keyboard shortcuts, preferences) — see atlas::ApplyQueryCommand
// for the query ones; the UI adds: open <index>, back, depth quick|standard|full,
// theme light|dark|contrast, textsize 0-4, compare <index>, compare clear, screen atlas|compare|gallery,
// filters show|hide, map show|hide, export csv|ris|bibtex|csl (the current results),
// embed on|off, lock on|off (embedded presets: filters cannot be changed).
// Returns false for anything unknown.
bool ApplyCommand(State& state, std::string_view command);

void OpenStudy(State& state, int index);
void CloseStudy(State& state);

// Fixture studies for the gallery screen (synthetic, marked as such).
const atlas::Atlas& GalleryAtlas();

}  // namespace atlas_ui
