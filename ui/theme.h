// ui/theme.h — calm colour themes (light, dark, high contrast) and the colours of badges.
// No pure white on black and no saturated fills in light/dark: readers include people with light
// sensitivity. High contrast trades calm for maximum legibility.
#pragma once
#include <string_view>

#include "atlas/card.h"
#include "atlas/command.h"
#include "imgui.h"

namespace atlas_ui {

struct State;
using atlas::Theme;

struct Palette {
    ImVec4 paper, panel, ink, muted, accent, link, rule, highlight;
    ImVec4 retraction_fill, retraction_ink, draft_ink;
    ImVec4 evidence_fill[4], evidence_ink;
    ImVec4 pem_fill[3];
    ImVec4 chip_fill, chip_ink, review_fill[2];
    ImVec4 pem_bar;  // the evidence map's PEM-required marker
    ImVec4 reading;  // behind the sentence being read aloud (ink stays readable on it)
};

const Palette& Colours();
// `calm`: low stimulation — softer colours (still WCAG AA: 4.5:1 for text), no hover or press
// flashes, more space between lines and items. High contrast keeps its colours.
void ApplyTheme(Theme theme, bool calm = false);
Palette PaletteFor(Theme theme, bool calm);
bool Calm();                // the style drawn is low stimulation
float TextLineSpacing();    // line height of HighlightedText, in font sizes
void ApplyThemeIfChanged(State& state);   // at the start of a frame: the style follows state.theme

struct BadgeColours { ImVec4 fill, text; };
BadgeColours ColoursFor(atlas::BadgeKind kind, int value);

inline ImU32 Col(const ImVec4& c) { return ImGui::ColorConvertFloat4ToU32(c); }

}  // namespace atlas_ui
