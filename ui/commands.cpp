// ui/commands.cpp — the one way the view changes: typed commands (atlas/command.h) applied to the
// UI state, with the rules only the UI knows (a locked embed's filters, the compare cap, export
// file names). The query reruns in the same call, so the frame that shows a change shows its results.
#include <algorithm>

#include "atlas/cite.h"
#include "atlas_ui.h"
#include "imgui.h"

namespace atlas_ui {
namespace {

bool ValidStudy(const State& state, int index) {
    return state.atlas && index >= 0 && (size_t)index < state.atlas->studies.size();
}

void RefreshResults(State& state) {
    state.result = RunQuery(state);
    state.cursor = -1;
    state.text_view_rows = kTextViewRows;
    state.view_changed = true;
}

bool ExportResults(State& state, atlas::ExportFormat format) {
    if (!state.atlas) return false;
    const atlas::Atlas& a = *state.atlas;
    const std::vector<uint32_t>& rows = state.result.studies;
    std::string stem = "mecfs-atlas-" + std::to_string(rows.size()) + (rows.size() == 1 ? "-study" : "-studies");
    switch (format) {
    case atlas::ExportFormat::Csv: state.download = {stem + ".csv", "text/csv;charset=utf-8", atlas::ExportCsv(a, rows)}; break;
    case atlas::ExportFormat::Ris: state.download = {stem + ".ris", "application/x-research-info-systems", atlas::ExportRis(a, rows)}; break;
    case atlas::ExportFormat::Bibtex: state.download = {stem + ".bib", "application/x-bibtex;charset=utf-8", atlas::ExportBibtex(a, rows)}; break;
    case atlas::ExportFormat::CslJson: state.download = {stem + ".json", "application/vnd.citationstyles.csl+json", atlas::ExportCslJson(a, rows)}; break;
    }
    state.toast = atlas::TrF(state.lang, "ui.saved", {state.download.file_name});
    state.toast_until = ImGui::GetCurrentContext() ? ImGui::GetTime() + 2.5 : 0;
    return true;
}

}  // namespace

void OpenStudy(State& state, int index) {
    if (!ValidStudy(state, index)) return;
    if (state.open_study != index || state.screen != atlas::Screen::Atlas) state.view_changed = true;
    state.open_study = index;
    state.screen = atlas::Screen::Atlas;
    state.show_filters = false;
}

void CloseStudy(State& state) {
    if (state.open_study < 0) return;
    state.open_study = -1;
    state.view_changed = true;
}

bool Apply(State& state, const atlas::Command& c) {
    using K = atlas::CommandKind;
    if (atlas::IsQueryCommand(c.kind)) {
        if (!state.atlas) return false;
        bool edits_filters = c.kind != K::SetText && c.kind != K::SetSort;
        if (state.filters_locked && edits_filters) return false;  // an embedding site fixed these filters
        if (!atlas::ApplyQueryCommand(*state.atlas, state.query, c)) return false;
        RefreshResults(state);
        return true;
    }
    switch (c.kind) {
    case K::Open:
        if (!ValidStudy(state, c.value)) return false;
        OpenStudy(state, c.value);
        return true;
    case K::Back:
        if (state.screen != atlas::Screen::Atlas) state.screen = atlas::Screen::Atlas, state.view_changed = true;
        else CloseStudy(state);
        return true;
    case K::CursorFirst:
        if (state.result.studies.empty()) return true;
        state.cursor = 0;
        state.scroll_to_cursor = true;
        return true;
    case K::ListMore:
        if (state.text_view_rows >= state.result.studies.size()) return true;
        state.text_view_rows += kTextViewRows;
        state.view_changed = true;
        return true;
    case K::SetDepth:
        state.depth = (atlas::ReadingDepth)std::clamp(c.value, 0, 2);
        state.prefs_changed = state.view_changed = true;
        return true;
    case K::SetTheme:
        state.theme = (atlas::Theme)std::clamp(c.value, 0, 2);
        state.prefs_changed = true;
        return true;
    case K::SetTextSize:
        if (c.value < 0 || c.value >= atlas::kTextSizeCount) return false;
        state.text_scale = c.value;
        state.prefs_changed = true;
        return true;
    case K::SetLang:
        if (c.value < 0 || c.value >= atlas::kLangCount) return false;
        state.lang = (atlas::Lang)c.value;
        state.prefs_changed = state.view_changed = true;
        state.mirror_sent = {};  // every part of the text view is in the new language
        return true;
    case K::SetCalm:
        state.calm = c.value != 0;
        state.prefs_changed = true;
        return true;
    case K::ToggleCompare: {
        if (!ValidStudy(state, c.value)) return false;
        auto it = std::find(state.compare.begin(), state.compare.end(), (uint32_t)c.value);
        if (it != state.compare.end()) state.compare.erase(it);
        else {
            if ((int)state.compare.size() == atlas::kCompareMax) state.compare.erase(state.compare.begin());  // keep the newest
            state.compare.push_back((uint32_t)c.value);
        }
        state.view_changed = true;
        return true;
    }
    case K::ClearCompare:
        state.compare.clear();
        state.view_changed = true;
        return true;
    case K::ShowScreen:
        state.screen = (atlas::Screen)std::clamp(c.value, 0, 2);
        state.view_changed = true;
        return true;
    case K::ShowFilters:
        state.show_filters = c.value != 0;
        state.view_changed = true;
        return true;
    case K::ShowMap:
        state.show_map = c.value != 0;
        return true;
    case K::Export: return ExportResults(state, (atlas::ExportFormat)c.value);
    case K::ReadCard:
        if (state.open_study < 0) return false;
        state.reading = {true, c.text, c.value, (uint32_t)c.value2, (uint32_t)c.value3, true};
        return true;
    case K::ReadRow:
        state.reading = {true, "", c.value, 0, 0, false};
        if (c.value >= 0 && (size_t)c.value < state.result.studies.size() && state.open_study < 0) {
            state.cursor = c.value;  // the row being read is the keyboard's row too, and comes into view
            state.scroll_to_cursor = true;
        }
        return true;
    case K::ReadOff:
        state.reading = {};
        return true;
    case K::SetEmbedded:
    case K::LockFilters:
        (c.kind == K::SetEmbedded ? state.embedded : state.filters_locked) = c.value != 0;
        if (state.embedded) state.show_map = false;  // an embed shows the list first
        state.view_changed = true;
        return true;
    default: return false;
    }
}

bool ApplyText(State& state, std::string_view command) {
    if (!state.atlas) {
        // Before an atlas arrives only what needs none: preferences and chrome.
        static const atlas::Atlas kNoAtlas;
        std::optional<atlas::Command> c = atlas::ParseCommand(kNoAtlas, command);
        return c && !atlas::IsQueryCommand(c->kind) && Apply(state, *c);
    }
    std::optional<atlas::Command> c = atlas::ParseCommand(*state.atlas, command);
    return c && Apply(state, *c);
}

void SetSearchText(State& state, std::string_view text) {
    if (text == state.query.text) return;
    Apply(state, atlas::Command::SetText(std::string(text)));
}

}  // namespace atlas_ui
