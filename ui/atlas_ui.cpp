// ui/atlas_ui.cpp — layout of the atlas screen, commands and keyboard.
//
// Wide screens: filters | results (evidence map, chips, list) | card.
// Phone widths: one column — the list, or the card with a way back, or the filter sheet.
#include "atlas_ui.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "atlas/cite.h"
#include "atlas/facets.h"
#include "imgui.h"
#include "screens.h"
#include "theme.h"
#include "widgets.h"

namespace atlas_ui {
namespace {

constexpr float kPhoneWidth = 820.0f;   // below this, one column
constexpr float kWideWidth = 1100.0f;   // above this, the filter panel is a column of its own

// Touch screens scroll by dragging the content; ImGui only scrolls with wheels and scrollbars.
// (A drag that moved is not a tap: ImGui's selectables fire on release over the pressed item.)
void DragToScroll() {
    ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows | ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
        ImGui::IsMouseDragging(ImGuiMouseButton_Left, 6.0f) && io.MouseDelta.y != 0.0f)
        ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
}

void DrawSettings(State& state) {
    if (ImGui::Button("Aa")) ImGui::OpenPopup("reading-settings");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Text size and colours");
    if (ImGui::BeginPopup("reading-settings")) {
        ImGui::TextUnformatted("Text size");
        for (int i = 0; i < (int)std::size(kTextScales); ++i) {
            if (i) ImGui::SameLine();
            char label[16];
            std::snprintf(label, sizeof label, "%d%%", (int)(kTextScales[i] * 100 + 0.5f));
            if (ImGui::RadioButton(label, state.text_scale == i)) ApplyCommand(state, "textsize " + std::to_string(i));
        }
        ImGui::Separator();
        ImGui::TextUnformatted("Colours");
        const char* themes[] = {"Light", "Dark", "High contrast"};
        const char* codes[] = {"light", "dark", "contrast"};
        for (int i = 0; i < 3; ++i)
            if (ImGui::RadioButton(themes[i], state.theme == i)) ApplyCommand(state, std::string("theme ") + codes[i]);
        ImGui::EndPopup();
    }
}

void DrawSortCombo(State& state, float width) {
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo("##sort", atlas::SortLabel(state.query.sort).data())) {
        for (int i = 0; i < 4; ++i) {
            atlas::SortOrder order = (atlas::SortOrder)i;
            if (ImGui::Selectable(atlas::SortLabel(order).data(), order == state.query.sort))
                RunQueryCommand(state, "sort " + std::string(atlas::SortCode(order)));
        }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Order of the results");
}

void DrawHeader(State& state, const Fonts& fonts, bool phone) {
    if (state.embedded) {
        // Compact: the host page has its own heading; keep a small credit line that names the source.
        ImGui::PushFont(fonts.small);
        MutedText("%s", state.atlas ? state.atlas->header.title.c_str() : "ME/CFS Research Atlas");
        ImGui::PopFont();
    } else {
        ImGui::PushFont(fonts.heading);
        ImGui::TextUnformatted(state.atlas ? state.atlas->header.title.c_str() : "ME/CFS Research Atlas");
        ImGui::PopFont();
    }
    if (state.atlas && state.atlas->header.synthetic) {
        ImGui::SameLine();
        ImGui::TextColored(Colours().retraction_ink, "Synthetic test data, not real studies");
    }
    float settings_width = 48.0f;
    if (!phone && !state.embedded) ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 12.0f, ImGui::GetContentRegionMax().x * 0.30f));
    float sort_width = 160.0f;
    float search_width = ImGui::GetContentRegionAvail().x - (phone ? settings_width + 8 : sort_width + settings_width + 130.0f);
    if (state.focus_search) {
        ImGui::SetKeyboardFocusHere();
        state.focus_search = false;
    }
    ImGui::SetNextItemWidth(std::max(120.0f, search_width));
    if (ImGui::InputTextWithHint("##search", "Search titles, authors, findings, PMID", state.search_buffer, sizeof state.search_buffer)) {
        state.query.text = state.search_buffer;
        state.results_stale = true;
        state.cursor = -1;
    }
    if (ImGui::IsItemHovered() && !ImGui::IsItemActive()) ImGui::SetTooltip("Press / to search");
    if (!phone) {
        ImGui::SameLine();
        DrawSortCombo(state, sort_width);
    }
    ImGui::SameLine();
    DrawSettings(state);
    if (!phone) {
        ImGui::SameLine();
        MutedText("%zu %s", state.result.studies.size(), state.result.studies.size() == 1 ? "study" : "studies");
    }
    if (!state.status.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, Colours().retraction_ink);
        ImGui::TextWrapped("%s", state.status.c_str());
        ImGui::PopStyleColor();
    }
}

