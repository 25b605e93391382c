// ui/widgets.cpp — shared widgets.
#include "widgets.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>

#include "imgui_internal.h"  // ClearActiveID: a press that turned into a drag must not click
#include "theme.h"

namespace atlas_ui {

namespace {
atlas::Lang g_lang = atlas::Lang::En;
}

void UseLanguage(atlas::Lang lang) { g_lang = lang; }
atlas::Lang Language() { return g_lang; }
const char* T(std::string_view key) { return atlas::Tr(g_lang, key).c_str(); }
std::string TF(std::string_view key, std::initializer_list<std::string_view> args) { return atlas::TrF(g_lang, key, args); }
std::string TN(std::string_view key, long long n, std::initializer_list<std::string_view> args) { return atlas::TrN(g_lang, key, n, args); }

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
        ImGui::SetTooltip("%s", TF("ui.link_tip", {url}).c_str());
    }
}

bool RemovableChip(const std::string& label, int id) {
    ImGui::PushID(id);
    std::string text = label + "  \xC3\x97";  // ×
    bool pressed = ImGui::Button(text.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("ui.remove_filter_tip"));
    ImGui::PopID();
    return pressed;
}

void WrappedBullet(const std::string& text) {
    ImGui::Bullet();
    ImGui::SameLine();
    ImGui::TextWrapped("%s", text.c_str());
}

void SectionHeading(const char* text, const Fonts& fonts, bool reading, bool scroll_to) {
    ImGui::Dummy(ImVec2(0, 10.0f));
    ImGui::PushFont(fonts.heading);
    ImGui::PushStyleColor(ImGuiCol_Text, reading ? Colours().ink : Colours().accent);
    if (reading) {
        ImVec2 p = ImGui::GetCursorScreenPos(), size = ImGui::CalcTextSize(text);
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x - 3, p.y - 1), ImVec2(p.x + size.x + 3, p.y + size.y + 1), Col(Colours().reading), 3.0f);
        if (scroll_to) ImGui::SetScrollFromPosY(p.y - ImGui::GetWindowPos().y, 0.3f);
    }
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

void LabelLastItem(const std::string& label) {
#ifdef IMGUI_ENABLE_TEST_ENGINE
    ImGuiContext& g = *GImGui;
    IMGUI_TEST_ENGINE_ITEM_INFO(g.LastItemData.ID, label.c_str(), 0);
#endif
    (void)label;
}

bool LinkButton(const std::string& text, const char* id) {
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    const float wrap = std::max(40.0f, ImGui::GetContentRegionAvail().x);
    const ImVec2 text_size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    const float height = std::max(text_size.y, ImGui::GetFrameHeight());
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton(id, ImVec2(std::max(text_size.x, std::min(wrap, ImGui::GetFrameHeight())), height));
    LabelLastItem(text);
    const bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 colour = Col(Colours().link);
    const char* line = text.c_str();
    const char* end = line + text.size();
    float y = pos.y + (height - text_size.y) * 0.5f;
    while (line < end) {
        const char* line_end = font->CalcWordWrapPositionA(size / font->FontSize, line, end, wrap);
        if (line_end == line) {
            line_end = line + 1;
            while (line_end < end && ((unsigned char)*line_end & 0xC0) == 0x80) ++line_end;
        }
        draw->AddText(font, size, ImVec2(pos.x, y), colour, line, line_end);
        const float width = font->CalcTextSizeA(size, FLT_MAX, 0.0f, line, line_end).x;
        draw->AddLine(ImVec2(pos.x, y + size), ImVec2(pos.x + width, y + size), colour, hovered ? 2.0f : 1.0f);
        y += ImGui::GetTextLineHeight();
        line = line_end;
        while (line < end && (*line == ' ' || *line == '\n')) ++line;
    }
    return pressed;
}

float EvidenceChip(ImDrawList* draw, ImVec2 at, ImFont* font, float size, atlas::EvidenceLevel level) {
    const std::string code(atlas::EvidenceCode(level));
    const BadgeColours colours = ColoursFor(atlas::BadgeKind::Evidence, (int)level);
    const ImVec2 code_size = font->CalcTextSizeA(size, FLT_MAX, 0, code.c_str());
    draw->AddRectFilled(at, ImVec2(at.x + code_size.x + 10, at.y + code_size.y + 4), Col(colours.fill), 4.0f);
    draw->AddText(font, size, ImVec2(at.x + 5, at.y + 2), Col(colours.text), code.c_str());
    return at.x + code_size.x + 10;
}

