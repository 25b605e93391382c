// unit-evidence-map.cpp — the evidence gap map counted in the query's own pass (FacetCounts::grid_*),
// the filters on who was studied (sample size, severity, age group), the PEM switch, and the `cell`
// command: every count checked by hand on a small atlas, and against the query a cell stands for
// on a synthetic one.
#include <catch2/catch.hpp>

#include <random>

#include "atlas/command.h"
#include "atlas/facets.h"
#include "atlas/load.h"
#include "atlas/query.h"
#include "atlas/synth.h"
#include "fixtures.h"

using namespace atlas;

namespace {

std::string Doc(const std::string& studies) {
    return R"({"format":"mecfs-atlas","format_version":1,"title":"Map","generated":"2026-01-02",)"
           R"("tag_categories":[{"id":"topic","name":"Topic"},{"id":"symptom","name":"Symptom"}],"studies":[)" +
           studies + "]}";
}

// A study with its own classification, topics and population (raw JSON fragments).
std::string S(const std::string& id, const std::string& level, const std::string& pem, const std::string& type,
              const std::string& topics, const std::string& extra = "") {
    std::string s = fixtures::Study(id, extra);
    auto set = [&](const std::string& from, const std::string& to) { s.replace(s.find(from), from.size(), to); };
    set(R"("evidence_level":"E2")", R"("evidence_level":")" + level + "\"");
    set(R"("pem":"required")", R"("pem":")" + pem + "\"");
    set(R"("publication_type":"Trial-RCT")", R"("publication_type":")" + type + "\"");
    set(R"("tags":{"symptom":["Fatigue"]})", R"("tags":{"topic":[)" + topics + R"(],"symptom":["Fatigue"]})");
    return s;
}

const Atlas& Small() {
    static Atlas atlas;
    static bool loaded = false;
    if (!loaded) {
        std::string studies =
            S("a", "E1", "required", "Trial-RCT", R"("Immunology")",
              R"(,"population":{"n_patients":10,"n_controls":5,"severity":["mild"],"age_group":"adults"})") + "," +
            S("b", "E2", "not_required", "Observational-Case-control", R"("Metabolism","Immunology")",
              R"(,"population":{"n_patients":50,"n_controls":40})") + "," +
            S("c", "E2", "required", "Trial-RCT", R"("Metabolism")",
              R"(,"population":{"n_patients":500,"severity":["severe","very_severe"],"age_group":"adolescents"})") + "," +
            S("d", "E3", "required", "Case-Series", "") + "," +
            S("e", "E0", "unclear", "Review-Systematic", R"("Immunology")");
        // b has a second symptom tag, for the filters the map applies.
        const std::string b_tags = R"("Metabolism","Immunology"],"symptom":["Fatigue"])";
        studies.replace(studies.find(b_tags), b_tags.size(), R"("Metabolism","Immunology"],"symptom":["Fatigue","Pain"])");
        REQUIRE(LoadAtlas(Doc(studies), atlas).problems.empty());
        loaded = true;
    }
    return atlas;
}

uint32_t TagIndex(const Atlas& atlas, const std::string& label) {
    for (uint32_t t = 0; t < atlas.tags.size(); ++t)
        if (atlas.tags[t].label == label) return t;
    FAIL("no tag " << label);
    return 0;
}

std::string Ids(const Atlas& atlas, const QueryResult& r) {
    std::string out;
    for (uint32_t i : r.studies) out += std::string(atlas.Text(atlas.studies[i].id));
    std::sort(out.begin(), out.end());
    return out;
}

// "E0:1/0 E1:1/1 ..." for one row of the level grid (count/PEM required), only the non-empty cells.
std::string LevelRow(const FacetCounts& c, size_t row) {
    std::string out;
    for (int e = 0; e < kEvidenceLevelCount; ++e) {
        GridCell cell = GridCellAt(c, GridAxis::Level, row, e);
        if (cell.count) out += (out.empty() ? "" : " ") + std::string(EvidenceCode((EvidenceLevel)e)) + ":" +
                               std::to_string(cell.count) + "/" + std::to_string(cell.pem);
    }
    return out;
}
std::string TypeRow(const FacetCounts& c, size_t row) {
    std::string out;
    for (int t = 0; t < kPublicationTypeCount; ++t) {
        GridCell cell = GridCellAt(c, GridAxis::Type, row, t);
        if (cell.count) out += (out.empty() ? "" : " ") + std::string(PublicationTypeCode((PublicationType)t)) + ":" +
                               std::to_string(cell.count) + "/" + std::to_string(cell.pem);
    }
    return out;
}

}  // namespace