void DrawDepthSwitch(State& state) {
    MutedText("Reading depth");
    ImGui::SameLine();
    const char* labels[] = {"Quick", "Standard", "Full"};
    const char* codes[] = {"quick", "standard", "full"};
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine(0, 4);
        bool on = (int)state.depth == i;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::SmallButton(labels[i])) ApplyCommand(state, std::string("depth ") + codes[i]);
        if (on) ImGui::PopStyleColor();
    }
}

void DrawToast(State& state) {
    if (state.toast.empty()) return;
    if (ImGui::GetTime() > state.toast_until) {
        state.toast.clear();
        return;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y - 24), 0, ImVec2(0.5f, 1.0f));
    ImGui::SetNextWindowBgAlpha(0.95f);
    ImGui::Begin("toast", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoInputs |
                                       ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
    ImGui::TextUnformatted(state.toast.c_str());
    ImGui::End();
}

// Keyboard: "/" focuses search, arrows move through results, Enter opens, Esc goes back.
void HandleKeyboard(State& state) {
    ImGuiIO& io = ImGui::GetIO();
    bool typing = io.WantTextInput;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        if (typing) ImGui::SetWindowFocus(nullptr);
        else if (state.show_filters) ApplyCommand(state, "filters hide");
        else if (state.screen != Screen::Atlas) ApplyCommand(state, "screen atlas");
        else if (state.open_study >= 0) CloseStudy(state);
        return;
    }
    if (typing) {
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) {
            ImGui::SetWindowFocus(nullptr);  // from the search box into the results
            if (!state.result.studies.empty()) { state.cursor = 0; state.scroll_to_cursor = true; }
        }
        return;
    }
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
        if (io.InputQueueCharacters[i] == '/') state.focus_search = true;
    int count = (int)state.result.studies.size();
    if (state.screen != Screen::Atlas || count == 0) return;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) {
        state.cursor = std::min(count - 1, state.cursor + 1);
        state.scroll_to_cursor = true;
        if (state.open_study >= 0) OpenStudy(state, (int)state.result.studies[state.cursor]);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) {
        state.cursor = std::max(0, state.cursor - 1);
        state.scroll_to_cursor = true;
        if (state.open_study >= 0) OpenStudy(state, (int)state.result.studies[state.cursor]);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) && state.cursor >= 0 && state.cursor < count)
        OpenStudy(state, (int)state.result.studies[state.cursor]);
}

void DrawCardPane(State& state, const Fonts& fonts, bool show_back) {
    if (state.open_study < 0) {
        MutedText("Choose a study to read its card.");
        return;
    }
    DrawDepthSwitch(state);
    // One child per study, so each card opens scrolled to its top.
    ImGui::PushID(state.open_study);
    ImGui::BeginChild("card-scroll", ImVec2(0, 0), false);
    DrawCard(state, fonts, *state.atlas, state.open_study, show_back);
    DragToScroll();
    ImGui::EndChild();
    ImGui::PopID();
}

void DrawResultsPane(State& state, const Fonts& fonts, bool phone) {
    if (phone) {
        char label[64];
        int active = (int)atlas::ActiveFilterChips(*state.atlas, state.query).size();
        std::snprintf(label, sizeof label, active ? "Filters (%d)" : "Filters", active);
        if (!state.filters_locked) {
            if (ImGui::Button(label)) ApplyCommand(state, "filters show");
            ImGui::SameLine();
        }
        DrawSortCombo(state, 150.0f);
        ImGui::SameLine();
        MutedText("%zu %s", state.result.studies.size(), state.result.studies.size() == 1 ? "study" : "studies");
    }
    if (state.filters_locked) {
        // Preset by the embedding site: shown, not removable.
        for (const atlas::FilterChip& chip : atlas::ActiveFilterChips(*state.atlas, state.query)) {
            MutedText("%s", chip.label.c_str());
            ImGui::SameLine();
        }
        ImGui::NewLine();
    } else {
        DrawChips(state);
    }
    if (ImGui::SmallButton("Export results")) ImGui::OpenPopup("export");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save the studies listed here for a reference manager or a spreadsheet");
    if (ImGui::BeginPopup("export")) {
        MutedText("Save these %zu studies as", state.result.studies.size());
        if (ImGui::Selectable("CSV (spreadsheets)")) ApplyCommand(state, "export csv");
        if (ImGui::Selectable("RIS (Zotero, EndNote, Mendeley)")) ApplyCommand(state, "export ris");
        if (ImGui::Selectable("BibTeX (LaTeX)")) ApplyCommand(state, "export bibtex");
        if (ImGui::Selectable("CSL-JSON (Zotero, Pandoc)")) ApplyCommand(state, "export csl");
        ImGui::EndPopup();
    }
    if (!state.compare.empty()) {
        ImGui::SameLine();
        char label[48];
        std::snprintf(label, sizeof label, "Compare %zu studies", state.compare.size());
        if (ImGui::Button(label)) ApplyCommand(state, "screen compare");
    }
    if (ImGui::TreeNodeEx("Evidence map", state.show_map ? ImGuiTreeNodeFlags_DefaultOpen : 0)) {
        DrawEvidenceMap(state, fonts);
        ImGui::TreePop();
    }
    ImGui::BeginChild("results-list", ImVec2(0, 0), false);
    DrawResults(state, fonts);
    DragToScroll();
    ImGui::EndChild();
}

}  // namespace

