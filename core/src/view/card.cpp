// card.cpp — the study card as data, in reading order.
#include "atlas/card.h"

#include "atlas/lint.h"

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

}  // namespace

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

    for (size_t c = 0; standard && c < atlas.tag_categories.size(); ++c) {
        CardTagGroup group{atlas.tag_categories[c].name, {}};
        for (uint32_t i = 0; i < s.tags.count; ++i) {
            const Tag& tag = atlas.tags[atlas.TagIndex(s.tags, i)];
            if (tag.category == c) group.tags.push_back(tag.label);
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
