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
                "was not defined."});

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

TEST_CASE("lint pem-case-definition fires when PEM is required under Fukuda or Oxford alone") {
    const char* fukuda = R"({"id":"cd","slug":"cd","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"required","case_definitions":["Fukuda"],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(fukuda)) ==
          Notes{"pem-case-definition: PEM is marked as required, but the case definitions list Fukuda (which does "
                "not require PEM) and none of CCC, ICC or IOM."});

    const char* both = R"({"id":"cd","slug":"cd","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E2","confidence":"moderate","pem":"required","case_definitions":["Oxford","Holmes","Fukuda"],
"publication_type":"Observational-Case-control","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(both)) ==
          Notes{"pem-case-definition: PEM is marked as required, but the case definitions list Fukuda and Oxford "
                "(which do not require PEM) and none of CCC, ICC or IOM."});
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

// [SECTION] e0-case-report

TEST_CASE("lint e0-case-report fires on E0 case reports and case series") {
    const char* report = R"({"id":"e0","slug":"e0","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E0","confidence":"low","pem":"unclear","case_definitions":[],
"publication_type":"Case-Report","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(report)) == Notes{"e0-case-report: Evidence level E0 is meant for consensus documents and "
                                         "syntheses, but this study is a Case-Report."});

    const char* series = R"({"id":"e0","slug":"e0","title":"T","authors":["Doe, Jane"],"journal":"J","year":2020,
"pmid":"1","evidence_level":"E0","confidence":"low","pem":"unclear","case_definitions":[],
"publication_type":"Case-Series","peer_review":"peer_reviewed","review_status":"editor_reviewed",
"sections":{"quick_summary":"S"},"last_updated":"2026-01-01"})";
    CHECK(Lint(AtlasOf(series)) == Notes{"e0-case-report: Evidence level E0 is meant for consensus documents and "
                                         "syntheses, but this study is a Case-Series."});
}

TEST_CASE("lint e0-case-report is quiet on E3 case reports and E0 syntheses") {
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

// [SECTION] Order and the seed card

TEST_CASE("lint notes come in rule order") {
    const char* everything = R"({"id":"all","slug":"all","title":"T","authors":["Doe, Jane"],"journal":"medRxiv",
"year":2030,"evidence_level":"E0","confidence":"low","pem":"required","case_definitions":["Oxford"],
"publication_type":"Case-Series","peer_review":"peer_reviewed","review_status":"machine_draft",
"retraction":{"retracted":true,"notice":" "},"sections":{"quick_summary":"Rest cures it."},
"tags":{"method_flag":["PEM Not Defined"]},"last_updated":"2026-01-01"})";
    std::vector<std::string> rules;
    for (const std::string& note : Lint(AtlasOf(everything), 2026)) rules.push_back(note.substr(0, note.find(':')));
    CHECK(rules == std::vector<std::string>{"pem-flag-contradiction", "pem-case-definition", "e0-case-report",
                                            "peer-reviewed-preprint", "risky-wording", "missing-identifiers",
                                            "future-year", "retraction-without-notice"});
}

TEST_CASE("lint: the seed card's PEM contradiction is reported") {
    std::ifstream file(ATLAS_SOURCE_DIR "/data/studies/twisk-2009-review-cognitive.json", std::ios::binary);
    REQUIRE(file);
    std::stringstream record;
    record << file.rdbuf();
    CHECK(Lint(AtlasOf(record.str())) ==
          Notes{"pem-flag-contradiction: PEM is marked as required, but the method flag \"PEM Not Defined\" says PEM "
                "was not defined."});
}
