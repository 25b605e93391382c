// ui/atlas_ui.cpp — header bar, results list (ImGuiListClipper) and the study card.
//
// [SECTION] Theme and colours
// [SECTION] Small widgets: badges, links, wrapped bullets
// [SECTION] Results list
// [SECTION] Study card
// [SECTION] Layout
#include "atlas_ui.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "atlas/card.h"
#include "imgui.h"

namespace atlas_ui {
namespace {

// [SECTION] Theme and colours ----------------------------------------------------------------

// Calm, warm light theme: off-white paper, dark grey ink, muted accents; no pure white or black.
const ImVec4 kPaper = ImVec4(0.969f, 0.961f, 0.941f, 1.0f);     // #F7F5F0
const ImVec4 kPanel = ImVec4(0.992f, 0.988f, 0.976f, 1.0f);     // #FDFCF9
const ImVec4 kInk = ImVec4(0.145f, 0.149f, 0.161f, 1.0f);       // #252629
const ImVec4 kMuted = ImVec4(0.353f, 0.365f, 0.384f, 1.0f);     // #5A5D62
const ImVec4 kAccent = ImVec4(0.114f, 0.396f, 0.420f, 1.0f);    // #1D656B teal
const ImVec4 kLink = ImVec4(0.098f, 0.337f, 0.580f, 1.0f);      // #195694
const ImVec4 kRule = ImVec4(0.855f, 0.839f, 0.808f, 1.0f);      // #DAD6CE

ImU32 Col(const ImVec4& c) { return ImGui::ColorConvertFloat4ToU32(c); }
ImVec4 Rgb(int hex) { return ImVec4(((hex >> 16) & 255) / 255.f, ((hex >> 8) & 255) / 255.f, (hex & 255) / 255.f, 1.f); }

struct BadgeColours { ImVec4 fill, text; };

BadgeColours ColoursFor(atlas::BadgeKind kind, int value) {
    using atlas::BadgeKind;
    switch (kind) {
    case BadgeKind::Evidence: {
        static const int fills[] = {0x1D656B, 0x3F7A4F, 0x8A6A1F, 0x6E6A64};  // E0 teal .. E3 grey
        return {Rgb(fills[value & 3]), Rgb(0xFDFCF9)};
    }
    case BadgeKind::Pem: {
        static const int fills[] = {0xDCEBDF, 0xF3E3C9, 0xE6E3DE};  // required, not required, unclear
        return {Rgb(fills[value % 3]), kInk};
    }
    case BadgeKind::Retracted: return {Rgb(0xA32A2A), Rgb(0xFDFCF9)};
    case BadgeKind::ReviewStatus:
        return value == 0 ? BadgeColours{Rgb(0xF1E4C6), kInk} : BadgeColours{Rgb(0xDCE6EE), kInk};
    default: return {Rgb(0xE9E6E0), kInk};
    }
}

// [SECTION] Small widgets --------------------------------------------------------------------

// A rounded label that flows like a word: wraps to the next line when it does not fit.
void Badge(const atlas::CardBadge& badge, const Fonts& fonts) {
    ImGui::PushFont(fonts.small);
    BadgeColours colours = ColoursFor(badge.kind, badge.value);
    ImVec2 pad(8.0f, 3.0f);
    ImVec2 text_size = ImGui::CalcTextSize(badge.text.c_str());
    ImVec2 size(text_size.x + pad.x * 2, text_size.y + pad.y * 2);
    float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    ImGui::SameLine(0, 6.0f);
    if (ImGui::GetCursorScreenPos().x + size.x > right_edge) ImGui::NewLine();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(badge.text.c_str(), size);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), Col(colours.fill), size.y * 0.5f);
    draw->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y), Col(colours.text), badge.text.c_str());
    if (ImGui::IsItemHovered() && !badge.tooltip.empty()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24.0f);
        ImGui::TextUnformatted(badge.tooltip.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    ImGui::PopFont();
}

// Underlined link text. The page opens `url` itself on the real click (popup blockers allow it).
void Link(State& state, const std::string& label, const std::string& url) {
    ImGui::PushStyleColor(ImGuiCol_Text, kLink);
    ImGui::TextUnformatted(label.c_str());
    ImGui::PopStyleColor();
    ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(min.x, max.y), max, Col(kLink), 1.0f);
    if (ImGui::IsItemHovered()) {
        state.hovered_link = url;
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetTooltip("%s", url.c_str());
    }
}

void WrappedBullet(const std::string& text) {
    ImGui::Bullet();
    ImGui::SameLine();
    ImGui::TextWrapped("%s", text.c_str());
}

