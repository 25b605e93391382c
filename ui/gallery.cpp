// ui/gallery.cpp — the development gallery (?gallery=1): every badge, banner and card state from
// fixture studies, so a change to the look can be checked at a glance. The fixtures are synthetic
// and say so; they never appear in the atlas itself.
#include "atlas/card.h"
#include "atlas/load.h"
#include "imgui.h"
#include "screens.h"
#include "theme.h"
#include "widgets.h"

namespace atlas_ui {
namespace {

const char* const kGalleryAtlas = R"json({
"format":"mecfs-atlas","format_version":1,"title":"Gallery fixtures (synthetic)","generated":"2026-01-01","synthetic":true,
"contribute_url":"mailto:corrections@example.org",
"tag_categories":[{"id":"topic","name":"Topic"},{"id":"method_flag","name":"Method Flag"},{"id":"symptom","name":"Symptom"},{"id":"biomarker","name":"Biomarker"}],
"studies":[
{"id":"gallery-full","slug":"gallery-full","title":"[Synthetic] A fully written card with every section, for the gallery",
 "authors":["Fluge, Øystein","Aßmus, Jörg","Núñez, Zoë","Łukasiewicz, Ewa"],"journal":"Gallery Journal","year":2024,"pmid":"999000001",
 "doi":"10.9999/gallery.1","evidence_level":"E1","confidence":"high","pem":"required","case_definitions":["CCC","ICC"],
 "publication_type":"Trial-RCT","peer_review":"peer_reviewed","review_status":"expert_reviewed",
 "sections":{"quick_summary":"A synthetic summary paragraph that wraps over several lines to show how body text reads at this size.",
  "why_it_matters":"Why it matters, in one calm sentence.","observed_findings":["A first finding","A second, longer finding that wraps onto a second line on narrow screens"],
  "inferred_conclusions":["A conclusion"],"remaining_questions":"An open question.","does_not_prove":"What the design cannot show.",
  "strengths":["A strength"],"limitations":["A limitation"]},
 "tags":{"topic":["Treatment Trials","Immunology"],"method_flag":["Preregistered","Multi-site"],"symptom":["Post-Exertional Malaise","Fatigue"],"biomarker":["Cytokines"]},
 "population":{"n_patients":151,"n_controls":0,"severity":["mild","moderate","severe"],"age_group":"adults","female_percent":82.1,
  "onset":"infectious","countries":["NO","GB"]},
 "relations":[{"type":"replicates","id":"gallery-e3","note":"A synthetic link: the trial repeated the case series' measure in a larger cohort."},
  {"type":"comments_on","doi":"10.9999/gallery.outside"}],
 "last_updated":"2026-01-01"},
{"id":"gallery-retracted","slug":"gallery-retracted","title":"[Synthetic] A retracted paper with a notice",
 "authors":["Doe, Jane"],"journal":"Gallery Journal","year":2009,"pmid":"999000002","evidence_level":"E2","confidence":"low","pem":"unclear",
 "case_definitions":["Fukuda"],"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
 "retraction":{"retracted":true,"notice":"Retraction notice, Gallery Journal 2011","date":"2011-12-23"},
 "sections":{"quick_summary":"The summary of a retracted paper."},"tags":{"topic":["Immunology"]},"last_updated":"2026-01-01"},
{"id":"gallery-notice","slug":"gallery-notice","title":"[Synthetic] Retraction notice",
 "authors":["Editor, An"],"journal":"Gallery Journal","year":2011,"doi":"10.9999/gallery.5","evidence_level":"E3","confidence":"high",
 "pem":"unclear","case_definitions":[],"publication_type":"Other","peer_review":"peer_reviewed","review_status":"editor_reviewed",
 "relations":[{"type":"retraction_of","id":"gallery-retracted","note":"The journal's notice."}],
 "sections":{"quick_summary":"The journal retracted the paper."},"tags":{"topic":["Immunology"]},"last_updated":"2026-01-01"},
{"id":"gallery-draft","slug":"gallery-draft","title":"[Synthetic] A machine-drafted preprint whose text needs an editor",
 "authors":["Doe, John"],"journal":"medRxiv","year":2025,"evidence_level":"E0","confidence":"moderate","pem":"required",
 "case_definitions":["Oxford"],"publication_type":"Case-Report","peer_review":"peer_reviewed","review_status":"machine_draft",
 "sections":{"quick_summary":"This machine draft says the treatment cures the illness, which lint flags."},
 "tags":{"method_flag":["PEM Not Defined"]},"last_updated":"2026-01-01"},
{"id":"gallery-e3","slug":"gallery-e3","title":"[Synthetic] Preliminary evidence, PEM not required, preprint",
 "authors":["Roe, Richard"],"journal":"Gallery Preprints","year":2023,"doi":"10.9999/gallery.4","evidence_level":"E3","confidence":"low",
 "pem":"not_required","case_definitions":["Fukuda"],"publication_type":"Case-Series","peer_review":"preprint","review_status":"machine_draft",
 "sections":{"quick_summary":"A preliminary case series."},"tags":{"topic":["Immunology"]},
 "population":{"n_patients":12,"age_group":"adolescents","countries":["AU"]},"last_updated":"2026-01-01"}
]})json";

}  // namespace

const atlas::Atlas& GalleryAtlas() {
    static atlas::Atlas atlas;
    static bool loaded = false;
    if (!loaded) {
        atlas::LoadAtlas(kGalleryAtlas, atlas);
        loaded = true;
    }
    return atlas;
}

void DrawGallery(State& state, const Fonts& fonts) {
    const atlas::Atlas& gallery = GalleryAtlas();
    if (ImGui::Button(T("ui.back_to_atlas"))) Apply(state, atlas::Command::ShowScreen(atlas::Screen::Atlas));
    ImGui::SameLine();
    MutedText("Gallery: every badge and card state, from synthetic fixtures (%zu cards).", gallery.studies.size());
    ImGui::BeginChild("gallery", ImVec2(0, 0), false);
    SectionHeading("Badges", fonts);
    using atlas::BadgeKind;
    for (int e = 0; e < atlas::kEvidenceLevelCount; ++e)
        Badge({BadgeKind::Evidence, e, std::string(atlas::EvidenceCode((atlas::EvidenceLevel)e)) + " " +
                                           atlas::LevelTextIn(gallery, (atlas::EvidenceLevel)e, Language()).label, ""}, fonts, e == 0);
    for (int p = 0; p < 3; ++p) Badge({BadgeKind::Pem, p, std::string(atlas::PemLabel((atlas::PemCriterion)p, Language())), ""}, fonts);
    for (int r = 0; r < 3; ++r)
        Badge({BadgeKind::ReviewStatus, r, std::string(atlas::ReviewStatusBadge((atlas::ReviewStatus)r, Language())), ""}, fonts);
    Badge({BadgeKind::Retracted, 1, T("card.retracted"), ""}, fonts);
    Badge({BadgeKind::PeerReview, 1, std::string(atlas::PeerReviewLabel(atlas::PeerReview::Preprint, Language())), ""}, fonts);
    // Every part of every card: the gallery reads at full depth whatever the reader chose.
    atlas::ReadingDepth reader_depth = state.depth;
    state.depth = atlas::ReadingDepth::Full;
    for (size_t i = 0; i < gallery.studies.size(); ++i) {
        ImGui::Dummy(ImVec2(0, 12));
        ImGui::Separator();
        ImGui::PushID((int)i);
        DrawCard(state, fonts, gallery, (int)i, false);
        ImGui::PopID();
    }
    state.depth = reader_depth;
    ImGui::EndChild();
}

}  // namespace atlas_ui
