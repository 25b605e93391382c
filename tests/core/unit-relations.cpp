// unit-relations.cpp — the optional study fields `relations` and `population` (data/FORMAT.md):
// what loads into the model, which exact message rejects a record, and that atlases without them
// load as before.
#include <catch2/catch.hpp>

#include "atlas/load.h"
#include "fixtures.h"

using namespace atlas;

namespace {

struct Loaded {
    Atlas atlas;
    LoadReport report;
};

Loaded Load(const std::string& text) {
    Loaded l;
    l.report = LoadAtlas(text, l.atlas);
    return l;
}

std::string Only(const LoadReport& r) {
    REQUIRE(r.problems.size() == 1);
    return FormatProblem("f.json", r.problems[0]);
}

// Study "s1" with the given fields appended (raw JSON, starting with a comma).
std::string With(const std::string& extra) { return fixtures::Study("s1", extra); }

}  // namespace

TEST_CASE("relations: every type and target loads, in order, with notes; ids in the atlas resolve") {
    Loaded l = Load(fixtures::Atlas(
        fixtures::Study("old") + "," +
        With(R"(,"relations":[{"type":"replicates","id":"old","note":"Same protocol, new cohort."},)"
             R"({"type":"fails_to_replicate","id":"elsewhere"},{"type":"contradicts","doi":"10.1000/x"},)"
             R"({"type":"supersedes","pmid":"123"},{"type":"comments_on","doi":"10.1016/S0140-6736(11)60096-2"},)"
             R"({"type":"retraction_of","pmid":"19815723"},{"type":"correction_of","id":"new"}])") +
        "," + fixtures::Study("new")));
    REQUIRE(l.report.usable);
    CHECK(l.report.problems.empty());
    REQUIRE(l.atlas.studies.size() == 3);
    const Study& s = l.atlas.studies[1];
    REQUIRE(s.relations.count == 7);
    CHECK(l.atlas.studies[0].relations.count == 0);
    const Relation& first = l.atlas.RelationAt(s.relations, 0);
    CHECK(first.type == RelationType::Replicates);
    CHECK(first.target_kind == RelationTarget::Id);
    CHECK(l.atlas.Text(first.target) == "old");
    CHECK(l.atlas.Text(first.note) == "Same protocol, new cohort.");
    CHECK(first.study == 0);
    CHECK(l.atlas.RelationAt(s.relations, 1).study == kNoIndex);  // an id this atlas does not hold
    CHECK(l.atlas.RelationAt(s.relations, 6).study == 2);         // a study that came later
    const RelationType types[] = {RelationType::Replicates, RelationType::FailsToReplicate, RelationType::Contradicts,
                                  RelationType::Supersedes, RelationType::CommentsOn, RelationType::RetractionOf,
                                  RelationType::CorrectionOf};
    for (uint32_t i = 0; i < 7; ++i) CHECK(l.atlas.RelationAt(s.relations, i).type == types[i]);
    CHECK(l.atlas.RelationAt(s.relations, 2).target_kind == RelationTarget::Doi);
    CHECK(l.atlas.Text(l.atlas.RelationAt(s.relations, 4).target) == "10.1016/S0140-6736(11)60096-2");
    CHECK(l.atlas.RelationAt(s.relations, 3).target_kind == RelationTarget::Pmid);
    CHECK(l.atlas.Text(l.atlas.RelationAt(s.relations, 3).note).empty());
    CHECK(RelationTypeCode(RelationType::FailsToReplicate) == "fails_to_replicate");
    CHECK(RelationTargetKey(RelationTarget::Pmid) == "pmid");
}

TEST_CASE("population: every key loads into the model; absent keys stay unstated") {
    Loaded l = Load(fixtures::Atlas(
        With(R"(,"population":{"n_patients":77,"n_controls":71,"severity":["mild","moderate"],)"
             R"("age_group":"adults","female_percent":84.4,"onset":"infectious","countries":["NO","GB"]})") +
        "," + fixtures::Study("partial", R"(,"population":{"n_patients":12})") + "," + fixtures::Study("none")));
    REQUIRE(l.report.usable);
    CHECK(l.report.problems.empty());
    REQUIRE(l.atlas.studies.size() == 3);
    const Population* p = l.atlas.PopulationOf(l.atlas.studies[0]);
    REQUIRE(p);
    CHECK(p->n_patients == 77);
    CHECK(p->n_controls == 71);
    CHECK(p->severity == (SeverityMild | SeverityModerate));
    CHECK(p->age_group == AgeGroup::Adults);
    CHECK(p->female_percent == 84.4);
    CHECK(p->onset == Onset::Infectious);
    CHECK(l.atlas.Text(p->countries) == "NOGB");
    const Population* q = l.atlas.PopulationOf(l.atlas.studies[1]);
    REQUIRE(q);
    CHECK(q->n_patients == 12);
    CHECK(q->n_controls == -1);
    CHECK(q->female_percent == -1);
    CHECK(q->severity == 0);
    CHECK(q->age_group == AgeGroup::Unstated);
    CHECK(q->onset == Onset::Unstated);
    CHECK(l.atlas.Text(q->countries).empty());
    CHECK(l.atlas.PopulationOf(l.atlas.studies[2]) == nullptr);
    CHECK(SeverityCode(3) == "very_severe");
    CHECK(AgeGroupCode(AgeGroup::Adolescents) == "adolescents");
    CHECK(OnsetCode(Onset::Unknown) == "unknown");
    CHECK(OnsetCode(Onset::Unstated).empty());
}

