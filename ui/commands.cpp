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
    // The topic page follows the PEM switch (it recounts everything); it is rebuilt only when that changed.
    if (state.atlas && state.topic >= 0 && state.topic_page.pem_only != state.query.pem_only)
        state.topic_page = atlas::BuildTopicPage(*state.atlas, (uint32_t)state.topic, state.query.pem_only);
}

void ShowTopic(State& state, int tag) {
    if (state.topic != tag || state.topic_page.name.empty() || state.topic_page.pem_only != state.query.pem_only)
        state.topic_page = atlas::BuildTopicPage(*state.atlas, (uint32_t)tag, state.query.pem_only);
    state.topic = tag;
    if (state.screen != atlas::Screen::Topic) state.topic_return = state.screen == atlas::Screen::Grid ? atlas::Screen::Grid : atlas::Screen::Atlas;
    state.screen = atlas::Screen::Topic;
    state.show_filters = false;
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
    if (state.screen == atlas::Screen::Grid || state.screen == atlas::Screen::Topic) state.return_screen = state.screen;
    else if (state.screen != atlas::Screen::Atlas) state.return_screen = atlas::Screen::Atlas;
    state.card_trail.clear();
    state.open_study = index;
    state.screen = atlas::Screen::Atlas;
    state.show_filters = false;
}

void CloseStudy(State& state) {
    state.card_trail.clear();
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
        if (c.kind == K::SetText) state.glyphs.AddText(state.query.text);  // a character the atlas lacks is drawn in the chip
        RefreshResults(state);
        return true;
    }
    switch (c.kind) {
    case K::Open:
        if (!ValidStudy(state, c.value)) return false;
        OpenStudy(state, c.value);
        return true;
    case K::Back:
        if (state.screen != atlas::Screen::Atlas) {
            state.screen = state.screen == atlas::Screen::Topic ? state.topic_return : atlas::Screen::Atlas;
            state.topic_return = atlas::Screen::Atlas;
            state.view_changed = true;
        } else if (!state.card_trail.empty()) {  // the card a link was followed from
            state.open_study = state.card_trail.back();
            state.card_trail.pop_back();
            state.view_changed = true;
        } else {
            bool had_card = state.open_study >= 0;
            CloseStudy(state);
            if (had_card && state.return_screen != atlas::Screen::Atlas) {  // back to the gap map or the topic page
                state.screen = state.return_screen;
                if (state.screen == atlas::Screen::Topic && state.topic < 0) state.screen = atlas::Screen::Atlas;
                state.view_changed = true;
            }
            state.return_screen = atlas::Screen::Atlas;
        }
        return true;
    case K::Follow: {
        // A card's link to another card: "back" returns here.
        if (!ValidStudy(state, c.value)) return false;
        const int from = state.screen == atlas::Screen::Atlas ? state.open_study : -1;
        const std::vector<int> trail = state.card_trail;
        const atlas::Screen back_to = state.return_screen;
        OpenStudy(state, c.value);
        state.card_trail = trail;
        state.return_screen = back_to;
        if (from >= 0 && from != c.value) state.card_trail.push_back(from);
        if (state.card_trail.size() > 50) state.card_trail.erase(state.card_trail.begin());
        return true;
    }
    case K::ShowTopic:
        if (!state.atlas || !atlas::IsTopicTag(*state.atlas, (uint32_t)c.value)) return false;
        ShowTopic(state, c.value);
        return true;
    case K::SetGridAxis:
        state.grid_axis = c.value ? atlas::GridAxis::Type : atlas::GridAxis::Level;
        state.grid_column = 0;
        state.view_changed = true;
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
    case K::ShowScreen: {
        const atlas::Screen screen = (atlas::Screen)std::clamp(c.value, 0, atlas::kScreenCount - 1);
        if (screen == atlas::Screen::Topic) {
            if (state.topic < 0 || !state.atlas) return false;  // which topic? `topic <tag>` says
            ShowTopic(state, state.topic);
            return true;
        }
        if ((screen == atlas::Screen::Grid || screen == atlas::Screen::Topic) && !state.atlas) return false;
        state.screen = screen;
        if (screen != atlas::Screen::Atlas) state.show_filters = false;
        state.view_changed = true;
        return true;
    }
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
