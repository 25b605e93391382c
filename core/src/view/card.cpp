// card.cpp — the study card as data, in reading order.
#include "atlas/card.h"

#include "atlas/lint.h"

namespace atlas {
namespace {

const char* const kPemNote =
    "About the PEM badge: \"PEM required\" means the study accepted participants only if they had "
    "post-exertional malaise, the worsening of symptoms after exertion. It does not mean that PEM was "
    "measured or discussed. Studies whose criteria do not demand PEM (for example Fukuda 1994 or "
    "Oxford 1991) are marked \"PEM not required\".";

std::string PemTooltip(PemCriterion p) {
    switch (p) {
    case PemCriterion::Required: return "Participants had to have post-exertional malaise to be included.";
    case PemCriterion::NotRequired: return "The inclusion criteria did not demand post-exertional malaise (e.g. Fukuda, Oxford).";
    default: return "The record does not make clear whether post-exertional malaise was required.";
    }
}

void AddText(Card& card, const char* id, const char* heading, std::string_view text, const char* sub = "") {
    if (text.empty()) return;
    card.sections.push_back({id, heading, sub, std::string(text), {}});
}

void AddList(Card& card, const Atlas& atlas, const char* id, const char* heading, ListRef list) {
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

Card BuildCard(const Atlas& atlas, const Study& s, int current_year, ReadingDepth depth) {
    Card card;
    const EvidenceLevelText& level = atlas.LevelText(s.evidence);
    card.badges.push_back({BadgeKind::Evidence, (int)s.evidence,
                           std::string(EvidenceCode(s.evidence)) + " " + level.label, level.description});
    card.badges.push_back({BadgeKind::Confidence, (int)s.confidence, std::string(ConfidenceLabel(s.confidence)),
                           "How confident the atlas is in its reading of this study."});
    card.badges.push_back({BadgeKind::Pem, (int)s.pem, std::string(PemLabel(s.pem)), PemTooltip(s.pem)});
    card.badges.push_back({BadgeKind::PublicationType, (int)s.publication_type,
                           std::string(PublicationTypeCode(s.publication_type)), "Publication type (category-subtype)."});
    card.badges.push_back({BadgeKind::PeerReview, (int)s.peer_review, std::string(PeerReviewLabel(s.peer_review)),
                           s.peer_review == PeerReview::Preprint ? "Not yet peer-reviewed: a preprint."
                                                                 : "Published after peer review."});
    card.badges.push_back({BadgeKind::ReviewStatus, (int)s.review_status,
                           std::string(ReviewStatusBadge(s.review_status)),
                           s.review_status == ReviewStatus::MachineDraft
                               ? "The text of this card was drafted by a machine and not yet checked by a person."
                               : "A person checked the text of this card."});
    if (s.retracted) {
        card.badges.push_back({BadgeKind::Retracted, 1, "Retracted", "The journal retracted this paper."});
        card.retraction = "This paper was retracted";
        if (s.retraction_date.length) card.retraction += " on " + FormatDate(atlas.Text(s.retraction_date));
        card.retraction += ".";
        if (s.retraction_notice.length) card.retraction += " Notice: " + std::string(atlas.Text(s.retraction_notice));
    }
    if (s.review_status == ReviewStatus::MachineDraft)
        card.draft_notice = "Machine-drafted summary from the paper's abstract: not yet reviewed by a person.";

    card.title = atlas.Text(s.title);
    card.byline = Byline(atlas, s);
    card.journal = atlas.Text(s.journal);
    card.year = std::to_string(s.year);

    bool standard = depth != ReadingDepth::Quick, full = depth == ReadingDepth::Full;
    AddText(card, "quick_summary", "Quick Summary", atlas.Text(s.quick_summary));
    if (standard) {
        AddText(card, "why_it_matters", "Why It Matters", atlas.Text(s.why_it_matters));
        AddList(card, atlas, "observed_findings", "Observed Findings", s.observed_findings);
        AddList(card, atlas, "inferred_conclusions", "Inferred Conclusions", s.inferred_conclusions);
    }
    if (full) {
        AddList(card, atlas, "strengths", "Strengths", s.strengths);
        AddList(card, atlas, "limitations", "Limitations", s.limitations);
    }
    if (standard) {
        AddText(card, "remaining_questions", "Remaining Questions", atlas.Text(s.remaining_questions));
        AddText(card, "does_not_prove", s.remaining_questions.length ? "" : "Remaining Questions",
                atlas.Text(s.does_not_prove), "What This Study Does Not Prove");
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
        if (s.case_definitions & (1u << bit)) defs += (defs.empty() ? "" : ", ") + std::string(CaseDefinitionLabel(bit));
    if (!defs.empty()) card.metadata.push_back({"Case definition", defs, ""});
    card.metadata.push_back({"Review status", std::string(ReviewStatusLabel(s.review_status)), ""});
    card.metadata.push_back({"Evidence level", level.description, ""});
    card.metadata.push_back({"Last updated", FormatDate(atlas.Text(s.last_updated)), ""});

    if (standard) card.pem_note = kPemNote;
    card.about_url = atlas.header.about_url;
    card.contribute_text = "Corrections are private and read by a person. This is not a public comment thread.";
    card.contribute_url = atlas.header.contribute_url;
    if (standard)
        for (const LintNote& note : LintStudy(atlas, s, current_year > 0 ? current_year : 9999))
            card.quality_notes.push_back(note.message);
    return card;
}

}  // namespace atlas