void SectionHeading(const char* text, const Fonts& fonts) {
    ImGui::Dummy(ImVec2(0, 10.0f));
    ImGui::PushFont(fonts.heading);
    ImGui::PushStyleColor(ImGuiCol_Text, kAccent);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

// [SECTION] Results list ---------------------------------------------------------------------

void DrawResults(State& state, const Fonts& fonts) {
    const atlas::Atlas& atlas = *state.atlas;
    ImGuiListClipper clipper;
    clipper.Begin((int)state.results.size());
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            uint32_t index = state.results[row];
            const atlas::Study& s = atlas.studies[index];
            ImGui::PushID((int)index);
            ImVec2 start = ImGui::GetCursorScreenPos();
            float width = ImGui::GetContentRegionAvail().x;
            // The whole row is one selectable; text is drawn over it.
            float row_height = fonts.body->FontSize * 2.0f + fonts.small->FontSize + 22.0f;
            bool selected = state.open_study == (int)index;
            if (ImGui::Selectable("##row", selected, 0, ImVec2(width, row_height))) OpenStudy(state, (int)index);
            ImDrawList* draw = ImGui::GetWindowDrawList();
            ImVec2 p(start.x + 6.0f, start.y + 6.0f);
            // Evidence code chip, then a two-line clamp of the title, then the byline.
            const atlas::EvidenceLevelText& level = atlas.LevelText(s.evidence);
            (void)level;
            std::string code(atlas::EvidenceCode(s.evidence));
            ImGui::PushFont(fonts.small);
            ImVec2 code_size = ImGui::CalcTextSize(code.c_str());
            BadgeColours colours = ColoursFor(atlas::BadgeKind::Evidence, (int)s.evidence);
            draw->AddRectFilled(p, ImVec2(p.x + code_size.x + 10, p.y + code_size.y + 4), Col(colours.fill), 4.0f);
            draw->AddText(ImVec2(p.x + 5, p.y + 2), Col(colours.text), code.c_str());
            ImGui::PopFont();
            float text_x = p.x + code_size.x + 18.0f;
            float wrap = start.x + width - 8.0f - text_x;
            std::string_view title = atlas.Text(s.title);
            std::string title_text = s.retracted ? "[Retracted] " + std::string(title) : std::string(title);
            ImGui::PushFont(fonts.body);
            ImGui::PushClipRect(ImVec2(text_x, p.y), ImVec2(start.x + width, p.y + fonts.body->FontSize * 2.0f + 2.0f), true);
            draw->AddText(fonts.body, fonts.body->FontSize, ImVec2(text_x, p.y), Col(kInk), title_text.c_str(),
                          nullptr, wrap);
            ImGui::PopClipRect();
            ImGui::PopFont();
            std::string byline = atlas::Byline(atlas, s) + " · " + std::string(atlas.Text(s.journal)) + " · " +
                                 std::to_string(s.year) + " · " + std::string(atlas::PemLabel(s.pem));
            ImGui::PushClipRect(start, ImVec2(start.x + width - 4.0f, start.y + row_height), true);
            draw->AddText(fonts.small, fonts.small->FontSize, ImVec2(text_x, p.y + fonts.body->FontSize * 2.0f + 6.0f),
                          Col(kMuted), byline.c_str());
            ImGui::PopClipRect();
            draw->AddLine(ImVec2(start.x, start.y + row_height + 1), ImVec2(start.x + width, start.y + row_height + 1),
                          Col(kRule));
            ImGui::PopID();
        }
    }
}

// [SECTION] Study card -----------------------------------------------------------------------

