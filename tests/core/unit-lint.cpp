// unit-lint.cpp — data-quality notes (atlas/lint.h): for every rule a firing and a quiet fixture,
// with the exact message texts, plus the seed card's known contradiction.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "atlas/lint.h"
#include "atlas/load.h"

namespace {

// The header every fixture shares; a fixture is one literal study record placed in it.
const std::string kHeader = R"({"format":"mecfs-atlas","format_version":1,"title":"Lint fixtures","generated":"2026-01-01",
"tag_categories":[{"id":"method_flag","name":"Method Flag"},{"id":"symptom","name":"Symptom"},
{"id":"biomarker","name":"Biomarker"}],"studies":[)";

std::string AtlasOf(const std::string& study) { return kHeader + study + "]}"; }

// Loads a one-study atlas (which must be valid and warning-free) and lints it.
// Notes come back as "rule: message" so a whole result is compared in one CHECK.
std::vector<std::string> Lint(const std::string& atlas_json, int current_year = 2026) {
    atlas::Atlas atlas;
    atlas::LoadReport report = atlas::LoadAtlas(atlas_json, atlas);
    std::string problems = report.fatal;
    for (const atlas::Problem& p : report.problems) problems += "\n" + atlas::FormatProblem("fixture", p);
    INFO(problems);
    REQUIRE(report.usable);
    REQUIRE(report.rejected == 0);
    REQUIRE(report.warnings == 0);
    REQUIRE(atlas.studies.size() == 1);
    std::vector<std::string> out;
    for (const atlas::LintNote& note : atlas::LintStudy(atlas, atlas.studies[0], current_year))
        out.push_back(note.rule + ": " + note.message);
    return out;
}

using Notes = std::vector<std::string>;

// A several-study atlas, linted whole (LintAtlas): "id rule: message" per note, in atlas order.
std::vector<std::string> LintAll(const std::string& studies, int current_year = 2026, size_t loader_warnings = 0) {
    std::string doc = kHeader + studies + "]}";
    atlas::Atlas atlas;
    atlas::LoadReport report = atlas::LoadAtlas(doc, atlas);
    std::string problems = report.fatal;
    for (const atlas::Problem& p : report.problems) problems += "\n" + atlas::FormatProblem("fixture", p);
    INFO(problems);
    REQUIRE(report.usable);
    REQUIRE(report.rejected == 0);
    REQUIRE(report.warnings == loader_warnings);
    std::vector<std::vector<atlas::LintNote>> all = atlas::LintAtlas(atlas, current_year, doc);
    REQUIRE(all.size() == atlas.studies.size());
    std::vector<std::string> out;
    for (size_t i = 0; i < all.size(); ++i) {
        // The card's notes are LintStudy's, whether the atlas is linted whole or one card at a time.
        std::vector<atlas::LintNote> card = atlas::LintStudy(atlas, atlas.studies[i], current_year);
        for (size_t k = 0; k < card.size(); ++k) {
            REQUIRE(k < all[i].size());
            CHECK(all[i][k].rule == card[k].rule);
            CHECK(all[i][k].message == card[k].message);
        }
        for (const atlas::LintNote& note : all[i])
            out.push_back(std::string(atlas.Text(atlas.studies[i].id)) + " " + note.rule + ": " + note.message);
    }
    return out;
}

// A study record for the atlas-wide fixtures: id, then the fields that differ (authors Doe, Jane;
// E2; Observational-Cohort unless given).
std::string Rec(const std::string& id, const std::string& fields) {
    auto unless = [&](const char* key, const char* field) {
        return fields.find(std::string("\"") + key + "\"") == std::string::npos ? std::string(field) : std::string();
    };
    return R"({"id":")" + id + R"(","slug":")" + id + R"(-slug",)" + unless("authors", R"("authors":["Doe, Jane"],)") +
           unless("evidence_level", R"("evidence_level":"E2",)") +
           unless("publication_type", R"("publication_type":"Observational-Cohort",)") +
           R"("confidence":"moderate","pem":"unclear","case_definitions":[],)"
           R"("review_status":"editor_reviewed","sections":{"quick_summary":"S"},"last_updated":"2026-01-01",)" +
           fields + "}";
}

// A record no rule objects to; the fixtures below are variations of it.
const char* kClean = R"({"id":"clean","slug":"clean","title":"Cytokines in ME/CFS","authors":["Doe, Jane"],
"journal":"Journal of Translational Medicine","year":2020,"pmid":"12345678","evidence_level":"E2",
"confidence":"moderate","pem":"required","case_definitions":["CCC"],"publication_type":"Observational-Case-control",
"peer_review":"peer_reviewed","review_status":"machine_draft",
"sections":{"quick_summary":"This study measured cytokines in 40 patients and 40 controls."},
"tags":{"method_flag":["PEM_DEFINED"],"symptom":["Fatigue"]},"last_updated":"2026-01-01"})";

}  // namespace

TEST_CASE("lint: a clean record has no notes") { CHECK(Lint(AtlasOf(kClean)).empty()); }

// [SECTION] pem-flag-contradiction

TEST_CASE("lint pem-flag-contradiction fires when PEM is required but a method flag says it is not defined") {
    const char* fixture = R"({"id":"flag","slug":"flag","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"required","case_definitions":["CCC"],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"tags":{"method_flag":["PEM_DEFINED","PEM Not Defined","Weak Case Definition"]},
"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(fixture)) ==
          Notes{"pem-flag-contradiction: PEM is marked as required, but the method flag \"PEM Not Defined\" says PEM "
                "was not defined.",
                "pem-flags-conflict: The method flags \"PEM_DEFINED\" and \"PEM Not Defined\" contradict each other."});

    const char* code_form = R"({"id":"flag","slug":"flag","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"required","case_definitions":["CCC"],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"tags":{"method_flag":["PEM_NOT_DEFINED"]},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(code_form)) ==
          Notes{"pem-flag-contradiction: PEM is marked as required, but the method flag \"PEM_NOT_DEFINED\" says PEM "
                "was not defined."});

    const char* lower_case = R"({"id":"flag","slug":"flag","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"required","case_definitions":["CCC"],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"tags":{"method_flag":["pem not defined"]},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(lower_case)) ==
          Notes{"pem-flag-contradiction: PEM is marked as required, but the method flag \"pem not defined\" says PEM "
                "was not defined."});
}

