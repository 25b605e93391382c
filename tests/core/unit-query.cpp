// unit-query.cpp — atlas::RunQuery and atlas::FindMatches (atlas/query.h): text matching with case
// and diacritics folded, phrases and prefixes, relevance, every filter, facet counts under the other-filters
// rule, the year histogram, tags Any/All, the sort orders, and highlight spans in original bytes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "atlas/load.h"
#include "atlas/query.h"
#include "fixtures.h"

using namespace atlas;

namespace {

// One study record with every field settable; lists are written as their JSON items.
struct Rec {
    std::string id;
    std::string title = "A study";
    std::string authors = R"("Doe, Jane")";
    std::string journal = "A Journal";
    int year = 2020;
    std::string pmid;  // empty: fixtures::PmidFor(id), so each fixture study is its own paper
    std::string doi;
    std::string evidence = "E2", confidence = "high", pem = "required";
    std::string case_definitions = R"("CCC")";
    std::string type = "Trial-RCT", peer = "peer_reviewed", review = "machine_draft";
    bool retracted = false;
    std::string summary = "Summary.", why, findings, conclusions;
    std::string tags = R"("symptom":["Fatigue"])";

    std::string Json() const {
        std::string j = R"({"id":")" + id + R"(","slug":")" + id + R"(-slug","title":")" + title + R"(","authors":[)" +
                        authors + R"(],"journal":")" + journal + R"(","year":)" + std::to_string(year) +
                        R"(,"pmid":")" + (pmid.empty() ? fixtures::PmidFor(id) : pmid) + "\"";
        if (!doi.empty()) j += R"(,"doi":")" + doi + "\"";
        j += R"(,"evidence_level":")" + evidence + R"(","confidence":")" + confidence + R"(","pem":")" + pem +
             R"(","case_definitions":[)" + case_definitions + R"(],"publication_type":")" + type +
             R"(","peer_review":")" + peer + R"(","review_status":")" + review + "\"";
        if (retracted) j += R"(,"retraction":{"retracted":true,"notice":"Retracted by the journal."})";
        j += R"(,"sections":{"quick_summary":")" + summary + "\"";
        if (!why.empty()) j += R"(,"why_it_matters":")" + why + "\"";
        if (!findings.empty()) j += R"(,"observed_findings":[)" + findings + "]";
        if (!conclusions.empty()) j += R"(,"inferred_conclusions":[)" + conclusions + "]";
        j += R"(},"tags":{)" + tags + R"(},"last_updated":"2026-01-02"})";
        return j;
    }
};

Atlas Load(const std::vector<Rec>& recs) {
    std::string studies;
    for (const Rec& r : recs) studies += (studies.empty() ? "" : ",") + r.Json();
    Atlas atlas;
    LoadReport report = LoadAtlas(fixtures::Atlas(studies), atlas);
    std::string problems = report.fatal;
    for (const Problem& p : report.problems) problems += "\n" + FormatProblem("fixture", p);
    INFO(problems);
    REQUIRE(report.usable);
    REQUIRE(report.loaded == recs.size());
    return atlas;
}

// `n` default studies with ids s0, s1, ...; tests then change the fields they are about.
std::vector<Rec> Recs(int n) {
    std::vector<Rec> recs((size_t)n);
    for (int i = 0; i < n; ++i) recs[(size_t)i].id = "s" + std::to_string(i);
    return recs;
}

using Ids = std::vector<uint32_t>;

Ids Run(const Atlas& atlas, const Query& q) { return RunQuery(atlas, q).studies; }

Ids RunText(const Atlas& atlas, const std::string& text, SortOrder sort = SortOrder::Newest) {
    Query q;
    q.text = text;
    q.sort = sort;
    return Run(atlas, q);
}