void DrawCard(State& state, const Fonts& fonts, bool show_back) {
    const atlas::Atlas& atlas = *state.atlas;
    const atlas::Study& study = atlas.studies[state.open_study];
    atlas::Card card = atlas::BuildCard(atlas, study, state.current_year);
    if (show_back) {
        if (ImGui::Button("< Back to results")) CloseStudy(state);
        ImGui::Dummy(ImVec2(0, 4));
    }
    ImGui::PushTextWrapPos(0.0f);
    if (!card.retraction.empty()) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, Rgb(0xF6DEDC));
        ImGui::PushStyleColor(ImGuiCol_Border, Rgb(0xA32A2A));
        float height = ImGui::CalcTextSize(card.retraction.c_str(), nullptr, false,
                                           ImGui::GetContentRegionAvail().x - 24).y + 20;
        ImGui::BeginChild("retraction", ImVec2(0, height), true, ImGuiWindowFlags_NoScrollbar);
        ImGui::PushStyleColor(ImGuiCol_Text, Rgb(0x7A1717));
        ImGui::TextWrapped("%s", card.retraction.c_str());
        ImGui::PopStyleColor();
        ImGui::EndChild();
        ImGui::PopStyleColor(2);
    }
    ImGui::NewLine();
    for (const atlas::CardBadge& badge : card.badges) Badge(badge, fonts);
    ImGui::Dummy(ImVec2(0, 6));
    ImGui::PushFont(fonts.title);
    ImGui::TextWrapped("%s", card.title.c_str());
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
    ImGui::TextWrapped("%s · %s · %s", card.byline.c_str(), card.journal.c_str(), card.year.c_str());
    ImGui::PopStyleColor();
    if (!card.draft_notice.empty()) {
        ImGui::PushFont(fonts.small);
        ImGui::PushStyleColor(ImGuiCol_Text, Rgb(0x7A5A12));
        ImGui::TextWrapped("%s", card.draft_notice.c_str());
        ImGui::PopStyleColor();
        ImGui::PopFont();
    }
    for (const atlas::CardSection& section : card.sections) {
        if (!section.heading.empty()) SectionHeading(section.heading.c_str(), fonts);
        if (!section.subheading.empty()) {
            ImGui::Dummy(ImVec2(0, 2));
            ImGui::PushFont(fonts.heading);
            ImGui::TextUnformatted(section.subheading.c_str());
            ImGui::PopFont();
        }
        if (!section.text.empty()) ImGui::TextWrapped("%s", section.text.c_str());
        for (const std::string& item : section.items) WrappedBullet(item);
    }
    if (!card.tag_groups.empty()) {
        SectionHeading("Tags", fonts);
        for (const atlas::CardTagGroup& group : card.tag_groups) {
            ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
            ImGui::TextUnformatted((group.category + ":").c_str());
            ImGui::PopStyleColor();
            for (const std::string& tag : group.tags) {
                atlas::CardBadge chip{atlas::BadgeKind::PublicationType, 0, tag, ""};
                Badge(chip, fonts);
            }
            ImGui::Dummy(ImVec2(0, 4));
        }
    }
    SectionHeading("Metadata", fonts);
    for (const atlas::CardMeta& meta : card.metadata) {
        ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
        ImGui::TextUnformatted(meta.label.c_str());
        ImGui::PopStyleColor();
        ImGui::Indent(12.0f);
        if (!meta.link.empty()) Link(state, meta.value, meta.link);
        else ImGui::TextWrapped("%s", meta.value.c_str());
        ImGui::Unindent(12.0f);
    }
    if (!card.quality_notes.empty()) {
        // Discreet: small muted text, not a warning colour. The record is shown as it is.
        ImGui::Dummy(ImVec2(0, 8));
        ImGui::PushFont(fonts.small);
        ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
        ImGui::TextUnformatted("Data-quality notes");
        for (const std::string& note : card.quality_notes) WrappedBullet(note);
        ImGui::PopStyleColor();
        ImGui::PopFont();
    }
    ImGui::Dummy(ImVec2(0, 10));
    ImGui::Separator();
    ImGui::PushFont(fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
    ImGui::TextWrapped("%s", card.pem_note.c_str());
    ImGui::PopStyleColor();
    if (!card.about_url.empty()) Link(state, "How the atlas works", card.about_url);
    ImGui::PopFont();
    SectionHeading("Contribute", fonts);
    ImGui::TextWrapped("%s", card.contribute_text.c_str());
    if (!card.contribute_url.empty()) Link(state, "Suggest a correction", card.contribute_url);
    ImGui::Dummy(ImVec2(0, 24));
    ImGui::PopTextWrapPos();
}

// [SECTION] Layout ---------------------------------------------------------------------------

void DrawHeader(State& state, const Fonts& fonts, bool narrow) {
    ImGui::PushFont(fonts.heading);
    ImGui::TextUnformatted(state.atlas ? state.atlas->header.title.c_str() : "ME/CFS Research Atlas");
    ImGui::PopFont();
    if (state.atlas && state.atlas->header.synthetic) {
        ImGui::SameLine();
        ImGui::TextColored(Rgb(0xA32A2A), "Synthetic test data, not real studies");
    }
    if (!narrow) ImGui::SameLine(ImGui::GetContentRegionMax().x * 0.42f);
    ImGui::SetNextItemWidth(narrow ? -1.0f : ImGui::GetContentRegionAvail().x - 150.0f);
    if (ImGui::InputTextWithHint("##search", "Search titles, authors, summaries", state.search_buffer,
                                 sizeof state.search_buffer)) {
        state.query.text = state.search_buffer;
        state.results_stale = true;
    }
    if (!narrow) ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
    ImGui::Text("%zu %s", state.results.size(), state.results.size() == 1 ? "study" : "studies");
    ImGui::PopStyleColor();
    if (!state.status.empty()) ImGui::TextWrapped("%s", state.status.c_str());
}

}  // namespace

