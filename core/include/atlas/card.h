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

struct CardTagGroup {
    std::string category;
    std::vector<std::string> tags;
    std::vector<int> topics;   // per tag: its tag index when it is a topic (it has a topic page), else -1
};
struct CardMeta { std::string label, value, link; };

// A link from a card to another paper: the other card when it is in this atlas, else the paper
// outside it (its DOI, or its PubMed page).
struct CardLink {
    std::string text;      // "Fluge et al. 2019: <title>" for a card; "DOI 10.1101/…", "PMID 19815723" outside
    int study = -1;        // the other card (index into atlas.studies), or -1
    std::string slug;      // the other card's slug
    std::string url;       // outside the atlas: https://doi.org/… or https://pubmed.ncbi.nlm.nih.gov/…/
    std::string note;      // the relation's note, when it has one
    bool retracted = false;  // the other card is of a retracted paper
};
// The links of one kind, as a card lists them: "Replicated by", "Not replicated by", "Supersedes"…
struct CardRelationGroup {
    std::string id;        // "replicated_by"; stable, for the page and tests
    std::string heading;
    RelationType type;
    bool incoming;         // other studies' relations naming this one ("Replicated by")
    std::vector<CardLink> links;
};

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
    // "Who was studied", from the population its record states: "People studied", "Severity",
    // "Age group", "Female", "Onset", "Countries" — each only when stated. Empty when none is.
    std::vector<CardMeta> population;
    // Links to other studies, both ways, the retraction notice first. At every depth.
    std::vector<CardRelationGroup> relations;
};

// `current_year` feeds the lint rules (the core reads no clock); 0 skips the year rule.
// Quick: summary and metadata. Standard: the reading sections, tags, data-quality notes and the
// PEM note. Full: also strengths and limitations.
// `lang`: the interface's words (headings, badges, notes); the study's own text stays English.
Card BuildCard(const Atlas& atlas, const Study& study, int current_year = 0, ReadingDepth depth = ReadingDepth::Full,
               Lang lang = Lang::En);

// [SECTION] Links between studies. The study a relation names in this atlas (by its id, or by a DOI
// or PMID one of its studies has), or kNoIndex; and the relations of other studies that name
// `study`. From the search index when it is built (at load), else by scanning the atlas.
uint32_t RelationTargetStudy(const Atlas& atlas, const Relation& relation);
struct IncomingRelation { uint32_t from; const Relation* relation; };
std::vector<IncomingRelation> IncomingRelations(const Atlas& atlas, uint32_t study);
// A card's links (Card::relations) without the rest of the card: topic pages list these.
std::vector<CardRelationGroup> CardRelations(const Atlas& atlas, const Study& study);
// What a relation type is called on the card of its source ("Replicates") and of its target
// ("Replicated by"), and as a phrase between two studies ("replicates", "did not replicate").
std::string_view RelationHeading(RelationType type, bool incoming);
std::string_view RelationPhrase(RelationType type);
// "Fluge et al. 2011" — how a card names another study in a link.
std::string ShortReference(const Atlas& atlas, const Study& study);

// The English name of an ISO 3166-1 alpha-2 code ("GB" -> "United Kingdom"); the code itself when unknown.
std::string_view CountryName(std::string_view code);

// "2026-04-07" -> "7 April 2026"; other text unchanged.
std::string FormatDate(std::string_view iso_date);

}  // namespace atlas