void ApplyPreferredTheme(State& state) { ApplyTheme((Theme)std::clamp(state.theme, 0, 2)); }

void OpenStudy(State& state, int index) {
    if (!state.atlas || index < 0 || (size_t)index >= state.atlas->studies.size()) return;
    if (state.open_study != index || state.screen != Screen::Atlas) state.view_changed = true;
    state.open_study = index;
    state.screen = Screen::Atlas;
    state.show_filters = false;
}

void CloseStudy(State& state) {
    if (state.open_study < 0) return;
    state.open_study = -1;
    state.view_changed = true;
}

bool ApplyCommand(State& state, std::string_view command) {
    std::string_view rest = command;
    std::string_view verb = atlas::NextCommandWord(rest);
    std::string_view arg = atlas::NextCommandWord(rest);
    bool single = atlas::NextCommandWord(rest).empty();
    if (verb == "open" && single) {
        int index = std::atoi(std::string(arg).c_str());
        if (!state.atlas || arg.empty() || index < 0 || (size_t)index >= state.atlas->studies.size()) return false;
        OpenStudy(state, index);
        return true;
    }
    if (verb == "back" && arg.empty()) {
        if (state.screen != Screen::Atlas) state.screen = Screen::Atlas, state.view_changed = true;
        else CloseStudy(state);
        return true;
    }
    if (verb == "depth" && single) {
        if (!atlas::ParseReadingDepth(arg, state.depth)) return false;
        state.prefs_changed = state.view_changed = true;
        return true;
    }
    if (verb == "theme" && single) {
        Theme theme;
        if (!ParseTheme(arg, theme)) return false;
        state.theme = (int)theme;
        ApplyPreferredTheme(state);
        state.prefs_changed = true;
        return true;
    }
    if (verb == "textsize" && single) {
        int i = arg.size() == 1 ? arg[0] - '0' : -1;
        if (i < 0 || i >= (int)std::size(kTextScales)) return false;
        state.text_scale = i;
        state.prefs_changed = true;
        return true;
    }
    if (verb == "compare" && single) {
        if (arg == "clear") state.compare.clear();
        else {
            int index = std::atoi(std::string(arg).c_str());
            if (!state.atlas || arg.empty() || index < 0 || (size_t)index >= state.atlas->studies.size()) return false;
            auto it = std::find(state.compare.begin(), state.compare.end(), (uint32_t)index);
            if (it != state.compare.end()) state.compare.erase(it);
            else {
                if (state.compare.size() == 3) state.compare.erase(state.compare.begin());  // keep the newest three
                state.compare.push_back((uint32_t)index);
            }
        }
        state.view_changed = true;
        return true;
    }
    if (verb == "screen" && single) {
        if (arg == "atlas") state.screen = Screen::Atlas;
        else if (arg == "compare") state.screen = Screen::Compare;
        else if (arg == "gallery") state.screen = Screen::Gallery;
        else return false;
        state.view_changed = true;
        return true;
    }
    if ((verb == "embed" || verb == "lock") && single && (arg == "on" || arg == "off")) {
        (verb == "embed" ? state.embedded : state.filters_locked) = arg == "on";
        if (state.embedded) state.show_map = false;  // an embed shows the list first
        state.view_changed = true;
        return true;
    }
    if (state.filters_locked && (verb == "toggle" || verb == "tag" || verb == "tagmatch" || verb == "years" || verb == "clear"))
        return false;  // an embedding site fixed these filters
    if (verb == "export" && single && state.atlas) {
        const atlas::Atlas& a = *state.atlas;
        const std::vector<uint32_t>& rows = state.result.studies;
        std::string stem = "mecfs-atlas-" + std::to_string(rows.size()) + (rows.size() == 1 ? "-study" : "-studies");
        if (arg == "csv") state.download = {stem + ".csv", "text/csv;charset=utf-8", atlas::ExportCsv(a, rows)};
        else if (arg == "ris") state.download = {stem + ".ris", "application/x-research-info-systems", atlas::ExportRis(a, rows)};
        else if (arg == "bibtex") state.download = {stem + ".bib", "application/x-bibtex;charset=utf-8", atlas::ExportBibtex(a, rows)};
        else if (arg == "csl") state.download = {stem + ".json", "application/vnd.citationstyles.csl+json", atlas::ExportCslJson(a, rows)};
        else return false;
        state.toast = "Saved " + state.download.file_name;
        state.toast_until = ImGui::GetCurrentContext() ? ImGui::GetTime() + 2.5 : 0;
        return true;
    }
    if ((verb == "filters" || verb == "map") && single && (arg == "show" || arg == "hide")) {
        (verb == "filters" ? state.show_filters : state.show_map) = arg == "show";
        return true;
    }
    if (!state.atlas) return false;
    if (!atlas::ApplyQueryCommand(*state.atlas, state.query, command)) return false;
    std::snprintf(state.search_buffer, sizeof state.search_buffer, "%s", state.query.text.c_str());
    state.results_stale = true;
    state.cursor = -1;
    return true;
}

