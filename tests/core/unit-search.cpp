// unit-search.cpp — the search index (atlas/search_index.h) and the word rules queries use through
// it: light stemming, prefixes as you type, typo tolerance, adjacency of joined and quoted words,
// scripts without spaces, exact lookup by PMID, DOI and author, BM25 ordering, and highlighting
// that follows the same rules.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "atlas/load.h"
#include "atlas/query.h"
#include "atlas/search_index.h"
#include "fixtures.h"

using namespace atlas;

namespace {

using Ids = std::vector<uint32_t>;
using Strings = std::vector<std::string>;

void Replace(std::string& s, const std::string& from, const std::string& to) {
    size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
}

// One fixture study per title; optional summaries and author lists (JSON items) by position.
Atlas LoadTitles(const Strings& titles, const Strings& summaries = {}, const Strings& authors = {}) {
    std::string studies;
    for (size_t i = 0; i < titles.size(); ++i) {
        std::string study = fixtures::Study("s" + std::to_string(i));
        Replace(study, R"("title":"A study")", R"("title":")" + titles[i] + "\"");
        if (i < summaries.size()) Replace(study, R"("quick_summary":"Summary.")", R"("quick_summary":")" + summaries[i] + "\"");
        if (i < authors.size()) Replace(study, R"("authors":["Doe, Jane"])", R"("authors":[)" + authors[i] + "]");
        studies += (studies.empty() ? "" : ",") + study;
    }
    Atlas atlas;
    LoadReport report = LoadAtlas(fixtures::Atlas(studies), atlas);
    REQUIRE(report.usable);
    REQUIRE(report.loaded == titles.size());
    return atlas;
}

Ids Find(const Atlas& atlas, const std::string& text, SortOrder sort = SortOrder::Oldest) {
    Query q;
    q.text = text;
    q.sort = sort;
    Ids ids = RunQuery(atlas, q).studies;
    if (sort == SortOrder::Oldest) std::sort(ids.begin(), ids.end());  // every fixture year is the same
    return ids;
}

Strings Highlighted(const std::string& text, const std::string& query, const Atlas* atlas = nullptr) {
    Strings parts;
    for (TextSpan span : FindMatches(text, query, atlas)) parts.push_back(text.substr(span.offset, span.length));
    return parts;
}

}  // namespace

TEST_CASE("search: light stemming joins plurals and -ed/-ing forms, and leaves short and other words alone") {
    CHECK(LightStem("studies") == "study");
    CHECK(LightStem("studied") == "study");
    CHECK(LightStem("studying") == "study");
    CHECK(LightStem("study") == "study");
    CHECK(LightStem("fatigue") == "fatigu");
    CHECK(LightStem("fatigued") == "fatigu");
    CHECK(LightStem("fatigues") == "fatigu");
    CHECK(LightStem("patients") == "patient");
    CHECK(LightStem("exercise") == LightStem("exercising"));
    CHECK(LightStem("stopped") == LightStem("stop"));
    CHECK(LightStem("processes") == "process");
    CHECK(LightStem("virus") == "virus");
    CHECK(LightStem("analysis") == "analysis");
    CHECK(LightStem("cells") == LightStem("cell"));
    CHECK(LightStem("pem") == "pem");          // short: as it is
    CHECK(LightStem("1990s") == "1990s");      // not only letters: as it is
    CHECK(LightStem("ωμέγα") == "ωμέγα");
}

TEST_CASE("search: the index holds each folded word once, sorted, with the studies that contain it") {
    Atlas atlas = LoadTitles({"Fatigue and fatigue", "Øystein fatigue", "Cortisol"});
    const SearchIndex& index = atlas.search;
    REQUIRE(index.built);
    CHECK(index.study_count == 3);
    Strings terms;
    for (uint32_t t = 0; t < index.TermCount(); ++t) terms.emplace_back(index.Term(t));
    CHECK(std::is_sorted(terms.begin(), terms.end()));
    CHECK(std::adjacent_find(terms.begin(), terms.end()) == terms.end());
    auto term = [&](const std::string& word) {
        auto at = std::find(terms.begin(), terms.end(), word);
        REQUIRE(at != terms.end());
        return (uint32_t)(at - terms.begin());
    };
    CHECK(index.document_frequency[term("fatigue")] == 2);
    CHECK(index.document_frequency[term("oystein")] == 1);  // folded
    CHECK(index.document_frequency[term("cortisol")] == 1);
    CHECK(index.document_frequency[term("doe")] == 3);      // every fixture's author
    CHECK(std::find(terms.begin(), terms.end(), "Øystein") == terms.end());
    CHECK(index.length_norm.size() == 3);
    CHECK(index.MemoryBytes() > 0);

    // Changed by hand after loading: queries index the studies as they are now.
    atlas.studies.pop_back();
    CHECK(Find(atlas, "cortisol").empty());
    CHECK(Find(atlas, "fatigue") == (Ids{0, 1}));
    BuildSearchIndex(atlas);
    CHECK(atlas.search.study_count == 2);
}

