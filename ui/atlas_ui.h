// ui/atlas_ui.h — the reader's screens in Dear ImGui (filters, results, evidence map, study card,
// compare, the evidence gap map, topic pages, the development gallery) and the state they share
// with the page.
// Thin and immediate-mode: it draws what the core computes (atlas::RunQuery, atlas::BuildCard,
// atlas::Facets) and changes the view only through typed commands (atlas/command.h). It knows
// ImGui and the core; not SDL, not Emscripten, not the browser — so it builds and is tested natively.
#pragma once
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/card.h"
#include "atlas/command.h"
#include "atlas/load.h"
#include "atlas/mirror.h"
#include "atlas/model.h"
#include "glyphs.h"
#include "atlas/query.h"
#include "atlas/topic.h"

struct ImFont;

namespace atlas_ui {

struct Fonts {
    ImFont* body = nullptr;
    ImFont* small = nullptr;
    ImFont* heading = nullptr;
    ImFont* title = nullptr;
};

// Font sizes in CSS pixels at text scale 1; the platform rasterizes them at scale × devicePixelRatio.
constexpr float kBodySize = 17.0f, kSmallSize = 14.5f, kHeadingSize = 19.0f, kTitleSize = 23.0f;
constexpr float kTextScales[] = {0.9f, 1.0f, 1.15f, 1.3f, 1.5f};
static_assert(std::size(kTextScales) == atlas::kTextSizeCount, "one scale per text size the commands accept");
// The characters the canvas can draw: Latin (with what German, Spanish and Norwegian need), Greek
// (α, β, κ in titles), punctuation, arrows, minus and ⌘ — build.sh subsets Inter to exactly these, and
// tests/ui/unit-ui-i18n.cpp checks that every character of the message catalogue is among them.
constexpr unsigned short kGlyphRanges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x0391, 0x03C9, 0x2010, 0x205E,
                                           0x2190, 0x2193, 0x2212, 0x2212, 0x2318, 0x2318, 0};
constexpr int kCalmMinTextScale = 2;   // low stimulation: text at least 115%
constexpr float kPhoneWidth = 820.0f;   // below this (CSS px), one column and touch-sized controls
constexpr float kTouchTarget = 44.0f;   // primary controls at phone width, CSS px (WCAG 2.5.5)
constexpr size_t kTextViewRows = 100;   // results the text view lists at first, and adds per "more"

// Where the search field is drawn, in CSS pixels, so the page can keep a real text input over it
// (phone keyboards, IME, dictation, paste and undo all need a real input).
struct FieldBox {
    float x = 0, y = 0, width = 0, height = 0;
    float font_size = 0;      // CSS px
    bool visible = false;
    bool operator==(const FieldBox& o) const {
        return x == o.x && y == o.y && width == o.width && height == o.height && font_size == o.font_size && visible == o.visible;
    }
    bool operator!=(const FieldBox& o) const { return !(*this == o); }
};

// Drag-to-scroll for touch (and mouse drags on lists): a press that moves past a few pixels
// becomes a scroll and never a tap; a flick keeps scrolling and slows down; a new press stops it.
struct TouchScroll {
    unsigned owner = 0;       // the scrolling region the press started in (an ImGui id), 0 = none
    bool pressed = false, dragging = false;
    float press_x = 0, press_y = 0;
    float velocity = 0;       // CSS px per second, after release
    float sample_y[4] = {}, sample_t[4] = {};
    int samples = 0;
};

// The sentence being read aloud (the page speaks; the `read` command says where): highlighted where the
// UI draws it and brought into view once when it changes.
struct Reading {
    bool active = false;
    std::string part;         // the open card's part: "title", "badges", a section id
    int item = -1;            // -1 the paragraph, -2 the heading, -3 the subheading, >= 0 a list item
    uint32_t start = 0, length = 0;
    bool scroll = false;      // bring it into view in the next frame
};

struct State {
    const atlas::Atlas* atlas = nullptr;
    atlas::Query query;                   // the search text lives here and only here
    atlas::QueryResult result;            // always the answer to `query` (commands rerun it at once)
    int open_study = -1;                  // index into atlas->studies, or -1
    int card_scroll_study = -1;           // the study the card's scroll position belongs to (drawing only)
    int cursor = -1;                      // keyboard position in result.studies
    std::vector<uint32_t> compare;        // up to atlas::kCompareMax studies read side by side
    atlas::Screen screen = atlas::Screen::Atlas;
    atlas::ReadingDepth depth = atlas::ReadingDepth::Standard;
    atlas::Theme theme = atlas::Theme::Light;
    int text_scale = 1;                   // index into kTextScales
    atlas::Lang lang = atlas::Lang::En;   // the interface's language (the study text stays English)
    bool calm = false;                    // low stimulation: softer colours, no hover flashes, more space, larger text, no motion
    bool show_filters = false;            // phone: the filter sheet is open
    bool show_map = true;                 // the evidence map above the list
    size_t text_view_rows = kTextViewRows;  // results the text view lists (more on request)
    atlas::GridAxis grid_axis = atlas::GridAxis::Level;  // the evidence gap map's columns
    int topic = -1;                       // the topic page's tag (Screen::Topic), or -1
    atlas::TopicPage topic_page;          // built when a topic page opens and when the PEM switch changes
    // Where "back" leads from a card: the cards left by following its links (newest last), then the
    // screen the card was opened from (the gap map or a topic page; Atlas when the list).
    std::vector<int> card_trail;
    atlas::Screen return_screen = atlas::Screen::Atlas;
    atlas::Screen topic_return = atlas::Screen::Atlas;  // where "back" leads from a topic page (the gap map, or the atlas)
    bool embedded = false;                // inside another site's iframe: compact chrome
    bool filters_locked = false;          // embedded with preset filters the reader may not change
    std::string status;                   // a line for the reader: problems with the atlas
    int current_year = 0;                 // from the platform's clock, for data-quality notes
    std::string today;                    // YYYY-MM-DD, for the atlas-snapshot citation
    std::vector<atlas::SinceVisit> since; // per study, against the reader's last visit; empty: not known
    Reading reading;                      // read aloud: the sentence being spoken
    GlyphSet glyphs;                      // the characters the fonts are rasterized for (the platform reads it)

