// ui/card.cpp — the study card (every part of the seed card, at the reader's chosen depth) with
// its actions, and the compare screen that reads two or three cards side by side.
#include <algorithm>

#include "atlas/card.h"
#include "atlas/cite.h"
#include "imgui.h"
#include "screens.h"
#include "theme.h"
#include "widgets.h"

namespace atlas_ui {
namespace {

void Copy(State& state, std::string text, const char* toast_key) {
    state.clipboard = std::move(text);
    state.toast = T(toast_key);
    state.toast_until = ImGui::GetTime() + 2.5;
}

// A button after the previous one on its line, or on the next line when its label would not fit
// (labels are as long as their language makes them: "Zum Vergleich hinzufügen").
bool FlowButton(const char* label, bool first = false) {
    if (!first) {
        ImGui::SameLine();
        float width = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
        if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
    }
    return ImGui::Button(label);
}

void DrawActions(State& state, const atlas::Atlas& atlas, int index) {
    const atlas::Study& study = atlas.studies[index];
    if (FlowButton(T("ui.copy_citation"), true)) Copy(state, atlas::CitePlain(atlas, study), "ui.copied.citation");
    if (FlowButton(T("ui.copy_bibtex"))) Copy(state, atlas::CiteBibtex(atlas, study), "ui.copied.bibtex");
    if (FlowButton(T("ui.cite_card"))) Copy(state, atlas::CiteAtlasSnapshot(atlas, study, state.today), "ui.copied.card");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("ui.cite_card_tip"));
    if (&atlas == state.atlas) {
        bool in_compare = std::find(state.compare.begin(), state.compare.end(), (uint32_t)index) != state.compare.end();
        if (FlowButton(in_compare ? T("ui.remove_compare") : T("ui.add_compare"))) Apply(state, atlas::Command::ToggleCompare((uint32_t)index));
        if (state.screen == atlas::Screen::Atlas) {
            // One clean page (title, citation, badges, summary, what it does not prove, address), built
            // by the page from the text view's data: the canvas itself is never printed.
            if (FlowButton(T("ui.print"))) state.page_request = "print card";
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("ui.print_card_tip"));
            if (FlowButton(T("ui.read_aloud"))) state.page_request = "read card";  // the page's speech synthesis
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("ui.read_card_tip"));
        }
    }
}

// Who was studied: a few short lines under the byline, at every depth.
void DrawPopulation(const atlas::Card& card, const Fonts& fonts) {
    if (card.population.empty()) return;
    ImGui::Dummy(ImVec2(0, 2));
    ImGui::PushFont(fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, Colours().accent);
    ImGui::TextUnformatted(T("card.who_studied"));
    ImGui::PopStyleColor();
    for (const atlas::CardMeta& m : card.population) {
        ImGui::PushStyleColor(ImGuiCol_Text, Colours().muted);
        ImGui::TextUnformatted((m.label + ":").c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::TextWrapped("%s", m.value.c_str());
    }
    ImGui::PopFont();
}

// Links to other studies: another card opens here (back returns), a paper outside opens its page.
void DrawRelations(State& state, const atlas::Atlas& atlas, const atlas::Card& card, const Fonts& fonts) {
    if (card.relations.empty()) return;
    SectionHeading(T("card.links"), fonts);
    int n = 0;
    for (const atlas::CardRelationGroup& group : card.relations) {
        ImGui::PushStyleColor(ImGuiCol_Text, group.id == "retraction_notice" ? Colours().retraction_ink : Colours().muted);
        ImGui::TextUnformatted(group.heading.c_str());
        ImGui::PopStyleColor();
        for (const atlas::CardLink& link : group.links) {
            ImGui::PushID(n++);
            ImGui::Indent(12.0f);
            std::string text = (link.retracted ? "[Retracted] " : "") + link.text;
            if (LinkButton(text, "##relation") && link.study >= 0 && &atlas == state.atlas)
                Apply(state, atlas::Command::Follow((uint32_t)link.study));
            if (ImGui::IsItemHovered() && link.study < 0 && !link.url.empty()) {
                state.hovered_link = link.url;
                ImGui::SetTooltip("%s (opens in a new tab)", link.url.c_str());
            }
            if (!link.note.empty()) {
                ImGui::PushFont(fonts.small);
                MutedText("%s", link.note.c_str());
                ImGui::PopFont();
            }
            ImGui::Unindent(12.0f);
            ImGui::PopID();
        }
        ImGui::Dummy(ImVec2(0, 4));
    }
}

}  // namespace