TEST_CASE("lint pem-flag-contradiction is quiet when PEM is not required or the words are not a method flag") {
    const char* pem_unclear = R"({"id":"flag","slug":"flag","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":["CCC"],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"tags":{"method_flag":["PEM Not Defined"]},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(pem_unclear)).empty());

    const char* other_category = R"({"id":"flag","slug":"flag","title":"T","authors":["Doe, Jane"],"journal":"J",
"year":2020,"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"required","case_definitions":["CCC"],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"tags":{"method_flag":["PEM_DEFINED"],"symptom":["PEM Not Defined"]},
"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(other_category)).empty());
}

// [SECTION] pem-case-definition

TEST_CASE("lint pem-case-definition fires when PEM is required under Fukuda, Oxford or Holmes alone") {
    const char* fukuda = R"({"id":"cd","slug":"cd","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"required","case_definitions":["Fukuda"],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(fukuda)) ==
          Notes{"pem-case-definition: PEM is marked as required, but the case definitions list Fukuda (which does "
                "not require PEM) and none of CCC, ICC, IOM or NICE."});

    const char* both = R"({"id":"cd","slug":"cd","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"required","case_definitions":["Oxford","Holmes","Fukuda"],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(both)) ==
          Notes{"pem-case-definition: PEM is marked as required, but the case definitions list Fukuda, Oxford and "
                "Holmes (which do not require PEM) and none of CCC, ICC, IOM or NICE."});
}

TEST_CASE("lint pem-case-definition fires when PEM is not required but every case definition requires it") {
    const char* one = R"({"id":"cd","slug":"cd","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"not_required","case_definitions":["IOM"],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(one)) ==
          Notes{"pem-case-definition: PEM is marked as not required, but every listed case definition (IOM) requires PEM."});

    const char* two = R"({"id":"cd","slug":"cd","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"not_required","case_definitions":["ICC","CCC"],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(two)) == Notes{"pem-case-definition: PEM is marked as not required, but every listed case "
                                      "definition (CCC and ICC) requires PEM."});
}

TEST_CASE("lint pem-case-definition is quiet when PEM and the case definitions agree or are mixed") {
    const char* mixed_required = R"({"id":"cd","slug":"cd","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"required","case_definitions":["Fukuda","CCC"],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(mixed_required)).empty());

    const char* mixed_not_required = R"({"id":"cd","slug":"cd","title":"T","authors":["Doe, Jane"],"journal":"J",
"year":2020,"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"not_required",
"case_definitions":["Fukuda","CCC"],"publication_type":"Observational-Case-control","peer_review":"peer_reviewed",
"review_status":"editor_reviewed","sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(mixed_not_required)).empty());

    const char* none_listed = R"({"id":"cd","slug":"cd","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"not_required","case_definitions":[],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(none_listed)).empty());

    const char* oxford_not_required = R"({"id":"cd","slug":"cd","title":"T","authors":["Doe, Jane"],"journal":"J",
"year":2020,"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"not_required","case_definitions":["Oxford"],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(oxford_not_required)).empty());
}

// [SECTION] e0-not-synthesis

TEST_CASE("lint e0-not-synthesis fires on E0 case reports and case series") {
    const char* report = R"({"id":"e0","slug":"e0","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E0","confidence":"low","pem":"unclear","case_definitions":[],
"publication_type":"Case-Report","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(report)) == Notes{"e0-not-synthesis: Evidence level E0 is meant for consensus documents and "
                                         "syntheses, but this study is a Case-Report."});

    const char* series = R"({"id":"e0","slug":"e0","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E0","confidence":"low","pem":"unclear","case_definitions":[],
"publication_type":"Case-Series","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(series)) == Notes{"e0-not-synthesis: Evidence level E0 is meant for consensus documents and "
                                         "syntheses, but this study is a Case-Series."});
}

TEST_CASE("lint e0-not-synthesis fires on E0 narrative reviews, Other and primary studies") {
    // Two-author narrative critiques (the audit's Vink 2020 and 2022) are not syntheses.
    for (const char* type : {"Review-Narrative", "Other", "Trial-RCT", "Observational-Cohort"}) {
        INFO(type);
        std::string fixture = std::string(R"({"id":"e0","slug":"e0","title":"T","authors":["Doe, Jane"],"journal":"J",
"year":2020,"pmid":"1","evidence_level":"E0","confidence":"low","pem":"unclear","case_definitions":[],
"publication_type":")") + type + R"(","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
        CHECK(Lint(AtlasOf(fixture)) == Notes{"e0-not-synthesis: Evidence level E0 is meant for consensus documents "
                                              "and syntheses, but this study is a " + std::string(type) + "."});
    }
}

TEST_CASE("lint e0-not-synthesis is quiet on E3 case reports and E0 syntheses") {
    const char* e3_report = R"({"id":"e0","slug":"e0","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E3","confidence":"low","pem":"unclear","case_definitions":[],
"publication_type":"Case-Report","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(e3_report)).empty());

    const char* e0_review = R"({"id":"e0","slug":"e0","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E0","confidence":"high","pem":"unclear","case_definitions":[],
"publication_type":"Review-Systematic","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(e0_review)).empty());

    for (const char* type : {"Meta-analysis", "Guideline", "Consensus"}) {
        INFO(type);
        std::string fixture = std::string(R"({"id":"e0","slug":"e0","title":"T","authors":["Doe, Jane"],"journal":"J",
"year":2020,"pmid":"1","evidence_level":"E0","confidence":"high","pem":"unclear","case_definitions":[],
"publication_type":")") + type + R"(","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
        CHECK(Lint(AtlasOf(fixture)).empty());
    }
}