    // Set by the UI, read (and cleared) by the platform after each frame.
    bool view_changed = true;             // what is shown changed: the text view must follow
    bool prefs_changed = false;           // theme/text size/depth changed: store them, rebuild fonts
    std::string hovered_link;             // link under the pointer; the page opens it on a real click
    std::string clipboard;                // text to copy
    struct Download { std::string file_name, mime_type, bytes; };
    Download download;                    // a file to save
    std::string page_request;             // something only the page can do: "embed" (the embed dialog), "search" (focus search)
    FieldBox search_field;                // the search field as drawn in the last frame
    bool wants_frames = false;            // an animation (momentum scrolling) needs the next frame
    std::string toast;                    // a short confirmation ("Citation copied")
    double toast_until = 0;

    // UI-internal.
    bool scroll_to_cursor = false;        // keyboard moved the cursor: bring that row into view
    int grid_row = 0, grid_column = 0;    // the keyboard's cell in the evidence gap map (column: index among those shown)
    bool grid_keyboard = false;           // the keyboard moved in the gap map: show where
    int drawn_theme = -1;                 // the theme ImGui's style holds
    TouchScroll touch;
    atlas::MirrorParts mirror_sent;       // what the text view was last sent, part by part
};

void DrawAtlas(State& state, const Fonts& fonts);

// [SECTION] Commands. The one way the view changes: the canvas's widgets, the page (text view,
// preferences, embeds, tests) and keyboard shortcuts all end here. False when refused (unknown
// study, a locked embed's filters, no atlas yet).
bool Apply(State& state, const atlas::Command& command);
bool ApplyText(State& state, std::string_view command);   // the text form, parsed once (atlas::ParseCommand)
void SetSearchText(State& state, std::string_view text);  // the page's search input changed

// [SECTION] What the platform asks of the state. The platform does the I/O; the decisions are here.
// Takes a loaded atlas (or the report of one that failed) and says so to the reader; returns
// 0 all loaded, 1 loaded with rejected records or errors, 2 unusable.
int TakeAtlas(State& state, const atlas::Atlas* atlas, const atlas::LoadReport& report);
// The atlas as far as it has arrived (results before the end): searchable and filterable now,
// counts growing as more arrives; the status line says how far it is. TakeAtlas ends it.
void TakePartialAtlas(State& state, const atlas::Atlas* atlas, size_t read, size_t expected);
// A language's message catalogue was taken (the JSON as the page fetched it): the text view is said
// again in its words, and the fonts get its characters.
void TakeMessages(State& state, std::string_view catalogue_json);
void SetToday(State& state, std::string_view ymd);
// What the reader saw on their last visit (atlas::SeenSnapshot, kept by the page in the browser's
// storage; empty on a first visit): studies new or changed since are marked, and can be filtered.
void SetSeen(State& state, std::string_view snapshot);
// The query run with the reader's marks (the one way the UI runs a query).
atlas::QueryResult RunQuery(const State& state);
// A shared link's view (location.search); returns the parameters it skipped, "; "-separated.
std::string ApplyUrl(State& state, std::string_view query_string);
std::string UrlState(const State& state);        // the view as a canonical query string (no '?')
std::string PrefsJson(const State& state);       // {"theme":…,"textsize":…,"depth":…} to remember
// The text view's update for this view: the URL and only the parts that changed since the last
// call (all of them the first time). Empty when nothing changed.
std::string TextViewUpdate(State& state);
// What to read aloud: "card" (the open card at the reading depth) or "list" (the results), as the
// sentences' JSON (atlas::SpokenJson); "[]" when there is nothing to read.
std::string ReadingScript(const State& state, std::string_view what);

// The text size drawn: the reader's, at least kCalmMinTextScale in low stimulation (fonts are built for it).
int EffectiveTextScale(const State& state);

// Where "back" leads from the open card, as its button says it: "Back to Fluge et al. 2011", "Back to
// the topic", "Back to the evidence gap map", "Back to results".
std::string BackLabel(const State& state);
void OpenStudy(State& state, int index);   // from the list, the gap map or a topic page (the trail starts again)
void CloseStudy(State& state);

// Fixture studies for the gallery screen (synthetic, marked as such).
const atlas::Atlas& GalleryAtlas();

}  // namespace atlas_ui