void DrawCard(State& state, const Fonts& fonts, const atlas::Atlas& atlas, int index, bool show_back) {
    const atlas::Study& study = atlas.studies[index];
    atlas::Card card = atlas::BuildCard(atlas, study, state.current_year, state.depth, state.lang);
    const Palette& colours = Colours();
    // Read aloud: the sentence being spoken, if it is in this card (the open one, on the atlas screen).
    const bool read_here = state.reading.active && &atlas == state.atlas && index == state.open_study && state.screen == atlas::Screen::Atlas;
    const bool scroll = read_here && state.reading.scroll;
    atlas::TextSpan reading_span{state.reading.start, state.reading.length};
    auto reading = [&](const std::string& part, int item) -> const atlas::TextSpan* {
        return read_here && state.reading.part == part && state.reading.item == item ? &reading_span : nullptr;
    };
    // On wide screens the list is beside the card; back still needs a button after a link or a topic page.
    const bool own_card = &atlas == state.atlas && index == state.open_study;
    if (show_back || (own_card && (!state.card_trail.empty() || state.return_screen != atlas::Screen::Atlas))) {
        if (ImGui::Button(("\xE2\x86\x90 " + BackLabel(state)).c_str())) Apply(state, atlas::Command::Back());  // ←
        ImGui::Dummy(ImVec2(0, 4));
    }
    ImGui::PushTextWrapPos(0.0f);
    if (!card.retraction.empty()) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, colours.retraction_fill);
        ImGui::PushStyleColor(ImGuiCol_Border, colours.retraction_ink);
        float height = ImGui::CalcTextSize(card.retraction.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x - 28).y + 22;
        ImGui::BeginChild("retraction", ImVec2(0, height), true, ImGuiWindowFlags_NoScrollbar);
        ImGui::PushStyleColor(ImGuiCol_Text, colours.retraction_ink);
        ImGui::TextWrapped("%s", card.retraction.c_str());
        ImGui::PopStyleColor();
        ImGui::EndChild();
        ImGui::PopStyleColor(2);
        ImGui::Dummy(ImVec2(0, 4));
    }
    for (size_t i = 0; i < card.badges.size(); ++i) Badge(card.badges[i], fonts, i == 0);
    ImGui::Dummy(ImVec2(0, 6));
    ImGui::PushFont(fonts.title);
    HighlightedText(card.title, state, fonts.title, reading("title", -1), scroll);
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, colours.muted);
    ImGui::TextWrapped("%s · %s · %s", card.byline.c_str(), card.journal.c_str(), card.year.c_str());
    ImGui::PopStyleColor();
    if (&atlas == state.atlas && (size_t)index < state.since.size() && state.since[index] != atlas::SinceVisit::Same) {
        ImGui::PushStyleColor(ImGuiCol_Text, colours.accent);
        ImGui::TextWrapped("%s", state.since[index] == atlas::SinceVisit::New ? T("card.new_since") : T("card.changed_since"));
        ImGui::PopStyleColor();
    }
    if (!card.draft_notice.empty()) {
        ImGui::PushFont(fonts.small);
        ImGui::PushStyleColor(ImGuiCol_Text, colours.draft_ink);
        ImGui::TextWrapped("%s", card.draft_notice.c_str());
        ImGui::PopStyleColor();
        ImGui::PopFont();
    }
    DrawPopulation(card, fonts);
    ImGui::Dummy(ImVec2(0, 2));
    DrawActions(state, atlas, index);
    // The links come right after the summary: a retraction, a newer version or a failed replication
    // changes how the rest should be read.
    bool links_drawn = false;
    for (const atlas::CardSection& section : card.sections) {
        if (!links_drawn && section.id != "quick_summary") {
            DrawRelations(state, atlas, card, fonts);
            links_drawn = true;
        }
        if (!section.heading.empty()) SectionHeading(section.heading.c_str(), fonts, reading(section.id, -2), scroll);
        if (!section.subheading.empty()) {
            ImGui::Dummy(ImVec2(0, 2));
            ImGui::PushFont(fonts.heading);
            const bool sub_read = reading(section.id, section.heading.empty() ? -2 : -3) != nullptr;
            if (sub_read) {
                ImVec2 p = ImGui::GetCursorScreenPos(), size = ImGui::CalcTextSize(section.subheading.c_str());
                ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x - 3, p.y - 1), ImVec2(p.x + size.x + 3, p.y + size.y + 1), Col(colours.reading), 3.0f);
                if (scroll) ImGui::SetScrollFromPosY(p.y - ImGui::GetWindowPos().y, 0.3f);
            }
            ImGui::TextUnformatted(section.subheading.c_str());
            ImGui::PopFont();
        }
        if (!section.text.empty()) HighlightedText(section.text, state, fonts.body, reading(section.id, -1), scroll);
        for (size_t i = 0; i < section.items.size(); ++i) {
            ImGui::Bullet();
            ImGui::SameLine();
            ImGui::BeginGroup();
            HighlightedText(section.items[i], state, fonts.body, reading(section.id, (int)i), scroll);
            ImGui::EndGroup();
        }
    }
    if (!links_drawn) DrawRelations(state, atlas, card, fonts);
    if (scroll) state.reading.scroll = false;
    if (state.depth == atlas::ReadingDepth::Quick) {
        ImGui::Dummy(ImVec2(0, 4));
        MutedText("%s", T("card.quick_hint"));
    }
    if (!card.tag_groups.empty()) {
        SectionHeading(T("card.tags"), fonts);
        for (const atlas::CardTagGroup& group : card.tag_groups) {
            MutedText("%s:", group.category.c_str());
            for (size_t i = 0; i < group.tags.size(); ++i) {
                const int topic = i < group.topics.size() ? group.topics[i] : -1;
                if (topic >= 0 && &atlas == state.atlas) {  // a topic: its page
                    ImGui::PushID(topic);
                    if (LinkButton(group.tags[i], "##topic-tag")) Apply(state, atlas::Command::ShowTopic((uint32_t)topic));
                    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open the topic page");
                    ImGui::PopID();
                    continue;
                }
                Badge(atlas::CardBadge{atlas::BadgeKind::PublicationType, 0, group.tags[i], ""}, fonts, i == 0);
            }
            ImGui::Dummy(ImVec2(0, 4));
        }
    }
    SectionHeading(T("card.metadata"), fonts);
    for (const atlas::CardMeta& meta : card.metadata) {
        MutedText("%s", meta.label.c_str());
        ImGui::Indent(12.0f);
        if (!meta.link.empty()) Link(state, meta.value, meta.link);
        else ImGui::TextWrapped("%s", meta.value.c_str());
        ImGui::Unindent(12.0f);
    }
    if (!card.quality_notes.empty()) {
        // Discreet: small muted text, not an alarm colour. The record is shown as it is.
        ImGui::Dummy(ImVec2(0, 8));
        ImGui::PushFont(fonts.small);
        ImGui::PushStyleColor(ImGuiCol_Text, colours.muted);
        ImGui::TextUnformatted(T("card.quality_notes"));
        for (const std::string& note : card.quality_notes) WrappedBullet(note);
        ImGui::PopStyleColor();
        ImGui::PopFont();
    }
    if (!card.pem_note.empty()) {
        ImGui::Dummy(ImVec2(0, 10));
        ImGui::Separator();
        ImGui::PushFont(fonts.small);
        MutedText("%s", card.pem_note.c_str());
        if (!card.about_url.empty()) Link(state, T("card.how_it_works"), card.about_url);
        ImGui::PopFont();
    }
    SectionHeading(T("card.contribute"), fonts);
    ImGui::TextWrapped("%s", card.contribute_text.c_str());
    if (!card.contribute_url.empty()) Link(state, T("card.report_error"), card.contribute_url);
    ImGui::Dummy(ImVec2(0, 24));
    ImGui::PopTextWrapPos();
}