void PemSwitch(State& state) {
    const bool was_on = state.query.pem_only;
    bool on = was_on;
    if (was_on) ImGui::PushStyleColor(ImGuiCol_Text, Colours().accent);
    if (ImGui::Checkbox(T("ui.pem_only"), &on)) Apply(state, atlas::Command::SetPemOnly(on));
    if (was_on) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", T("ui.pem_only_tip"));
}

void HighlightedText(const std::string& text, const State& state, ImFont* font, const atlas::TextSpan* reading, bool scroll_to) {
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
    float line_height = size * TextLineSpacing();
    while (line < end) {
        const char* line_end = font->CalcWordWrapPositionA(size / font->FontSize, line, end, wrap);
        if (line_end == line) {  // a word wider than the line: force progress by one whole character
            line_end = line + 1;
            while (line_end < end && ((unsigned char)*line_end & 0xC0) == 0x80) ++line_end;
        }
        // Lines outside the clip rect are measured, not drawn: the anti-aliased edge of a highlight
        // just below a clipped row (a title cut at two lines) would otherwise show as a sliver.
        const bool visible = y < draw->GetClipRectMax().y && y + size > draw->GetClipRectMin().y;
        if (reading) {
            const char* s = begin + std::min<size_t>(reading->offset, text.size());
            const char* e = begin + std::min<size_t>((size_t)reading->offset + reading->length, text.size());
            if (s < line_end && e > line) {
                if (scroll_to && s >= line) ImGui::SetScrollFromPosY(y - ImGui::GetWindowPos().y, 0.3f);
                if (visible) {
                    if (s < line) s = line;
                    if (e > line_end) e = line_end;
                    float x0 = font->CalcTextSizeA(size, FLT_MAX, 0.0f, line, s).x;
                    float x1 = font->CalcTextSizeA(size, FLT_MAX, 0.0f, line, e).x;
                    draw->AddRectFilled(ImVec2(pos.x + x0 - 2, y - 1), ImVec2(pos.x + x1 + 2, y + size + 1), Col(Colours().reading), 3.0f);
                }
            }
        }
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

bool CheckRow(const std::string& label, uint32_t count, bool on, bool muted) {
    const ImGuiStyle& style = ImGui::GetStyle();
    char suffix[24];
    std::snprintf(suffix, sizeof suffix, " (%u)", count);
    std::string text = label + suffix;
    float box = ImGui::GetFontSize();
    float width = ImGui::GetContentRegionAvail().x;
    float text_x = box + style.ItemInnerSpacing.x * 2;
    float wrap = std::max(40.0f, width - text_x - style.FramePadding.x);
    ImVec2 text_size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    float height = std::max(ImGui::GetFrameHeight(), text_size.y + style.FramePadding.y);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    bool pressed = ImGui::InvisibleButton("##row", ImVec2(width, height));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    if (ImGui::IsItemHovered() && !Calm()) draw->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height), Col(ImGui::GetStyleColorVec4(ImGuiCol_HeaderHovered)), 4.0f);
    ImVec2 box_min(pos.x + style.ItemInnerSpacing.x * 0.5f, pos.y + (height - box) * 0.5f);
    ImVec2 box_max(box_min.x + box, box_min.y + box);
    draw->AddRectFilled(box_min, box_max, Col(ImGui::GetStyleColorVec4(ImGuiCol_FrameBg)), 3.0f);
    draw->AddRect(box_min, box_max, Col(ImGui::GetStyleColorVec4(ImGuiCol_Border)), 3.0f, 0, 1.5f);
    if (on) {
        draw->AddRectFilled(box_min, box_max, Col(Colours().accent), 3.0f);
        ImGui::RenderCheckMark(draw, ImVec2(box_min.x + box * 0.18f, box_min.y + box * 0.18f), Col(Colours().panel), box * 0.64f);
    }
    ImVec4 ink = muted ? Colours().muted : Colours().ink;
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x + text_x, pos.y + (height - text_size.y) * 0.5f), Col(ink),
                  text.c_str(), nullptr, wrap);
    return pressed;
}