// [SECTION] peer-reviewed-preprint

TEST_CASE("lint peer-reviewed-preprint fires when a peer-reviewed study's journal is a preprint server") {
    const char* medrxiv = R"({"id":"pp","slug":"pp","title":"T","authors":["Doe, Jane"],"journal":"medRxiv","year":2021,
"doi":"10.1101/2021.01.01.000001","evidence_level":"E3","confidence":"low","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Cohort","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(medrxiv)) == Notes{"peer-reviewed-preprint: The study is marked as peer-reviewed, but its "
                                          "journal names the preprint server medRxiv."});

    const char* research_square = R"({"id":"pp","slug":"pp","title":"T","authors":["Doe, Jane"],
"journal":"RESEARCH SQUARE: preprint platform","year":2021,"doi":"10.21203/rs.3.rs-1/v1","evidence_level":"E3",
"confidence":"low","pem":"unclear","case_definitions":[],"publication_type":"Observational-Cohort",
"peer_review":"peer_reviewed","review_status":"editor_reviewed","sections":{"quick_summary":"S"},
"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(research_square)) == Notes{"peer-reviewed-preprint: The study is marked as peer-reviewed, but "
                                                  "its journal names the preprint server Research Square."});

    const char* preprints_org = R"({"id":"pp","slug":"pp","title":"T","authors":["Doe, Jane"],"journal":"Preprints.org",
"year":2021,"doi":"10.20944/preprints202101.0001.v1","evidence_level":"E3","confidence":"low","pem":"unclear",
"case_definitions":[],"publication_type":"Observational-Cohort","peer_review":"peer_reviewed",
"review_status":"editor_reviewed","sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(preprints_org)) == Notes{"peer-reviewed-preprint: The study is marked as peer-reviewed, but "
                                                "its journal names the preprint server Preprints.org."});
}

TEST_CASE("lint peer-reviewed-preprint is quiet for preprints on servers and peer-reviewed journals") {
    const char* preprint = R"({"id":"pp","slug":"pp","title":"T","authors":["Doe, Jane"],"journal":"bioRxiv","year":2021,
"doi":"10.1101/2021.01.01.000001","evidence_level":"E3","confidence":"low","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Cohort","peer_review":"preprint","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(preprint)).empty());

    // The reverse (a preprint in a journal's name) is fine: journals publish preprint reviews.
    const char* journal_preprint = R"({"id":"pp","slug":"pp","title":"T","authors":["Doe, Jane"],
"journal":"Journal of Translational Medicine","year":2021,"doi":"10.1186/s12967-021-00001-1","evidence_level":"E3",
"confidence":"low","pem":"unclear","case_definitions":[],"publication_type":"Observational-Cohort",
"peer_review":"preprint","review_status":"editor_reviewed","sections":{"quick_summary":"S"},
"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(journal_preprint)).empty());
}

// [SECTION] risky-wording

TEST_CASE("lint risky-wording fires on cure, proof and causal words in machine drafts") {
    const char* fixture = R"({"id":"rw","slug":"rw","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Cross-sectional","peer_review":"peer_reviewed","review_status":"machine_draft",
"sections":{"quick_summary":"Low-dose naltrexone CURES fatigue in some patients.",
"why_it_matters":"It suggests fatigue is caused by inflammation.",
"observed_findings":["Cytokine levels were higher","This proves an immune origin"],
"inferred_conclusions":["The virus causes the illness","Treatment cured two patients"]},
"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(fixture)) ==
          Notes{
              "risky-wording: Machine-drafted text in Quick Summary uses \"cures\", a claim of cure that needs an "
              "editor's check.",
              "risky-wording: Machine-drafted text in Why It Matters uses \"caused by\", causal wording that this "
              "design (Observational-Cross-sectional) cannot support.",
              "risky-wording: Machine-drafted text in Observed Findings uses \"proves\", a claim of proof that needs "
              "an editor's check.",
              "risky-wording: Machine-drafted text in Inferred Conclusions uses \"cured\", a claim of cure that needs "
              "an editor's check.",
              "risky-wording: Machine-drafted text in Inferred Conclusions uses \"causes\", causal wording that this "
              "design (Observational-Cross-sectional) cannot support.",
          });

    const char* proven = R"({"id":"rw","slug":"rw","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Trial-RCT","peer_review":"peer_reviewed","review_status":"machine_draft",
"sections":{"quick_summary":"The drug is a proven treatment; it is not a cure. Exertion causes relapse."},
"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(proven)) == Notes{"risky-wording: Machine-drafted text in Quick Summary uses \"proven\", a "
                                         "claim of proof that needs an editor's check."});
}

TEST_CASE("lint risky-wording is quiet on reviewed text, negations, nouns, controlled designs and other sections") {
    const char* reviewed = R"({"id":"rw","slug":"rw","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Cross-sectional","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"This proves the drug cures ME/CFS and the virus causes it."},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(reviewed)).empty());

    const char* negated = R"({"id":"rw","slug":"rw","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Cross-sectional","peer_review":"peer_reviewed","review_status":"machine_draft",
"sections":{"quick_summary":"The study does not prove an immune origin, and a link is not proven.",
"why_it_matters":"A single study doesn't prove it; a survey cannot prove it. There is no cure yet.",
"observed_findings":["The doesn’t prove wording uses a typographic apostrophe","Its effect has not been proven"],
"inferred_conclusions":["The causes of ME/CFS remain unknown","Possible causes include infection",
"Unproven, insecure and procured are other words"],
"remaining_questions":"Whether infection causes the illness, and whether anything cures it, is open.",
"does_not_prove":"It proves nothing about what causes ME/CFS."},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(negated)).empty());

    const char* controlled = R"({"id":"rw","slug":"rw","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E0","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Meta-analysis","peer_review":"peer_reviewed","review_status":"machine_draft",
"sections":{"quick_summary":"Pooled trials suggest exertion causes relapse.",
"inferred_conclusions":["Relapse is caused by exertion"]},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(controlled)).empty());
}

