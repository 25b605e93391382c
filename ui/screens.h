// ui/screens.h — the parts of the atlas screen, each drawn by its own file.
#pragma once
#include "atlas_ui.h"

namespace atlas_ui {

void DrawFilterPanel(State& state, const Fonts& fonts);           // filters.cpp
void DrawChips(State& state);                                      // filters.cpp
void DrawEvidenceMap(State& state, const Fonts& fonts);            // results.cpp
void DrawResults(State& state, const Fonts& fonts);                // results.cpp
void DrawCard(State& state, const Fonts& fonts, const atlas::Atlas& atlas, int study, bool show_back);  // card.cpp
void DrawCompare(State& state, const Fonts& fonts);                // card.cpp
void DrawGallery(State& state, const Fonts& fonts);                // gallery.cpp
void DrawGridScreen(State& state, const Fonts& fonts, bool phone); // grid.cpp: the evidence gap map
void GridKeyboard(State& state);                                   // grid.cpp: arrows and Enter in the map
void DrawTopicScreen(State& state, const Fonts& fonts, bool phone);  // grid.cpp: a topic page

}  // namespace atlas_ui
