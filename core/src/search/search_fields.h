// search_fields.h — which fields of a study are searched, and their weights (internal to core/src).
// The index, phrase checks and relevance all read the fields through this one list.
#pragma once
#include <string_view>

#include "atlas/model.h"
#include "atlas/query.h"
#include "atlas/search_index.h"

namespace atlas {

// Calls on_field(text, weight) for every searched field of `s` (each author and list item apart).
// Tags and ids are not searched: tags are filters, ids are for links.
template <typename OnField>
void ForEachSearchField(const Atlas& atlas, const Study& s, OnField&& on_field) {
    auto list = [&](ListRef items, uint32_t weight) {
        for (uint32_t i = 0; i < items.count; ++i) on_field(atlas.Item(items, i), weight);
    };
    on_field(atlas.Text(s.title), kTitleWeight);
    list(s.authors, kAuthorsWeight);
    on_field(atlas.Text(s.journal), kJournalWeight);
    on_field(atlas.Text(s.pmid), kIdentifierWeight);
    on_field(atlas.Text(s.doi), kIdentifierWeight);
    on_field(atlas.Text(s.quick_summary), kSummaryWeight);
    on_field(atlas.Text(s.why_it_matters), kSummaryWeight);
    list(s.observed_findings, kFindingsWeight);
    list(s.inferred_conclusions, kFindingsWeight);
}

// A study's single-valued classifications in 14 bits, so a query can test and count them all with one
// table lookup and one histogram: evidence (2 bits), confidence (2), PEM (2), peer review (1), review
// status (2), retracted (1), publication type (4).
constexpr int kClassBits = 14;
inline uint16_t PackClasses(const Study& s) {
    return (uint16_t)((unsigned)s.evidence | (unsigned)s.confidence << 2 | (unsigned)s.pem << 4 |
                      (unsigned)s.peer_review << 6 | (unsigned)s.review_status << 7 | (unsigned)s.retracted << 9 |
                      (unsigned)s.publication_type << 10);
}
struct UnpackedClasses { int evidence, confidence, pem, peer_review, review_status, retracted, publication_type; };
inline UnpackedClasses UnpackClasses(uint32_t c) {
    return {(int)(c & 3), (int)(c >> 2 & 3), (int)(c >> 4 & 3), (int)(c >> 6 & 1), (int)(c >> 7 & 3), (int)(c >> 9 & 1),
            (int)(c >> 10 & 15)};
}

// Who was studied in 10 bits, for the same one-lookup test: sample-size band + 1 (0 unstated, 3 bits),
// age group (AgeGroup, 3 bits), severities (IllnessSeverity bits, 4).
constexpr int kPopulationBits = 10;
inline uint16_t PackPopulation(const Population* p) {
    if (!p) return 0;
    int band = SampleSizeOf(p);
    return (uint16_t)((unsigned)(band + 1) | (unsigned)p->age_group << 3 | (unsigned)(p->severity & 15) << 6);
}
struct UnpackedPopulation { int sample_size, age_group, severities; };   // band or -1, age group or -1, bits
inline UnpackedPopulation UnpackPopulation(uint32_t p) {
    return {(int)(p & 7) - 1, (int)(p >> 3 & 7) - 1, (int)(p >> 6 & 15)};
}

// Built into the index by links.cpp: each study's topic rows, and the links between studies.
void BuildTopicRows(const Atlas& atlas, SearchIndex& index);
void BuildLinks(const Atlas& atlas, SearchIndex& index);

}  // namespace atlas
