// ui/grid.cpp — the evidence gap map (topics × evidence level or publication type, each cell its
// studies and the share in cohorts that required PEM) and the topic pages. Both draw what the core
// counted (atlas::FacetCounts::grid_*, atlas::BuildTopicPage) and change the view only by commands.
//
// Wide screens: the map beside the studies it filters to. Phones: one column, topic by topic, every
// cell a finger's size. Keys on the canvas: arrows move between cells, Enter chooses one.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "atlas/facets.h"
#include "imgui.h"
#include "screens.h"
#include "theme.h"
#include "widgets.h"

namespace atlas_ui {
namespace {

using atlas::Command;
using atlas::GridAxis;
using atlas::GridCell;

constexpr float kTopicColumn = 230.0f;   // at the body size (kBodySize); widths follow the reader's text size
constexpr int kGridLevelColumns = atlas::kEvidenceLevelCount;

// A cell: its count large, the PEM share small beneath, tinted by how many studies it holds.
// `label` (phones) names the column above the count.
bool Cell(const std::string& name, GridCell cell, uint32_t peak, bool selected, bool cursor, ImVec2 size, const Fonts& fonts,
          const std::string& label = {}) {
    const Palette& colours = Colours();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    bool pressed = ImGui::InvisibleButton("##cell", size);
    LabelLastItem(name);
    bool hovered = ImGui::IsItemHovered();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 end(pos.x + size.x, pos.y + size.y);
    ImVec4 fill = colours.accent;
    fill.w = cell.count ? 0.08f + 0.27f * std::sqrt((float)cell.count / (float)std::max(1u, peak)) : 0.0f;
    if (hovered) fill.w += 0.10f;
    draw->AddRectFilled(pos, end, Col(fill), 5.0f);
    draw->AddRect(pos, end, Col(colours.rule), 5.0f);
    const float body = ImGui::GetFontSize();
    const float small = body * fonts.small->FontSize / fonts.body->FontSize;
    std::string count = cell.count ? std::to_string(cell.count) : std::string("\xE2\x80\x93");  // –
    std::string share = atlas::PemShare(cell.count, cell.pem);
    float block = body + (share.empty() ? 0.0f : small + 1.0f) + (label.empty() ? 0.0f : small + 1.0f);
    float y = pos.y + (size.y - block) * 0.5f;
    auto centred = [&](ImFont* font, float font_size, const std::string& text, const ImVec4& ink) {
        float w = font->CalcTextSizeA(font_size, FLT_MAX, 0.0f, text.c_str()).x;
        draw->AddText(font, font_size, ImVec2(pos.x + (size.x - w) * 0.5f, y), Col(ink), text.c_str());
        y += font_size + 1.0f;
    };
    if (!label.empty()) centred(fonts.small, small, label, colours.muted);
    centred(fonts.body, body, count, cell.count ? colours.ink : colours.muted);
    if (!share.empty()) centred(fonts.small, small, share, colours.ink);
    if (selected) draw->AddRect(ImVec2(pos.x + 1, pos.y + 1), ImVec2(end.x - 1, end.y - 1), Col(colours.accent), 5.0f, 0, 3.0f);
    if (cursor) draw->AddRect(ImVec2(pos.x - 3, pos.y - 3), ImVec2(end.x + 3, end.y + 3), Col(colours.ink), 7.0f, 0, 2.0f);
    if (hovered) {
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(atlas::GridCellSentence(cell).c_str());
        ImGui::TextUnformatted(selected ? "Choose again to remove this filter" : "Choose to list these studies");
        ImGui::EndTooltip();
    }
    return pressed;
}

// "cell Immunology E1": what the tests find a cell by.
std::string CellName(const State& state, uint32_t tag, int column) {
    return "cell " + state.atlas->tags[tag].label + " " + std::string(atlas::GridColumnCode(state.grid_axis, column));
}

uint32_t Peak(const State& state, const std::vector<int>& columns) {
    uint32_t peak = 1;
    const atlas::FacetCounts& counts = state.result.counts;
    for (size_t r = 0; r < counts.grid_topics.size(); ++r)
        for (int c : columns) peak = std::max(peak, atlas::GridCellAt(counts, state.grid_axis, r, c).count);
    return peak;
}

uint32_t RowTotal(const State& state, size_t row, const std::vector<int>& columns) {
    uint32_t total = 0;
    for (int c : columns) total += atlas::GridCellAt(state.result.counts, state.grid_axis, row, c).count;
    return total;
}

void ChooseCell(State& state, size_t row, int column, bool phone) {
    const uint32_t tag = state.result.counts.grid_topics[row];
    const bool was_selected = atlas::CellSelected(state.query, tag, state.grid_axis, column);
    Apply(state, Command::SelectCell(tag, state.grid_axis, column));
    // A phone has no room for the list beside the map: show it (unless the cell was just cleared).
    if (phone && !was_selected) Apply(state, Command::ShowScreen(atlas::Screen::Atlas));
}

void TopicHeader(State& state, size_t row, uint32_t total) {
    const uint32_t tag = state.result.counts.grid_topics[row];
    char text[320];
    std::snprintf(text, sizeof text, "%s (%u)", state.atlas->tags[tag].label.c_str(), total);
    ImGui::PushID((int)row);
    if (LinkButton(text, "##topic")) Apply(state, Command::ShowTopic(tag));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open the topic page");
    ImGui::PopID();
}

void AxisSwitch(State& state) {
    ImGui::AlignTextToFramePadding();
    MutedText("Columns");
    ImGui::SameLine();
    const char* labels[] = {"Evidence level", "Publication type"};
    for (int i = 0; i < 2; ++i) {
        if (i) ImGui::SameLine(0, 4);
        bool on = (int)state.grid_axis == i;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(labels[i])) Apply(state, Command::SetGridAxis((GridAxis)i));
        if (on) ImGui::PopStyleColor();
    }
}

// Wide: a table, the topics down the side, the columns across; scrolls both ways when it must.
void DrawGridTable(State& state, const Fonts& fonts, const std::vector<int>& columns) {
    const atlas::FacetCounts& counts = state.result.counts;
    const uint32_t peak = Peak(state, columns);
    const bool levels = state.grid_axis == GridAxis::Level;
    const float scale = ImGui::GetFontSize() / kBodySize;   // the reader's text size
    const float topic_column = kTopicColumn * scale;
    const float cell_width = (levels ? 118.0f : 104.0f) * scale, cell_height = ImGui::GetFontSize() * 3.05f;
    ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit |
                            ImGuiTableFlags_NoSavedSettings;
    // The frozen heading row keeps the panel's colour (it hides what scrolls under it), ink on it.
    ImGui::PushStyleColor(ImGuiCol_TableHeaderBg, ImGui::GetStyleColorVec4(ImGuiCol_ChildBg).w > 0 ? ImGui::GetStyleColorVec4(ImGuiCol_ChildBg)
                                                                                                 : Colours().panel);
    if (!ImGui::BeginTable("gap-map", 1 + (int)columns.size(), flags)) {
        ImGui::PopStyleColor();
        return;
    }
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("Topic", ImGuiTableColumnFlags_WidthFixed, topic_column);
    for (size_t c = 0; c < columns.size(); ++c) ImGui::TableSetupColumn("##column", ImGuiTableColumnFlags_WidthFixed, cell_width);
    // Column headings wrap (publication types are long); every heading row as tall as its tallest.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    ImGui::TableSetColumnIndex(0);
    ImGui::PushFont(fonts.small);
    ImGui::TextUnformatted("Topic (studies)");
    for (size_t c = 0; c < columns.size(); ++c) {
        ImGui::TableSetColumnIndex(1 + (int)c);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + cell_width - 4);
        ImGui::TextWrapped("%s", atlas::GridColumnLabel(*state.atlas, state.grid_axis, columns[c]).c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::PopFont();
    for (size_t r = 0; r < counts.grid_topics.size(); ++r) {
        ImGui::TableNextRow(0, cell_height + 6);
        ImGui::TableSetColumnIndex(0);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + topic_column - 8);
        TopicHeader(state, r, RowTotal(state, r, columns));
        ImGui::PopTextWrapPos();
        for (size_t c = 0; c < columns.size(); ++c) {
            ImGui::TableSetColumnIndex(1 + (int)c);
            ImGui::PushID((int)(r * 64 + c));
            const uint32_t tag = counts.grid_topics[r];
            const bool cursor = state.grid_keyboard && state.grid_row == (int)r && state.grid_column == (int)c;
            GridCell cell = atlas::GridCellAt(counts, state.grid_axis, r, columns[c]);
            if (Cell(CellName(state, tag, columns[c]), cell, peak, atlas::CellSelected(state.query, tag, state.grid_axis, columns[c]),
                     cursor, ImVec2(cell_width - 8, cell_height), fonts))
                ChooseCell(state, r, columns[c], false);
            if (cursor && state.scroll_to_cursor) {
                ImGui::SetScrollHereY(0.5f);
                state.scroll_to_cursor = false;
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
    ImGui::PopStyleColor();
}

// Phones: topic by topic. Levels: four cells in a row; publication types: a row for each type the
// topic has (the map's gaps are in the wide table and the text view).
void DrawGridList(State& state, const Fonts& fonts, const std::vector<int>& columns) {
    const atlas::FacetCounts& counts = state.result.counts;
    const uint32_t peak = Peak(state, columns);
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    for (size_t r = 0; r < counts.grid_topics.size(); ++r) {
        const uint32_t tag = counts.grid_topics[r];
        ImGui::PushID((int)r);
        ImGui::Dummy(ImVec2(0, 4));
        TopicHeader(state, r, RowTotal(state, r, columns));
        if (state.grid_axis == GridAxis::Level) {
            const float width = (ImGui::GetContentRegionAvail().x - spacing * (kGridLevelColumns - 1)) / kGridLevelColumns;
            for (size_t c = 0; c < columns.size(); ++c) {
                if (c) ImGui::SameLine();
                ImGui::PushID((int)c);
                const bool cursor = state.grid_keyboard && state.grid_row == (int)r && state.grid_column == (int)c;
                GridCell cell = atlas::GridCellAt(counts, state.grid_axis, r, columns[c]);
                if (Cell(CellName(state, tag, columns[c]), cell, peak, atlas::CellSelected(state.query, tag, state.grid_axis, columns[c]),
                         cursor, ImVec2(width, std::max(ImGui::GetFrameHeight(), ImGui::GetFontSize() * 3.9f)), fonts,
                         std::string(atlas::GridColumnCode(state.grid_axis, columns[c]))))
                    ChooseCell(state, r, columns[c], true);
                ImGui::PopID();
            }
        } else {
            bool any = false;
            for (size_t c = 0; c < columns.size(); ++c) {
                GridCell cell = atlas::GridCellAt(counts, state.grid_axis, r, columns[c]);
                const bool selected = atlas::CellSelected(state.query, tag, state.grid_axis, columns[c]);
                if (!cell.count && !selected) continue;
                any = true;
                ImGui::PushID((int)c);
                const ImVec2 pos = ImGui::GetCursorScreenPos();
                const float width = ImGui::GetContentRegionAvail().x, height = ImGui::GetFrameHeight();
                const bool pressed = ImGui::InvisibleButton("##type-cell", ImVec2(width, height));
                LabelLastItem(CellName(state, tag, columns[c]));
                if (pressed) ChooseCell(state, r, columns[c], true);
                ImDrawList* draw = ImGui::GetWindowDrawList();
                ImVec4 fill = Colours().accent;
                fill.w = 0.08f + 0.27f * std::sqrt((float)cell.count / (float)peak) + (ImGui::IsItemHovered() ? 0.1f : 0.0f);
                draw->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height), Col(fill), 5.0f);
                if (selected) draw->AddRect(pos, ImVec2(pos.x + width, pos.y + height), Col(Colours().accent), 5.0f, 0, 3.0f);
                const std::string label = atlas::GridColumnLabel(*state.atlas, state.grid_axis, columns[c]);
                const std::string figures = std::to_string(cell.count) + "  " + atlas::PemShare(cell.count, cell.pem);
                const float text_y = pos.y + (height - ImGui::GetFontSize()) * 0.5f;
                const float figures_width = ImGui::CalcTextSize(figures.c_str()).x;
                draw->PushClipRect(pos, ImVec2(pos.x + width - figures_width - 16, pos.y + height), true);
                draw->AddText(ImVec2(pos.x + 10, text_y), Col(Colours().ink), label.c_str());
                draw->PopClipRect();
                draw->AddText(ImVec2(pos.x + width - figures_width - 10, text_y), Col(Colours().ink), figures.c_str());
                ImGui::PopID();
            }
            if (!any) MutedText("No studies under the current search and filters.");
        }
        ImGui::PopID();
    }
}

}  // namespace

void DrawGridScreen(State& state, const Fonts& fonts, bool phone) {
    if (ImGui::Button("\xE2\x86\x90 Back to results")) Apply(state, Command::Back());
    ImGui::SameLine();
    ImGui::PushFont(fonts.heading);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Evidence gap map");
    ImGui::PopFont();
    PemSwitch(state);
    if (!phone) ImGui::SameLine(0, 24);
    AxisSwitch(state);
    const atlas::FacetCounts& counts = state.result.counts;
    if (counts.grid_topics.empty()) {
        MutedText("This atlas names no topics, so there is no map to draw.");
        return;
    }
    const std::vector<int> columns = atlas::GridColumns(counts, state.grid_axis, state.query);
    state.grid_row = std::clamp(state.grid_row, 0, (int)counts.grid_topics.size() - 1);
    state.grid_column = std::clamp(state.grid_column, 0, std::max(0, (int)columns.size() - 1));
    ImGui::PushFont(fonts.small);
    MutedText("Topics by %s. Each cell: how many studies, and the share in cohorts that required PEM. Choose a cell to "
              "list its studies, a topic for its page. The map follows the search and every filter except its own rows "
              "and columns.",
              state.grid_axis == GridAxis::Level ? "evidence level" : "publication type");
    ImGui::PopFont();
    if (phone) {
        ImGui::BeginChild("grid-scroll", ImVec2(0, 0), false);
        DrawGridList(state, fonts, columns);
        TouchScrollRegion(state);
        ImGui::EndChild();
        return;
    }
    const float list_width = std::max(320.0f, ImGui::GetContentRegionAvail().x * 0.36f);
    ImGui::BeginChild("grid-map", ImVec2(ImGui::GetContentRegionAvail().x - list_width - ImGui::GetStyle().ItemSpacing.x, 0), true);
    DrawGridTable(state, fonts, columns);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("grid-results", ImVec2(0, 0), true);
    MutedText("%zu %s", state.result.studies.size(), state.result.studies.size() == 1 ? "study" : "studies");
    DrawChips(state);
    ImGui::BeginChild("grid-results-list", ImVec2(0, 0), false);
    DrawResults(state, fonts);
    TouchScrollRegion(state);
    ImGui::EndChild();
    ImGui::EndChild();
}

void GridKeyboard(State& state) {
    const atlas::FacetCounts& counts = state.result.counts;
    if (counts.grid_topics.empty()) return;
    const int rows = (int)counts.grid_topics.size();
    const std::vector<int> shown = atlas::GridColumns(counts, state.grid_axis, state.query);
    const int columns = (int)shown.size();
    if (!columns) return;
    // The columns shown change with the filters: the keyboard's cell stays inside them.
    state.grid_row = std::clamp(state.grid_row, 0, rows - 1);
    state.grid_column = std::clamp(state.grid_column, 0, columns - 1);
    auto key = [](ImGuiKey k) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k)); };
    int row = state.grid_row, column = state.grid_column;
    bool moved = false;
    if (key(ImGuiKey_DownArrow)) row += 1, moved = true;
    if (key(ImGuiKey_UpArrow)) row -= 1, moved = true;
    if (key(ImGuiKey_RightArrow)) column += 1, moved = true;
    if (key(ImGuiKey_LeftArrow)) column -= 1, moved = true;
    if (moved) {
        // The first key shows where the keyboard is; the next ones move it.
        if (state.grid_keyboard) {
            state.grid_row = std::clamp(row, 0, rows - 1);
            state.grid_column = std::clamp(column, 0, columns - 1);
        }
        state.grid_keyboard = true;
        state.scroll_to_cursor = true;
    }
    if (key(ImGuiKey_Enter) && state.grid_keyboard)
        Apply(state, Command::SelectCell(counts.grid_topics[state.grid_row], state.grid_axis, shown[state.grid_column]));
}

