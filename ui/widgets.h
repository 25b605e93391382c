// ui/widgets.h — the few widgets the screens share: badges, links, chips, highlighted text.
#pragma once
#include <string>
#include <vector>

#include "atlas/card.h"
#include "atlas/i18n.h"
#include "atlas/query.h"
#include "atlas_ui.h"
#include "imgui.h"

namespace atlas_ui {

// The interface's words in the language being drawn (DrawAtlas sets it from State::lang each frame),
// from the one message catalogue (i18n/<lang>.json, atlas/i18n.h): never a string in drawing code.
void UseLanguage(atlas::Lang lang);
atlas::Lang Language();
const char* T(std::string_view key);
std::string TF(std::string_view key, std::initializer_list<std::string_view> args);
std::string TN(std::string_view key, long long n, std::initializer_list<std::string_view> args = {});

// A rounded label that flows like a word; its tooltip explains it.
void Badge(const atlas::CardBadge& badge, const Fonts& fonts, bool first_in_row = false);
// Underlined link text; the page opens the link on the real click (popup blockers allow it).
void Link(State& state, const std::string& label, const std::string& url);
// A removable chip; returns true when its × was pressed.
bool RemovableChip(const std::string& label, int id);
// A filter option as a full-width row: a check box, the label wrapped (never cut) and its count.
// As tall as a frame (a finger's width at phone sizes). Returns true when pressed.
bool CheckRow(const std::string& label, uint32_t count, bool on, bool muted);
// The search box as the canvas draws it: the query (or a hint) in a field, whose place is reported
// in state.search_field so the page can keep its real text input exactly over it.
void SearchField(State& state, float width);
// Call inside a scrolling child, after its contents: touch drags scroll it with momentum, and a
// press that became a drag is not a tap on whatever it started on.
void TouchScrollRegion(State& state);
void WrappedBullet(const std::string& text);
void SectionHeading(const char* text, const Fonts& fonts, bool reading = false, bool scroll_to = false);
// Line height of HighlightedText, in font sizes (callers that clip it to N lines need it): theme.h
// TextLineSpacing(), larger in low stimulation.
// Wrapped text with the current query's matches highlighted (by the rules the atlas's search used);
// draws at the cursor and advances it.
// `reading`: the sentence being read aloud (bytes of `text`), drawn with its own steady background;
// with `scroll_to` the window scrolls so that its first line is in view.
void HighlightedText(const std::string& text, const State& state, ImFont* font, const atlas::TextSpan* reading = nullptr,
                     bool scroll_to = false);
// Text in a muted colour.
void MutedText(const char* fmt, ...);
// Link text that wraps, underlined line by line, over a button at least a frame tall (a finger's
// width at phone sizes). Returns true when pressed (on release: a drag that scrolls never presses).
bool LinkButton(const std::string& text, const char* id);
// Names the last item (an InvisibleButton drawn by hand) for the native tests' item hooks, as ImGui's
// own widgets name theirs: tests find it by this label and measure it at phone width. Nothing in the page.
void LabelLastItem(const std::string& label);
// A study's evidence code ("E2") as a small coloured chip drawn at `at` (a list row's corner); returns
// the x where the chip ends.
float EvidenceChip(ImDrawList* draw, ImVec2 at, ImFont* font, float size, atlas::EvidenceLevel level);
// The switch "Only cohorts that required PEM": prominent, and the same wherever it is drawn.
void PemSwitch(State& state);

}  // namespace atlas_ui
