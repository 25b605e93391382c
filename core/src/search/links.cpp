// links.cpp — the parts of the search index a query does not read as text: the evidence gap map's
// rows (each study's topics) and the links between studies, resolved once at load. Built for size
// (-Oz in the page), unlike the rest of the index (core/CMakeLists.txt).
#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "atlas/model.h"
#include "atlas/search_index.h"
#include "search_fields.h"

namespace atlas {

using Incoming = SearchIndex::Incoming;

namespace {

std::string LowerAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    return out;
}

}  // namespace

// The evidence gap map's rows (SearchIndex::topic_tags) and each study's rows in them.
void BuildTopicRows(const Atlas& atlas, SearchIndex& index) {
    const uint32_t study_count = (uint32_t)atlas.studies.size();
    uint32_t category = UINT32_MAX;
    for (uint32_t c = 0; c < atlas.tag_categories.size(); ++c)
        if (atlas.tag_categories[c].id == "topic") category = c;
    if (category == UINT32_MAX) return;
    for (uint32_t t = 0; t < atlas.tags.size(); ++t)
        if (atlas.tags[t].category == category) index.topic_tags.push_back(t);
    // A label is unique within its category: a total order.
    std::sort(index.topic_tags.begin(), index.topic_tags.end(),
                     [&](uint32_t a, uint32_t b) { return atlas.tags[a].label < atlas.tags[b].label; });
    if (index.topic_tags.size() > UINT16_MAX) index.topic_tags.resize(UINT16_MAX);  // far beyond a readable grid
    std::vector<uint32_t> row_of(atlas.tags.size(), UINT32_MAX);
    for (uint32_t r = 0; r < index.topic_tags.size(); ++r) row_of[index.topic_tags[r]] = r;
    index.study_topic_start.reserve(study_count + 1);
    for (uint32_t s = 0; s < study_count; ++s) {
        index.study_topic_start.push_back((uint32_t)index.study_topics.size());
        const Study& study = atlas.studies[s];
        for (uint32_t k = 0; k < study.tags.count; ++k) {
            uint32_t tag = atlas.TagIndex(study.tags, k);
            if (tag < row_of.size() && row_of[tag] != UINT32_MAX) index.study_topics.push_back((uint16_t)row_of[tag]);
        }
    }
    index.study_topic_start.push_back((uint32_t)index.study_topics.size());
}

// Each relation's target study (by id as the loader resolved it, or by DOI or PMID), and per study
// the relations that name it.
void BuildLinks(const Atlas& atlas, SearchIndex& index) {
    const uint32_t study_count = (uint32_t)atlas.studies.size();
    index.relation_target.assign(atlas.relations.size(), kNoIndex);
    index.incoming_start.assign(study_count + 1, 0);
    if (atlas.relations.empty()) return;
    // The DOI and PMID tables only when some relation names a study that way (most name ids): a
    // table of every study's DOI costs more than all the rest of the links.
    bool any_doi = false, any_pmid = false;
    for (const Relation& relation : atlas.relations) {
        any_doi |= relation.target_kind == RelationTarget::Doi;
        any_pmid |= relation.target_kind == RelationTarget::Pmid;
    }
    std::unordered_map<std::string, uint32_t> by_doi, by_pmid;
    for (uint32_t s = 0; s < study_count && (any_doi || any_pmid); ++s) {
        const Study& study = atlas.studies[s];
        if (any_doi && study.doi.length) by_doi.emplace(LowerAscii(atlas.Text(study.doi)), s);
        if (any_pmid && study.pmid.length) by_pmid.emplace(std::string(atlas.Text(study.pmid)), s);
    }
    std::vector<Incoming> pairs;  // (target, from, relation) through two passes: count, then place
    for (uint32_t s = 0; s < study_count; ++s) {
        const Study& study = atlas.studies[s];
        for (uint32_t k = 0; k < study.relations.count; ++k) {
            const uint32_t r = study.relations.first + k;
            if (r >= atlas.relations.size()) break;
            const Relation& relation = atlas.relations[r];
            uint32_t target = relation.target_kind == RelationTarget::Id ? relation.study : kNoIndex;
            if (relation.target_kind == RelationTarget::Doi) {
                auto it = by_doi.find(LowerAscii(atlas.Text(relation.target)));
                if (it != by_doi.end()) target = it->second;
            } else if (relation.target_kind == RelationTarget::Pmid) {
                auto it = by_pmid.find(std::string(atlas.Text(relation.target)));
                if (it != by_pmid.end()) target = it->second;
            }
            if (target >= study_count) target = kNoIndex;
            index.relation_target[r] = target;
            if (target != kNoIndex && target != s) ++index.incoming_start[target + 1];
        }
    }
    for (uint32_t s = 0; s < study_count; ++s) index.incoming_start[s + 1] += index.incoming_start[s];
    index.incoming.resize(index.incoming_start[study_count]);
    std::vector<uint32_t> fill(index.incoming_start.begin(), index.incoming_start.end() - 1);
    for (uint32_t s = 0; s < study_count; ++s) {
        const Study& study = atlas.studies[s];
        for (uint32_t k = 0; k < study.relations.count; ++k) {
            const uint32_t r = study.relations.first + k;
            if (r >= atlas.relations.size()) break;
            const uint32_t target = index.relation_target[r];
            if (target != kNoIndex && target != s) index.incoming[fill[target]++] = {s, r};
        }
    }
}

}  // namespace atlas
