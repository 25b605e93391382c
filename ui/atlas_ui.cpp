// ui/atlas_ui.cpp — layout of the atlas screen, the keyboard, and the commands that change it.
//
// Wide screens: filters | results (evidence map, chips, list) | card.
// Phone widths: one column — the list, or the card with a way back, or the filter sheet; controls
// a finger can hit (kTouchTarget).
#include "atlas_ui.h"

#include <algorithm>
#include <cstdio>

#include "atlas/cite.h"
#include "atlas/facets.h"
#include "imgui.h"
#include "imgui_internal.h"  // SetNextWindowScroll (public from ImGui 1.87)
#include "screens.h"
#include "theme.h"
#include "widgets.h"

namespace atlas_ui {
namespace {

constexpr float kWideWidth = 1100.0f;   // above this, the filter panel is a column of its own

using atlas::Command;

void DrawSettings(State& state) {
    if (ImGui::Button("Aa")) ImGui::OpenPopup("reading-settings");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("ui.settings_tip"));
    if (ImGui::BeginPopup("reading-settings")) {
        ImGui::TextUnformatted(T("ui.text_size"));
        for (int i = 0; i < (int)std::size(kTextScales); ++i) {
            if (i) ImGui::SameLine();
            char label[16];
            std::snprintf(label, sizeof label, "%d%%", (int)(kTextScales[i] * 100 + 0.5f));
            if (ImGui::RadioButton(label, state.text_scale == i)) Apply(state, Command::SetTextSize(i));
        }
        ImGui::Separator();
        ImGui::TextUnformatted(T("ui.colours"));
        const char* themes[] = {T("ui.theme.light"), T("ui.theme.dark"), T("ui.theme.contrast")};
        for (int i = 0; i < 3; ++i)
            if (ImGui::RadioButton(themes[i], (int)state.theme == i)) Apply(state, Command::SetTheme((atlas::Theme)i));
        ImGui::Separator();
        bool calm = state.calm;
        if (ImGui::Checkbox(T("ui.calm"), &calm)) Apply(state, Command::SetCalm(calm));
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetFontSize() * 18.0f);
        MutedText("%s", T("ui.calm_tip"));
        ImGui::PopTextWrapPos();
        ImGui::Separator();
        ImGui::TextUnformatted(T("lang.label"));
        for (int i = 0; i < atlas::kLangCount; ++i) {
            std::string name(atlas::LangName((atlas::Lang)i));
            if (ImGui::RadioButton(name.c_str(), (int)state.lang == i)) Apply(state, Command::SetLang((atlas::Lang)i));
        }
        if (!state.embedded && state.atlas) {
            ImGui::Separator();
            // The embed code is the page's (a dialog with a real text area); it has its place here
            // rather than a button floating over the list.
            if (ImGui::Selectable(T("ui.embed"))) state.page_request = "embed";
        }
        ImGui::EndPopup();
    }
}

void DrawSortCombo(State& state, float width) {
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo("##sort", atlas::SortLabel(state.query.sort, state.lang).data())) {
        for (int i = 0; i < 4; ++i) {
            atlas::SortOrder order = (atlas::SortOrder)i;
            if (ImGui::Selectable(atlas::SortLabel(order, state.lang).data(), order == state.query.sort)) Apply(state, Command::SetSort(order));
        }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("ui.sort_tip"));
}