TEST_CASE("search: a word finds its plural, past and progressive forms, both ways") {
    Atlas atlas = LoadTitles({"A study of sleep", "Two studies of sleep", "They studied sleep", "Studying sleep",
                              "Fatigued patients", "Chronic fatigue"});
    CHECK(Find(atlas, "study") == (Ids{0, 1, 2, 3}));
    CHECK(Find(atlas, "studies") == (Ids{0, 1, 2, 3}));
    CHECK(Find(atlas, "fatigue") == (Ids{4, 5}));
    CHECK(Find(atlas, "fatigued") == (Ids{4, 5}));
    CHECK(Find(atlas, "patient") == Ids{4});
    // The word itself ranks above its other forms.
    CHECK(Find(atlas, "studied", SortOrder::Relevance)[0] == 2);
    // A quoted word is exact.
    CHECK(Find(atlas, "\"studies\"") == Ids{1});
}

TEST_CASE("search: every word matches from its beginning as it is typed, highlighting what was typed") {
    Atlas atlas = LoadTitles({"Orthostatic intolerance", "Orthopaedic surgery", "Metabolomics", "Metabolic trap"});
    CHECK(Find(atlas, "o") == (Ids{0, 1}));
    CHECK(Find(atlas, "orth") == (Ids{0, 1}));
    CHECK(Find(atlas, "ortho") == (Ids{0, 1}));
    CHECK(Find(atlas, "orthos") == Ids{0});
    CHECK(Find(atlas, "metabol") == (Ids{2, 3}));
    CHECK(Find(atlas, "metabol tr") == Ids{3});
    CHECK(Find(atlas, "rtho").empty());  // not inside words
    CHECK(Highlighted("Orthostatic intolerance", "orthos int") == (Strings{"Orthos", "int"}));
    // The whole word is highlighted when the typed word is one of its forms.
    CHECK(Highlighted("Studies of sleep", "study") == Strings{"Studies"});
}

TEST_CASE("search: a word with a typo finds the word when the atlas has no word spelled that way") {
    Atlas atlas = LoadTitles({"Rituximab in ME/CFS", "Cortisol levels", "Mitochondrial function", "Ritual healing"});
    CHECK(Find(atlas, "rituximb") == Ids{0});     // a letter dropped
    CHECK(Find(atlas, "rituxiamb") == Ids{0});    // two letters swapped
    CHECK(Find(atlas, "cortisal") == Ids{1});     // a letter changed
    CHECK(Find(atlas, "mitochondiral") == Ids{2});
    CHECK(Find(atlas, "mitocondrail") == Ids{2}); // two typos in a long word
    CHECK(Find(atlas, "cortsal").empty());        // two typos in a shorter word: too far
    CHECK(Find(atlas, "ritul") == Ids{3});        // five letters: one typo allowed
    CHECK(Find(atlas, "ritua") == Ids{3});        // a beginning: no typo rule needed
    CHECK(Find(atlas, "cort") == Ids{1});
    CHECK(Find(atlas, "cirt").empty());           // short words: no typos
    CHECK(Find(atlas, "xortisol").empty());       // the first letter must agree
    CHECK(Find(atlas, "ocrtisol") == Ids{1});     // ... or the first two be swapped
    // The typo rule is not used when the word exists as typed.
    Atlas both = LoadTitles({"Cortisol levels", "Cortisal is a typo in a title"});
    CHECK(Find(both, "cortisal") == Ids{1});
    // Highlighting follows: with the atlas, typos are marked exactly when the query used them.
    CHECK(Highlighted("Cortisol and cortisal", "cortisal", &both) == Strings{"cortisal"});
    CHECK(Highlighted("Cortisol levels", "cortisal", &atlas) == Strings{"Cortisol"});
}

