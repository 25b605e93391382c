// unit-topic.cpp — links between studies on the card ("Replicated by", "Not replicated by",
// "Superseded by", "Retraction notice"…), "Who was studied", and the topic pages built from the
// cards: counts by evidence level and PEM, the timeline, the links among a topic's studies and its
// studies in reading order. Exact texts, as the canvas, the text view and the static pages show them.
#include <catch2/catch.hpp>

#include "atlas/card.h"
#include "atlas/load.h"
#include "atlas/mirror.h"
#include "atlas/topic.h"
#include "fixtures.h"

using namespace atlas;

namespace {

std::string Doc(const std::string& studies) {
    return R"({"format":"mecfs-atlas","format_version":1,"title":"Links","generated":"2026-01-02",)"
           R"("tag_categories":[{"id":"topic","name":"Topic"},{"id":"symptom","name":"Symptom"}],"studies":[)" +
           studies + "]}";
}

// Study `id` (title "Title <id>", first author "<Author>, A", year) with topics and extra fields.
std::string S(const std::string& id, int year, const std::string& level, const std::string& pem, const std::string& topics,
              const std::string& extra = "", const std::string& authors = R"("Smith, A","Jones, B","Brown, C")") {
    std::string s = fixtures::Study(id, extra);
    auto set = [&](const std::string& from, const std::string& to) { s.replace(s.find(from), from.size(), to); };
    set(R"("title":"A study")", R"("title":"Title )" + id + "\"");
    set(R"("authors":["Doe, Jane"])", R"("authors":[)" + authors + "]");
    set(R"("year":2020)", R"("year":)" + std::to_string(year));
    set(R"("evidence_level":"E2")", R"("evidence_level":")" + level + "\"");
    set(R"("pem":"required")", R"("pem":")" + pem + "\"");
    set(R"("tags":{"symptom":["Fatigue"]})", R"("tags":{"topic":[)" + topics + R"(]})");
    return s;
}

std::string Preprint(std::string s) {
    const std::string from = R"("peer_review":"peer_reviewed")";
    return s.replace(s.find(from), from.size(), R"("peer_review":"preprint")");
}

// An XMRV-like story: an original finding, its retraction notice, a failed replication, a
// replication, a journal version superseding a preprint (named by DOI), a comment from outside the
// topic, and a link to a paper outside the atlas.
const Atlas& Story() {
    static Atlas atlas;
    static bool loaded = false;
    if (!loaded) {
        std::string studies =
            S("orig", 2009, "E2", "unclear", R"("Viruses")",
              R"(,"doi":"10.1/orig","retraction":{"retracted":true,"notice":"Retracted by the journal.","date":"2011-12-22"},)"
              R"("population":{"n_patients":101,"n_controls":218,"countries":["US"]})") + "," +
            S("notice", 2011, "E3", "unclear", R"("Viruses")",
              R"(,"relations":[{"type":"retraction_of","id":"orig","note":"Editorial retraction."}])", R"("Alberts, Bruce")") + "," +
            S("null", 2012, "E1", "required", R"("Viruses")",
              R"(,"relations":[{"type":"fails_to_replicate","doi":"10.1/ORIG","note":"Blinded samples, no virus found."}],)"
              R"("population":{"n_patients":147,"n_controls":146,"severity":["mild","moderate"],"age_group":"adults",)"
              R"("female_percent":66.66,"onset":"infectious","countries":["US","GB"]})",
              R"("Alter, H","Mikovits, J")") + "," +
            S("again", 2010, "E2", "required", R"("Viruses","Immunology")",
              R"(,"relations":[{"type":"replicates","id":"orig"},{"type":"comments_on","pmid":"999999"}])") + "," +
            Preprint(S("preprint", 2023, "E3", "unclear", R"("Immunology")", R"(,"doi":"10.1101/pre")")) + "," +
            S("journal", 2024, "E2", "unclear", R"("Immunology")",
              R"(,"relations":[{"type":"supersedes","doi":"10.1101/PRE","note":"Journal version."}],)"
              R"("population":{"n_patients":1,"onset":"unknown"})") + "," +
            S("outside", 2015, "E3", "unclear", R"("Immunology")", R"(,"relations":[{"type":"comments_on","id":"null"}])");
        REQUIRE(LoadAtlas(Doc(studies), atlas).problems.empty());
        loaded = true;
    }
    return atlas;
}