// [SECTION] missing-identifiers

TEST_CASE("lint missing-identifiers fires without a PMID and a DOI") {
    const char* fixture = R"({"id":"id","slug":"id","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Cohort","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(fixture)) == Notes{"missing-identifiers: The study has neither a PMID nor a DOI, so the paper "
                                          "cannot be looked up."});
}

TEST_CASE("lint missing-identifiers is quiet with either a PMID or a DOI") {
    const char* doi_only = R"({"id":"id","slug":"id","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"doi":"10.1234/abc","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Cohort","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(doi_only)).empty());

    const char* pmid_only = R"({"id":"id","slug":"id","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"19855350","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Cohort","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(pmid_only)).empty());
}

// [SECTION] future-year

TEST_CASE("lint future-year fires for a year after the current one") {
    const char* fixture = R"({"id":"fy","slug":"fy","title":"T","authors":["Doe, Jane"],"journal":"J","year":2031,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Cohort","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(fixture), 2026) ==
          Notes{"future-year: The publication year 2031 is later than the current year 2026."});
}

TEST_CASE("lint future-year is quiet for the current year") {
    const char* fixture = R"({"id":"fy","slug":"fy","title":"T","authors":["Doe, Jane"],"journal":"J","year":2026,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Cohort","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(fixture), 2026).empty());
}

// [SECTION] retraction-without-notice

TEST_CASE("lint retraction-without-notice fires for a retraction with an empty or missing notice") {
    const char* empty_notice = R"({"id":"rt","slug":"rt","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Cohort","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"retraction":{"retracted":true,"notice":""},"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(empty_notice)) ==
          Notes{"retraction-without-notice: The study is marked as retracted but gives no retraction notice."});

    const char* no_notice = R"({"id":"rt","slug":"rt","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Cohort","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"retraction":{"retracted":true,"date":"2022-03-01"},"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(no_notice)) ==
          Notes{"retraction-without-notice: The study is marked as retracted but gives no retraction notice."});
}

TEST_CASE("lint retraction-without-notice is quiet with a notice or without a retraction") {
    const char* with_notice = R"({"id":"rt","slug":"rt","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Cohort","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"retraction":{"retracted":true,"notice":"https://example.org/retraction"},"sections":{"quick_summary":"S"},
"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(with_notice)).empty());

    const char* not_retracted = R"({"id":"rt","slug":"rt","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Cohort","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"retraction":{"retracted":false,"notice":""},"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(not_retracted)).empty());
}

// [SECTION] pem-flags-conflict

TEST_CASE("lint pem-flags-conflict fires when PEM_DEFINED and PEM Not Defined are both method flags") {
    const char* fixture = R"({"id":"fc","slug":"fc","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"tags":{"method_flag":["pem-defined","PEM_NOT_DEFINED"]},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(fixture)) ==
          Notes{"pem-flags-conflict: The method flags \"pem-defined\" and \"PEM_NOT_DEFINED\" contradict each other."});
}

TEST_CASE("lint pem-flags-conflict is quiet with one of the two, or the other in another category") {
    const char* one = R"({"id":"fc","slug":"fc","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"tags":{"method_flag":["PEM_DEFINED"],"symptom":["PEM Not Defined"]},
"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(one)).empty());
}

// [SECTION] pem-required-no-definition

TEST_CASE("lint pem-required-no-definition fires when PEM is required and no case definition is listed") {
    const char* fixture = R"({"id":"nd","slug":"nd","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"required","case_definitions":[],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(fixture)) == Notes{"pem-required-no-definition: PEM is marked as required, but no case definition "
                                          "is listed, so nothing says PEM was an inclusion criterion."});
}

TEST_CASE("lint pem-required-no-definition and pem-case-definition are quiet for PEM-requiring or unjudged definitions") {
    for (const char* defs : {"[\"NICE\"]", "[\"London\"]", "[\"other\"]", "[\"Fukuda\",\"ICC\"]", "[\"Holmes\",\"NICE\"]"}) {
        INFO(defs);
        std::string fixture = std::string(R"({"id":"nd","slug":"nd","title":"T","authors":["Doe, Jane"],"journal":"J",
"year":2020,"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"required","case_definitions":)") + defs +
                              R"(,"publication_type":"Observational-Case-control","peer_review":"peer_reviewed",
"review_status":"editor_reviewed","sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
        CHECK(Lint(AtlasOf(fixture)).empty());
    }
    const char* unclear = R"({"id":"nd","slug":"nd","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":[],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(unclear)).empty());
    const char* holmes = R"({"id":"nd","slug":"nd","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"required","case_definitions":["Holmes"],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(holmes)) == Notes{"pem-case-definition: PEM is marked as required, but the case definitions list "
                                         "Holmes (which does not require PEM) and none of CCC, ICC, IOM or NICE."});
    const char* nice = R"({"id":"nd","slug":"nd","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"not_required","case_definitions":["NICE"],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(nice)) == Notes{"pem-case-definition: PEM is marked as not required, but every listed case "
                                       "definition (NICE) requires PEM."});
}

// [SECTION] preprint-published

TEST_CASE("lint preprint-published fires on a preprint whose journal version is in the atlas") {
    // Synthetic: the journal version keeps the first author and gains one word in the title.
    std::string preprint = Rec("pre", R"("title":"Replicated blood biomarkers for myalgic encephalomyelitis not explained by inactivity",
"authors":["Beentjes, Sara V","Doe, Jane"],"journal":"medRxiv","year":2024,"doi":"10.1101/2024.01.01.1","peer_review":"preprint")");
    std::string journal = Rec("pub", R"("title":"Replicated blood-based biomarkers for myalgic encephalomyelitis not explained by inactivity",
"authors":["Beentjes, S V"],"journal":"EMBO Molecular Medicine","year":2025,"doi":"10.1000/emm.1","peer_review":"peer_reviewed")");
    CHECK(LintAll(preprint + "," + journal) ==
          Notes{"pre preprint-published: A peer-reviewed version of this preprint seems to be in the atlas (\"Replicated "
                "blood-based biomarkers for myalgic encephalomyelitis not explained by inactivity\", EMBO Molecular "
                "Medicine, 2025), but no \"supersedes\" relation links the two."});
}