void DrawHeader(State& state, const Fonts& fonts, bool phone) {
    const char* title = state.atlas && !state.atlas->header.title.empty() ? state.atlas->header.title.c_str() : T("atlas.title");
    if (state.embedded) {
        // Compact: the host page has its own heading; keep a small credit line that names the source.
        ImGui::PushFont(fonts.small);
        MutedText("%s", title);
        ImGui::PopFont();
    } else {
        ImGui::PushFont(fonts.heading);
        ImGui::TextUnformatted(title);
        ImGui::PopFont();
    }
    if (state.atlas && state.atlas->header.synthetic) {
        ImGui::SameLine();
        ImGui::TextColored(Colours().retraction_ink, "%s", T("ui.synthetic"));
    }
    float settings_width = ImGui::GetFrameHeight() + 16.0f;
    if (!phone && !state.embedded) ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 12.0f, ImGui::GetContentRegionMax().x * 0.30f));
    float sort_width = 160.0f;
    float search_width = ImGui::GetContentRegionAvail().x - (phone ? settings_width + 8 : sort_width + settings_width + 130.0f);
    SearchField(state, std::max(120.0f, search_width));
    if (!phone) {
        ImGui::SameLine();
        DrawSortCombo(state, sort_width);
    }
    ImGui::SameLine();
    DrawSettings(state);
    if (!phone) {
        ImGui::SameLine();
        MutedText("%s", TN("ui.studies", (long long)state.result.studies.size()).c_str());
    }
    if (!state.status.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, Colours().retraction_ink);
        ImGui::TextWrapped("%s", state.status.c_str());
        ImGui::PopStyleColor();
    }
}

void DrawDepthSwitch(State& state) {
    ImGui::AlignTextToFramePadding();
    MutedText("%s", T("ui.depth"));
    ImGui::SameLine();
    const char* labels[] = {T("ui.depth.quick"), T("ui.depth.standard"), T("ui.depth.full")};
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine(0, 4);
        bool on = (int)state.depth == i;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(labels[i])) Apply(state, Command::SetDepth((atlas::ReadingDepth)i));
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

// Keyboard on the canvas: "/" asks for the search box (a real input the page keeps over the drawn
// field), arrows move through results, Enter opens, Esc goes back. Typing itself never reaches the
// canvas: the page's input takes it.
void HandleKeyboard(State& state) {
    ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        if (ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) return;  // the popup closes itself
        if (state.show_filters) Apply(state, Command::ShowFilters(false));
        else if (state.screen != atlas::Screen::Atlas || state.open_study >= 0) Apply(state, Command::Back());
        return;
    }
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
        if (io.InputQueueCharacters[i] == '/') state.page_request = "search";
    if (state.screen == atlas::Screen::Grid) {
        GridKeyboard(state);
        return;
    }
    int count = (int)state.result.studies.size();
    if (state.screen != atlas::Screen::Atlas || count == 0) return;
    auto move = [&](int to) {
        state.cursor = std::clamp(to, 0, count - 1);
        state.scroll_to_cursor = true;
        if (state.open_study >= 0) OpenStudy(state, (int)state.result.studies[state.cursor]);
        state.view_changed = true;
    };
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) move(state.cursor + 1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) move(state.cursor - 1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) && state.cursor >= 0 && state.cursor < count)
        OpenStudy(state, (int)state.result.studies[state.cursor]);
}

// "3 new and 2 changed since your last visit" with a button that shows only those (the filter).
void DrawSinceLine(State& state) {
    if (state.since.empty() || state.query.since) return;
    uint32_t fresh = state.result.counts.since[(int)atlas::SinceVisit::New];
    uint32_t changed = state.result.counts.since[(int)atlas::SinceVisit::Changed];
    if (!fresh && !changed) return;
    char line[96];
    std::snprintf(line, sizeof line, "%s", TF("ui.since_line", {atlas::FormatNumber(state.lang, fresh), atlas::FormatNumber(state.lang, changed)}).c_str());
    ImGui::AlignTextToFramePadding();
    MutedText("%s", line);
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < 90) ImGui::NewLine();
    if (ImGui::Button(T("ui.show_them"))) {
        if (fresh) Apply(state, Command::ToggleFacet(atlas::FacetId::Since, 0));
        if (changed) Apply(state, Command::ToggleFacet(atlas::FacetId::Since, 1));
    }
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < 120) ImGui::NewLine();
    if (ImGui::Button(T("ui.mark_seen"))) state.page_request = "seen";  // the page keeps what was seen
}