TEST_CASE("search: joined and quoted words must be adjacent and in order") {
    Atlas atlas = LoadTitles({"Post-exertional malaise", "Malaise post exertional", "Exertional and post malaise",
                              "IL-6 and IL-8", "Crohn's disease", "10.1000/xyz"});
    // Words joined by punctuation are also indexed run together, and found that way.
    CHECK(Find(atlas, "post-exertional") == Ids{0});
    CHECK(Find(atlas, "postexertional") == Ids{0});
    CHECK(Find(atlas, "post-exert") == Ids{0});          // as typed
    CHECK(Find(atlas, "post exertional") == (Ids{0, 1, 2}));  // two words, anywhere
    CHECK(Find(atlas, "\"post exertional malaise\"") == Ids{0});
    CHECK(Find(atlas, "\"malaise post\"") == Ids{1});
    CHECK(Find(atlas, "il-6") == Ids{3});
    CHECK(Find(atlas, "il-8") == Ids{3});
    CHECK(Find(atlas, "il-7").empty());
    CHECK(Find(atlas, "crohn's") == Ids{4});
    CHECK(Find(atlas, "crohn\u2019s") == Ids{4});
    CHECK(Highlighted("Post-exertional malaise", "\"post exertional mal") == Strings{"Post-exertional mal"});
    CHECK(Highlighted("Post-exertional malaise", "post-exer") == Strings{"Post-exer"});
    CHECK(Highlighted("Doses of 2.5 and 25 mg", "25") == Strings{"25"});  // numbers alone do not run together
    CHECK(Highlighted("Doses of 2.5 and 25 mg", "2.5") == Strings{"2.5"});
}

TEST_CASE("search: Chinese and Japanese characters are words of their own") {
    Atlas atlas = LoadTitles({"日本の研究", "中国的研究", "English"});
    CHECK(Find(atlas, "研究") == (Ids{0, 1}));
    CHECK(Find(atlas, "本") == Ids{0});
    CHECK(Find(atlas, "日本") == Ids{0});
    CHECK(Find(atlas, "本日").empty());  // in order
    CHECK(Highlighted("日本の研究", "研究") == Strings{"研究"});
}

TEST_CASE("search: exact lookup by PMID, DOI and author") {
    std::string studies;
    studies += fixtures::Study("a", R"(,"doi":"10.3389/fimmu.2021.123456")");
    std::string b = fixtures::Study("b");
    Replace(b, R"("authors":["Doe, Jane"])", R"("authors":["Fluge, Øystein","Mella, Olav"])");
    studies += "," + b;
    Atlas atlas;
    REQUIRE(LoadAtlas(fixtures::Atlas(studies), atlas).loaded == 2);
    const std::string pmid_b = fixtures::PmidFor("b");
    CHECK(Find(atlas, pmid_b) == Ids{1});
    CHECK(Find(atlas, "pmid:" + pmid_b) == Ids{1});
    CHECK(Find(atlas, pmid_b.substr(0, 4)).size() >= 1);
    CHECK(Find(atlas, "10.3389/fimmu.2021.123456") == Ids{0});
    CHECK(Find(atlas, "https://doi.org/10.3389/FIMMU.2021.123456") == Ids{0});
    CHECK(Find(atlas, "10.3389/fimmu.2021.12") == Ids{0});  // a DOI being typed
    CHECK(Find(atlas, "10.3389/fimmu.2022").empty());
    CHECK(Find(atlas, "fluge") == Ids{1});
    CHECK(Find(atlas, "oystein fluge") == Ids{1});
    CHECK(Find(atlas, "Fluge, Øystein") == Ids{1});
    CHECK(Find(atlas, "mella olav") == Ids{1});
}

TEST_CASE("search: relevance is BM25, so a rare word counts more than a common one") {
    // "cortisol" is in one title, "fatigue" in all four: the study with both comes first, then
    // the others by the field the common word is in.
    Atlas atlas = LoadTitles({"Fatigue", "Fatigue and cortisol", "Fatigue in adults", "Fatigue again"},
                             {"Fatigue.", "Summary.", "Summary.", "Fatigue and fatigue."});
    CHECK(Find(atlas, "fatigue cortisol", SortOrder::Relevance) == Ids{1});
    Ids ranked = Find(atlas, "fatigue", SortOrder::Relevance);
    CHECK(ranked.size() == 4);
    // More occurrences, and in the shorter record, rank higher.
    CHECK(ranked.front() == 0);
    CHECK(ranked.back() == 2);
}