void DrawCompare(State& state, const Fonts& fonts) {
    if (ImGui::Button(T("ui.back_to_results"))) Apply(state, atlas::Command::ShowScreen(atlas::Screen::Atlas));
    ImGui::SameLine();
    if (ImGui::Button(T("ui.clear_compare"))) Apply(state, atlas::Command::ClearCompare());
    if (state.compare.empty()) {
        MutedText("%s", T("ui.compare_empty"));
        return;
    }
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < 200) ImGui::NewLine();
    if (ImGui::Button(T("ui.print"))) state.page_request = "print compare";
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("ui.print_compare_tip"));
    int columns = (int)state.compare.size();
    bool narrow = ImGui::GetContentRegionAvail().x < 700.0f * std::min(columns, 2) / 2.0f;
    if (narrow) {
        // Phones: one card after another, each with its own heading, still in one scroll.
        ImGui::BeginChild("compare-stack", ImVec2(0, 0), false);
        for (uint32_t index : state.compare) {
            ImGui::PushID((int)index);
            DrawCard(state, fonts, *state.atlas, (int)index, false);
            ImGui::Separator();
            ImGui::PopID();
        }
        ImGui::EndChild();
        return;
    }
    // Up to three columns fit; more scroll sideways (each column keeps a readable width).
    float column_width = std::max(300.0f, (ImGui::GetContentRegionAvail().x - 24.0f) / std::min(columns, 3));
    ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY | (columns > 3 ? ImGuiTableFlags_ScrollX : 0);
    if (ImGui::BeginTable("compare", columns, flags)) {
        for (int c = 0; c < columns && columns > 3; ++c) ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthFixed, column_width);
        ImGui::TableNextRow();
        for (int c = 0; c < columns; ++c) {
            ImGui::TableSetColumnIndex(c);
            ImGui::PushID(c);
            DrawCard(state, fonts, *state.atlas, (int)state.compare[c], false);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
}

}  // namespace atlas_ui
