// atlas/card.h — what a study card says, as plain data: badges, byline, sections, tags, metadata.
// The ImGui card (ui/), the DOM mirror and the static pages all render this one description,
// so the canvas and the accessible text can never disagree. Pure core.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "atlas/model.h"

namespace atlas {

enum class BadgeKind : uint8_t { Evidence, Confidence, Pem, PublicationType, PeerReview, ReviewStatus, Retracted };

struct CardBadge {
    BadgeKind kind;
    int value;             // the enum value within its kind (e.g. the evidence level), for colours
    std::string text;      // "E0 Consensus"
    std::string tooltip;   // what the badge means, in a sentence
};

struct CardSection {
    std::string id;          // "quick_summary"
    std::string heading;     // "Quick Summary"
    std::string subheading;  // "What This Study Does Not Prove" under "Remaining Questions"
    std::string text;        // a paragraph, or empty
    std::vector<std::string> items;  // bullets, or empty
};

// How much of a card to show: a reader with little energy may want the summary only.
enum class ReadingDepth : uint8_t { Quick, Standard, Full };
std::string_view ReadingDepthCode(ReadingDepth depth);   // "quick", "standard", "full"
bool ParseReadingDepth(std::string_view code, ReadingDepth& out);

struct CardTagGroup { std::string category; std::vector<std::string> tags; };
struct CardMeta { std::string label, value, link; };

struct Card {
    std::vector<CardBadge> badges;
    std::string title, byline, journal, year;
    std::string retraction;          // banner text; empty when not retracted
    std::string draft_notice;        // machine-drafted notice; empty when a person reviewed it
    std::vector<CardSection> sections;  // only the ones with content, in reading order
    std::vector<CardTagGroup> tag_groups;
    std::vector<CardMeta> metadata;
    std::string pem_note, about_url;
    std::string contribute_text, contribute_url;
    std::vector<std::string> quality_notes;  // data-quality lint, shown discreetly
};

// `current_year` feeds the lint rules (the core reads no clock); 0 skips the year rule.
// Quick: summary and metadata. Standard: the reading sections, tags, data-quality notes and the
// PEM note. Full: also strengths and limitations.
// `lang`: the interface's words (headings, badges, notes); the study's own text stays English.
Card BuildCard(const Atlas& atlas, const Study& study, int current_year = 0, ReadingDepth depth = ReadingDepth::Full,
               Lang lang = Lang::En);

// "2026-04-07" -> "7 April 2026"; other text unchanged.
std::string FormatDate(std::string_view iso_date);

}  // namespace atlas
