// ui/widgets.cpp — shared widgets.
#include "widgets.h"

#include <cstdarg>

#include "theme.h"

namespace atlas_ui {

void Badge(const atlas::CardBadge& badge, const Fonts& fonts, bool first_in_row) {
    ImGui::PushFont(fonts.small);
    BadgeColours colours = ColoursFor(badge.kind, badge.value);
    ImVec2 pad(8.0f, 3.0f);
    ImVec2 text_size = ImGui::CalcTextSize(badge.text.c_str());
    ImVec2 size(text_size.x + pad.x * 2, text_size.y + pad.y * 2);
    if (!first_in_row) {
        // Room left on this line (a table column or a child window, whichever is narrower).
        ImGui::SameLine(0, 6.0f);
        if (ImGui::GetContentRegionAvail().x < size.x) ImGui::NewLine();
    }
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(badge.text.c_str(), size);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), Col(colours.fill), size.y * 0.5f);
    if (Colours().paper.x == 0.0f)  // high contrast: outline every badge
        draw->AddRect(pos, ImVec2(pos.x + size.x, pos.y + size.y), Col(Colours().ink), size.y * 0.5f);
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

void Link(State& state, const std::string& label, const std::string& url) {
    ImGui::PushStyleColor(ImGuiCol_Text, Colours().link);
    ImGui::TextUnformatted(label.c_str());
    ImGui::PopStyleColor();
    ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(min.x, max.y), max, Col(Colours().link), 1.0f);
    if (ImGui::IsItemHovered()) {
        state.hovered_link = url;
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetTooltip("%s (opens in a new tab)", url.c_str());
    }
}

bool RemovableChip(const std::string& label, int id) {
    ImGui::PushID(id);
    std::string text = label + "  \xC3\x97";  // ×
    bool pressed = ImGui::SmallButton(text.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this filter");
    ImGui::PopID();
    return pressed;
}

void WrappedBullet(const std::string& text) {
    ImGui::Bullet();
    ImGui::SameLine();
    ImGui::TextWrapped("%s", text.c_str());
}

void SectionHeading(const char* text, const Fonts& fonts) {
    ImGui::Dummy(ImVec2(0, 10.0f));
    ImGui::PushFont(fonts.heading);
    ImGui::PushStyleColor(ImGuiCol_Text, Colours().accent);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

void MutedText(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    ImGui::PushStyleColor(ImGuiCol_Text, Colours().muted);
    ImGui::TextWrappedV(fmt, args);
    ImGui::PopStyleColor();
    va_end(args);
}

void HighlightedText(const std::string& text, const State& state, ImFont* font) {
    std::vector<atlas::TextSpan> spans;
    if (!state.query.text.empty()) spans = atlas::FindMatches(text, state.query.text, state.atlas);
    float size = font->FontSize * ImGui::GetIO().FontGlobalScale;
    float wrap = ImGui::GetContentRegionAvail().x;
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const char* begin = text.c_str();
    const char* end = begin + text.size();
    const char* line = begin;
    float y = pos.y;
    float line_height = size * kHighlightedLineSpacing;
    while (line < end) {
        const char* line_end = font->CalcWordWrapPositionA(size / font->FontSize, line, end, wrap);
        if (line_end == line) {  // a word wider than the line: force progress by one whole character
            line_end = line + 1;
            while (line_end < end && ((unsigned char)*line_end & 0xC0) == 0x80) ++line_end;
        }
        // Lines outside the clip rect are measured, not drawn: the anti-aliased edge of a highlight
        // just below a clipped row (a title cut at two lines) would otherwise show as a sliver.
        const bool visible = y < draw->GetClipRectMax().y && y + size > draw->GetClipRectMin().y;
        for (const atlas::TextSpan& span : spans) {
            if (!visible) break;
            const char* s = begin + span.offset;
            const char* e = s + span.length;
            if (e <= line || s >= line_end) continue;
            if (s < line) s = line;
            if (e > line_end) e = line_end;
            float x0 = font->CalcTextSizeA(size, FLT_MAX, 0.0f, line, s).x;
            float x1 = font->CalcTextSizeA(size, FLT_MAX, 0.0f, line, e).x;
            draw->AddRectFilled(ImVec2(pos.x + x0 - 1, y), ImVec2(pos.x + x1 + 1, y + size), Col(Colours().highlight), 3.0f);
        }
        if (visible) draw->AddText(font, size, ImVec2(pos.x, y), Col(Colours().ink), line, line_end);
        y += line_height;
        line = line_end;
        while (line < end && (*line == ' ' || *line == '\n')) ++line;
    }
    ImGui::Dummy(ImVec2(wrap, y - pos.y));
}

}  // namespace atlas_ui