uint32_t Index(const Atlas& atlas, const std::string& id) {
    for (uint32_t i = 0; i < atlas.studies.size(); ++i)
        if (atlas.Text(atlas.studies[i].id) == id) return i;
    FAIL("no study " << id);
    return 0;
}

uint32_t TagOf(const Atlas& atlas, const std::string& label) {
    for (uint32_t t = 0; t < atlas.tags.size(); ++t)
        if (atlas.tags[t].label == label) return t;
    FAIL("no tag " << label);
    return 0;
}

// "Heading: text [-> study id | url] (note); ..." for a card's links.
std::string Describe(const Atlas& atlas, const std::vector<CardRelationGroup>& groups) {
    std::string out;
    for (const CardRelationGroup& g : groups) {
        out += (out.empty() ? "" : "\n") + g.heading + ":";
        for (const CardLink& l : g.links) {
            out += " [" + l.text + " -> " +
                   (l.study >= 0 ? std::string(atlas.Text(atlas.studies[l.study].id)) + " " + l.slug : l.url) + "]";
            if (!l.note.empty()) out += " (" + l.note + ")";
            if (l.retracted) out += " retracted";
        }
    }
    return out;
}

}  // namespace

TEST_CASE("topic: a card lists its links both ways, the retraction notice first, each naming the other card") {
    const Atlas& atlas = Story();
    const Study& orig = atlas.studies[Index(atlas, "orig")];
    CHECK(Describe(atlas, BuildCard(atlas, orig, 0, ReadingDepth::Quick).relations) ==
          "Retraction notice: [Alberts 2011: Title notice -> notice notice-slug] (Editorial retraction.)\n"
          "Not replicated by: [Alter and Mikovits 2012: Title null -> null null-slug] (Blinded samples, no virus found.)\n"
          "Replicated by: [Smith et al. 2010: Title again -> again again-slug]");
    // The links of the study that names others: by id, by a DOI of the atlas (any case), outside by PMID.
    CHECK(Describe(atlas, CardRelations(atlas, atlas.studies[Index(atlas, "null")])) ==
          "Commented on by: [Smith et al. 2015: Title outside -> outside outside-slug]\n"
          "Did not replicate: [Smith et al. 2009: Title orig -> orig orig-slug] (Blinded samples, no virus found.) retracted");
    CHECK(Describe(atlas, CardRelations(atlas, atlas.studies[Index(atlas, "again")])) ==
          "Replicates: [Smith et al. 2009: Title orig -> orig orig-slug] retracted\n"
          "Comments on: [PMID 999999 -> https://pubmed.ncbi.nlm.nih.gov/999999/]");
    CHECK(Describe(atlas, CardRelations(atlas, atlas.studies[Index(atlas, "preprint")])) ==
          "Superseded by: [Smith et al. 2024: Title journal -> journal journal-slug] (Journal version.)");
    CHECK(Describe(atlas, CardRelations(atlas, atlas.studies[Index(atlas, "notice")])) ==
          "Retraction notice of: [Smith et al. 2009: Title orig -> orig orig-slug] (Editorial retraction.) retracted");
    CHECK(RelationHeading(RelationType::FailsToReplicate, true) == "Not replicated by");
    CHECK(RelationHeading(RelationType::Supersedes, false) == "Supersedes");
    CHECK(RelationPhrase(RelationType::RetractionOf) == "is the retraction notice of");
}