void ApplyCalmTheme() {
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowPadding = ImVec2(16, 14);
    style.FramePadding = ImVec2(10, 7);
    style.ItemSpacing = ImVec2(10, 8);
    style.ScrollbarSize = 14;
    style.FrameRounding = 6;
    style.ChildRounding = 6;
    style.GrabRounding = 6;
    style.ScrollbarRounding = 6;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = kInk;
    c[ImGuiCol_TextDisabled] = kMuted;
    c[ImGuiCol_WindowBg] = kPaper;
    c[ImGuiCol_ChildBg] = kPanel;
    c[ImGuiCol_PopupBg] = kPanel;
    c[ImGuiCol_Border] = kRule;
    c[ImGuiCol_FrameBg] = Rgb(0xFFFEFB);
    c[ImGuiCol_FrameBgHovered] = Rgb(0xF1EEE8);
    c[ImGuiCol_FrameBgActive] = Rgb(0xEAE6DE);
    c[ImGuiCol_Button] = Rgb(0xE6ECEC);
    c[ImGuiCol_ButtonHovered] = Rgb(0xD5E2E3);
    c[ImGuiCol_ButtonActive] = Rgb(0xC4D7D9);
    c[ImGuiCol_Header] = Rgb(0xE3ECEC);
    c[ImGuiCol_HeaderHovered] = Rgb(0xEDF1F0);
    c[ImGuiCol_HeaderActive] = Rgb(0xD5E2E3);
    c[ImGuiCol_Separator] = kRule;
    c[ImGuiCol_ScrollbarBg] = kPaper;
    c[ImGuiCol_ScrollbarGrab] = Rgb(0xCFCAC1);
    c[ImGuiCol_ScrollbarGrabHovered] = Rgb(0xB9B3A8);
    c[ImGuiCol_ScrollbarGrabActive] = Rgb(0xA39C90);
    c[ImGuiCol_CheckMark] = kAccent;
    c[ImGuiCol_TextSelectedBg] = Rgb(0xCFE0E1);
    c[ImGuiCol_NavHighlight] = kAccent;
}

void OpenStudy(State& state, int index) {
    if (!state.atlas || index < 0 || (size_t)index >= state.atlas->studies.size() || state.open_study == index) return;
    state.open_study = index;
    state.view_changed = true;
}

void CloseStudy(State& state) {
    if (state.open_study < 0) return;
    state.open_study = -1;
    state.view_changed = true;
}

void SetQueryText(State& state, const std::string& text) {
    std::snprintf(state.search_buffer, sizeof state.search_buffer, "%s", text.c_str());
    state.query.text = state.search_buffer;
    state.results_stale = true;
}

void DrawAtlas(State& state, const Fonts& fonts) {
    state.hovered_link.clear();
    if (state.atlas && state.results_stale) {
        state.results = atlas::RunQuery(*state.atlas, state.query);
        state.results_stale = false;
        state.view_changed = true;
    }
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                             ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("atlas", nullptr, flags);
    bool narrow = viewport->WorkSize.x < 820.0f;
    DrawHeader(state, fonts, narrow);
    ImGui::Dummy(ImVec2(0, 2));
    if (!state.atlas) {
        ImGui::End();
        return;
    }
    bool card_open = state.open_study >= 0;
    if (narrow) {
        // One column: the list, or the card with a way back.
        ImGui::BeginChild(card_open ? "card" : "results", ImVec2(0, 0), false);
        if (card_open) DrawCard(state, fonts, true);
        else DrawResults(state, fonts);
        ImGui::EndChild();
    } else {
        float list_width = std::max(340.0f, ImGui::GetContentRegionAvail().x * 0.40f);
        ImGui::BeginChild("results", ImVec2(list_width, 0), true);
        DrawResults(state, fonts);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("card", ImVec2(0, 0), true);
        if (card_open) DrawCard(state, fonts, false);
        else {
            ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
            ImGui::TextWrapped("Choose a study on the left to read its card.");
            ImGui::PopStyleColor();
        }
        ImGui::EndChild();
    }
    ImGui::End();
}

}  // namespace atlas_ui