TEST_CASE("evidence-map: rows are the topic category's tags by label; cells count studies and PEM required") {
    const Atlas& atlas = Small();
    QueryResult r = RunQuery(atlas, Query{});
    const FacetCounts& c = r.counts;
    REQUIRE(c.grid_topics.size() == 2);
    CHECK(atlas.tags[c.grid_topics[0]].label == "Immunology");
    CHECK(atlas.tags[c.grid_topics[1]].label == "Metabolism");
    CHECK(LevelRow(c, 0) == "E0:1/0 E1:1/1 E2:1/0");
    CHECK(LevelRow(c, 1) == "E2:2/1");
    CHECK(TypeRow(c, 0) == "Trial-RCT:1/1 Observational-Case-control:1/0 Review-Systematic:1/0");
    CHECK(TypeRow(c, 1) == "Trial-RCT:1/1 Observational-Case-control:1/0");
    // A study without a topic (d) is in no row.
    CHECK(GridColumns(c, GridAxis::Level, Query{}) == std::vector<int>{0, 1, 2, 3});
    CHECK(GridColumns(c, GridAxis::Type, Query{}) ==
          std::vector<int>{(int)PublicationType::TrialRct, (int)PublicationType::ObservationalCaseControl,
                           (int)PublicationType::ReviewSystematic});
}

TEST_CASE("evidence-map: each grid applies every filter but its own axes; the search too") {
    const Atlas& atlas = Small();
    Query q;
    q.evidence = 1u << (int)EvidenceLevel::E2;
    QueryResult r = RunQuery(atlas, q);
    CHECK(Ids(atlas, r) == "bc");
    CHECK(LevelRow(r.counts, 0) == "E0:1/0 E1:1/1 E2:1/0");  // the level grid leaves the level filter out
    CHECK(TypeRow(r.counts, 0) == "Observational-Case-control:1/0");
    CHECK(TypeRow(r.counts, 1) == "Trial-RCT:1/1 Observational-Case-control:1/0");

    Query types;
    types.publication_types = 1u << (int)PublicationType::TrialRct;
    r = RunQuery(atlas, types);
    CHECK(LevelRow(r.counts, 0) == "E1:1/1");
    CHECK(LevelRow(r.counts, 1) == "E2:1/1");
    CHECK(TypeRow(r.counts, 0) == "Trial-RCT:1/1 Observational-Case-control:1/0 Review-Systematic:1/0");

    // Topics chosen are the rows' own filter: left out. Other tags apply.
    Query topic;
    topic.tags = {TagIndex(atlas, "Metabolism")};
    r = RunQuery(atlas, topic);
    CHECK(Ids(atlas, r) == "bc");
    CHECK(LevelRow(r.counts, 0) == "E0:1/0 E1:1/1 E2:1/0");
    Query pain;
    pain.tags = {TagIndex(atlas, "Pain")};
    r = RunQuery(atlas, pain);
    CHECK(Ids(atlas, r) == "b");
    CHECK(LevelRow(r.counts, 0) == "E2:1/0");
    CHECK(LevelRow(r.counts, 1) == "E2:1/0");

    // Filters on other axes: both grids apply them.
    Query years;
    years.year_min = 2021;
    r = RunQuery(atlas, years);
    CHECK(r.studies.empty());
    CHECK(LevelRow(r.counts, 0).empty());
    CHECK(TypeRow(r.counts, 1).empty());

    // The search: "summary" is in every study, a title word in none.
    Query text;
    text.text = "summary";
    CHECK(LevelRow(RunQuery(atlas, text).counts, 1) == "E2:2/1");
    text.text = "nowhere";
    CHECK(LevelRow(RunQuery(atlas, text).counts, 1).empty());
}

TEST_CASE("evidence-map: a topic chosen narrows the other tags chosen (a group of its own)") {
    const Atlas& atlas = Small();
    Query q;
    q.tags = {TagIndex(atlas, "Fatigue"), TagIndex(atlas, "Metabolism")};  // any: Fatigue ... and Metabolism
    CHECK(Ids(atlas, RunQuery(atlas, q)) == "bc");
    q.tags.push_back(TagIndex(atlas, "Immunology"));  // a second topic widens the topic group
    CHECK(Ids(atlas, RunQuery(atlas, q)) == "abce");
    q.tag_match = TagMatch::All;
    CHECK(Ids(atlas, RunQuery(atlas, q)) == "b");
}