TEST_CASE("topic: links are found the same without the load's index (an atlas changed by hand)") {
    Atlas copy = Story();
    copy.search = SearchIndex{};
    for (const char* id : {"orig", "null", "preprint", "again"}) {
        INFO(id);
        const Study& s = copy.studies[Index(copy, id)];
        CHECK(Describe(copy, CardRelations(copy, s)) == Describe(Story(), CardRelations(Story(), Story().studies[Index(Story(), id)])));
    }
    CHECK(RelationTargetStudy(copy, copy.RelationAt(copy.studies[Index(copy, "null")].relations, 0)) == Index(copy, "orig"));
    CHECK(IncomingRelations(copy, Index(copy, "orig")).size() == 3);
}

TEST_CASE("topic: who was studied, only what the record states, in words") {
    const Atlas& atlas = Story();
    auto lines = [&](const char* id) {
        std::string out;
        for (const CardMeta& m : BuildCard(atlas, atlas.studies[Index(atlas, id)]).population)
            out += (out.empty() ? "" : " | ") + m.label + ": " + m.value;
        return out;
    };
    CHECK(lines("null") ==
          "People studied: 147 patients and 146 controls | Severity: Mild, moderate | Age group: Adults | "
          "Female: 66.7% | Onset: Infectious | Countries: United States, United Kingdom");
    CHECK(lines("orig") == "People studied: 101 patients and 218 controls | Country: United States");
    CHECK(lines("journal") == "People studied: 1 patient | Onset: Not known (as the paper says)");
    CHECK(lines("again").empty());
    CHECK(CountryName("NO") == "Norway");
    CHECK(CountryName("GB") == "United Kingdom");
    CHECK(CountryName("XX") == "XX");
    CHECK(ShortReference(atlas, atlas.studies[Index(atlas, "notice")]) == "Alberts 2011");
}

TEST_CASE("topic: topics are the topic category's tags by label, with unique slugs") {
    const Atlas& atlas = Story();
    std::vector<uint32_t> topics = TopicTags(atlas);
    REQUIRE(topics.size() == 2);
    CHECK(atlas.tags[topics[0]].label == "Immunology");
    CHECK(TopicSlug(atlas, topics[1]) == "viruses");
    Atlas slugs;
    REQUIRE(LoadAtlas(Doc(S("x", 2020, "E2", "required", R"("PEM & Exercise Physiology","Severe ME/CFS")") + "," +
                          S("y", 2020, "E2", "required", R"("PEM Exercise Physiology","Ménière","--")")),
                      slugs).problems.empty());
    auto slug = [&](const char* label) { return TopicSlug(slugs, TagOf(slugs, label)); };
    CHECK(slug("PEM & Exercise Physiology") == "pem-exercise-physiology");
    CHECK(slug("PEM Exercise Physiology") == "pem-exercise-physiology-2");  // later in label order
    CHECK(slug("Severe ME/CFS") == "severe-me-cfs");
    CHECK(slug("Ménière") == "m-ni-re");
    CHECK(slug("--") == "topic");
    CHECK(TopicSlug(slugs, 9999).empty());
}

