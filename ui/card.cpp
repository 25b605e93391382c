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

void Copy(State& state, std::string text, const char* what) {
    state.clipboard = std::move(text);
    state.toast = std::string(what) + " copied";
    state.toast_until = ImGui::GetTime() + 2.5;
}

void DrawActions(State& state, const atlas::Atlas& atlas, int index) {
    const atlas::Study& study = atlas.studies[index];
    if (ImGui::Button("Copy citation")) Copy(state, atlas::CitePlain(atlas, study), "Citation");
    ImGui::SameLine();
    if (ImGui::Button("Copy BibTeX")) Copy(state, atlas::CiteBibtex(atlas, study), "BibTeX");
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < 170) ImGui::NewLine();
    if (ImGui::Button("Cite this card")) Copy(state, atlas::CiteAtlasSnapshot(atlas, study, state.today), "Card citation");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Cites the atlas's reading of the paper on this date, not the paper itself");
    if (&atlas == state.atlas) {
        ImGui::SameLine();
        if (ImGui::GetContentRegionAvail().x < 150) ImGui::NewLine();
        bool in_compare = std::find(state.compare.begin(), state.compare.end(), (uint32_t)index) != state.compare.end();
        if (ImGui::Button(in_compare ? "Remove from compare" : "Add to compare"))
            Apply(state, atlas::Command::ToggleCompare((uint32_t)index));
    }
}

// Who was studied: a few short lines under the byline, at every depth.
void DrawPopulation(const atlas::Card& card, const Fonts& fonts) {
    if (card.population.empty()) return;
    ImGui::Dummy(ImVec2(0, 2));
    ImGui::PushFont(fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, Colours().accent);
    ImGui::TextUnformatted("Who was studied");
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
    SectionHeading("Links to other studies", fonts);
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
    atlas::Card card = atlas::BuildCard(atlas, study, state.current_year, state.depth);
    const Palette& colours = Colours();
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
    HighlightedText(card.title, state, fonts.title);
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, colours.muted);
    ImGui::TextWrapped("%s · %s · %s", card.byline.c_str(), card.journal.c_str(), card.year.c_str());
    ImGui::PopStyleColor();
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
        if (!section.heading.empty()) SectionHeading(section.heading.c_str(), fonts);
        if (!section.subheading.empty()) {
            ImGui::Dummy(ImVec2(0, 2));
            ImGui::PushFont(fonts.heading);
            ImGui::TextUnformatted(section.subheading.c_str());
            ImGui::PopFont();
        }
        if (!section.text.empty()) HighlightedText(section.text, state, fonts.body);
        for (const std::string& item : section.items) {
            ImGui::Bullet();
            ImGui::SameLine();
            ImGui::BeginGroup();
            HighlightedText(item, state, fonts.body);
            ImGui::EndGroup();
        }
    }
    if (!links_drawn) DrawRelations(state, atlas, card, fonts);
    if (state.depth == atlas::ReadingDepth::Quick) {
        ImGui::Dummy(ImVec2(0, 4));
        MutedText("Quick reading shows the summary only. Choose Standard or Full above to read the findings.");
    }
    if (!card.tag_groups.empty()) {
        SectionHeading("Tags", fonts);
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
    SectionHeading("Metadata", fonts);
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
        ImGui::TextUnformatted("Data-quality notes");
        for (const std::string& note : card.quality_notes) WrappedBullet(note);
        ImGui::PopStyleColor();
        ImGui::PopFont();
    }
    if (!card.pem_note.empty()) {
        ImGui::Dummy(ImVec2(0, 10));
        ImGui::Separator();
        ImGui::PushFont(fonts.small);
        MutedText("%s", card.pem_note.c_str());
        if (!card.about_url.empty()) Link(state, "How the atlas works", card.about_url);
        ImGui::PopFont();
    }
    SectionHeading("Contribute", fonts);
    ImGui::TextWrapped("%s", card.contribute_text.c_str());
    if (!card.contribute_url.empty()) Link(state, "Report an error in this card", card.contribute_url);
    ImGui::Dummy(ImVec2(0, 24));
    ImGui::PopTextWrapPos();
}

void DrawCompare(State& state, const Fonts& fonts) {
    if (ImGui::Button("\xE2\x86\x90 Back to results")) Apply(state, atlas::Command::ShowScreen(atlas::Screen::Atlas));
    ImGui::SameLine();
    if (ImGui::Button("Clear comparison")) Apply(state, atlas::Command::ClearCompare());
    if (state.compare.empty()) {
        MutedText("Pick two or three studies with \"Add to compare\" on their cards.");
        return;
    }
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
    if (ImGui::BeginTable("compare", columns, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY)) {
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