void DrawAtlas(State& state, const Fonts& fonts) {
    state.hovered_link.clear();
    if (state.atlas && state.results_stale) {
        state.result = atlas::RunQuery(*state.atlas, state.query);
        state.results_stale = false;
        state.view_changed = true;
    }
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                             ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("atlas", nullptr, flags);
    float width = viewport->WorkSize.x;
    bool phone = width < kPhoneWidth;
    DrawHeader(state, fonts, phone);
    if (!state.atlas && state.screen != Screen::Gallery) {
        ImGui::End();
        return;
    }
    HandleKeyboard(state);
    if (state.screen == Screen::Gallery) {
        DrawGallery(state, fonts);
    } else if (state.screen == Screen::Compare) {
        DrawCompare(state, fonts);
    } else if (phone) {
        if (state.show_filters) {
            if (ImGui::Button("\xE2\x86\x90 Done")) ApplyCommand(state, "filters hide");
            ImGui::SameLine();
            char label[48];
            std::snprintf(label, sizeof label, "Show %zu %s", state.result.studies.size(), state.result.studies.size() == 1 ? "study" : "studies");
            if (ImGui::Button(label)) ApplyCommand(state, "filters hide");
            ImGui::BeginChild("filter-sheet", ImVec2(0, 0), false);
            DrawFilterPanel(state, fonts);
            ImGui::EndChild();
        } else if (state.open_study >= 0) {
            DrawCardPane(state, fonts, true);
        } else {
            DrawResultsPane(state, fonts, true);
        }
    } else {
        bool filter_column = width >= kWideWidth && !state.filters_locked && !state.embedded;
        float avail = ImGui::GetContentRegionAvail().x;
        if (filter_column) {
            ImGui::BeginChild("filters", ImVec2(250.0f, 0), true);
            DrawFilterPanel(state, fonts);
            ImGui::EndChild();
            ImGui::SameLine();
            avail -= 250.0f + ImGui::GetStyle().ItemSpacing.x;
        }
        float list_width = std::max(330.0f, avail * 0.42f);
        ImGui::BeginChild("results", ImVec2(list_width, 0), true);
        if (!filter_column && !state.filters_locked) {
            if (ImGui::Button(state.show_filters ? "Hide filters" : "Filters")) ApplyCommand(state, state.show_filters ? "filters hide" : "filters show");
        }
        if (!filter_column && state.show_filters) {
            ImGui::BeginChild("filter-inline", ImVec2(0, 0), false);
            DrawFilterPanel(state, fonts);
            ImGui::EndChild();
        } else {
            DrawResultsPane(state, fonts, false);
        }
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("card", ImVec2(0, 0), true);
        DrawCardPane(state, fonts, false);
        ImGui::EndChild();
    }
    DrawToast(state);
    ImGui::End();
}

}  // namespace atlas_ui