Ids Sorted(Ids ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

uint32_t TagIndex(const Atlas& atlas, const std::string& label) {
    for (size_t i = 0; i < atlas.tags.size(); ++i)
        if (atlas.tags[i].label == label) return (uint32_t)i;
    FAIL("no tag " << label);
    return 0;
}

// The highlighted parts of `text`, as strings.
std::vector<std::string> Highlighted(const std::string& text, const std::string& query) {
    std::vector<std::string> parts;
    for (TextSpan span : FindMatches(text, query)) {
        REQUIRE(span.offset + span.length <= text.size());
        parts.push_back(text.substr(span.offset, span.length));
    }
    return parts;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("query: HasFilters is false for text and sort alone, true for any filter") {
    Query q;
    CHECK_FALSE(q.HasFilters());
    q.text = "rituximab";
    q.sort = SortOrder::Oldest;
    q.tag_match = TagMatch::All;
    CHECK_FALSE(q.HasFilters());
    auto with = [](void (*set)(Query&)) {
        Query f;
        set(f);
        return f.HasFilters();
    };
    CHECK(with([](Query& f) { f.evidence = 1; }));
    CHECK(with([](Query& f) { f.confidence = 2; }));
    CHECK(with([](Query& f) { f.pem = 4; }));
    CHECK(with([](Query& f) { f.case_definitions = CaseDefNice; }));
    CHECK(with([](Query& f) { f.publication_types = 1 << 13; }));
    CHECK(with([](Query& f) { f.peer_review = 2; }));
    CHECK(with([](Query& f) { f.review_status = 1; }));
    CHECK(with([](Query& f) { f.retracted = RetractionFilter::Hide; }));
    CHECK(with([](Query& f) { f.retracted = RetractionFilter::Only; }));
    CHECK(with([](Query& f) { f.year_min = 2000; }));
    CHECK(with([](Query& f) { f.year_max = 2000; }));
    CHECK(with([](Query& f) { f.tags = {0}; }));
}

TEST_CASE("query: words match title, author, journal and summary, and sorts are stable") {
    std::vector<Rec> r = Recs(2);
    r[1].title = "Rituximab trial";
    r[1].year = 2011;
    Atlas atlas = Load(r);
    Query q;
    CHECK(Run(atlas, q) == Ids{0, 1});
    q.sort = SortOrder::Oldest;
    CHECK(Run(atlas, q) == Ids{1, 0});
    q.text = "RITUX";
    CHECK(Run(atlas, q) == Ids{1});
    q.text = "doe trial";  // every word, each in any field
    CHECK(Run(atlas, q) == Ids{1});
    q.text = "absent";
    CHECK(Run(atlas, q).empty());
}

TEST_CASE("query: every searched field is searched, and only those") {
    std::vector<Rec> r = Recs(11);
    r[0].title = "Alpha title";
    r[1].authors = R"("Fluge, Bravo", "Mella, Olav")";
    r[2].journal = "Charlie Medicine";
    r[3].summary = "A delta summary.";
    r[4].why = "Echo matters.";
    r[5].findings = R"("One finding", "A foxtrot finding")";
    r[6].conclusions = R"("A golf conclusion")";
    r[7].pmid = "31415926";
    r[8].doi = "10.1234/hotel.5678";
    r[9].tags = R"("symptom":["India"])";  // tags are filters, not text
    r[10].id = "juliet";                   // neither are ids
    Atlas atlas = Load(r);
    CHECK(RunText(atlas, "alpha") == Ids{0});
    CHECK(RunText(atlas, "bravo") == Ids{1});
    CHECK(RunText(atlas, "mella") == Ids{1});
    CHECK(RunText(atlas, "charlie") == Ids{2});
    CHECK(RunText(atlas, "delta") == Ids{3});
    CHECK(RunText(atlas, "echo") == Ids{4});
    CHECK(RunText(atlas, "foxtrot") == Ids{5});
    CHECK(RunText(atlas, "golf") == Ids{6});
    CHECK(RunText(atlas, "31415926") == Ids{7});
    CHECK(RunText(atlas, "3141") == Ids{7});  // the beginning, as typed
    CHECK(RunText(atlas, "1415").empty());    // words match from their start, not inside
    CHECK(RunText(atlas, "10.1234/HOTEL") == Ids{8});
    CHECK(RunText(atlas, "india").empty());
    CHECK(RunText(atlas, "juliet").empty());
    // Every word must match, but each may match a different field.
    CHECK(RunText(atlas, "bravo summary") == Ids{1});
    CHECK(RunText(atlas, "bravo charlie").empty());
    // Whitespace of any kind separates words; empty and blank queries match everything.
    CHECK(RunText(atlas, "  \tbravo\n olav  ") == Ids{1});
    CHECK(RunText(atlas, "").size() == 11);
    CHECK(RunText(atlas, " \t ").size() == 11);
}

TEST_CASE("query: prefixes match as you type, quoted phrases match as one string") {
    std::vector<Rec> r = Recs(4);
    for (Rec& rec : r) rec.summary = "Text.";
    r[0].title = "Post-exertional malaise after two-day exercise testing";
    r[1].title = "Malaise and post-exertional symptoms";
    r[2].summary = "Post-exertional\\n malaise in the summary";  // a line break and two spaces inside
    r[3].title = "Exertional intolerance";
    Atlas atlas = Load(r);
    std::string typed;
    for (char c : std::string("malaise")) {
        typed += c;
        INFO(typed);
        CHECK(RunText(atlas, typed) == Ids{0, 1, 2});
    }
    CHECK(RunText(atlas, "ma") == Ids{0, 1, 2});
    CHECK(RunText(atlas, "ertional").empty());              // words match from their start
    CHECK(RunText(atlas, "xertional") == Ids{0, 1, 2, 3});  // one typo: the first letter dropped
    CHECK(RunText(atlas, "post-exertional malaise") == Ids{0, 1, 2});
    CHECK(RunText(atlas, "\"post-exertional malaise\"") == Ids{0, 2});
    CHECK(RunText(atlas, "\"POST-EXERTIONAL MALAISE\"") == Ids{0, 2});
    CHECK(RunText(atlas, "\"  post-exertional   malaise \"") == Ids{0, 2});
    CHECK(RunText(atlas, "\"malaise post-exertional\"").empty());
    CHECK(RunText(atlas, "\"malaise after\" exercise") == Ids{0});
    CHECK(RunText(atlas, "\"malaise and post\"") == Ids{1});
    // A phrase still being typed: the open quote runs to the end.
    CHECK(RunText(atlas, "\"post-exertional mal") == Ids{0, 2});
    CHECK(RunText(atlas, "\"") == Ids{0, 1, 2, 3});
    CHECK(RunText(atlas, "\"\"") == Ids{0, 1, 2, 3});
    // Curly quotes, as phone keyboards type them.
    CHECK(RunText(atlas, "\u201Cpost-exertional malaise\u201D") == Ids{0, 2});
}

TEST_CASE("query: case and diacritics fold on both sides") {
    std::vector<Rec> r = Recs(7);
    r[0].authors = R"("Fluge, Øystein", "Mella, Olav")";
    r[1].authors = R"("Jäger, Jörg")";
    r[2].authors = R"("Aßmus, Madlen")";
    r[3].authors = R"("Łukasiewicz, Zoë", "Dvořák, Ágnes")";
    r[4].title = "Oystein and Jorg without marks";
    r[5].authors = "\"Jo\u0308rg, Decomposed\"";  // o + combining diaeresis
    r[6].title = "Ærøskøbing cohort: Søren Bergström, François Lefèvre";
    Atlas atlas = Load(r);
    CHECK(RunText(atlas, "oystein") == Ids{0, 4});
    CHECK(RunText(atlas, "Øystein") == Ids{0, 4});
    CHECK(RunText(atlas, "ØYSTEIN") == Ids{0, 4});
    CHECK(RunText(atlas, "øy") == Ids{0, 4});
    CHECK(RunText(atlas, "Jorg") == Ids{1, 4, 5});
    CHECK(RunText(atlas, "jörg") == Ids{1, 4, 5});
    CHECK(RunText(atlas, "jager") == Ids{1});
    CHECK(RunText(atlas, "assmus") == Ids{2});
    CHECK(RunText(atlas, "aßmus") == Ids{2});
    CHECK(RunText(atlas, "ass") == Ids{2});
    CHECK(RunText(atlas, "assm") == Ids{2});  // ß is "ss" for beginnings too
    CHECK(RunText(atlas, "smus").empty());    // not inside a word
    CHECK(RunText(atlas, "lukasiewicz zoe") == Ids{3});
    CHECK(RunText(atlas, "dvorak agnes") == Ids{3});
    CHECK(RunText(atlas, "aeroskobing") == Ids{6});
    CHECK(RunText(atlas, "soren bergstrom francois lefevre") == Ids{6});
}

TEST_CASE("query: identifiers match whole or in part, and pasted links search for the identifier") {
    std::vector<Rec> r = Recs(3);
    r[0].pmid = "19855350";
    r[1].doi = "10.3389/fimmu.2021.123456";
    r[2].pmid = "19855351";
    Atlas atlas = Load(r);
    CHECK(RunText(atlas, "19855350") == Ids{0});
    CHECK(RunText(atlas, "1985535") == Ids{0, 2});
    CHECK(RunText(atlas, "PMID:19855350") == Ids{0});
    CHECK(RunText(atlas, "https://pubmed.ncbi.nlm.nih.gov/19855350/") == Ids{0});
    CHECK(RunText(atlas, "10.3389/FIMMU.2021.123456") == Ids{1});
    CHECK(RunText(atlas, "https://doi.org/10.3389/fimmu.2021.123456") == Ids{1});
    CHECK(RunText(atlas, "doi:10.3389/fimmu.2021.123456") == Ids{1});
}

TEST_CASE("query: each filter keeps only the studies it names") {
    std::vector<Rec> r = Recs(6);
    r[0].evidence = "E0", r[0].confidence = "high", r[0].pem = "required", r[0].case_definitions = R"("CCC","ICC")";
    r[1].evidence = "E1", r[1].confidence = "moderate", r[1].pem = "not_required", r[1].case_definitions = R"("Fukuda")";
    r[2].evidence = "E2", r[2].confidence = "low", r[2].pem = "unclear", r[2].case_definitions = "";
    r[3].evidence = "E3", r[3].confidence = "low", r[3].pem = "unclear", r[3].case_definitions = R"("Oxford","other")";
    r[0].type = "Review-Systematic", r[1].type = "Meta-analysis", r[2].type = "Trial-RCT", r[3].type = "Other";
    r[4].type = "Case-Report", r[5].type = "Case-Report";
    r[1].peer = "preprint", r[4].peer = "preprint";
    r[0].review = "editor_reviewed", r[5].review = "expert_reviewed";
    r[2].retracted = true, r[5].retracted = true;
    r[0].year = 1999, r[1].year = 2005, r[2].year = 2010, r[3].year = 2015, r[4].year = 2020, r[5].year = 2024;
    Atlas atlas = Load(r);
    Query q;
    q.sort = SortOrder::Oldest;
    CHECK(Run(atlas, q) == Ids{0, 1, 2, 3, 4, 5});

    Query f = q;
    f.evidence = 1 << (int)EvidenceLevel::E0 | 1 << (int)EvidenceLevel::E3;
    CHECK(Run(atlas, f) == Ids{0, 3});
    f = q;
    f.confidence = 1 << (int)Confidence::Low;
    CHECK(Run(atlas, f) == Ids{2, 3});
    f = q;
    f.pem = 1 << (int)PemCriterion::NotRequired;
    CHECK(Run(atlas, f) == Ids{1});
    f = q;
    f.case_definitions = CaseDefIcc | CaseDefOxford;  // any of them
    CHECK(Run(atlas, f) == Ids{0, 3});
    f.case_definitions = CaseDefOther;
    CHECK(Run(atlas, f) == Ids{3});
    f = q;
    f.publication_types = 1 << (int)PublicationType::CaseReport | 1 << (int)PublicationType::MetaAnalysis;
    CHECK(Run(atlas, f) == Ids{1, 4, 5});
    f = q;
    f.peer_review = 1 << (int)PeerReview::Preprint;
    CHECK(Run(atlas, f) == Ids{1, 4});
    f = q;
    f.review_status = 1 << (int)ReviewStatus::EditorReviewed | 1 << (int)ReviewStatus::ExpertReviewed;
    CHECK(Run(atlas, f) == Ids{0, 5});
    f = q;
    f.retracted = RetractionFilter::Hide;
    CHECK(Run(atlas, f) == Ids{0, 1, 3, 4});
    f.retracted = RetractionFilter::Only;
    CHECK(Run(atlas, f) == Ids{2, 5});
    f = q;
    f.year_min = 2005;
    f.year_max = 2015;  // inclusive
    CHECK(Run(atlas, f) == Ids{1, 2, 3});
    f.year_max = 0;  // open
    CHECK(Run(atlas, f) == Ids{1, 2, 3, 4, 5});
    f.year_min = 0, f.year_max = 2005;
    CHECK(Run(atlas, f) == Ids{0, 1});
    f.year_min = 2016, f.year_max = 2019;
    CHECK(Run(atlas, f).empty());
    f.year_min = 2020, f.year_max = 2010;
    CHECK(Run(atlas, f).empty());

    // Filters combine with each other and with the text.
    f = q;
    f.publication_types = 1 << (int)PublicationType::CaseReport;
    f.retracted = RetractionFilter::Hide;
    CHECK(Run(atlas, f) == Ids{4});
    f.retracted = RetractionFilter::Any;
    f.text = "summary";
    CHECK(Run(atlas, f) == Ids{4, 5});
    f.text = "nothing";
    CHECK(Run(atlas, f).empty());
}

TEST_CASE("query: facet counts apply the text and every other active filter") {
    std::vector<Rec> r = Recs(7);
    r[0].evidence = "E0", r[0].pem = "required";
    r[1].evidence = "E0", r[1].pem = "not_required";
    r[2].evidence = "E1", r[2].pem = "required";
    r[3].evidence = "E1", r[3].pem = "not_required";  // fails both filters: counted nowhere
    r[4].evidence = "E2", r[4].pem = "required";
    r[5].evidence = "E0", r[5].pem = "required", r[5].confidence = "low", r[5].retracted = true;
    r[6].evidence = "E0", r[6].pem = "unclear", r[6].title = "Other words";
    Atlas atlas = Load(r);

    Query q;
    q.evidence = 1 << (int)EvidenceLevel::E0;
    q.pem = 1 << (int)PemCriterion::Required;
    QueryResult res = RunQuery(atlas, q);
    CHECK(res.studies == Ids{0, 5});
    const FacetCounts& c = res.counts;
    // Evidence counts apply the PEM filter only: studies 0, 5 (E0), 2 (E1), 4 (E2).
    CHECK(std::vector<uint32_t>(c.evidence, c.evidence + 4) == Ids{2, 1, 1, 0});
    // PEM counts apply the evidence filter only: 0, 5 (required), 1 (not required), 6 (unclear).
    CHECK(std::vector<uint32_t>(c.pem, c.pem + 3) == Ids{2, 1, 1});
    // Facets without a filter count the results.
    CHECK(std::vector<uint32_t>(c.confidence, c.confidence + 3) == Ids{1, 0, 1});
    CHECK(std::vector<uint32_t>(c.retracted, c.retracted + 2) == Ids{1, 1});
    CHECK(c.case_definitions[0] == 2);  // CCC
    CHECK(c.publication_types[(int)PublicationType::TrialRct] == 2);
    CHECK(c.peer_review[0] == 2);
    CHECK(c.review_status[0] == 2);
    CHECK(c.years == Ids{2});
    CHECK(c.tags == Ids{2});

    // The text applies to every facet: "study" is not in study 6's title (nor anywhere in it).
    q.text = "study";
    res = RunQuery(atlas, q);
    CHECK(res.studies == Ids{0, 5});
    CHECK(std::vector<uint32_t>(res.counts.pem, res.counts.pem + 3) == Ids{2, 1, 0});
    CHECK(std::vector<uint32_t>(res.counts.evidence, res.counts.evidence + 4) == Ids{2, 1, 1, 0});

    // A third filter: the retraction facet counts apply evidence and PEM, the others add "hide".
    q.text.clear();
    q.retracted = RetractionFilter::Hide;
    res = RunQuery(atlas, q);
    CHECK(res.studies == Ids{0});
    CHECK(std::vector<uint32_t>(res.counts.retracted, res.counts.retracted + 2) == Ids{1, 1});
    CHECK(std::vector<uint32_t>(res.counts.evidence, res.counts.evidence + 4) == Ids{1, 1, 1, 0});
    CHECK(std::vector<uint32_t>(res.counts.pem, res.counts.pem + 3) == Ids{1, 1, 1});
    CHECK(std::vector<uint32_t>(res.counts.confidence, res.counts.confidence + 3) == Ids{1, 0, 0});

    // With no filter, every count is over the matching studies.
    Query none;
    res = RunQuery(atlas, none);
    CHECK(std::vector<uint32_t>(res.counts.evidence, res.counts.evidence + 4) == Ids{4, 2, 1, 0});
    CHECK(std::vector<uint32_t>(res.counts.pem, res.counts.pem + 3) == Ids{4, 2, 1});
}

TEST_CASE("query: case definition counts count every definition a study uses") {
    std::vector<Rec> r = Recs(3);
    r[0].case_definitions = R"("CCC","ICC")";
    r[1].case_definitions = R"("ICC","Fukuda")";
    r[2].case_definitions = "";
    Atlas atlas = Load(r);
    Query q;
    q.case_definitions = CaseDefIcc;
    QueryResult res = RunQuery(atlas, q);
    CHECK(res.studies == Ids{0, 1});
    // Their own facet's counts ignore the case-definition filter.
    CHECK(std::vector<uint32_t>(res.counts.case_definitions, res.counts.case_definitions + 4) == Ids{1, 2, 0, 1});
}

TEST_CASE("query: the year histogram spans the whole atlas and ignores the year range") {
    std::vector<Rec> r = Recs(5);
    r[0].year = 2011, r[1].year = 2015, r[2].year = 2015, r[3].year = 2020, r[4].year = 2015;
    r[4].evidence = "E0";
    Atlas atlas = Load(r);
    Query q;
    q.year_min = 2014;
    q.year_max = 2016;
    q.sort = SortOrder::Oldest;
    QueryResult res = RunQuery(atlas, q);
    CHECK(res.studies == Ids{1, 2, 4});
    CHECK(res.counts.first_year == 2011);
    CHECK(res.counts.years == Ids{1, 0, 0, 0, 3, 0, 0, 0, 0, 1});
    // Other facets apply the year range.
    CHECK(std::vector<uint32_t>(res.counts.evidence, res.counts.evidence + 4) == Ids{1, 0, 2, 0});

    // The histogram applies the other filters and the text, and keeps the atlas's span.
    q.evidence = 1 << (int)EvidenceLevel::E2;
    res = RunQuery(atlas, q);
    CHECK(res.studies == Ids{1, 2});
    CHECK(res.counts.first_year == 2011);
    CHECK(res.counts.years == Ids{1, 0, 0, 0, 2, 0, 0, 0, 0, 1});
    q.text = "nothing matches this";
    res = RunQuery(atlas, q);
    CHECK(res.studies.empty());
    CHECK(res.counts.first_year == 2011);
    CHECK(res.counts.years == Ids(10, 0));

    // An empty atlas has no span.
    Atlas empty = Load({});
    res = RunQuery(empty, Query{});
    CHECK(res.studies.empty());
    CHECK(res.counts.years.empty());
    CHECK(res.counts.tags.empty());
}

TEST_CASE("query: tags match any or all, and their counts say what adding a tag would give") {
    std::vector<Rec> r = Recs(5);
    r[0].tags = R"("symptom":["Fatigue","Pain"])";
    r[1].tags = R"("symptom":["Fatigue"])";
    r[2].tags = R"("symptom":["Pain"],"method_flag":["Small Sample"])";
    r[3].tags = "";
    r[4].tags = R"("symptom":["Fatigue","Pain"])";
    r[4].evidence = "E0";
    Atlas atlas = Load(r);
    const uint32_t fatigue = TagIndex(atlas, "Fatigue"), pain = TagIndex(atlas, "Pain"),
                   small = TagIndex(atlas, "Small Sample");
    auto tag_counts = [&](const QueryResult& res) {
        return Ids{res.counts.tags[fatigue], res.counts.tags[pain], res.counts.tags[small]};
    };
    Query q;
    QueryResult res = RunQuery(atlas, q);
    REQUIRE(res.counts.tags.size() == atlas.tags.size());
    CHECK(tag_counts(res) == Ids{3, 3, 1});

    // Any: one of the tags. Its counts ignore the tag filter (choices are alternatives).
    q.tag_match = TagMatch::Any;
    q.tags = {fatigue};
    res = RunQuery(atlas, q);
    CHECK(Sorted(res.studies) == Ids{0, 1, 4});
    CHECK(tag_counts(res) == Ids{3, 3, 1});
    q.tags = {fatigue, small};
    CHECK(Sorted(Run(atlas, q)) == Ids{0, 1, 2, 4});

    // All: every tag. Its counts apply the selected tags: how many would remain with one more.
    q.tag_match = TagMatch::All;
    q.tags = {fatigue};
    res = RunQuery(atlas, q);
    CHECK(Sorted(res.studies) == Ids{0, 1, 4});
    CHECK(tag_counts(res) == Ids{3, 2, 0});
    q.tags = {fatigue, pain};
    res = RunQuery(atlas, q);
    CHECK(Sorted(res.studies) == Ids{0, 4});
    CHECK(tag_counts(res) == Ids{2, 2, 0});
    q.tags = {fatigue, small};
    CHECK(Run(atlas, q).empty());

    // With another filter: tag counts apply it, and its counts apply the tags.
    q.tags = {fatigue};
    q.evidence = 1 << (int)EvidenceLevel::E2;
    for (TagMatch match : {TagMatch::Any, TagMatch::All}) {
        q.tag_match = match;
        res = RunQuery(atlas, q);
        CHECK(Sorted(res.studies) == Ids{0, 1});
        CHECK(std::vector<uint32_t>(res.counts.evidence, res.counts.evidence + 4) == Ids{1, 0, 2, 0});
        CHECK(tag_counts(res) == (match == TagMatch::Any ? Ids{2, 2, 1} : Ids{2, 1, 0}));
    }
}

TEST_CASE("query: sort orders are deterministic, ties by newer year then atlas order") {
    std::vector<Rec> r = Recs(6);
    r[0].year = 2015, r[0].evidence = "E2";
    r[1].year = 2020, r[1].evidence = "E1";
    r[2].year = 2015, r[2].evidence = "E0";
    r[3].year = 2010, r[3].evidence = "E0";
    r[4].year = 2020, r[4].evidence = "E3";
    r[5].year = 2015, r[5].evidence = "E1";
    Atlas atlas = Load(r);
    CHECK(RunText(atlas, "", SortOrder::Newest) == Ids{1, 4, 0, 2, 5, 3});
    CHECK(RunText(atlas, "", SortOrder::Oldest) == Ids{3, 0, 2, 5, 1, 4});
    CHECK(RunText(atlas, "", SortOrder::EvidenceLevel) == Ids{2, 3, 1, 5, 0, 4});
    CHECK(RunText(atlas, "", SortOrder::Relevance) == Ids{1, 4, 0, 2, 5, 3});  // no text: newest
    CHECK(RunText(atlas, "summary", SortOrder::Relevance) == Ids{1, 4, 0, 2, 5, 3});  // equal scores
    Query q;
    q.sort = SortOrder::EvidenceLevel;
    q.evidence = 0b0011;
    CHECK(Run(atlas, q) == Ids{2, 3, 1, 5});
    for (int i = 0; i < 3; ++i) CHECK(RunText(atlas, "study", SortOrder::Oldest) == Ids{3, 0, 2, 5, 1, 4});
}

TEST_CASE("query: relevance ranks title over findings over summary over authors, exact identifiers first") {
    std::vector<Rec> r = Recs(8);
    // BM25 with field weights: title 8, findings and conclusions 4, summary and why-it-matters 3,
    // authors 2, journal 1 per occurrence; shorter records win ties (length normalisation); a word
    // that only begins another (Rituximabsen) counts less than the word itself.
    r[0].findings = R"("Rituximab did not help")", r[0].year = 2024;
    r[1].summary = "A rituximab trial.", r[1].year = 2010;
    r[2].title = "Rituximab in ME/CFS", r[2].year = 2005;
    r[3].authors = R"("Rituximabsen, Kari")", r[3].year = 2012;
    r[4].title = "Rituximab again", r[4].summary = "Rituximab.", r[4].year = 2001;
    r[5].journal = "Rituximab Letters", r[5].year = 2023;
    r[6].why = "Rituximab matters.", r[6].year = 2011;
    r[7].conclusions = R"("Rituximab is safe")", r[7].year = 2024;
    Atlas atlas = Load(r);
    CHECK(RunText(atlas, "rituximab", SortOrder::Relevance) == Ids{4, 2, 7, 0, 6, 1, 3, 5});
    CHECK(RunText(atlas, "rituximab", SortOrder::Newest) == Ids{0, 7, 5, 3, 6, 1, 2, 4});

    // Scores add up over the words; an exact PMID or DOI outranks everything.
    std::vector<Rec> ids = Recs(4);
    ids[0].title = "Trial 31415926 in the title", ids[0].year = 2024;
    ids[1].pmid = "31415926", ids[1].year = 2001;
    ids[2].pmid = "314159265", ids[2].year = 2020;  // a longer number: only partly
    ids[3].doi = "10.1000/abc", ids[3].title = "Trial", ids[3].year = 2000;
    Atlas a2 = Load(ids);
    CHECK(RunText(a2, "31415926", SortOrder::Relevance) == Ids{1, 0, 2});
    CHECK(RunText(a2, "10.1000/ABC", SortOrder::Relevance) == Ids{3});
    CHECK(RunText(a2, "trial", SortOrder::Relevance) == Ids{3, 0});  // "Trial" alone is the shorter title
}

TEST_CASE("query: FindMatches gives non-overlapping byte spans in the original text") {
    const std::string text = "Øystein Fluge and Jörg Aßmus: post-exertional  malaise (PEM)";
    CHECK(Highlighted(text, "oystein") == Strings{"Øystein"});
    CHECK(FindMatches(text, "oystein")[0].offset == 0);
    CHECK(FindMatches(text, "oystein")[0].length == 8);  // Ø is two bytes
    CHECK(Highlighted(text, "JORG") == Strings{"Jörg"});
    CHECK(FindMatches(text, "jorg")[0].offset == text.find("Jörg"));
    CHECK(Highlighted(text, "assmus") == Strings{"Aßmus"});
    CHECK(Highlighted(text, "as") == Strings{"Aß"});    // part of a character: the whole character
    CHECK(Highlighted(text, "ss").empty());             // words match from their start
    CHECK(Highlighted(text, "asmus") == Strings{"Aßmus"});  // one typo from "assmus"
    CHECK(Highlighted(text, "fluge oystein") == (Strings{"Øystein", "Fluge"}));  // in text order
    CHECK(Highlighted(text, "flu fluge uge") == Strings{"Fluge"});             // overlaps merge
    CHECK(Highlighted(text, "e") == Strings{"e"});      // the typed beginning of "exertional"
    CHECK(Highlighted(text, "mal") == Strings{"mal"});
    CHECK(Highlighted(text, "\"exertional malaise\"") == Strings{"exertional  malaise"});
    CHECK(Highlighted(text, "\"exertional mal") == Strings{"exertional  mal"});
    CHECK(Highlighted(text, "(pem)") == Strings{"PEM"});  // words, not punctuation
    CHECK(Highlighted(text, "post-exertional") == Strings{"post-exertional"});  // joined words: one span
    CHECK(Highlighted(text, "post- exertional") == (Strings{"post", "exertional"}));
    CHECK(Highlighted(text, "absent").empty());
    CHECK(Highlighted(text, "").empty());
    CHECK(Highlighted(text, "  ").empty());
    CHECK(Highlighted("", "a").empty());

    // Decomposed text: the combining mark goes with its letter.
    const std::string decomposed = "Jo\u0308rg Jo\u0308";
    CHECK(Highlighted(decomposed, "jo") == (Strings{"Jo\u0308", "Jo\u0308"}));
    CHECK(Highlighted(decomposed, "jorg") == Strings{"Jo\u0308rg"});
    // Three- and four-byte characters pass through untouched and keep offsets right.
    const std::string wide = "日本 ME/CFS 😀 Ærø";
    CHECK(Highlighted(wide, "cfs") == Strings{"CFS"});
    CHECK(FindMatches(wide, "cfs")[0].offset == wide.find("CFS"));
    CHECK(Highlighted(wide, "aero") == Strings{"Ærø"});
    CHECK(Highlighted(wide, "本") == Strings{"本"});
}

TEST_CASE("query: RunQuery and FindMatches agree on what matches") {
    // RunQuery folds text on the fly and scans eight bytes at a time; FindMatches folds into a
    // buffer. Titles long and short, with the match at every position, must agree.
    const Strings titles = {
        "Øystein", "xØystein", "Fluge Øystein and the long title of a study", "Aßmus", "AßMUS and more words here",
        "Jo\u0308rg", "ÆRØ", "aero", "end with malaise", "malaise at the start of a long title",
        "post-exertional\\tmalaise", "Πρωτεΐνη ΜΕ", "ﬁrst", "日本語のタイトル ME", "Crohn\u2019s", "e\u0301te\u0301",
        "abcdefghabcdefghabcdefghX", "abcdefghabcdefghabcdefgXh",
    };
    const Strings queries = {"oystein", "øy", "assmus", "smus", "jorg", "aero", "ærø", "malaise", "\"post-exertional malaise\"",
                             "με", "first", "me", "crohn's", "ete", "ghx", "gxh", "fghabcdefgh", "h", "x"};
    std::vector<Rec> r = Recs((int)titles.size());
    for (size_t i = 0; i < titles.size(); ++i) {
        r[i].title = titles[i];
        r[i].authors = R"("Q, Q")", r[i].journal = "Q", r[i].summary = "Q";
        r[i].id = "t" + std::to_string(i);
        r[i].pmid = std::to_string(100 + i);
    }
    Atlas atlas = Load(r);
    for (const std::string& query : queries) {
        Ids expected;
        for (uint32_t i = 0; i < atlas.studies.size(); ++i)
            if (!FindMatches(atlas.Text(atlas.studies[i].title), query).empty()) expected.push_back(i);
        INFO(query);
        CHECK(Sorted(RunText(atlas, query)) == expected);
    }
    CHECK(RunText(atlas, "\"post-exertional malaise\"") == Ids{10});
    CHECK(RunText(atlas, "abcdefghabcdefghabcdefghx") == Ids{16});
}

TEST_CASE("query: the evidence map counts the results per year, level and PEM, with every filter applied") {
    std::vector<Rec> r = Recs(5);
    r[0].year = 2001, r[0].evidence = "E0", r[0].pem = "required";
    r[1].year = 2001, r[1].evidence = "E2", r[1].pem = "not_required";
    r[2].year = 2003, r[2].evidence = "E2", r[2].pem = "required";
    r[3].year = 2003, r[3].evidence = "E3", r[3].pem = "unclear", r[3].title = "Cortisol";
    r[4].year = 2002, r[4].evidence = "E1", r[4].pem = "required";
    Atlas atlas = Load(r);
    Query q;
    FacetCounts c = RunQuery(atlas, q).counts;
    REQUIRE(c.first_year == 2001);
    CHECK(c.years_by_level == (std::vector<uint32_t>{1, 0, 1, 0, /*2002*/ 0, 1, 0, 0, /*2003*/ 0, 0, 1, 1}));
    CHECK(c.years_pem_required == (std::vector<uint32_t>{1, 1, 1}));
    q.evidence = 0b0100;  // E2 only: the map shows the results, not the facet's other choices
    c = RunQuery(atlas, q).counts;
    CHECK(c.years_by_level == (std::vector<uint32_t>{0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0}));
    CHECK(c.years_pem_required == (std::vector<uint32_t>{0, 0, 1}));
    q.evidence = 0;
    q.text = "cortisol";
    c = RunQuery(atlas, q).counts;
    CHECK(c.years_by_level == (std::vector<uint32_t>{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
    CHECK(c.years_pem_required == (std::vector<uint32_t>{0, 0, 0}));
}
