// ui/filters.cpp — the filter panel (facets with live counts, years, tags) and the chip row.
#include <algorithm>
#include <cstdio>

#include "atlas/facets.h"
#include "imgui.h"
#include "screens.h"
#include "theme.h"
#include "widgets.h"

namespace atlas_ui {
namespace {

using atlas::Command;

// A year chooser as a list (no typing on the canvas, and a finger can hit it): 0 is "any".
bool YearCombo(const char* id, const char* any_label, int& year, int first, int last, float width) {
    char preview[16];
    std::snprintf(preview, sizeof preview, "%d", year);
    bool changed = false;
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo(id, year ? preview : any_label, ImGuiComboFlags_HeightLarge)) {
        if (ImGui::Selectable(any_label, year == 0)) year = 0, changed = true;
        for (int y = last; y >= first; --y) {
            std::snprintf(preview, sizeof preview, "%d", y);
            if (ImGui::Selectable(preview, year == y)) year = y, changed = true;
            if (year == y && ImGui::IsWindowAppearing()) ImGui::SetScrollHereY(0.5f);
        }
        ImGui::EndCombo();
    }
    return changed;
}

void DrawYearFacet(State& state, const atlas::FacetCounts& counts) {
    if (counts.years.empty()) return;
    int first = counts.first_year, last = counts.first_year + (int)counts.years.size() - 1;
    // A small histogram of the studies per year under the other filters; the selected span is darker.
    uint32_t peak = 1;
    for (uint32_t n : counts.years) peak = std::max(peak, n);
    float width = ImGui::GetContentRegionAvail().x, height = 36.0f;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float bar = width / (float)counts.years.size();
    int lo = state.query.year_min ? state.query.year_min : first, hi = state.query.year_max ? state.query.year_max : last;
    for (size_t i = 0; i < counts.years.size(); ++i) {
        if (!counts.years[i]) continue;
        float h = std::max(2.0f, height * counts.years[i] / (float)peak);
        int year = first + (int)i;
        ImVec4 colour = year >= lo && year <= hi ? Colours().accent : Colours().rule;
        draw->AddRectFilled(ImVec2(origin.x + i * bar, origin.y + height - h),
                            ImVec2(origin.x + (i + 1) * bar - 1, origin.y + height), Col(colour));
    }
    ImGui::Dummy(ImVec2(width, height + 2));
    int from = state.query.year_min, to = state.query.year_max;
    float combo = (width - ImGui::CalcTextSize(T("ui.year_to")).x - ImGui::GetStyle().ItemSpacing.x * 2) * 0.5f;
    bool changed = YearCombo("##year-from", T("ui.year_from_any"), from, first, last, combo);
    ImGui::SameLine();
    ImGui::TextUnformatted(T("ui.year_to"));
    ImGui::SameLine();
    changed |= YearCombo("##year-to", T("ui.year_to_any"), to, first, last, combo);
    if (changed) Apply(state, Command::SetYears(from, to));
}

void DrawTagFacet(State& state, size_t category, const atlas::FacetCounts& counts) {
    const atlas::Atlas& atlas = *state.atlas;
    // Most common tags first; tags with no studies under the other filters are hidden unless selected.
    std::vector<uint32_t> tags;
    for (uint32_t t = 0; t < atlas.tags.size(); ++t)
        if (atlas.tags[t].category == category) tags.push_back(t);
    auto selected = [&](uint32_t t) { return std::find(state.query.tags.begin(), state.query.tags.end(), t) != state.query.tags.end(); };
    std::stable_sort(tags.begin(), tags.end(), [&](uint32_t a, uint32_t b) { return counts.tags[a] > counts.tags[b]; });
    for (uint32_t t : tags) {
        uint32_t n = t < counts.tags.size() ? counts.tags[t] : 0;
        bool on = selected(t);
        if (!n && !on) continue;
        ImGui::PushID((int)t);
        if (CheckRow(atlas.tags[t].label, n, on, false)) Apply(state, Command::ToggleTag(t));
        ImGui::PopID();
    }
}

}  // namespace

void DrawFilterPanel(State& state, const Fonts& fonts) {
    const atlas::Atlas& atlas = *state.atlas;
    const atlas::FacetCounts& counts = state.result.counts;
    ImGui::PushFont(fonts.heading);
    ImGui::TextUnformatted(T("ui.filters"));
    ImGui::PopFont();
    if (state.query.HasFilters()) {
        ImGui::SameLine();
        if (ImGui::Button(T("ui.clear_all"))) Apply(state, Command::ClearFilters());
    }
    MutedText("%s", T("ui.filter_counts_note"));
    for (const atlas::Facet& facet : atlas::Facets(atlas, state.lang)) {
        if (facet.id == atlas::FacetId::Since && state.since.empty() && !state.query.since) continue;  // nothing marked
        ImGui::PushID(facet.key.c_str());
        bool open_by_default = facet.id == atlas::FacetId::Evidence || facet.id == atlas::FacetId::Pem ||
                               facet.id == atlas::FacetId::PublicationType || facet.id == atlas::FacetId::Since;
        if (ImGui::CollapsingHeader((facet.name + "###facet").c_str(), open_by_default ? ImGuiTreeNodeFlags_DefaultOpen : 0)) {
            for (size_t i = 0; i < facet.options.size(); ++i) {
                uint32_t n = atlas::FacetCount(counts, facet.id, (int)i);
                bool on = atlas::FacetSelected(state.query, facet.id, (int)i);
                if (!n && !on && facet.id == atlas::FacetId::PublicationType) continue;  // 14 types: hide empty ones
                ImGui::PushID((int)i);
                if (CheckRow(facet.options[i].label, n, on, !n && !on)) Apply(state, Command::ToggleFacet(facet.id, (int)i));
                ImGui::PopID();
            }
        }
        ImGui::PopID();
    }
    if (ImGui::CollapsingHeader((std::string(T("ui.year")) + "###year").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) DrawYearFacet(state, counts);
    for (size_t c = 0; c < atlas.tag_categories.size(); ++c) {
        ImGui::PushID((int)c + 100);
        if (ImGui::CollapsingHeader(atlas.tag_categories[c].name.c_str())) {
            int match = state.query.tag_match == atlas::TagMatch::All ? 1 : 0;
            ImGui::TextUnformatted(T("ui.studies_with"));
            ImGui::SameLine();
            if (ImGui::RadioButton(T("ui.tag_any"), &match, 0)) Apply(state, Command::SetTagMatch(atlas::TagMatch::Any));
            ImGui::SameLine();
            if (ImGui::RadioButton(T("ui.tag_all"), &match, 1)) Apply(state, Command::SetTagMatch(atlas::TagMatch::All));
            ImGui::SameLine();
            ImGui::TextUnformatted(T("ui.tag_match_tail"));
            DrawTagFacet(state, c, counts);
        }
        ImGui::PopID();
    }
}

void DrawChips(State& state) {
    std::vector<atlas::FilterChip> chips = atlas::ActiveFilterChips(*state.atlas, state.query, state.lang);
    if (chips.empty()) return;
    for (size_t i = 0; i < chips.size(); ++i) {
        float width = ImGui::CalcTextSize(chips[i].label.c_str()).x + 40.0f;
        if (i > 0) {
            ImGui::SameLine();
            if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
        }
        if (RemovableChip(chips[i].label, (int)i)) Apply(state, chips[i].remove);
    }
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < 90) ImGui::NewLine();
    if (ImGui::Button(T("ui.clear_all"))) Apply(state, Command::ClearFilters());
}

}  // namespace atlas_ui