// [SECTION] Topic pages

namespace {

void LevelRows(State& state, const atlas::TopicPage& t, const Fonts& fonts) {
    uint32_t peak = 1;
    for (uint32_t n : t.levels) peak = std::max(peak, n);
    const float label_width = std::min(190.0f, ImGui::GetContentRegionAvail().x * 0.42f);
    // The figures beside each bar ("13 · 8% PEM"), in the small font: the bars take the room left.
    const float small = ImGui::GetFontSize() * fonts.small->FontSize / fonts.body->FontSize;
    float figures = 0;
    for (int e = 0; e < atlas::kEvidenceLevelCount; ++e) {
        const std::string share = atlas::PemShare(t.levels[e], t.levels_pem[e]);
        const std::string text = std::to_string(t.levels[e]) + (share.empty() ? "" : " \xC2\xB7 " + share);
        figures = std::max(figures, fonts.small->CalcTextSizeA(small, FLT_MAX, 0.0f, text.c_str()).x);
    }
    for (int e = 0; e < atlas::kEvidenceLevelCount; ++e) {
        const std::string label = atlas::GridColumnLabel(*state.atlas, GridAxis::Level, e);
        ImGui::TextUnformatted(label.c_str());
        ImGui::SameLine(label_width);
        ImVec2 pos = ImGui::GetCursorScreenPos();
        const float bar_room = std::max(40.0f, ImGui::GetContentRegionAvail().x - figures - 2 * ImGui::GetStyle().ItemSpacing.x);
        const float h = ImGui::GetTextLineHeight() * 0.7f, y = pos.y + ImGui::GetTextLineHeight() * 0.15f;
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const float w = bar_room * t.levels[e] / (float)peak, w_pem = bar_room * t.levels_pem[e] / (float)peak;
        if (t.levels[e]) draw->AddRectFilled(ImVec2(pos.x, y), ImVec2(pos.x + w, y + h), Col(Colours().evidence_fill[e]), 3.0f);
        if (t.levels_pem[e]) draw->AddRectFilled(ImVec2(pos.x, y + h - 3), ImVec2(pos.x + w_pem, y + h), Col(Colours().pem_bar));
        ImGui::Dummy(ImVec2(bar_room, ImGui::GetTextLineHeight()));
        ImGui::SameLine();
        std::string share = atlas::PemShare(t.levels[e], t.levels_pem[e]);
        ImGui::PushFont(fonts.small);
        MutedText("%u%s%s", t.levels[e], share.empty() ? "" : " · ", share.c_str());
        ImGui::PopFont();
    }
}

void Timeline(const atlas::TopicPage& t, const Fonts& fonts) {
    if (t.years.empty()) return;
    uint32_t peak = 1;
    for (uint32_t n : t.years) peak = std::max(peak, n);
    const float width = ImGui::GetContentRegionAvail().x, height = 56.0f;
    const float bar = std::min(24.0f, width / (float)t.years.size());
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("timeline", ImVec2(width, height));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const int hovered_year = hovered ? (int)((ImGui::GetIO().MousePos.x - origin.x) / bar) : -1;
    for (size_t y = 0; y < t.years.size(); ++y) {
        if (!t.years[y]) continue;
        const float x0 = origin.x + y * bar, x1 = x0 + std::max(1.0f, bar - 2.0f);
        const float h = std::max(2.0f, height * t.years[y] / (float)peak);
        draw->AddRectFilled(ImVec2(x0, origin.y + height - h), ImVec2(x1, origin.y + height), Col(Colours().accent), 2.0f);
        if (t.years_pem[y]) {
            const float share = t.years_pem[y] / (float)t.years[y];
            draw->AddRectFilled(ImVec2(x0, origin.y + height + 2), ImVec2(x0 + (x1 - x0) * share, origin.y + height + 5), Col(Colours().pem_bar));
        }
        if ((int)y == hovered_year)
            ImGui::SetTooltip("%d: %u %s, %u in cohorts that required PEM", t.first_year + (int)y, t.years[y],
                              t.years[y] == 1 ? "study" : "studies", t.years_pem[y]);
    }
    ImGui::Dummy(ImVec2(width, 6));
    ImGui::PushFont(fonts.small);
    const int last = t.first_year + (int)t.years.size() - 1;
    MutedText("%d", t.first_year);
    if (last != t.first_year) {
        char label[8];
        std::snprintf(label, sizeof label, "%d", last);
        ImGui::SameLine(std::max(ImGui::GetCursorPosX(), origin.x - ImGui::GetWindowPos().x + bar * t.years.size() - ImGui::CalcTextSize(label).x));
        MutedText("%s", label);
    }
    MutedText("Bars: studies a year. The line beneath: the share in cohorts that required PEM.");
    ImGui::PopFont();
}

// A study's link on a topic page: opens its card (back returns here); outside the atlas, its page.
void TopicLink(State& state, const atlas::CardLink& link, const char* id) {
    std::string text = (link.retracted ? "[Retracted] " : "") + link.text;
    if (LinkButton(text, id) && link.study >= 0) Apply(state, Command::Open((uint32_t)link.study));
    if (ImGui::IsItemHovered() && link.study < 0 && !link.url.empty()) {
        state.hovered_link = link.url;
        ImGui::SetTooltip("%s (opens in a new tab)", link.url.c_str());
    }
}

void TopicStudies(State& state, const atlas::TopicPage& t, const Fonts& fonts) {
    const atlas::Atlas& atlas = *state.atlas;
    const float body = ImGui::GetFontSize();
    const float small = body * fonts.small->FontSize / fonts.body->FontSize;
    const float row_height = body * 2.4f + small + 18.0f;
    ImGuiListClipper clipper;
    clipper.Begin((int)t.studies.size(), row_height + ImGui::GetStyle().ItemSpacing.y);
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const uint32_t index = t.studies[row];
            const atlas::Study& s = atlas.studies[index];
            ImGui::PushID((int)index);
            ImVec2 start = ImGui::GetCursorScreenPos();
            const float width = ImGui::GetContentRegionAvail().x;
            if (ImGui::Selectable("##topic-study", state.open_study == (int)index, 0, ImVec2(width, row_height)))
                Apply(state, Command::Open(index));
            ImDrawList* draw = ImGui::GetWindowDrawList();
            ImVec2 p(start.x + 6.0f, start.y + 6.0f);
            const float text_x = EvidenceChip(draw, p, fonts.small, small, s.evidence) + 8.0f;
            std::string title = s.retracted ? "[Retracted] " + std::string(atlas.Text(s.title)) : std::string(atlas.Text(s.title));
            ImGui::PushClipRect(ImVec2(text_x, p.y), ImVec2(start.x + width, p.y + body * 2 * TextLineSpacing()), true);
            draw->AddText(fonts.body, body, ImVec2(text_x, p.y), Col(Colours().ink), title.c_str(), nullptr, start.x + width - 8.0f - text_x);
            ImGui::PopClipRect();
            std::string byline = atlas::Byline(atlas, s) + " · " + std::to_string(s.year) + " · " + std::string(atlas::PemLabel(s.pem));
            ImGui::PushClipRect(start, ImVec2(start.x + width - 4.0f, start.y + row_height), true);
            draw->AddText(fonts.small, small, ImVec2(text_x, p.y + body * 2.4f + 4.0f), Col(Colours().muted), byline.c_str());
            ImGui::PopClipRect();
            draw->AddLine(ImVec2(start.x, start.y + row_height + 1), ImVec2(start.x + width, start.y + row_height + 1), Col(Colours().rule));
            ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + row_height + ImGui::GetStyle().ItemSpacing.y));
            ImGui::PopID();
        }
    }
}

}  // namespace