TEST_CASE("evidence-map: the PEM switch leaves every other study out of results and every count") {
    const Atlas& atlas = Small();
    Query q;
    q.pem_only = true;
    CHECK_FALSE(q.HasFilters());
    QueryResult r = RunQuery(atlas, q);
    CHECK(Ids(atlas, r) == "acd");
    const FacetCounts& c = r.counts;
    CHECK(c.pem[(int)PemCriterion::Required] == 3);
    CHECK(c.pem[(int)PemCriterion::NotRequired] == 0);
    CHECK(c.pem[(int)PemCriterion::Unclear] == 0);
    CHECK(c.evidence[(int)EvidenceLevel::E0] == 0);
    CHECK(LevelRow(c, 0) == "E1:1/1");
    CHECK(LevelRow(c, 1) == "E2:1/1");
    CHECK(c.sample_sizes[(int)SampleSize::From20To99] == 0);
    uint32_t years = 0;
    for (uint32_t n : c.years) years += n;
    CHECK(years == 3);
    // Clear keeps the switch: it is not a filter chip.
    Query cleared = q;
    REQUIRE(ApplyQueryCommand(atlas, cleared, Command::ClearFilters()));
    CHECK(cleared.pem_only);
    CHECK(ActiveFilterChips(atlas, q).empty());
}

TEST_CASE("evidence-map: who was studied — sample size bands, severities and age groups as facets") {
    const Atlas& atlas = Small();
    QueryResult r = RunQuery(atlas, Query{});
    const FacetCounts& c = r.counts;
    CHECK(c.sample_sizes[(int)SampleSize::Under20] == 1);       // a: 10 + 5
    CHECK(c.sample_sizes[(int)SampleSize::From20To99] == 1);    // b: 50 + 40
    CHECK(c.sample_sizes[(int)SampleSize::From100To999] == 1);  // c: 500
    CHECK(c.sample_sizes[(int)SampleSize::From1000] == 0);
    CHECK(c.severities[0] == 1);  // mild
    CHECK(c.severities[1] == 0);
    CHECK(c.severities[2] == 1);  // severe
    CHECK(c.severities[3] == 1);  // very severe
    CHECK(c.age_groups[0] == 1);  // adults
    CHECK(c.age_groups[1] == 1);  // adolescents

    Query size;
    ToggleFacet(size, FacetId::SampleSize, (int)SampleSize::Under20);
    ToggleFacet(size, FacetId::SampleSize, (int)SampleSize::From100To999);
    CHECK(size.HasFilters());
    r = RunQuery(atlas, size);
    CHECK(Ids(atlas, r) == "ac");  // studies with no stated size match no band
    CHECK(r.counts.sample_sizes[(int)SampleSize::From20To99] == 1);  // the facet's own counts ignore it
    CHECK(r.counts.severities[0] == 1);
    CHECK(r.counts.age_groups[1] == 1);

    Query severity;
    ToggleFacet(severity, FacetId::Severity, 3);  // very severe
    r = RunQuery(atlas, severity);
    CHECK(Ids(atlas, r) == "c");
    CHECK(r.counts.severities[0] == 1);            // mild would give one study
    CHECK(r.counts.sample_sizes[(int)SampleSize::Under20] == 0);

    Query age;
    ToggleFacet(age, FacetId::AgeGroup, 0);  // adults
    CHECK(Ids(atlas, RunQuery(atlas, age)) == "a");

    CHECK(SampleSizeOf(nullptr) == -1);
    Population p;
    CHECK(SampleSizeOf(&p) == -1);
    p.n_patients = 19;
    CHECK(SampleSizeOf(&p) == (int)SampleSize::Under20);
    p.n_controls = 1;
    CHECK(SampleSizeOf(&p) == (int)SampleSize::From20To99);
    p.n_patients = 999, p.n_controls = 0;
    CHECK(SampleSizeOf(&p) == (int)SampleSize::From100To999);
    p.n_patients = 1000;
    CHECK(SampleSizeOf(&p) == (int)SampleSize::From1000);
}

