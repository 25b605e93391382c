// ui/theme.cpp — the three palettes and ImGui style settings.
#include "theme.h"

#include "atlas_ui.h"

namespace atlas_ui {
namespace {

ImVec4 Rgb(int hex) { return ImVec4(((hex >> 16) & 255) / 255.f, ((hex >> 8) & 255) / 255.f, (hex & 255) / 255.f, 1.f); }

Palette MakeLight() {
    Palette p;
    p.paper = Rgb(0xF7F5F0); p.panel = Rgb(0xFDFCF9); p.ink = Rgb(0x252629); p.muted = Rgb(0x5A5D62);
    p.accent = Rgb(0x1D656B); p.link = Rgb(0x195694); p.rule = Rgb(0xDAD6CE); p.highlight = Rgb(0xF6E7B0);
    p.retraction_fill = Rgb(0xF6DEDC); p.retraction_ink = Rgb(0x7A1717); p.draft_ink = Rgb(0x7A5A12);
    p.evidence_fill[0] = Rgb(0x1D656B); p.evidence_fill[1] = Rgb(0x3F7A4F); p.evidence_fill[2] = Rgb(0x8A6A1F);
    p.evidence_fill[3] = Rgb(0x6E6A64); p.evidence_ink = Rgb(0xFDFCF9);
    p.pem_fill[0] = Rgb(0xDCEBDF); p.pem_fill[1] = Rgb(0xF3E3C9); p.pem_fill[2] = Rgb(0xE6E3DE);
    p.chip_fill = Rgb(0xE9E6E0); p.chip_ink = p.ink; p.review_fill[0] = Rgb(0xF1E4C6); p.review_fill[1] = Rgb(0xDCE6EE);
    p.pem_bar = Rgb(0x2E2F33);
    p.reading = Rgb(0xD9E6F2);
    return p;
}

Palette MakeDark() {
    Palette p;
    p.paper = Rgb(0x1C1D20); p.panel = Rgb(0x232428); p.ink = Rgb(0xDCD9D2); p.muted = Rgb(0xA09C95);
    p.accent = Rgb(0x7FB8BC); p.link = Rgb(0x8DB8E8); p.rule = Rgb(0x3A3B40); p.highlight = Rgb(0x5A4A1A);
    p.retraction_fill = Rgb(0x4A2422); p.retraction_ink = Rgb(0xF2C4C0); p.draft_ink = Rgb(0xE0C27A);
    p.evidence_fill[0] = Rgb(0x2F6F74); p.evidence_fill[1] = Rgb(0x44704F); p.evidence_fill[2] = Rgb(0x7A6224);
    p.evidence_fill[3] = Rgb(0x57534E); p.evidence_ink = Rgb(0xF0EEE8);
    p.pem_fill[0] = Rgb(0x2D4A35); p.pem_fill[1] = Rgb(0x54452C); p.pem_fill[2] = Rgb(0x3B3A38);
    p.chip_fill = Rgb(0x34353A); p.chip_ink = p.ink; p.review_fill[0] = Rgb(0x51452A); p.review_fill[1] = Rgb(0x2E3E4C);
    p.pem_bar = Rgb(0xDCD9D2);
    p.reading = Rgb(0x2C4257);
    return p;
}

Palette MakeContrast() {
    Palette p;
    p.paper = Rgb(0x000000); p.panel = Rgb(0x000000); p.ink = Rgb(0xFFFFFF); p.muted = Rgb(0xE6E6E6);
    p.accent = Rgb(0xFFE066); p.link = Rgb(0x9CD3FF); p.rule = Rgb(0xFFFFFF); p.highlight = Rgb(0x6B5600);
    p.retraction_fill = Rgb(0x000000); p.retraction_ink = Rgb(0xFF8A80); p.draft_ink = Rgb(0xFFE066);
    for (int i = 0; i < 4; ++i) p.evidence_fill[i] = Rgb(0xFFFFFF);
    p.evidence_ink = Rgb(0x000000);
    for (int i = 0; i < 3; ++i) p.pem_fill[i] = Rgb(0x000000);
    p.chip_fill = Rgb(0x000000); p.chip_ink = Rgb(0xFFFFFF); p.review_fill[0] = Rgb(0x000000); p.review_fill[1] = Rgb(0x000000);
    p.pem_bar = Rgb(0xFFE066);
    p.reading = Rgb(0x003D73);
    return p;
}

// Low stimulation: less brightness and saturation than light and dark, text still at least 4.5:1.
Palette MakeCalmLight() {
    Palette p = MakeLight();
    p.paper = Rgb(0xECE8DF); p.panel = Rgb(0xF2EFE8); p.ink = Rgb(0x3B3C3F); p.muted = Rgb(0x5A5C61);
    p.accent = Rgb(0x3A676B); p.link = Rgb(0x2C5A86); p.rule = Rgb(0xD6D1C7); p.highlight = Rgb(0xEBE0BE);
    p.retraction_fill = Rgb(0xEFDDD9); p.retraction_ink = Rgb(0x7A2A24); p.draft_ink = Rgb(0x6A5522);
    p.evidence_fill[0] = Rgb(0x456F73); p.evidence_fill[1] = Rgb(0x51705A); p.evidence_fill[2] = Rgb(0x7A6638);
    p.evidence_fill[3] = Rgb(0x66635E); p.evidence_ink = Rgb(0xF6F4EF);
    p.pem_fill[0] = Rgb(0xDDE6DE); p.pem_fill[1] = Rgb(0xEEE3D0); p.pem_fill[2] = Rgb(0xE3E0DA);
    p.chip_fill = Rgb(0xE3DFD7); p.chip_ink = p.ink; p.review_fill[0] = Rgb(0xECE2CB); p.review_fill[1] = Rgb(0xDCE3E8);
    p.pem_bar = Rgb(0x4A4B4F); p.reading = Rgb(0xDCE3EA);
    return p;
}

Palette MakeCalmDark() {
    Palette p = MakeDark();
    p.paper = Rgb(0x1F2023); p.panel = Rgb(0x25262A); p.ink = Rgb(0xC8C4BC); p.muted = Rgb(0x9A968F);
    p.accent = Rgb(0x7BA8AB); p.link = Rgb(0x8AAED6); p.rule = Rgb(0x38393E); p.highlight = Rgb(0x4A4124);
    p.retraction_fill = Rgb(0x432826); p.retraction_ink = Rgb(0xE6C0BC); p.draft_ink = Rgb(0xCDB67E);
    p.evidence_fill[0] = Rgb(0x355F63); p.evidence_fill[1] = Rgb(0x415F49); p.evidence_fill[2] = Rgb(0x63542A);
    p.evidence_fill[3] = Rgb(0x4E4B47); p.evidence_ink = Rgb(0xE9E6E0);
    p.pem_fill[0] = Rgb(0x2F4535); p.pem_fill[1] = Rgb(0x4A3F2D); p.pem_fill[2] = Rgb(0x38373A);
    p.chip_fill = Rgb(0x323337); p.chip_ink = p.ink; p.review_fill[0] = Rgb(0x463E2B); p.review_fill[1] = Rgb(0x2E3A45);
    p.pem_bar = Rgb(0xC8C4BC); p.reading = Rgb(0x2E3D4C);
    return p;
}

Palette g_palette = MakeLight();
bool g_calm = false;

}  // namespace


const Palette& Colours() { return g_palette; }
bool Calm() { return g_calm; }
float TextLineSpacing() { return g_calm ? 1.45f : 1.18f; }

Palette PaletteFor(Theme theme, bool calm) {
    if (theme == Theme::Contrast) return MakeContrast();
    if (theme == Theme::Dark) return calm ? MakeCalmDark() : MakeDark();
    return calm ? MakeCalmLight() : MakeLight();
}

BadgeColours ColoursFor(atlas::BadgeKind kind, int value) {
    const Palette& p = g_palette;
    switch (kind) {
    case atlas::BadgeKind::Evidence: return {p.evidence_fill[value & 3], p.evidence_ink};
    case atlas::BadgeKind::Pem: return {p.pem_fill[value % 3], p.ink};
    case atlas::BadgeKind::Retracted: return {p.retraction_fill, p.retraction_ink};
    case atlas::BadgeKind::ReviewStatus: return {p.review_fill[value == 0 ? 0 : 1], p.ink};
    default: return {p.chip_fill, p.chip_ink};
    }
}

void ApplyThemeIfChanged(State& state) {
    int drawn = (int)state.theme + (state.calm ? 8 : 0);
    if (state.drawn_theme == drawn) return;
    ApplyTheme(state.theme, state.calm);
    state.drawn_theme = drawn;
}

void ApplyTheme(Theme theme, bool calm) {
    g_palette = PaletteFor(theme, calm);
    g_calm = calm;
    const Palette& p = g_palette;
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    style.WindowPadding = ImVec2(16, 14);
    style.FramePadding = ImVec2(10, 7);
    style.ItemSpacing = ImVec2(10, 8);
    style.ItemInnerSpacing = ImVec2(8, 6);
    style.ScrollbarSize = 14;
    style.FrameRounding = 6;
    style.ChildRounding = 6;
    style.PopupRounding = 6;
    style.GrabRounding = 6;
    style.ScrollbarRounding = 6;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    style.PopupBorderSize = 1;
    style.FrameBorderSize = 1.0f;  // inputs and checkboxes need a visible edge on the paper colour
    ImVec4* c = style.Colors;
    auto mix = [](ImVec4 a, ImVec4 b, float t) {
        return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1.0f);
    };
    c[ImGuiCol_Text] = p.ink;
    c[ImGuiCol_TextDisabled] = p.muted;
    c[ImGuiCol_WindowBg] = p.paper;
    c[ImGuiCol_ChildBg] = p.panel;
    c[ImGuiCol_PopupBg] = p.panel;
    c[ImGuiCol_Border] = p.rule;
    c[ImGuiCol_FrameBg] = mix(p.panel, p.ink, 0.04f);
    c[ImGuiCol_FrameBgHovered] = mix(p.panel, p.accent, 0.12f);
    c[ImGuiCol_FrameBgActive] = mix(p.panel, p.accent, 0.20f);
    c[ImGuiCol_Button] = mix(p.panel, p.accent, 0.12f);
    c[ImGuiCol_ButtonHovered] = mix(p.panel, p.accent, 0.22f);
    c[ImGuiCol_ButtonActive] = mix(p.panel, p.accent, 0.32f);
    c[ImGuiCol_Header] = mix(p.panel, p.accent, 0.14f);
    c[ImGuiCol_HeaderHovered] = mix(p.panel, p.accent, 0.08f);
    c[ImGuiCol_HeaderActive] = mix(p.panel, p.accent, 0.22f);
    c[ImGuiCol_Separator] = p.rule;
    c[ImGuiCol_ScrollbarBg] = p.paper;
    c[ImGuiCol_ScrollbarGrab] = mix(p.paper, p.ink, 0.22f);
    c[ImGuiCol_ScrollbarGrabHovered] = mix(p.paper, p.ink, 0.32f);
    c[ImGuiCol_ScrollbarGrabActive] = mix(p.paper, p.ink, 0.42f);
    c[ImGuiCol_CheckMark] = p.accent;
    c[ImGuiCol_SliderGrab] = p.accent;
    c[ImGuiCol_SliderGrabActive] = p.accent;
    c[ImGuiCol_TextSelectedBg] = mix(p.panel, p.accent, 0.30f);
    c[ImGuiCol_NavHighlight] = p.accent;
    c[ImGuiCol_PlotHistogram] = p.accent;
    if (theme == Theme::Contrast) {
        c[ImGuiCol_Button] = c[ImGuiCol_FrameBg] = Rgb(0x000000);
        c[ImGuiCol_Header] = Rgb(0x333333);
    }
    if (calm) {
        // Nothing lights up under the pointer or flashes on a press; more room between items.
        c[ImGuiCol_ButtonHovered] = c[ImGuiCol_ButtonActive] = c[ImGuiCol_Button];
        c[ImGuiCol_FrameBgHovered] = c[ImGuiCol_FrameBgActive] = c[ImGuiCol_FrameBg];
        c[ImGuiCol_HeaderHovered] = c[ImGuiCol_HeaderActive] = c[ImGuiCol_Header];
        c[ImGuiCol_ScrollbarGrabHovered] = c[ImGuiCol_ScrollbarGrabActive] = c[ImGuiCol_ScrollbarGrab];
        style.ItemSpacing.y += 5;
        style.ItemInnerSpacing.y += 2;
    }
}

}  // namespace atlas_ui
