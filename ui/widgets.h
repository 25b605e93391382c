// ui/widgets.h — the few widgets the screens share: badges, links, chips, highlighted text.
#pragma once
#include <string>
#include <vector>

#include "atlas/card.h"
#include "atlas/query.h"
#include "atlas_ui.h"

namespace atlas_ui {

// A rounded label that flows like a word; its tooltip explains it.
void Badge(const atlas::CardBadge& badge, const Fonts& fonts, bool first_in_row = false);
// Underlined link text; the page opens the link on the real click (popup blockers allow it).
void Link(State& state, const std::string& label, const std::string& url);
// A removable chip; returns true when its × was pressed.
bool RemovableChip(const std::string& label, int id);
void WrappedBullet(const std::string& text);
void SectionHeading(const char* text, const Fonts& fonts);
// Line height of HighlightedText, in font sizes (callers that clip it to N lines need it).
constexpr float kHighlightedLineSpacing = 1.18f;
// Wrapped text with the current query's matches highlighted (by the rules the atlas's search used);
// draws at the cursor and advances it.
void HighlightedText(const std::string& text, const State& state, ImFont* font);
// Text in a muted colour.
void MutedText(const char* fmt, ...);

}  // namespace atlas_ui