TEST_CASE("topic: the page counts by level and PEM, a timeline, its links, its studies in reading order") {
    const Atlas& atlas = Story();
    TopicPage t = BuildTopicPage(atlas, TagOf(atlas, "Viruses"));
    CHECK(t.name == "Viruses");
    CHECK(t.slug == "viruses");
    CHECK(t.total == 4);
    CHECK(t.pem_required == 2);
    CHECK(std::vector<uint32_t>(t.levels, t.levels + 4) == std::vector<uint32_t>{0, 1, 2, 1});
    CHECK(std::vector<uint32_t>(t.levels_pem, t.levels_pem + 4) == std::vector<uint32_t>{0, 1, 1, 0});
    CHECK(t.first_year == 2009);
    CHECK(t.years == std::vector<uint32_t>{1, 1, 1, 1});
    CHECK(t.years_pem == std::vector<uint32_t>{0, 1, 0, 1});
    CHECK(TopicSummary(t) == "The atlas holds 4 studies on Viruses, 2 of them (50%) in cohorts that required PEM.");
    // Reading order: E0..E3, newest first within a level, retracted after the others of their level.
    std::string order;
    for (uint32_t i : t.studies) order += std::string(atlas.Text(atlas.studies[i].id)) + " ";
    CHECK(order == "null again orig notice ");
    std::string links;
    for (const TopicRelationGroup& g : t.relations) {
        links += g.heading + ":";
        for (const TopicRelation& r : g.relations)
            links += " [" + r.from.text + " | " + r.phrase + " | " + r.to.text + (r.note.empty() ? "" : " | " + r.note) + "]";
        links += "\n";
    }
    CHECK(links ==
          "Retractions: [Alberts 2011: Title notice | is the retraction notice of | Smith et al. 2009: Title orig | Editorial retraction.]\n"
          "Not replicated: [Alter and Mikovits 2012: Title null | did not replicate | Smith et al. 2009: Title orig | Blinded samples, no virus found.]\n"
          "Replicated: [Smith et al. 2010: Title again | replicates | Smith et al. 2009: Title orig]\n"
          "Comments and follow-ups: [Smith et al. 2015: Title outside | comments on | Alter and Mikovits 2012: Title null]"
          " [Smith et al. 2010: Title again | comments on | PMID 999999]\n");

    TopicPage pem = BuildTopicPage(atlas, TagOf(atlas, "Viruses"), true);
    CHECK(pem.pem_only);
    CHECK(pem.total == 2);
    CHECK(TopicSummary(pem) == "The atlas holds 2 studies in cohorts that required PEM on Viruses.");
    CHECK(BuildTopicPage(atlas, 9999).name.empty());
    TopicPage immunology = BuildTopicPage(atlas, TagOf(atlas, "Immunology"));
    REQUIRE(!immunology.relations.empty());
    CHECK(immunology.relations[0].heading == "Newer versions");
    CHECK(immunology.relations[0].relations[0].to.text == "Smith et al. 2023: Title preprint");
}

TEST_CASE("topic: the text view's JSON carries the links, who was studied, the gap map and the topic page") {
    const Atlas& atlas = Story();
    Query query;
    QueryResult result = RunQuery(atlas, query);
    TopicPage page = BuildTopicPage(atlas, TagOf(atlas, "Viruses"));
    MirrorView view;
    view.query = &query;
    view.result = &result;
    view.open_study = (int)Index(atlas, "orig");
    view.show_grid = true;
    view.topic = &page;
    std::string json = MirrorJson(atlas, view);
    CHECK(json.find(R"("relations":[{"id":"retraction_notice","heading":"Retraction notice","links":[{"text":"Alberts 2011: Title notice","note":"Editorial retraction.","index":)") !=
          std::string::npos);
    CHECK(json.find(R"("population":[{"label":"People studied","value":"101 patients and 218 controls"},{"label":"Country","value":"United States"}])") !=
          std::string::npos);
    CHECK(json.find(R"("pem_only":false,"screen":"topic")") != std::string::npos);
    CHECK(json.find(R"("grid":{"axis":"level","columns":[{"code":"E0","label":"E0 Consensus"},)") != std::string::npos);
    CHECK(json.find(R"("label":"Viruses","total":4,"cells":[{"count":0,"pem":0,"share":"","sentence":"no studies","selected":false,"command":"cell )") !=
          std::string::npos);
    CHECK(json.find(R"("topic":{"tag":)") != std::string::npos);
    CHECK(json.find(R"("summary":"The atlas holds 4 studies on Viruses, 2 of them (50%) in cohorts that required PEM.")") != std::string::npos);
    view.show_grid = false;
    view.topic = nullptr;
    json = MirrorJson(atlas, view);
    CHECK(json.find(R"("grid":null,"topic":null)") != std::string::npos);
}