TEST_CASE("evidence-map: `cell` filters to a cell's topic and column; the same cell again clears it") {
    const Atlas& atlas = Small();
    const uint32_t immunology = TagIndex(atlas, "Immunology"), metabolism = TagIndex(atlas, "Metabolism");
    std::optional<Command> c = ParseCommand(atlas, "cell " + std::to_string(immunology) + " E1");
    REQUIRE(c);
    CHECK(c->kind == CommandKind::SelectCell);
    CHECK(FormatCommand(atlas, *c) == "cell " + std::to_string(immunology) + " E1");
    Query q;
    q.tags = {metabolism, TagIndex(atlas, "Fatigue")};
    q.evidence = 0b1100;
    REQUIRE(ApplyQueryCommand(atlas, q, *c));
    CHECK(q.evidence == 0b10);
    CHECK(q.tags == std::vector<uint32_t>{TagIndex(atlas, "Fatigue"), immunology});  // the other topic gave way
    CHECK(CellSelected(q, immunology, GridAxis::Level, 1));
    CHECK(Ids(atlas, RunQuery(atlas, q)) == "a");
    REQUIRE(ApplyQueryCommand(atlas, q, *c));
    CHECK(q.evidence == 0);
    CHECK(q.tags == std::vector<uint32_t>{TagIndex(atlas, "Fatigue")});

    std::optional<Command> type = ParseCommand(atlas, "cell " + std::to_string(metabolism) + " Observational-Case-control");
    REQUIRE(type);
    REQUIRE(ApplyQueryCommand(atlas, q, *type));
    CHECK(Ids(atlas, RunQuery(atlas, q)) == "b");
    CHECK(FormatCommand(atlas, *type) == "cell " + std::to_string(metabolism) + " Observational-Case-control");

    CHECK_FALSE(ParseCommand(atlas, "cell " + std::to_string(TagIndex(atlas, "Fatigue")) + " E1"));  // not a topic
    CHECK_FALSE(ParseCommand(atlas, "cell " + std::to_string(immunology) + " E9"));
    CHECK_FALSE(ParseCommand(atlas, "cell 999 E1"));
    CHECK_FALSE(ParseCommand(atlas, "cell " + std::to_string(immunology)));
}

TEST_CASE("evidence-map: the share that required PEM, as a reader sees it") {
    CHECK(PemShare(0, 0).empty());
    CHECK(PemShare(4, 0) == "0% PEM");
    CHECK(PemShare(3, 1) == "33% PEM");
    CHECK(PemShare(8, 1) == "13% PEM");  // 12.5 rounds up
    CHECK(PemShare(1000, 1) == "<1% PEM");
    CHECK(PemShare(1000, 999) == "99% PEM");  // not all of them: never 100%
    CHECK(PemShare(5, 5) == "100% PEM");
    CHECK(GridCellSentence({0, 0}) == "no studies");
    CHECK(GridCellSentence({1, 1}) == "1 study, in a cohort that required PEM");
    CHECK(GridCellSentence({12, 7}) == "12 studies, 7 of them (58%) in cohorts that required PEM");
    CHECK(GridCellSentence({3, 0}) == "3 studies, none in cohorts that required PEM");
    CHECK(GridCellSentence({3, 3}) == "3 studies, all in cohorts that required PEM");
}

TEST_CASE("evidence-map: on a synthetic atlas every cell counts what choosing it lists, under random queries") {
    static Atlas atlas;
    std::string json;
    SynthesizeAtlas({1500, 3}, json);
    REQUIRE(LoadAtlas(json, atlas).loaded == 1500);
    std::mt19937 rng(11);
    std::vector<uint32_t> other_tags;
    for (uint32_t t = 0; t < atlas.tags.size(); ++t)
        if (!IsTopicTag(atlas, t)) other_tags.push_back(t);
    const char* texts[] = {"", "fatigue", "cyto", "exercise intolerance"};
    for (int round = 0; round < 8; ++round) {
        Query q;
        q.text = texts[round % 4];
        q.pem_only = round % 3 == 1;
        if (round % 2) q.confidence = 0b011;
        if (round % 4 == 2) ToggleFacet(q, FacetId::SampleSize, 1), ToggleFacet(q, FacetId::SampleSize, 2);
        if (round >= 4) q.tags = {other_tags[rng() % other_tags.size()]};
        if (round >= 6) q.tag_match = TagMatch::All;
        QueryResult r = RunQuery(atlas, q);
        REQUIRE(r.counts.grid_topics.size() == 15);
        for (GridAxis axis : {GridAxis::Level, GridAxis::Type}) {
            for (size_t row = 0; row < r.counts.grid_topics.size(); ++row) {
                for (int column : GridColumns(r.counts, axis, q)) {
                    Query cell = q;
                    REQUIRE(ApplyQueryCommand(atlas, cell, Command::SelectCell(r.counts.grid_topics[row], axis, column)));
                    QueryResult listed = RunQuery(atlas, cell);
                    uint32_t pem = 0;
                    for (uint32_t i : listed.studies) pem += atlas.studies[i].pem == PemCriterion::Required;
                    GridCell counted = GridCellAt(r.counts, axis, row, column);
                    INFO("round " << round << ", row " << row << ", column " << column << ", axis " << (int)axis);
                    CHECK(counted.count == listed.studies.size());
                    CHECK(counted.pem == pem);
                }
            }
        }
    }
}
