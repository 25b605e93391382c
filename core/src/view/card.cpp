// card.cpp — the study card as data, in reading order.
#include "atlas/card.h"

#include <algorithm>
#include <cstdio>

#include "atlas/lint.h"
#include "country_names.h"

namespace atlas {
namespace {

std::string PemTooltip(PemCriterion p, Lang lang) { return Tr(lang, "card.tip.pem." + std::string(PemCode(p))); }

void AddText(Card& card, const char* id, const std::string& heading, std::string_view text, const std::string& sub = "") {
    if (text.empty()) return;
    card.sections.push_back({id, heading, sub, std::string(text), {}});
}

void AddList(Card& card, const Atlas& atlas, const char* id, const std::string& heading, ListRef list) {
    if (list.count == 0) return;
    CardSection section{id, heading, "", "", {}};
    for (uint32_t i = 0; i < list.count; ++i) section.items.emplace_back(atlas.Item(list, i));
    card.sections.push_back(std::move(section));
}

// [SECTION] Links between studies

struct RelationText { std::string_view id_out, heading_out, id_in, heading_in, phrase; };
constexpr RelationText kRelationTexts[] = {
    {"replicates", "Replicates", "replicated_by", "Replicated by", "replicates"},
    {"did_not_replicate", "Did not replicate", "not_replicated_by", "Not replicated by", "did not replicate"},
    {"contradicts", "Contradicts", "contradicted_by", "Contradicted by", "contradicts"},
    {"supersedes", "Supersedes", "superseded_by", "Superseded by", "supersedes"},
    {"comments_on", "Comments on", "commented_on_by", "Commented on by", "comments on"},
    {"retraction_of", "Retraction notice of", "retraction_notice", "Retraction notice", "is the retraction notice of"},
    {"correction_of", "Correction of", "correction_notice", "Correction notice", "is the correction notice of"},
};
static_assert(std::size(kRelationTexts) == kRelationTypeCount);

// The order a card lists its links in: what changes how the paper should be read comes first.
constexpr RelationType kCardOrder[] = {RelationType::RetractionOf, RelationType::CorrectionOf, RelationType::Supersedes,
                                       RelationType::FailsToReplicate, RelationType::Contradicts, RelationType::Replicates,
                                       RelationType::CommentsOn};

CardLink LinkToStudy(const Atlas& atlas, uint32_t index, std::string_view note) {
    const Study& other = atlas.studies[index];
    CardLink link;
    link.text = ShortReference(atlas, other) + ": " + std::string(atlas.Text(other.title));
    link.study = (int)index;
    link.slug = atlas.Text(other.slug);
    link.note = note;
    link.retracted = other.retracted;
    return link;
}

CardLink LinkOutside(const Atlas& atlas, const Relation& r) {
    CardLink link;
    std::string target(atlas.Text(r.target));
    switch (r.target_kind) {
    case RelationTarget::Doi: link.text = "DOI " + target, link.url = "https://doi.org/" + target; break;
    case RelationTarget::Pmid: link.text = "PMID " + target, link.url = "https://pubmed.ncbi.nlm.nih.gov/" + target + "/"; break;
    case RelationTarget::Id: link.text = "A study not in this atlas (id " + target + ")"; break;
    }
    link.note = atlas.Text(r.note);
    return link;
}

void AddRelations(std::vector<CardRelationGroup>& groups, const Atlas& atlas, const Study& s) {
    const uint32_t self = (uint32_t)(&s - atlas.studies.data());
    const bool in_atlas = !atlas.studies.empty() && &s >= atlas.studies.data() && self < atlas.studies.size();
    std::vector<IncomingRelation> incoming;
    if (in_atlas) incoming = IncomingRelations(atlas, self);
    for (bool in : {true, false}) {
        for (RelationType type : kCardOrder) {
            CardRelationGroup group{std::string(in ? kRelationTexts[(int)type].id_in : kRelationTexts[(int)type].id_out),
                                    std::string(RelationHeading(type, in)), type, in, {}};
            if (in) {
                for (const IncomingRelation& r : incoming)
                    if (r.relation->type == type) group.links.push_back(LinkToStudy(atlas, r.from, atlas.Text(r.relation->note)));
            } else {
                for (uint32_t k = 0; k < s.relations.count; ++k) {
                    const Relation& r = atlas.RelationAt(s.relations, k);
                    if (r.type != type) continue;
                    uint32_t target = RelationTargetStudy(atlas, r);
                    group.links.push_back(target != kNoIndex && target != self ? LinkToStudy(atlas, target, atlas.Text(r.note))
                                                                               : LinkOutside(atlas, r));
                }
            }
            if (!group.links.empty()) groups.push_back(std::move(group));
        }
    }
}

void AddPopulation(Card& card, const Atlas& atlas, const Study& s, Lang lang) {
    const Population* p = atlas.PopulationOf(s);
    if (!p) return;
    auto t = [&](const char* key) -> const std::string& { return Tr(lang, key); };
    std::string patients = p->n_patients >= 0 ? TrN(lang, "card.n_patients", p->n_patients) : "";
    std::string controls = p->n_controls >= 0 ? TrN(lang, "card.n_controls", p->n_controls) : "";
    std::string people = !patients.empty() && !controls.empty() ? TrF(lang, "card.people_both", {patients, controls}) : patients + controls;
    if (!people.empty()) card.population.push_back({t("card.people_studied"), people, ""});
    std::string severity;  // "Mild, moderate": the first word capitalised, as a sentence
    for (int b = 0; b < kSeverityCount; ++b) {
        if (!(p->severity & (1u << b))) continue;
        std::string label(Label(CodeSet::Severity, b, lang));
        if (!severity.empty() && !label.empty() && label[0] >= 'A' && label[0] <= 'Z') label[0] = (char)(label[0] - 'A' + 'a');
        severity += (severity.empty() ? "" : ", ") + label;
    }
    if (!severity.empty()) card.population.push_back({t("card.severity"), severity, ""});
    if (p->age_group != AgeGroup::Unstated)
        card.population.push_back({t("card.age_group"), std::string(Label(CodeSet::AgeGroup, (int)p->age_group, lang)), ""});
    if (p->female_percent >= 0) {
        char percent[16];
        double rounded = (double)(long long)(p->female_percent * 10 + 0.5) / 10;
        if (rounded == (double)(long long)rounded) std::snprintf(percent, sizeof percent, "%lld%%", (long long)rounded);
        else std::snprintf(percent, sizeof percent, "%.1f%%", rounded);
        card.population.push_back({t("card.female"), percent, ""});
    }
    if (p->onset != Onset::Unstated)
        card.population.push_back({t("card.onset"), std::string(Label(CodeSet::Onset, (int)p->onset, lang)), ""});
    std::string_view codes = atlas.Text(p->countries);
    std::string countries;  // English short names in every language (country_names.h)
    for (size_t i = 0; i + 1 < codes.size(); i += 2) countries += (countries.empty() ? "" : ", ") + std::string(CountryName(codes.substr(i, 2)));
    if (!countries.empty()) card.population.push_back({t(codes.size() > 2 ? "card.countries" : "card.country"), countries, ""});
}


}  // namespace

uint32_t RelationTargetStudy(const Atlas& atlas, const Relation& r) {
    const size_t at = (size_t)(&r - atlas.relations.data());
    const SearchIndex& index = atlas.search;
    if (index.built && index.study_count == atlas.studies.size() && index.relation_target.size() == atlas.relations.size() &&
        &r >= atlas.relations.data() && at < atlas.relations.size())
        return index.relation_target[at];
    if (r.target_kind == RelationTarget::Id) return r.study < atlas.studies.size() ? r.study : kNoIndex;
    std::string_view key = atlas.Text(r.target);
    auto same_doi = [&](std::string_view doi) {
        if (doi.size() != key.size() || doi.empty()) return false;
        for (size_t i = 0; i < doi.size(); ++i) {
            char a = doi[i], b = key[i];
            if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
            if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
            if (a != b) return false;
        }
        return true;
    };
    for (uint32_t i = 0; i < atlas.studies.size(); ++i) {
        const Study& s = atlas.studies[i];
        if (r.target_kind == RelationTarget::Doi ? same_doi(atlas.Text(s.doi)) : (s.pmid.length && atlas.Text(s.pmid) == key)) return i;
    }
    return kNoIndex;
}

std::vector<IncomingRelation> IncomingRelations(const Atlas& atlas, uint32_t study) {
    std::vector<IncomingRelation> out;
    if (study >= atlas.studies.size()) return out;
    const SearchIndex& index = atlas.search;
    if (index.built && index.study_count == atlas.studies.size() && index.incoming_start.size() == atlas.studies.size() + 1) {
        for (uint32_t k = index.incoming_start[study]; k < index.incoming_start[study + 1]; ++k)
            out.push_back({index.incoming[k].from, &atlas.relations[index.incoming[k].relation]});
        return out;
    }
    for (uint32_t i = 0; i < atlas.studies.size(); ++i) {
        if (i == study) continue;
        const Study& other = atlas.studies[i];
        for (uint32_t k = 0; k < other.relations.count; ++k) {
            const Relation& r = atlas.RelationAt(other.relations, k);
            if (RelationTargetStudy(atlas, r) == study) out.push_back({i, &r});
        }
    }
    return out;
}

std::vector<CardRelationGroup> CardRelations(const Atlas& atlas, const Study& study) {
    std::vector<CardRelationGroup> groups;
    AddRelations(groups, atlas, study);
    return groups;
}

std::string_view RelationHeading(RelationType type, bool incoming) {
    return incoming ? kRelationTexts[(int)type].heading_in : kRelationTexts[(int)type].heading_out;
}
std::string_view RelationPhrase(RelationType type) { return kRelationTexts[(int)type].phrase; }

std::string ShortReference(const Atlas& atlas, const Study& s) {
    auto family = [&](uint32_t i) {
        std::string_view name = atlas.Item(s.authors, i);
        return std::string(name.substr(0, name.find(',')));
    };
    std::string out = s.authors.count == 0   ? std::string()
                      : s.authors.count == 1 ? family(0)
                      : s.authors.count == 2 ? family(0) + " and " + family(1)
                                             : family(0) + " et al.";
    if (s.year > 0) out += (out.empty() ? "" : " ") + std::to_string(s.year);
    return out;
}

std::string_view CountryName(std::string_view code) {
    const CountryNameEntry* begin = std::begin(kCountryNames);
    const CountryNameEntry* end = std::end(kCountryNames);
    const CountryNameEntry* it = std::lower_bound(begin, end, code, [](const CountryNameEntry& c, std::string_view key) { return c.code < key; });
    return it != end && it->code == code ? it->name : code;
}

std::string FormatDate(std::string_view d) {
    static const char* const kMonths[] = {"January", "February", "March", "April", "May", "June", "July",
                                          "August", "September", "October", "November", "December"};
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return std::string(d);
    int month = (d[5] - '0') * 10 + (d[6] - '0');
    int day = (d[8] - '0') * 10 + (d[9] - '0');
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::string(d);
    return std::to_string(day) + " " + kMonths[month - 1] + " " + std::string(d.substr(0, 4));
}

std::string_view ReadingDepthCode(ReadingDepth depth) {
    return depth == ReadingDepth::Quick ? "quick" : depth == ReadingDepth::Standard ? "standard" : "full";
}

bool ParseReadingDepth(std::string_view code, ReadingDepth& out) {
    for (ReadingDepth d : {ReadingDepth::Quick, ReadingDepth::Standard, ReadingDepth::Full})
        if (ReadingDepthCode(d) == code) { out = d; return true; }
    return false;
}

Card BuildCard(const Atlas& atlas, const Study& s, int current_year, ReadingDepth depth, Lang lang) {
    Card card;
    auto t = [&](const char* key) -> const std::string& { return Tr(lang, key); };
    const EvidenceLevelText level = LevelTextIn(atlas, s.evidence, lang);
    card.badges.push_back({BadgeKind::Evidence, (int)s.evidence,
                           std::string(EvidenceCode(s.evidence)) + " " + level.label, level.description});
    card.badges.push_back({BadgeKind::Confidence, (int)s.confidence, std::string(ConfidenceLabel(s.confidence, lang)), t("card.tip.confidence")});
    card.badges.push_back({BadgeKind::Pem, (int)s.pem, std::string(PemLabel(s.pem, lang)), PemTooltip(s.pem, lang)});
    card.badges.push_back({BadgeKind::PublicationType, (int)s.publication_type,
                           std::string(PublicationTypeCode(s.publication_type)), t("card.tip.type")});
    card.badges.push_back({BadgeKind::PeerReview, (int)s.peer_review, std::string(PeerReviewLabel(s.peer_review, lang)),
                           s.peer_review == PeerReview::Preprint ? t("card.tip.preprint") : t("card.tip.peer_reviewed")});
    card.badges.push_back({BadgeKind::ReviewStatus, (int)s.review_status,
                           std::string(ReviewStatusBadge(s.review_status, lang)),
                           s.review_status == ReviewStatus::MachineDraft ? t("card.tip.machine_draft") : t("card.tip.reviewed")});
    if (s.retracted) {
        card.badges.push_back({BadgeKind::Retracted, 1, t("card.retracted"), t("card.tip.retracted")});
        card.retraction = s.retraction_date.length ? TrF(lang, "card.retraction_on", {FormatLongDate(lang, atlas.Text(s.retraction_date))})
                                                   : t("card.retraction");
        if (s.retraction_notice.length) card.retraction += " " + TrF(lang, "card.retraction_notice", {atlas.Text(s.retraction_notice)});
    }
    if (s.review_status == ReviewStatus::MachineDraft) card.draft_notice = t("card.draft_notice");

    card.title = atlas.Text(s.title);
    card.byline = Byline(atlas, s);
    card.journal = atlas.Text(s.journal);
    card.year = std::to_string(s.year);

    bool standard = depth != ReadingDepth::Quick, full = depth == ReadingDepth::Full;
    AddText(card, "quick_summary", t("card.quick_summary"), atlas.Text(s.quick_summary));
    if (standard) {
        AddText(card, "why_it_matters", t("card.why_it_matters"), atlas.Text(s.why_it_matters));
        AddList(card, atlas, "observed_findings", t("card.observed_findings"), s.observed_findings);
        AddList(card, atlas, "inferred_conclusions", t("card.inferred_conclusions"), s.inferred_conclusions);
    }
    if (full) {
        AddList(card, atlas, "strengths", t("card.strengths"), s.strengths);
        AddList(card, atlas, "limitations", t("card.limitations"), s.limitations);
    }
    if (standard) {
        AddText(card, "remaining_questions", t("card.remaining_questions"), atlas.Text(s.remaining_questions));
        AddText(card, "does_not_prove", s.remaining_questions.length ? std::string() : t("card.remaining_questions"),
                atlas.Text(s.does_not_prove), t("card.does_not_prove"));
    }

    AddPopulation(card, atlas, s, lang);
    AddRelations(card.relations, atlas, s);

    for (size_t c = 0; standard && c < atlas.tag_categories.size(); ++c) {
        const bool topics = atlas.tag_categories[c].id == "topic";
        CardTagGroup group{atlas.tag_categories[c].name, {}, {}};
        for (uint32_t i = 0; i < s.tags.count; ++i) {
            const uint32_t index = atlas.TagIndex(s.tags, i);
            const Tag& tag = atlas.tags[index];
            if (tag.category != c) continue;
            group.tags.push_back(tag.label);
            group.topics.push_back(topics ? (int)index : -1);
        }
        if (!group.tags.empty()) card.tag_groups.push_back(std::move(group));
    }

    if (s.pmid.length) {
        std::string pmid(atlas.Text(s.pmid));
        card.metadata.push_back({"PMID", pmid, "https://pubmed.ncbi.nlm.nih.gov/" + pmid + "/"});
    }
    if (s.doi.length) {
        std::string doi(atlas.Text(s.doi));
        card.metadata.push_back({"DOI", doi, "https://doi.org/" + doi});
    }
    std::string defs;
    for (int bit = 0; bit < kCaseDefinitionCount; ++bit)
        if (s.case_definitions & (1u << bit)) defs += (defs.empty() ? "" : ", ") + std::string(CaseDefinitionLabel(bit, lang));
    if (!defs.empty()) card.metadata.push_back({t("card.meta.case_definition"), defs, ""});
    card.metadata.push_back({t("card.meta.review_status"), std::string(ReviewStatusLabel(s.review_status, lang)), ""});
    card.metadata.push_back({t("card.meta.evidence_level"), level.description, ""});
    card.metadata.push_back({t("card.meta.last_updated"), FormatLongDate(lang, atlas.Text(s.last_updated)), ""});

    if (standard) card.pem_note = t("card.pem_note");
    card.about_url = atlas.header.about_url;
    card.contribute_text = t("card.contribute_text");
    card.contribute_url = atlas.header.contribute_url;
    if (standard)
        for (const LintNote& note : LintStudy(atlas, s, current_year > 0 ? current_year : 9999))
            card.quality_notes.push_back(note.message);
    return card;
}

}  // namespace atlas