TEST_CASE("lint preprint-published is quiet for another first author, another title or an older paper") {
    std::string preprint = Rec("pre", R"("title":"Replicated blood biomarkers for myalgic encephalomyelitis not explained by inactivity",
"authors":["Beentjes, Sara V"],"journal":"medRxiv","year":2024,"doi":"10.1101/2024.01.01.1","peer_review":"preprint")");
    std::string other_author = Rec("a", R"("title":"Replicated blood biomarkers for myalgic encephalomyelitis not explained by inactivity",
"authors":["Roe, R"],"journal":"J","year":2025,"doi":"10.1000/a","peer_review":"peer_reviewed")");
    std::string other_title = Rec("b", R"("title":"Blood biomarkers in a cohort of people with long COVID",
"authors":["Beentjes, S"],"journal":"J","year":2025,"doi":"10.1000/b","peer_review":"peer_reviewed")");
    std::string older = Rec("c", R"("title":"Replicated blood biomarkers for myalgic encephalomyelitis not explained by inactivity",
"authors":["Beentjes, S"],"journal":"J","year":2023,"doi":"10.1000/c","peer_review":"peer_reviewed")");
    CHECK(LintAll(preprint + "," + other_author + "," + other_title + "," + older).empty());
}

// [SECTION] e1-without-replication

TEST_CASE("lint e1-without-replication fires on E1 without a named replication or a large controlled sample") {
    std::string small = Rec("e1", R"("title":"Small trial","journal":"J","year":2012,"pmid":"1","evidence_level":"E1",
"publication_type":"Trial-RCT","peer_review":"peer_reviewed","population":{"n_patients":150,"n_controls":30})");
    std::string unstated = Rec("e2", R"("title":"Survey","journal":"J","year":1999,"pmid":"2","evidence_level":"E1",
"publication_type":"Observational-Cross-sectional","peer_review":"peer_reviewed")");
    std::string series = Rec("e3", R"("title":"Series","journal":"J","year":2009,"pmid":"3","evidence_level":"E1",
"publication_type":"Case-Series","peer_review":"peer_reviewed","population":{"n_patients":500})");
    const std::string message = " e1-without-replication: Evidence level E1 means replicated, but no relation names a "
                                "replication of this study (or one it replicates), and its record gives no large "
                                "controlled sample (200 or more participants).";
    CHECK(LintAll(small + "," + unstated + "," + series) == Notes{"e1" + message, "e2" + message, "e3" + message});
}

TEST_CASE("lint e1-without-replication is quiet when a replication is named or the controlled sample is large") {
    std::string replicated = Rec("orig", R"("title":"Original","journal":"J","year":2010,"pmid":"1","evidence_level":"E1",
"peer_review":"peer_reviewed")");
    std::string replication = Rec("rep", R"("title":"Replication","journal":"J","year":2015,"pmid":"2","peer_review":"peer_reviewed",
"relations":[{"type":"replicates","id":"orig"}])");
    std::string by_doi = Rec("orig2", R"("title":"Original two","journal":"J","year":2010,"doi":"10.1000/ORIG2",
"evidence_level":"E1","peer_review":"peer_reviewed")");
    std::string replication_by_doi = Rec("rep2", R"("title":"Replication two","journal":"J","year":2016,"pmid":"3",
"peer_review":"peer_reviewed","relations":[{"type":"replicates","doi":"10.1000/orig2"}])");
    std::string replicating = Rec("rep3", R"("title":"Replicating E1","journal":"J","year":2017,"pmid":"4","evidence_level":"E1",
"peer_review":"peer_reviewed","relations":[{"type":"replicates","pmid":"99999"}])");
    std::string large = Rec("pace", R"("title":"Large trial","journal":"J","year":2011,"pmid":"5","evidence_level":"E1",
"publication_type":"Trial-RCT","peer_review":"peer_reviewed","population":{"n_patients":641})");
    std::string case_control = Rec("cc", R"("title":"Large case-control","journal":"J","year":2012,"pmid":"6","evidence_level":"E1",
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","population":{"n_patients":147,"n_controls":146})");
    CHECK(LintAll(replicated + "," + replication + "," + by_doi + "," + replication_by_doi + "," + replicating + "," + large +
                  "," + case_control)
              .empty());
}

// [SECTION] Relations: preprints, retractions, supersedes, conflicts, missing targets

TEST_CASE("lint preprint-published finds the journal version by a relation, and is quiet once it supersedes") {
    std::string preprint = Rec("pre", R"("title":"A preprint title","authors":["Roe, R"],"journal":"medRxiv","year":2024,
"doi":"10.1101/2024.08.26.1","peer_review":"preprint")");
    std::string journal = Rec("pub", R"("title":"A different journal title","journal":"EMBO Molecular Medicine","year":2025,
"doi":"10.1000/emm.2","peer_review":"peer_reviewed","relations":[{"type":"comments_on","doi":"10.1101/2024.08.26.1"}])");
    CHECK(LintAll(preprint + "," + journal) ==
          Notes{"pre preprint-published: A peer-reviewed version of this preprint seems to be in the atlas (\"A different "
                "journal title\", EMBO Molecular Medicine, 2025), but no \"supersedes\" relation links the two."});
    std::string superseding = Rec("pub", R"("title":"A different journal title","journal":"EMBO Molecular Medicine",
"year":2025,"doi":"10.1000/emm.2","peer_review":"peer_reviewed","relations":[{"type":"supersedes","id":"pre"}])");
    CHECK(LintAll(preprint + "," + superseding).empty());
}

