// ui/results.cpp — the results list (ImGuiListClipper, so 100k rows cost what one screen costs)
// and the evidence map (studies per year, stacked by evidence level, with the PEM split).
#include <algorithm>
#include <cstdio>

#include "imgui.h"
#include "screens.h"
#include "theme.h"
#include "widgets.h"

namespace atlas_ui {

void DrawEvidenceMap(State& state, const Fonts& fonts) {
    const atlas::Atlas& atlas = *state.atlas;
    if (state.result.studies.empty()) return;
    // Per year: counts per evidence level and PEM-required over the current results, counted by
    // the core with the query. The axis spans the whole atlas, so it stays put while filters change.
    const atlas::FacetCounts& counts = state.result.counts;
    if (counts.years.empty()) return;
    int first = counts.first_year, last = counts.first_year + (int)counts.years.size() - 1;
    int span = last - first + 1;
    const std::vector<uint32_t>& per_level = counts.years_by_level;
    const std::vector<uint32_t>& pem = counts.years_pem_required;
    uint32_t peak = 1;
    for (int y = 0; y < span; ++y) {
        uint32_t total = 0;
        for (int e = 0; e < atlas::kEvidenceLevelCount; ++e) total += per_level[(size_t)y * atlas::kEvidenceLevelCount + e];
        peak = std::max(peak, total);
    }
    float width = ImGui::GetContentRegionAvail().x, height = 64.0f;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("evidence-map", ImVec2(width, height));
    bool hovered = ImGui::IsItemHovered();
    bool clicked = ImGui::IsItemClicked();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float bar = std::min(28.0f, width / (float)span);
    width = bar * span;
    int hovered_year = hovered ? first + (int)((ImGui::GetIO().MousePos.x - origin.x) / bar) : -1;
    for (int y = 0; y < span; ++y) {
        float x0 = origin.x + y * bar, x1 = x0 + std::max(1.0f, bar - 1.0f);
        float base = origin.y + height;
        uint32_t total = 0;
        for (int e = 0; e < atlas::kEvidenceLevelCount; ++e) {
            uint32_t n = per_level[(size_t)y * atlas::kEvidenceLevelCount + e];
            if (!n) continue;
            float h = height * n / (float)peak;
            draw->AddRectFilled(ImVec2(x0, base - h), ImVec2(x1, base), Col(Colours().evidence_fill[e]));
            base -= h;
            total += n;
        }
        // PEM split: a thin marker along the bottom, as wide a share of the bar as PEM-required studies.
        if (total && pem[y]) {
            float share = pem[y] / (float)total;
            draw->AddRectFilled(ImVec2(x0, origin.y + height + 2), ImVec2(x0 + (x1 - x0) * share, origin.y + height + 5), Col(Colours().pem_bar));
        }
        if (first + y == hovered_year && total) {
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(TN("ui.map_year", total, {std::to_string(hovered_year), atlas::FormatNumber(Language(), pem[y])}).c_str());
            for (int e = 0; e < atlas::kEvidenceLevelCount; ++e)
                if (uint32_t n = per_level[(size_t)y * atlas::kEvidenceLevelCount + e])
                    ImGui::Text("  %s %s: %u", atlas::EvidenceCode((atlas::EvidenceLevel)e).data(),
                                atlas::LevelTextIn(atlas, (atlas::EvidenceLevel)e, Language()).label.c_str(), n);
            ImGui::TextUnformatted(T("ui.map_click"));
            ImGui::EndTooltip();
        }
    }
    ImGui::Dummy(ImVec2(width, 6));
    ImGui::PushFont(fonts.small);
    // First and last year under the ends of the chart.
    char last_label[8];
    std::snprintf(last_label, sizeof last_label, "%d", last);
    float label_y = ImGui::GetCursorScreenPos().y;
    draw->AddText(ImVec2(origin.x, label_y), Col(Colours().muted), std::to_string(first).c_str());
    draw->AddText(ImVec2(origin.x + width - ImGui::CalcTextSize(last_label).x, label_y), Col(Colours().muted), last_label);
    ImGui::Dummy(ImVec2(width, ImGui::GetTextLineHeight()));
    // Legend: one swatch per level and the PEM marker, flowing onto more lines when narrow.
    float right_edge = origin.x + width;
    float swatch = ImGui::GetTextLineHeight() * 0.7f;
    for (int e = 0; e <= atlas::kEvidenceLevelCount; ++e) {
        bool pem_item = e == atlas::kEvidenceLevelCount;
        std::string label = pem_item ? std::string(atlas::PemLabel(atlas::PemCriterion::Required, Language()))
                                     : std::string(atlas::EvidenceCode((atlas::EvidenceLevel)e)) + " " +
                                           atlas::LevelTextIn(atlas, (atlas::EvidenceLevel)e, Language()).label;
        float item_width = swatch + 6 + ImGui::CalcTextSize(label.c_str()).x;
        if (e) {
            ImGui::SameLine(0, 14);
            if (ImGui::GetCursorScreenPos().x + item_width > right_edge) ImGui::NewLine();
        }
        ImVec2 p = ImGui::GetCursorScreenPos();
        if (pem_item) draw->AddRectFilled(ImVec2(p.x, p.y + swatch * 0.6f), ImVec2(p.x + swatch, p.y + swatch * 0.6f + 3), Col(Colours().pem_bar));
        else draw->AddRectFilled(ImVec2(p.x, p.y + 3), ImVec2(p.x + swatch, p.y + 3 + swatch), Col(Colours().evidence_fill[e]), 2.0f);
        ImGui::Dummy(ImVec2(swatch + 2, swatch));
        ImGui::SameLine(0, 4);
        ImGui::TextUnformatted(label.c_str());
    }
    ImGui::PopFont();
    if (clicked && hovered_year >= first && hovered_year <= last) Apply(state, atlas::Command::SetYears(hovered_year, hovered_year));
}

void DrawResults(State& state, const Fonts& fonts) {
    const atlas::Atlas& atlas = *state.atlas;
    const std::vector<uint32_t>& results = state.result.studies;
    if (results.empty()) {
        if (atlas.studies.empty()) MutedText("%s", T("ui.empty_atlas"));
        else MutedText("%s", T("ui.no_match"));
        return;
    }
    float body = ImGui::GetFontSize();
    float small = body * fonts.small->FontSize / fonts.body->FontSize;
    float row_height = body * (2.0f * TextLineSpacing() + 0.04f) + small + 18.0f;
    ImGuiListClipper clipper;
    clipper.Begin((int)results.size(), row_height + ImGui::GetStyle().ItemSpacing.y);
    if (state.cursor >= 0) clipper.ForceDisplayRangeByIndices(state.cursor, state.cursor + 1);
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            uint32_t index = results[row];
            const atlas::Study& s = atlas.studies[index];
            ImGui::PushID((int)index);
            ImVec2 start = ImGui::GetCursorScreenPos();
            float width = ImGui::GetContentRegionAvail().x;
            bool selected = state.open_study == (int)index || state.cursor == row;
            if (ImGui::Selectable("##row", selected, 0, ImVec2(width, row_height))) {
                state.cursor = row;
                OpenStudy(state, (int)index);
            }
            if (state.cursor == row && state.scroll_to_cursor) {
                ImGui::SetScrollHereY(0.5f);
                state.scroll_to_cursor = false;
            }
            ImDrawList* draw = ImGui::GetWindowDrawList();
            ImVec2 p(start.x + 6.0f, start.y + 6.0f);
            float text_x = EvidenceChip(draw, p, fonts.small, small, s.evidence) + 8.0f;
            // Title: at most two lines, with the search words highlighted.
            ImGui::SetCursorScreenPos(ImVec2(text_x, p.y));
            // Clipped at exactly two lines of HighlightedText.
            ImGui::PushClipRect(ImVec2(text_x, p.y), ImVec2(start.x + width, p.y + body * 2 * TextLineSpacing()), true);
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + (start.x + width - 8.0f - text_x));
            std::string title = s.retracted ? T("ui.retracted_prefix") + std::string(atlas.Text(s.title)) : std::string(atlas.Text(s.title));
            ImGui::BeginGroup();
            HighlightedText(title, state, fonts.body);
            ImGui::EndGroup();
            ImGui::PopTextWrapPos();
            ImGui::PopClipRect();
            atlas::SinceVisit since = (size_t)index < state.since.size() ? state.since[index] : atlas::SinceVisit::Same;
            std::string byline = std::string(since == atlas::SinceVisit::New ? std::string(T("ui.new_mark")) + " · "
                                             : since == atlas::SinceVisit::Changed ? std::string(T("ui.changed_mark")) + " · " : "") +
                                 atlas::Byline(atlas, s) + " · " + std::string(atlas.Text(s.journal)) + " · " +
                                 std::to_string(s.year) + " · " + std::string(atlas::PemLabel(s.pem, Language()));
            ImGui::PushClipRect(start, ImVec2(start.x + width - 4.0f, start.y + row_height), true);
            draw->AddText(fonts.small, small, ImVec2(text_x, p.y + body * (2.0f * TextLineSpacing() + 0.04f) + 4.0f), Col(Colours().muted), byline.c_str());
            ImGui::PopClipRect();
            draw->AddLine(ImVec2(start.x, start.y + row_height + 1), ImVec2(start.x + width, start.y + row_height + 1), Col(Colours().rule));
            // Back to where the row's selectable left the cursor, so every row advances by the same height.
            ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + row_height + ImGui::GetStyle().ItemSpacing.y));
            ImGui::PopID();
        }
    }
}

}  // namespace atlas_ui