void SearchField(State& state, float width) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float height = ImGui::GetFrameHeight();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    // Pressed with no page input over it (natively, or while the page's input is hidden): ask for it.
    if (ImGui::InvisibleButton("##search-field", ImVec2(width, height))) state.page_request = "search";
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_TextInput);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 end(pos.x + width, pos.y + height);
    draw->AddRectFilled(pos, end, Col(ImGui::GetStyleColorVec4(ImGuiCol_FrameBg)), style.FrameRounding);
    draw->AddRect(pos, end, Col(ImGui::GetStyleColorVec4(ImGuiCol_Border)), style.FrameRounding, 0, style.FrameBorderSize);
    bool empty = state.query.text.empty();
    const char* text = empty ? T("ui.search_hint") : state.query.text.c_str();
    ImGui::PushClipRect(pos, end, true);
    draw->AddText(ImVec2(pos.x + style.FramePadding.x, pos.y + (height - ImGui::GetFontSize()) * 0.5f),
                  Col(empty ? Colours().muted : Colours().ink), text);
    ImGui::PopClipRect();
    state.search_field = {pos.x, pos.y, width, height, ImGui::GetFontSize(), true};
}

void TouchScrollRegion(State& state) {
    constexpr float kSlop = 8.0f;       // CSS px a press may wander and still be a tap
    constexpr float kFriction = 3.5f;   // momentum decays as exp(-kFriction * seconds)
    constexpr float kStopSpeed = 15.0f; // px/s below which momentum stops
    ImGuiIO& io = ImGui::GetIO();
    TouchScroll& t = state.touch;
    ImGuiID id = ImGui::GetID("##touch-scroll");
    float dt = std::min(io.DeltaTime, 1.0f / 30.0f);  // after an idle pause the first step stays small
    bool hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows | ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && hovered && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) {
        // A touch on a list that is still gliding only stops it, as on native lists.
        bool stopping = t.owner == id && t.velocity != 0.0f;
        t = {};
        t.owner = id;
        if (stopping) {
            t.dragging = true;  // treated as a drag from the start: it presses nothing
            ImGui::ClearActiveID();
        }
        t.pressed = true;
        t.press_x = io.MousePos.x;
        t.press_y = io.MousePos.y;
    }
    if (t.owner != id) return;
    if (t.pressed) {
        if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
            t.pressed = false;
            // Release speed from the last samples (up to ~80 ms): a flick keeps going.
            if (t.dragging && t.samples >= 2) {
                int n = std::min(t.samples, 4), last = (t.samples - 1) % 4, first = (t.samples - n) % 4;
                float span = t.sample_t[last] - t.sample_t[first];
                if (span > 0.0f && span < 0.12f) t.velocity = (t.sample_y[last] - t.sample_y[first]) / span;
            }
            t.dragging = false;
            if (std::fabs(t.velocity) < kStopSpeed * 4 || Calm()) t.velocity = 0;  // low stimulation: no glide
        } else {
            if (!t.dragging && (std::fabs(io.MousePos.y - t.press_y) > kSlop || std::fabs(io.MousePos.x - t.press_x) > kSlop)) {
                t.dragging = true;
                ImGui::ClearActiveID();  // the row, button or box under the finger is not pressed after all
            }
            if (t.dragging) {
                ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
                t.sample_y[t.samples % 4] = io.MousePos.y;
                t.sample_t[t.samples % 4] = (float)ImGui::GetTime();
                ++t.samples;
                state.wants_frames = true;
            }
        }
        return;
    }
    if (t.velocity != 0.0f) {
        float before = ImGui::GetScrollY();
        ImGui::SetScrollY(before - t.velocity * dt);
        t.velocity *= std::exp(-kFriction * dt);
        bool at_end = (t.velocity > 0 && before <= 0.0f) || (t.velocity < 0 && before >= ImGui::GetScrollMaxY());
        if (std::fabs(t.velocity) < kStopSpeed || at_end) t.velocity = 0;
        else state.wants_frames = true;
    }
}

}  // namespace atlas_ui