TEST_CASE("lint retraction-not-marked fires on a paper an atlas retraction notice retracts") {
    std::string paper = Rec("paper", R"("title":"Retrovirus in blood cells","journal":"Science","year":2009,"pmid":"19815723",
"peer_review":"peer_reviewed")");
    std::string notice = Rec("notice", R"("title":"Retraction","journal":"Science","year":2011,"doi":"10.1126/x",
"publication_type":"Other","peer_review":"peer_reviewed","relations":[{"type":"retraction_of","pmid":"19815723"}])");
    CHECK(LintAll(paper + "," + notice) ==
          Notes{"paper retraction-not-marked: The retraction notice notice-slug in this atlas retracts this paper, but the "
                "card has no retraction field."});
    std::string marked = Rec("paper", R"("title":"Retrovirus in blood cells","journal":"Science","year":2009,"pmid":"19815723",
"peer_review":"peer_reviewed","retraction":{"retracted":true,"notice":"Science 2011","date":"2011-12-23"})");
    CHECK(LintAll(marked + "," + notice).empty());
}

TEST_CASE("lint supersedes-newer fires when an older study supersedes a newer one") {
    std::string older = Rec("old", R"("title":"Older review","journal":"J","year":2015,"pmid":"1","peer_review":"peer_reviewed",
"relations":[{"type":"supersedes","id":"new"}])");
    std::string newer = Rec("new", R"("title":"Newer review","journal":"J","year":2019,"pmid":"2","peer_review":"peer_reviewed")");
    CHECK(LintAll(older + "," + newer) ==
          Notes{"old supersedes-newer: This study (2015) is marked as superseding new-slug, which is newer (2019)."});
    std::string right_way = Rec("new", R"("title":"Newer review","journal":"J","year":2019,"pmid":"2","peer_review":"peer_reviewed",
"relations":[{"type":"supersedes","id":"old2"}])");
    std::string old2 = Rec("old2", R"("title":"Older review","journal":"J","year":2015,"pmid":"1","peer_review":"peer_reviewed")");
    CHECK(LintAll(right_way + "," + old2).empty());
}

TEST_CASE("lint relation-conflict fires on links between two studies that disagree") {
    std::string a = Rec("a", R"("title":"Study A","journal":"J","year":2015,"pmid":"1","peer_review":"peer_reviewed",
"relations":[{"type":"replicates","id":"b"}])");
    std::string b = Rec("b", R"("title":"Study B","journal":"J","year":2016,"pmid":"2","peer_review":"peer_reviewed",
"relations":[{"type":"contradicts","id":"a"}])");
    CHECK(LintAll(a + "," + b) ==
          Notes{"a relation-conflict: This study says it replicates b-slug, but b-slug says it contradicts this study.",
                "b relation-conflict: This study says it contradicts a-slug, but a-slug says it replicates this study."});
    std::string c = Rec("c", R"("title":"Study C","journal":"J","year":2016,"pmid":"3","peer_review":"peer_reviewed",
"relations":[{"type":"supersedes","id":"d"}])");
    std::string d = Rec("d", R"("title":"Study D","journal":"J","year":2016,"pmid":"4","peer_review":"peer_reviewed",
"relations":[{"type":"supersedes","id":"c"}])");
    std::string e = Rec("e", R"("title":"Study E","journal":"J","year":2016,"pmid":"5","peer_review":"peer_reviewed",
"relations":[{"type":"replicates","id":"c"},{"type":"fails_to_replicate","id":"c"}])");
    CHECK(LintAll(c + "," + d + "," + e) ==
          Notes{"c relation-conflict: This study says it supersedes d-slug, but d-slug says it supersedes this study.",
                "d relation-conflict: This study says it supersedes c-slug, but c-slug says it supersedes this study.",
                "e relation-conflict: This study says it replicates c-slug, but this study also says it fails_to_replicate it.",
                "e relation-conflict: This study says it fails_to_replicate c-slug, but this study also says it replicates it."});
}

TEST_CASE("lint supersedes-newer and relation-conflict also see links that name a study of the atlas by DOI or PMID") {
    std::string older = Rec("old", R"("title":"Older review","journal":"J","year":2015,"pmid":"1","doi":"10.1000/OLD","peer_review":"peer_reviewed",
"relations":[{"type":"supersedes","doi":"10.1000/new"}])");
    std::string newer = Rec("new", R"("title":"Newer review","journal":"J","year":2019,"pmid":"2","doi":"10.1000/NEW","peer_review":"peer_reviewed",
"relations":[{"type":"supersedes","pmid":"1"}])");
    CHECK(LintAll(older + "," + newer) ==
          Notes{"old supersedes-newer: This study (2015) is marked as superseding new-slug, which is newer (2019).",
                "old relation-conflict: This study says it supersedes new-slug, but new-slug says it supersedes this study.",
                "new relation-conflict: This study says it supersedes old-slug, but old-slug says it supersedes this study."});
    std::string self = Rec("self", R"("title":"Self","journal":"J","year":2016,"pmid":"3","peer_review":"peer_reviewed",
"relations":[{"type":"replicates","pmid":"3"}])");
    CHECK(LintAll(self) == Notes{"self relation-conflict: This study says it replicates itself."});
}

TEST_CASE("lint relation rules are quiet on links that agree, and relation-missing-target is for maintainers") {
    std::string a = Rec("a", R"("title":"Study A","journal":"J","year":2015,"pmid":"1","peer_review":"peer_reviewed",
"relations":[{"type":"replicates","id":"b"},{"type":"comments_on","doi":"10.1000/outside"}])");
    std::string b = Rec("b", R"("title":"Study B","journal":"J","year":2016,"pmid":"2","peer_review":"peer_reviewed",
"relations":[{"type":"comments_on","id":"a"},{"type":"contradicts","id":"gone"}])");
    CHECK(LintAll(a + "," + b) ==
          Notes{"b relation-missing-target: The contradicts relation names the id gone, which no study in this atlas has."});
    atlas::Atlas atlas;
    REQUIRE(atlas::LoadAtlas(kHeader + a + "," + b + "]}", atlas).loaded == 2);
    CHECK(atlas::LintStudy(atlas, atlas.studies[1], 2026).empty());  // not on the card
}

// [SECTION] Atlas-wide notes for maintainers: duplicates, journals, provenance