TEST_CASE("relations and population: a v1 atlas without them loads exactly as before") {
    Loaded l = Load(fixtures::Atlas(fixtures::Study("a") + "," + fixtures::Study("b")));
    CHECK(l.report.problems.empty());
    CHECK(l.atlas.relations.empty());
    CHECK(l.atlas.populations.empty());
    for (const Study& s : l.atlas.studies) {
        CHECK(s.relations.count == 0);
        CHECK(s.population == kNoIndex);
    }
}

TEST_CASE("relations and population: a bad value rejects the record with its path and what was expected") {
    const std::string kTypes =
        "replicates, fails_to_replicate, contradicts, supersedes, comments_on, retraction_of, correction_of";
    struct Case { std::string extra, message; };
    std::vector<Case> cases = {
        {R"(,"relations":{"type":"replicates"})", "s1 studies[0].relations: expected an array of relations, got an object"},
        {R"(,"relations":["old"])", "s1 studies[0].relations[0]: expected an object, got a string"},
        {R"(,"relations":[{"type":"confirms","id":"old"}])",
         "s1 studies[0].relations[0].type: expected one of " + kTypes + ", got \"confirms\""},
        {R"(,"relations":[{"id":"old"}])", "s1 studies[0].relations[0].type: missing required field"},
        {R"(,"relations":[{"type":"replicates"}])",
         "s1 studies[0].relations[0]: expected exactly one target, \"id\", \"doi\" or \"pmid\", got none"},
        {R"(,"relations":[{"type":"replicates","id":"old","doi":"10.1/x"}])",
         "s1 studies[0].relations[0]: expected exactly one target, \"id\", \"doi\" or \"pmid\", got \"id\" and \"doi\""},
        {R"(,"relations":[{"type":"replicates","id":"old","doi":"10.1/x","pmid":"1"}])",
         "s1 studies[0].relations[0]: expected exactly one target, \"id\", \"doi\" or \"pmid\", got \"id\", \"doi\" and \"pmid\""},
        {R"(,"relations":[{"type":"replicates","id":"Old Study"}])",
         "s1 studies[0].relations[0].id: expected 1-64 characters of a-z, 0-9 and '-', not starting with '-', got \"Old Study\""},
        {R"(,"relations":[{"type":"replicates","id":7}])", "s1 studies[0].relations[0].id: expected a string, got a number"},
        {R"(,"relations":[{"type":"comments_on","doi":"https://doi.org/10.1/x"}])",
         "s1 studies[0].relations[0].doi: expected a DOI like \"10.1234/abc\" without a URL prefix, got \"https://doi.org/10.1/x\""},
        {R"(,"relations":[{"type":"retraction_of","pmid":"PMC123"}])",
         "s1 studies[0].relations[0].pmid: expected a PMID of 1 to 9 digits, got \"PMC123\""},
        {R"(,"relations":[{"type":"replicates","id":"old","note":)" "\"" + std::string(301, 'n') + "\"}]",
         "s1 studies[0].relations[0].note: expected at most 300 characters, got 301"},
        {R"(,"population":[77])", "s1 studies[0].population: expected an object, got an array"},
        {R"(,"population":{"n_patients":-1})", "s1 studies[0].population.n_patients: expected an integer from 0 to 100000000, got -1"},
        {R"(,"population":{"n_patients":77.5})", "s1 studies[0].population.n_patients: expected an integer from 0 to 100000000, got 77.5"},
        {R"(,"population":{"n_controls":"71"})", "s1 studies[0].population.n_controls: expected an integer from 0 to 100000000, got \"71\""},
        {R"(,"population":{"female_percent":101})", "s1 studies[0].population.female_percent: expected a number from 0 to 100, got 101"},
        {R"(,"population":{"female_percent":"84%"})", "s1 studies[0].population.female_percent: expected a number from 0 to 100, got \"84%\""},
        {R"(,"population":{"severity":"mild"})", "s1 studies[0].population.severity: expected an array of strings, got a string"},
        {R"(,"population":{"severity":["mild","bedbound"]})",
         "s1 studies[0].population.severity[1]: expected one of mild, moderate, severe, very_severe, got \"bedbound\""},
        {R"(,"population":{"severity":["severe","severe"]})", "s1 studies[0].population.severity[1]: duplicate value \"severe\""},
        {R"(,"population":{"age_group":"adult"})",
         "s1 studies[0].population.age_group: expected one of adults, adolescents, children, mixed, got \"adult\""},
        {R"(,"population":{"age_group":""})",
         "s1 studies[0].population.age_group: expected one of adults, adolescents, children, mixed, got \"\""},
        {R"(,"population":{"onset":"viral"})",
         "s1 studies[0].population.onset: expected one of infectious, sudden, gradual, mixed, unknown, got \"viral\""},
        {R"(,"population":{"countries":["NO","UK"]})",
         "s1 studies[0].population.countries[1]: expected an ISO 3166-1 alpha-2 country code such as \"GB\", got \"UK\""},
        {R"(,"population":{"countries":["no"]})",
         "s1 studies[0].population.countries[0]: expected an ISO 3166-1 alpha-2 country code such as \"GB\", got \"no\""},
        {R"(,"population":{"countries":["GB","NO","GB"]})", "s1 studies[0].population.countries[2]: duplicate value \"GB\""},
    };
    for (const Case& c : cases) {
        INFO(c.extra);
        Loaded l = Load(fixtures::Atlas(With(c.extra) + "," + fixtures::Study("ok")));
        REQUIRE(l.report.usable);
        CHECK(l.report.loaded == 1);
        CHECK(l.report.rejected == 1);
        CHECK(Only(l.report) == "f.json: " + c.message);
        CHECK(l.atlas.relations.empty());
        CHECK(l.atlas.populations.empty());
    }
}