void DrawTopicScreen(State& state, const Fonts& fonts, bool phone) {
    const atlas::TopicPage& t = state.topic_page;
    const char* back = state.topic_return == atlas::Screen::Grid ? "\xE2\x86\x90 Back to the evidence gap map" : "\xE2\x86\x90 Back to results";
    if (ImGui::Button(back)) Apply(state, Command::Back());
    // One readable column, centred on wide screens.
    const float avail = ImGui::GetContentRegionAvail().x;
    const float column = phone ? avail : std::min(avail, 780.0f);
    if (!phone && avail > column) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - column) * 0.5f);
    ImGui::BeginChild("topic-scroll", ImVec2(column, 0), false);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::PushFont(fonts.title);
    ImGui::TextWrapped("Topic: %s", t.name.c_str());
    ImGui::PopFont();
    ImGui::TextWrapped("%s", atlas::TopicSummary(t).c_str());
    PemSwitch(state);
    if (t.total) {
        SectionHeading("By evidence level", fonts);
        LevelRows(state, t, fonts);
        ImGui::PushFont(fonts.small);
        MutedText("The level describes the type of study, not a guarantee of its quality.");
        ImGui::PopFont();
        SectionHeading("Timeline", fonts);
        Timeline(t, fonts);
    }
    if (!t.relations.empty()) {
        SectionHeading("Links between studies", fonts);
        int n = 0;
        for (const atlas::TopicRelationGroup& group : t.relations) {
            ImGui::Dummy(ImVec2(0, 4));
            ImGui::PushFont(fonts.heading);
            ImGui::TextUnformatted(group.heading.c_str());
            ImGui::PopFont();
            for (const atlas::TopicRelation& r : group.relations) {
                ImGui::PushID(n++);
                TopicLink(state, r.from, "##from");
                MutedText("%s", r.phrase.c_str());
                TopicLink(state, r.to, "##to");
                if (!r.note.empty()) {
                    ImGui::PushFont(fonts.small);
                    MutedText("%s", r.note.c_str());
                    ImGui::PopFont();
                }
                ImGui::Dummy(ImVec2(0, 6));
                ImGui::PopID();
            }
        }
    }
    SectionHeading("Studies, strongest evidence type first", fonts);
    ImGui::PushFont(fonts.small);
    MutedText("Newest first within each level; retracted papers after the others of their level.");
    ImGui::PopFont();
    ImGui::PopTextWrapPos();
    TopicStudies(state, t, fonts);
    ImGui::Dummy(ImVec2(0, 24));
    TouchScrollRegion(state);
    ImGui::EndChild();
}

}  // namespace atlas_ui