TEST_CASE("lint duplicate-pmid, duplicate-doi and duplicate-title fire on the same paper twice") {
    std::string a = Rec("a", R"("title":"Cytokines in ME/CFS","journal":"J","year":2020,"pmid":"111","doi":"10.1000/X",
"peer_review":"peer_reviewed")");
    std::string b = Rec("b", R"("title":"Cytokines in ME/CFS.","journal":"J","year":2020,"pmid":"111","doi":"10.1000/x",
"peer_review":"peer_reviewed")");
    std::string c = Rec("c", R"("title":"CYTOKINES in ME-CFS","journal":"J","year":2020,"pmid":"222",
"peer_review":"peer_reviewed")");
    // The loader warns of the PMID too; lint says which study has it.
    CHECK(LintAll(a + "," + b + "," + c, 2026, 1) ==
          Notes{"a duplicate-pmid: The PMID 111 is also on b-slug.",
                "a duplicate-doi: The DOI 10.1000/X is also on b-slug.",
                "a duplicate-title: The same title and year are also on b-slug and c-slug.",
                "b duplicate-pmid: The PMID 111 is also on a-slug.",
                "b duplicate-doi: The DOI 10.1000/x is also on a-slug.",
                "b duplicate-title: The same title and year are also on a-slug and c-slug.",
                "c duplicate-title: The same title and year are also on a-slug and b-slug."});
}

TEST_CASE("lint duplicates are quiet for another year, or a preprint and its journal version") {
    std::string a = Rec("a", R"("title":"Cytokines in ME/CFS","journal":"J","year":2020,"pmid":"111","peer_review":"peer_reviewed")");
    std::string b = Rec("b", R"("title":"Cytokines in ME/CFS","journal":"J","year":2021,"pmid":"112","peer_review":"peer_reviewed")");
    std::string c = Rec("c", R"("title":"Cytokines in ME/CFS","journal":"medRxiv","year":2020,"doi":"10.1101/c",
"peer_review":"preprint")");
    // Not a duplicate, but a preprint whose journal version is there, unlinked.
    CHECK(LintAll(a + "," + b + "," + c) ==
          Notes{"c preprint-published: A peer-reviewed version of this preprint seems to be in the atlas (\"Cytokines in "
                "ME/CFS\", J, 2020), but no \"supersedes\" relation links the two."});
}

TEST_CASE("lint journal-variant fires on one journal written two ways") {
    std::string studies;
    int n = 0;
    for (const char* journal : {"PLoS One", "PLoS One", "PLOS ONE", "PloS one", "Journal of Translational Medicine",
                                "J Transl Med", "Lancet (London, England)", "The Lancet"}) {
        if (n) studies += ",";
        std::string id = "s" + std::to_string(n);
        studies += Rec(id, "\"title\":\"Title " + id + "\",\"journal\":\"" + journal + "\",\"year\":2020,\"pmid\":\"" +
                               std::to_string(100 + n) + "\",\"peer_review\":\"peer_reviewed\"");
        ++n;
    }
    CHECK(LintAll(studies) ==
          Notes{"s2 journal-variant: The journal is written \"PLOS ONE\" here but \"PLoS One\" on 2 other studies: one "
                "journal, two spellings.",
                "s3 journal-variant: The journal is written \"PloS one\" here but \"PLoS One\" on 2 other studies: one "
                "journal, two spellings.",
                "s5 journal-variant: The journal is written \"J Transl Med\" here but \"Journal of Translational Medicine\" "
                "on 1 other study: one journal, two spellings.",  // a tie: the longer, full name is the usual one
                "s7 journal-variant: The journal is written \"The Lancet\" here but \"Lancet (London, England)\" on 1 other "
                "study: one journal, two spellings."});
}

TEST_CASE("lint journal-variant is quiet for different journals with similar names") {
    std::string studies;
    int n = 0;
    for (const char* journal : {"Cell", "Cells", "BMJ", "BMJ Open", "Journal of Clinical Medicine",
                                "Journal of Clinical Microbiology", "Frontiers in Medicine", "Frontiers in Immunology",
                                "Nutrients", "Nutrition"}) {
        if (n) studies += ",";
        std::string id = "s" + std::to_string(n);
        studies += Rec(id, "\"title\":\"Title " + id + "\",\"journal\":\"" + journal + "\",\"year\":2020,\"pmid\":\"" +
                               std::to_string(100 + n) + "\",\"peer_review\":\"peer_reviewed\"");
        ++n;
    }
    CHECK(LintAll(studies).empty());
}