void DrawCardPane(State& state, const Fonts& fonts, bool show_back) {
    if (state.open_study < 0) {
        MutedText("%s", T("ui.choose_study"));
        return;
    }
    DrawDepthSwitch(state);
    // One child for every card, scrolled to the top when another study opens. (Not a child per study:
    // ImGui keeps every window it has seen, and the soak's heap grew by each card a reader opened.)
    if (state.card_scroll_study != state.open_study) ImGui::SetNextWindowScroll(ImVec2(0.0f, 0.0f));
    state.card_scroll_study = state.open_study;
    ImGui::BeginChild("card-scroll", ImVec2(0, 0), false);
    DrawCard(state, fonts, *state.atlas, state.open_study, show_back);
    TouchScrollRegion(state);
    ImGui::EndChild();
}

void DrawResultsPane(State& state, const Fonts& fonts, bool phone) {
    if (phone) {
        char label[96];
        int active = (int)atlas::ActiveFilterChips(*state.atlas, state.query).size();
        std::snprintf(label, sizeof label, "%s###filters", active ? TF("ui.filters_count", {std::to_string(active)}).c_str() : T("ui.filters"));
        if (!state.filters_locked) {
            if (ImGui::Button(label)) Apply(state, Command::ShowFilters(true));
            ImGui::SameLine();
        }
        DrawSortCombo(state, 170.0f);
        ImGui::SameLine();
        MutedText("%s", TN("ui.studies", (long long)state.result.studies.size()).c_str());
    }
    if (!state.filters_locked) PemSwitch(state);
    else if (state.query.pem_only) MutedText("Only cohorts that required PEM");
    if (state.filters_locked) {
        // Preset by the embedding site: shown, not removable.
        for (const atlas::FilterChip& chip : atlas::ActiveFilterChips(*state.atlas, state.query, state.lang)) {
            MutedText("%s", chip.label.c_str());
            ImGui::SameLine();
        }
        ImGui::NewLine();
    } else {
        DrawChips(state);
    }
    DrawSinceLine(state);
    if (ImGui::Button(T("ui.export"))) ImGui::OpenPopup("export");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("ui.export_tip"));
    if (ImGui::BeginPopup("export")) {
        MutedText("%s", TN("ui.export_as", (long long)state.result.studies.size()).c_str());
        using atlas::ExportFormat;
        if (ImGui::Selectable(T("ui.export.csv"))) Apply(state, Command::Export(ExportFormat::Csv));
        if (ImGui::Selectable(T("ui.export.ris"))) Apply(state, Command::Export(ExportFormat::Ris));
        if (ImGui::Selectable(T("ui.export.bibtex"))) Apply(state, Command::Export(ExportFormat::Bibtex));
        if (ImGui::Selectable(T("ui.export.csl"))) Apply(state, Command::Export(ExportFormat::CslJson));
        ImGui::EndPopup();
    }
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(T("ui.gap_map")).x + ImGui::GetStyle().FramePadding.x * 2) ImGui::NewLine();
    if (ImGui::Button((std::string(T("ui.gap_map")) + "###gap-map").c_str())) Apply(state, Command::ShowScreen(atlas::Screen::Grid));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("ui.gap_map_tip"));
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(T("ui.read_aloud")).x + ImGui::GetStyle().FramePadding.x * 2) ImGui::NewLine();
    if (ImGui::Button(T("ui.read_aloud"))) state.page_request = "read list";
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("ui.read_list_tip"));
    if (!state.compare.empty()) {
        ImGui::SameLine();
        char label[96];
        std::snprintf(label, sizeof label, "%s###compare", TN("ui.compare_n", (long long)state.compare.size()).c_str());
        if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2) ImGui::NewLine();
        if (ImGui::Button(label)) Apply(state, Command::ShowScreen(atlas::Screen::Compare));
    }
    if (ImGui::TreeNodeEx((std::string(T("ui.evidence_map")) + "###evidence-map").c_str(), ImGuiTreeNodeFlags_FramePadding | (state.show_map ? ImGuiTreeNodeFlags_DefaultOpen : 0))) {
        DrawEvidenceMap(state, fonts);
        ImGui::TreePop();
    }
    ImGui::BeginChild("results-list", ImVec2(0, 0), false);
    DrawResults(state, fonts);
    TouchScrollRegion(state);
    ImGui::EndChild();
}

