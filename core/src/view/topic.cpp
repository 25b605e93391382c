// topic.cpp — a topic page from its studies' cards (atlas/topic.h).
#include "atlas/topic.h"

#include <algorithm>

#include "atlas/facets.h"

namespace atlas {
namespace {

constexpr RelationType kTopicOrder[] = {RelationType::RetractionOf, RelationType::CorrectionOf, RelationType::Supersedes,
                                        RelationType::FailsToReplicate, RelationType::Contradicts, RelationType::Replicates,
                                        RelationType::CommentsOn};
constexpr std::string_view kTopicHeadings[] = {"Replicated", "Not replicated", "Contradicted", "Newer versions",
                                               "Comments and follow-ups", "Retractions", "Corrections"};
static_assert(std::size(kTopicHeadings) == kRelationTypeCount);

int TopicCategory(const Atlas& atlas) {
    for (size_t c = 0; c < atlas.tag_categories.size(); ++c)
        if (atlas.tag_categories[c].id == "topic") return (int)c;
    return -1;
}

std::string BaseSlug(std::string_view label) {
    std::string out;
    for (char c : label) {
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (keep) out += c;
        else if (!out.empty() && out.back() != '-') out += '-';
        if (out.size() >= 60) break;
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? std::string("topic") : out;
}

bool HasTag(const Atlas& atlas, const Study& s, uint32_t tag) {
    for (uint32_t k = 0; k < s.tags.count; ++k)
        if (atlas.TagIndex(s.tags, k) == tag) return true;
    return false;
}

CardLink Self(const Atlas& atlas, uint32_t index) {
    const Study& s = atlas.studies[index];
    CardLink link;
    link.text = ShortReference(atlas, s) + ": " + std::string(atlas.Text(s.title));
    link.study = (int)index;
    link.slug = atlas.Text(s.slug);
    link.retracted = s.retracted;
    return link;
}

}  // namespace

std::vector<uint32_t> TopicTags(const Atlas& atlas) {
    // The index has them (the gap map's rows); an atlas changed by hand sorts them here. A label is
    // unique within its category, so the order is total.
    if (atlas.search.built && atlas.search.study_count == atlas.studies.size()) return atlas.search.topic_tags;
    std::vector<uint32_t> tags;
    const int category = TopicCategory(atlas);
    if (category < 0) return tags;
    for (uint32_t t = 0; t < atlas.tags.size(); ++t)
        if (atlas.tags[t].category == category) tags.push_back(t);
    std::sort(tags.begin(), tags.end(), [&](uint32_t a, uint32_t b) { return atlas.tags[a].label < atlas.tags[b].label; });
    return tags;
}

std::string TopicSlug(const Atlas& atlas, uint32_t tag) {
    std::vector<std::string> taken;
    for (uint32_t t : TopicTags(atlas)) {
        std::string base = BaseSlug(atlas.tags[t].label), slug = base;
        for (int n = 2; std::find(taken.begin(), taken.end(), slug) != taken.end(); ++n) slug = base + "-" + std::to_string(n);
        if (t == tag) return slug;
        taken.push_back(slug);
    }
    return {};
}

std::string TopicSummary(const TopicPage& t) {
    std::string out = "The atlas holds " + std::to_string(t.total) + (t.total == 1 ? " study" : " studies") +
                      (t.pem_only ? " in cohorts that required PEM" : "") + " on " + t.name;
    if (!t.total || t.pem_only) return out + ".";
    if (t.pem_required == t.total) return out + (t.total == 1 ? ", in a cohort that required PEM." : ", all in cohorts that required PEM.");
    if (!t.pem_required) return out + ", none in cohorts that required PEM.";
    std::string share = PemShare(t.total, t.pem_required);
    return out + ", " + std::to_string(t.pem_required) + " of them (" + share.substr(0, share.find(' ')) +
           ") in cohorts that required PEM.";
}

TopicPage BuildTopicPage(const Atlas& atlas, uint32_t tag, bool pem_only) {
    TopicPage page;
    const int category = TopicCategory(atlas);
    if (category < 0 || tag >= atlas.tags.size() || atlas.tags[tag].category != category) return page;
    page.tag = tag;
    page.name = atlas.tags[tag].label;
    page.slug = TopicSlug(atlas, tag);
    page.pem_only = pem_only;

    std::vector<uint8_t> member(atlas.studies.size(), 0);
    int last_year = 0;
    for (uint32_t i = 0; i < atlas.studies.size(); ++i) {
        const Study& s = atlas.studies[i];
        if (!HasTag(atlas, s, tag) || (pem_only && s.pem != PemCriterion::Required)) continue;
        member[i] = 1;
        page.studies.push_back(i);
        page.first_year = page.studies.size() == 1 ? s.year : std::min<int>(page.first_year, s.year);
        last_year = std::max<int>(last_year, s.year);
    }
    page.total = (uint32_t)page.studies.size();
    if (!page.total) return page;
    page.years.assign((size_t)(last_year - page.first_year + 1), 0);
    page.years_pem.assign(page.years.size(), 0);
    for (uint32_t i : page.studies) {
        const Study& s = atlas.studies[i];
        const bool pem = s.pem == PemCriterion::Required;
        ++page.levels[(int)s.evidence];
        page.levels_pem[(int)s.evidence] += pem;
        page.pem_required += pem;
        ++page.years[(size_t)(s.year - page.first_year)];
        page.years_pem[(size_t)(s.year - page.first_year)] += pem;
    }
    std::sort(page.studies.begin(), page.studies.end(), [&](uint32_t a, uint32_t b) {
        const Study &x = atlas.studies[a], &y = atlas.studies[b];
        if (x.evidence != y.evidence) return x.evidence < y.evidence;
        if (x.retracted != y.retracted) return !x.retracted;
        if (x.year != y.year) return x.year > y.year;
        const std::string_view tx = atlas.Text(x.title), ty = atlas.Text(y.title);
        return tx != ty ? tx < ty : a < b;  // a total order: the same every time
    });

    // The links, as the cards list them: each study's own links, and the links of studies outside
    // the topic that name one of its studies (a link between two of its studies counted once).
    std::vector<TopicRelationGroup> by_type(kRelationTypeCount);
    for (uint32_t i : page.studies) {
        for (CardRelationGroup& group : CardRelations(atlas, atlas.studies[i])) {
            for (CardLink& link : group.links) {
                const bool outgoing = !group.incoming;
                if (!outgoing && (link.study < 0 || member[(size_t)link.study])) continue;  // counted from its own side
                TopicRelation r;
                r.type = group.type;
                r.phrase = RelationPhrase(group.type);
                r.note = std::move(link.note);
                link.note.clear();
                (outgoing ? r.from : r.to) = Self(atlas, i);
                (outgoing ? r.to : r.from) = std::move(link);
                by_type[(int)group.type].relations.push_back(std::move(r));
            }
        }
    }
    for (RelationType type : kTopicOrder) {
        TopicRelationGroup& group = by_type[(int)type];
        if (group.relations.empty()) continue;
        group.heading = kTopicHeadings[(int)type];
        group.type = type;
        page.relations.push_back(std::move(group));
    }
    return page;
}

}  // namespace atlas