TEST_CASE("lint provenance-host fires on records that are not bibliographic records") {
    std::string study = Rec("p", R"("title":"T","journal":"J","year":2020,"pmid":"1","peer_review":"peer_reviewed",
"provenance":{"checked":"2026-01-01","records":[
"https://pubmed.ncbi.nlm.nih.gov/1/","https://pmc.ncbi.nlm.nih.gov/articles/PMC1/","https://doi.org/10.1000/x",
"https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0000001","https://bmcneurol.biomedcentral.com/articles/1",
"https://www.medrxiv.org/content/10.1101/2024.01.01.1v1","https://www.nice.org.uk/guidance/ng206",
"https://de.scribd.com/document/1/x","http://www.docstoc.com/docs/1/2","https://psyc.sudanforums.net/viewtopic?t=1",
"http://example.blogspot.com/2005/10/x.html","https://en.wikipedia.org/wiki/X","https://ouci.dntb.gov.ua/en/works/1",
"https://webarchive.library.unt.edu/eot2008/1/http://www.cdc.gov/x","https://jhu.pure.elsevier.com/en/publications/x",
"https://www.meassociation.org.uk/2014/11/x","http://208.100.31.41/wiki/index.php?title=X","https://[2001:db8::1]/x",
"https://medrxiv.org/highwire/citation/1/refworks-tagged","https://www.jci.org/articles/view/1/cite",
"https://www.example-journal-site.com/article/1","ftp://example.org/x","pubmed 12345"]})");
    const std::string p = "p provenance-host: Provenance record ";
    CHECK(LintAll(study) ==
          Notes{p + "\"https://de.scribd.com/document/1/x\" is on a document-sharing site, not a bibliographic record.",
                p + "\"http://www.docstoc.com/docs/1/2\" is on a document-sharing site, not a bibliographic record.",
                p + "\"https://psyc.sudanforums.net/viewtopic?t=1\" is on a forum, not a bibliographic record.",
                p + "\"http://example.blogspot.com/2005/10/x.html\" is on a blog, not a bibliographic record.",
                p + "\"https://en.wikipedia.org/wiki/X\" is on a wiki, not a bibliographic record.",
                p + "\"https://ouci.dntb.gov.ua/en/works/1\" is on an aggregator of other sites' records, not a "
                    "bibliographic record.",
                p + "\"https://webarchive.library.unt.edu/eot2008/1/http://www.cdc.gov/x\" is on a web archive's copy, not "
                    "a bibliographic record.",
                p + "\"https://jhu.pure.elsevier.com/en/publications/x\" is on an institutional repository, not a "
                    "bibliographic record.",
                p + "\"https://www.meassociation.org.uk/2014/11/x\" is on a patient organisation's site, not a "
                    "bibliographic record.",
                p + "\"http://208.100.31.41/wiki/index.php?title=X\" is on a raw IP address, not a bibliographic record.",
                p + "\"https://[2001:db8::1]/x\" is on a raw IP address, not a bibliographic record.",
                p + "\"https://medrxiv.org/highwire/citation/1/refworks-tagged\" is a citation download, not the record's "
                    "page.",
                p + "\"https://www.jci.org/articles/view/1/cite\" is a citation download, not the record's page.",
                p + "\"https://www.example-journal-site.com/article/1\" is on www.example-journal-site.com, which the table "
                    "of record hosts (core/src/tools/lint.cpp) does not list: cite PubMed, PMC, doi.org or the publisher's "
                    "page, and add a publisher's host to the table.",
                p + "\"ftp://example.org/x\" is not a web address.", p + "\"pubmed 12345\" is not a web address."});
}

TEST_CASE("lint provenance-host is quiet on records, and without the document") {
    std::string study = Rec("p", R"("title":"T","journal":"J","year":2020,"pmid":"1","peer_review":"peer_reviewed",
"provenance":{"checked":"2026-01-01","records":["https://pubmed.ncbi.nlm.nih.gov/1/","HTTPS://DOI.ORG/10.1000/X",
"https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1/?tool=pubmed","https://clinicaltrials.gov/study/NCT00848692",
"https://nap.nationalacademies.org/catalog/19012","https://www.cdc.gov/nchs/products/databriefs/db488.htm"]})");
    CHECK(LintAll(study).empty());
    std::string bad = Rec("q", R"("title":"T","journal":"J","year":2020,"pmid":"1","peer_review":"peer_reviewed",
"provenance":{"checked":"2026-01-01","records":["https://de.scribd.com/document/1/x"]})");
    atlas::Atlas atlas;
    REQUIRE(atlas::LoadAtlas(kHeader + bad + "]}", atlas).loaded == 1);
    CHECK(atlas::LintAtlas(atlas, 2026)[0].empty());  // no document given: provenance is not read
    CHECK(atlas::LintStudy(atlas, atlas.studies[0], 2026).empty());  // and never on the card
}

// [SECTION] Order and the seed card

TEST_CASE("lint notes come in rule order") {
    const char* everything = R"({"id":"all","slug":"all","title":"T","authors":["Doe, Jane"],"journal":"medRxiv",
"year":2030,"evidence_level":"E0","confidence":"low","pem":"required","case_definitions":["Oxford"],
"publication_type":"Case-Series","peer_review":"peer_reviewed","review_status":"machine_draft",
"retraction":{"retracted":true,"notice":" "},"sections":{"quick_summary":"Rest cures it."},
"tags":{"method_flag":["PEM Not Defined"]},"last_updated":"2026-01-01"})";
    std::vector<std::string> rules;
    for (const std::string& note : Lint(AtlasOf(everything), 2026)) rules.push_back(note.substr(0, note.find(':')));
    CHECK(rules == std::vector<std::string>{"pem-flag-contradiction", "pem-case-definition", "e0-not-synthesis",
                                            "peer-reviewed-preprint", "risky-wording", "missing-identifiers",
                                            "future-year", "retraction-without-notice"});

    const char* flags = R"({"id":"all","slug":"all","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E0","confidence":"low","pem":"required","case_definitions":[],
"publication_type":"Review-Narrative","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"tags":{"method_flag":["PEM Not Defined","PEM_DEFINED"]},"last_updated":"2026-01-01"})";
    rules.clear();
    for (const std::string& note : Lint(AtlasOf(flags), 2026)) rules.push_back(note.substr(0, note.find(':')));
    CHECK(rules == std::vector<std::string>{"pem-flag-contradiction", "pem-flags-conflict", "pem-required-no-definition",
                                            "e0-not-synthesis"});
}

TEST_CASE("lint: the seed card's contradictions are reported, as data/lint-expected.tsv lists them") {
    std::ifstream file(ATLAS_SOURCE_DIR "/data/studies/twisk-2009-review-cognitive.json", std::ios::binary);
    REQUIRE(file);
    std::stringstream record;
    record << file.rdbuf();
    CHECK(Lint(AtlasOf(record.str())) ==
          Notes{"pem-flag-contradiction: PEM is marked as required, but the method flag \"PEM Not Defined\" says PEM "
                "was not defined.",
                "pem-flags-conflict: The method flags \"PEM_DEFINED\" and \"PEM Not Defined\" contradict each other.",
                "pem-required-no-definition: PEM is marked as required, but no case definition is listed, so nothing "
                "says PEM was an inclusion criterion.",
                "e0-not-synthesis: Evidence level E0 is meant for consensus documents and syntheses, but this study is "
                "a Review-Narrative."});
}
