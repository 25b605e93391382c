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
    int range[2] = {lo, hi};
    ImGui::SetNextItemWidth(-1);
    if (ImGui::DragInt2("##years", range, 0.2f, first, last, "%d", ImGuiSliderFlags_AlwaysClamp)) {
        if (range[0] > range[1]) std::swap(range[0], range[1]);
        char command[64];
        std::snprintf(command, sizeof command, "years %d %d", range[0] == first ? 0 : range[0], range[1] == last ? 0 : range[1]);
        RunQueryCommand(state, command);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Drag or double-click to type the first and last year");
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
        char label[300];
        std::snprintf(label, sizeof label, "%s (%u)###tag%u", atlas.tags[t].label.c_str(), n, t);
        if (ImGui::Checkbox(label, &on)) RunQueryCommand(state, "tag " + std::to_string(t));
    }
}

}  // namespace

void RunQueryCommand(State& state, const std::string& command) {
    ApplyCommand(state, command);  // one path, so an embed's locked filters hold everywhere
}

void DrawFilterPanel(State& state, const Fonts& fonts) {
    const atlas::Atlas& atlas = *state.atlas;
    const atlas::FacetCounts& counts = state.result.counts;
    ImGui::PushFont(fonts.heading);
    ImGui::TextUnformatted("Filters");
    ImGui::PopFont();
    if (state.query.HasFilters()) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Clear all")) RunQueryCommand(state, "clear");
    }
    MutedText("Numbers show how many studies each choice would give.");
    for (const atlas::Facet& facet : atlas::Facets(atlas)) {
        ImGui::PushID(facet.key.c_str());
        bool open_by_default = facet.id == atlas::FacetId::Evidence || facet.id == atlas::FacetId::Pem ||
                               facet.id == atlas::FacetId::PublicationType;
        if (ImGui::CollapsingHeader(facet.name.c_str(), open_by_default ? ImGuiTreeNodeFlags_DefaultOpen : 0)) {
            for (size_t i = 0; i < facet.options.size(); ++i) {
                uint32_t n = atlas::FacetCount(counts, facet.id, (int)i);
                bool on = atlas::FacetSelected(state.query, facet.id, (int)i);
                if (!n && !on && facet.id == atlas::FacetId::PublicationType) continue;  // 14 types: hide empty ones
                char label[256];
                std::snprintf(label, sizeof label, "%s (%u)###%zu", facet.options[i].label.c_str(), n, i);
                if (!n && !on) ImGui::PushStyleColor(ImGuiCol_Text, Colours().muted);
                if (ImGui::Checkbox(label, &on)) RunQueryCommand(state, "toggle " + facet.key + " " + facet.options[i].code);
                if (!n && !on) ImGui::PopStyleColor();
            }
        }
        ImGui::PopID();
    }
    if (ImGui::CollapsingHeader("Year", ImGuiTreeNodeFlags_DefaultOpen)) DrawYearFacet(state, counts);
    for (size_t c = 0; c < atlas.tag_categories.size(); ++c) {
        ImGui::PushID((int)c + 100);
        if (ImGui::CollapsingHeader(atlas.tag_categories[c].name.c_str())) {
            int match = state.query.tag_match == atlas::TagMatch::All ? 1 : 0;
            ImGui::TextUnformatted("Studies with");
            ImGui::SameLine();
            if (ImGui::RadioButton("any", &match, 0)) RunQueryCommand(state, "tagmatch any");
            ImGui::SameLine();
            if (ImGui::RadioButton("all", &match, 1)) RunQueryCommand(state, "tagmatch all");
            ImGui::SameLine();
            ImGui::TextUnformatted("chosen tags");
            DrawTagFacet(state, c, counts);
        }
        ImGui::PopID();
    }
}

void DrawChips(State& state) {
    std::vector<atlas::FilterChip> chips = atlas::ActiveFilterChips(*state.atlas, state.query);
    if (chips.empty()) return;
    for (size_t i = 0; i < chips.size(); ++i) {
        float width = ImGui::CalcTextSize(chips[i].label.c_str()).x + 40.0f;
        if (i > 0) {
            ImGui::SameLine();
            if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
        }
        if (RemovableChip(chips[i].label, (int)i)) RunQueryCommand(state, chips[i].command);
    }
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < 90) ImGui::NewLine();
    if (ImGui::SmallButton("Clear all")) RunQueryCommand(state, "clear");
}

}  // namespace atlas_ui
