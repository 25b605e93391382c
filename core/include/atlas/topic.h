// atlas/topic.h — a topic page as plain data: what the atlas holds on one topic (a tag of the
// category with id "topic", the evidence gap map's rows): counts by evidence level and PEM, a
// timeline, the links among its studies and the studies in reading order. The ImGui screen, the
// text view and the static page (text/topic/<slug>.html) all render this one description, which
// says nothing its studies' cards do not (counts of their badges, their years, their links).
// Pure core.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/card.h"
#include "atlas/model.h"

namespace atlas {

// One link between two studies, as the card of its source lists it: "<from> <phrase> <to>".
struct TopicRelation {
    RelationType type = RelationType::CommentsOn;
    CardLink from;         // always a card of this atlas
    std::string phrase;    // "did not replicate"
    CardLink to;           // a card of this atlas, or the paper outside it
    std::string note;      // the relation's note, when it has one
};
struct TopicRelationGroup {
    std::string heading;   // "Not replicated"
    RelationType type = RelationType::CommentsOn;
    std::vector<TopicRelation> relations;
};

struct TopicPage {
    uint32_t tag = 0;                // index into atlas.tags
    std::string name;                // the tag's label: "Immunology"
    std::string slug;                // unique among the atlas's topics: "immunology"
    bool pem_only = false;           // counted over the cohorts that required PEM only
    uint32_t total = 0, pem_required = 0;
    uint32_t levels[kEvidenceLevelCount] = {}, levels_pem[kEvidenceLevelCount] = {};
    // Studies per year, from the topic's first year to its last: years[i] is year first_year + i.
    int first_year = 0;
    std::vector<uint32_t> years, years_pem;
    // Links with at least one end among the topic's studies, by kind (retractions first).
    std::vector<TopicRelationGroup> relations;
    // Reading order: the strongest evidence type first (E0 to E3), newest first within a level,
    // retracted papers after the others of their level, then by title.
    std::vector<uint32_t> studies;
};

// The topics of an atlas: the tags of its "topic" category, by label (bytewise); empty without one.
std::vector<uint32_t> TopicTags(const Atlas& atlas);
// A topic's slug for links and file names: its label in lower-case ASCII letters and digits joined
// by '-' ("PEM & Exercise Physiology" -> "pem-exercise-physiology"), at most 60 bytes, made unique
// among the atlas's topics by "-2", "-3"… in label order; "" when `tag` is not a topic.
std::string TopicSlug(const Atlas& atlas, uint32_t tag);
// The page of topic `tag`; empty (name "") when `tag` is not a topic.
TopicPage BuildTopicPage(const Atlas& atlas, uint32_t tag, bool pem_only = false);
// "The atlas holds 23 studies on Infection & Viruses, 1 of them (4%) in cohorts that required PEM."
std::string TopicSummary(const TopicPage& page);

}  // namespace atlas