void DrawFilterSheet(State& state, const Fonts& fonts) {
    if (ImGui::Button(T("ui.done"))) Apply(state, Command::ShowFilters(false));
    ImGui::SameLine();
    char label[96];
    std::snprintf(label, sizeof label, "%s###show", TN("ui.show_studies", (long long)state.result.studies.size()).c_str());
    if (ImGui::Button(label)) Apply(state, Command::ShowFilters(false));
    ImGui::BeginChild("filter-sheet", ImVec2(0, 0), false);
    DrawFilterPanel(state, fonts);
    TouchScrollRegion(state);
    ImGui::EndChild();
}

// At phone width every control is at least kTouchTarget tall; ImGui sizes controls from the frame
// padding, so that is where the room comes from.
void PushTouchSizes(bool phone) {
    float pad = phone ? std::max(ImGui::GetStyle().FramePadding.y, (kTouchTarget - ImGui::GetFontSize()) * 0.5f)
                      : ImGui::GetStyle().FramePadding.y;
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x + (phone ? 4.0f : 0.0f), pad));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x + (phone ? 2.0f : 0.0f), ImGui::GetStyle().ItemSpacing.y));
}

}  // namespace

void DrawAtlas(State& state, const Fonts& fonts) {
    state.hovered_link.clear();
    state.wants_frames = false;
    state.search_field.visible = false;
    UseLanguage(state.lang);
    ApplyThemeIfChanged(state);
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                             ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("atlas", nullptr, flags);
    float width = viewport->WorkSize.x;
    bool phone = width < kPhoneWidth;
    PushTouchSizes(phone);
    DrawHeader(state, fonts, phone);
    if (!state.atlas && state.screen != atlas::Screen::Gallery) {
        ImGui::PopStyleVar(2);
        ImGui::End();
        return;
    }
    HandleKeyboard(state);
    if (state.screen == atlas::Screen::Gallery) {
        DrawGallery(state, fonts);
    } else if (state.screen == atlas::Screen::Compare) {
        DrawCompare(state, fonts);
    } else if (state.screen == atlas::Screen::Grid) {
        DrawGridScreen(state, fonts, phone);
    } else if (state.screen == atlas::Screen::Topic) {
        DrawTopicScreen(state, fonts, phone);
    } else if (phone) {
        if (state.show_filters) DrawFilterSheet(state, fonts);
        else if (state.open_study >= 0) DrawCardPane(state, fonts, true);
        else DrawResultsPane(state, fonts, true);
    } else {
        bool filter_column = width >= kWideWidth && !state.filters_locked && !state.embedded;
        float avail = ImGui::GetContentRegionAvail().x;
        if (filter_column) {
            ImGui::BeginChild("filters", ImVec2(250.0f, 0), true);
            DrawFilterPanel(state, fonts);
            TouchScrollRegion(state);
            ImGui::EndChild();
            ImGui::SameLine();
            avail -= 250.0f + ImGui::GetStyle().ItemSpacing.x;
        }
        float list_width = std::max(330.0f, avail * 0.42f);
        ImGui::BeginChild("results", ImVec2(list_width, 0), true);
        if (!filter_column && !state.filters_locked) {
            if (ImGui::Button(state.show_filters ? T("ui.hide_filters") : T("ui.filters"))) Apply(state, Command::ShowFilters(!state.show_filters));
        }
        if (!filter_column && state.show_filters) {
            ImGui::BeginChild("filter-inline", ImVec2(0, 0), false);
            DrawFilterPanel(state, fonts);
            TouchScrollRegion(state);
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
    ImGui::PopStyleVar(2);
    ImGui::End();
}

}  // namespace atlas_ui