TEST_CASE("relations: at most 50 to a study, notes counted in characters not bytes") {
    auto relations = [](int n) {
        std::string list = ",\"relations\":[";
        for (int i = 0; i < n; ++i) list += std::string(i ? "," : "") + R"({"type":"comments_on","pmid":")" + std::to_string(i + 1) + "\"}";
        return list + "]";
    };
    Loaded l = Load(fixtures::Atlas(With(relations(50))));
    CHECK(l.report.loaded == 1);
    CHECK(l.atlas.studies[0].relations.count == 50);
    l = Load(fixtures::Atlas(With(relations(51))));
    CHECK(Only(l.report) == "f.json: s1 studies[0].relations: expected at most 50 items, got 51");

    std::string note;
    for (int i = 0; i < 300; ++i) note += "\xC3\xA9";  // 300 characters, 600 bytes
    l = Load(fixtures::Atlas(With(R"(,"relations":[{"type":"replicates","id":"x","note":")" + note + "\"}]")));
    CHECK(l.report.loaded == 1);
    CHECK(l.atlas.Text(l.atlas.RelationAt(l.atlas.studies[0].relations, 0).note).size() == 600);
}

TEST_CASE("relations and population: unknown keys inside them are warnings; null means absent") {
    Loaded l = Load(fixtures::Atlas(
        With(R"(,"relations":[{"type":"replicates","id":"x","doi":null,"why":"y"}],)"
             R"("population":{"n_patients":5,"bmi":22,"onset":null})")));
    CHECK(l.report.loaded == 1);
    REQUIRE(l.report.problems.size() == 2);
    CHECK(FormatProblem("f.json", l.report.problems[0]) ==
          "f.json: s1 studies[0].relations[0].why: warning: unknown field, kept out of the model");
    CHECK(FormatProblem("f.json", l.report.problems[1]) ==
          "f.json: s1 studies[0].population.bmi: warning: unknown field, kept out of the model");
    CHECK(l.atlas.RelationAt(l.atlas.studies[0].relations, 0).target_kind == RelationTarget::Id);
    CHECK(l.atlas.PopulationOf(l.atlas.studies[0])->onset == Onset::Unstated);
}

TEST_CASE("population: country codes are the assigned ISO 3166-1 alpha-2 codes") {
    for (const char* code : {"AD", "GB", "NO", "US", "ZW", "NL", "AX"}) CHECK(IsCountryCode(code));
    for (const char* code : {"UK", "EU", "XK", "AA", "ZZ", "gb", "G", "GBR", ""}) CHECK_FALSE(IsCountryCode(code));
}

TEST_CASE("relations and population: chunked loading ends as the whole load") {
    std::string doc = fixtures::Atlas(
        fixtures::Study("old") + "," +
        With(R"(,"relations":[{"type":"replicates","id":"old","note":"Ré"}],"population":{"countries":["NO"],"n_patients":3})"));
    Loaded whole = Load(doc);
    for (size_t step : {1u, 7u, 64u}) {
        Atlas a;
        AtlasStreamLoader loader(a);
        for (size_t i = 0; i < doc.size(); i += step) loader.Feed(std::string_view(doc).substr(i, step));
        LoadReport r = loader.Finish();
        CHECK(r.loaded == whole.report.loaded);
        CHECK(a.text == whole.atlas.text);
        REQUIRE(a.relations.size() == 1);
        CHECK(a.relations[0].study == 0);
        REQUIRE(a.populations.size() == 1);
        CHECK(a.Text(a.populations[0].countries) == "NO");
    }
}
