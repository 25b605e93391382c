// unit-url-state.cpp — deep links: the view survives a round trip through the URL; odd links
// are skipped quietly and named.
#include <catch2/catch.hpp>

#include "atlas/command.h"
#include "atlas/facets.h"
#include "atlas/load.h"
#include "atlas/url_state.h"
#include "fixtures.h"

using namespace atlas;

namespace {
Atlas TwoStudies() {
    Atlas atlas;
    REQUIRE(LoadAtlas(fixtures::Atlas(fixtures::Study("a") + "," + fixtures::Study("b")), atlas).loaded == 2);
    return atlas;
}
}  // namespace

TEST_CASE("url-state: a full view round-trips through its canonical query string") {
    Atlas atlas = TwoStudies();
    Query q;
    q.text = "Øystein & rituximab";
    for (const char* c : {"toggle evidence E0", "toggle evidence E2", "toggle pem required", "toggle type Trial-RCT",
                          "toggle retracted no", "years 2015 2020", "tag 0", "tagmatch all", "sort newest"})
        REQUIRE(ApplyQueryCommand(atlas, q, *ParseCommand(atlas, c)));
    std::string url = FormatUrlView(atlas, q, "b-slug", true, ReadingDepth::Quick);
    CHECK(url == "q=%C3%98ystein%20%26%20rituximab&evidence=E0,E2&pem=required&type=Trial-RCT&retracted=no&years=2015-2020"
                 "&tag=symptom:Fatigue&tagmatch=all&sort=newest&depth=quick&study=b-slug");
    UrlView view = ParseUrlView(atlas, "?" + url);
    CHECK(view.ignored.empty());
    CHECK(view.query.text == q.text);
    CHECK(view.query.evidence == q.evidence);
    CHECK(view.query.pem == q.pem);
    CHECK(view.query.publication_types == q.publication_types);
    CHECK(view.query.retracted == RetractionFilter::Hide);
    CHECK(view.query.year_min == 2015);
    CHECK(view.query.year_max == 2020);
    CHECK(view.query.tags == q.tags);
    CHECK(view.query.tag_match == TagMatch::All);
    CHECK(view.query.sort == SortOrder::Newest);
    CHECK(view.study_slug == "b-slug");
    CHECK(view.has_depth);
    CHECK(view.depth == ReadingDepth::Quick);
    CHECK(FormatUrlView(atlas, view.query, view.study_slug, true, view.depth) == url);
}

TEST_CASE("url-state: the PEM switch, the evidence gap map and a topic page live in the link") {
    Atlas atlas;
    std::string doc = fixtures::Atlas(fixtures::Study("a", R"(,"population":{"n_patients":12})"));
    doc.replace(doc.find(R"("tag_categories":[)"), 18, R"("tag_categories":[{"id":"topic","name":"Topic"},)");
    doc.replace(doc.find(R"("tags":{)"), 8, R"("tags":{"topic":["Long COVID & ME"],)");
    REQUIRE(LoadAtlas(doc, atlas).loaded == 1);
    Query q;
    q.pem_only = true;
    for (const char* c : {"toggle size under20", "toggle severity very_severe", "toggle age adults"})
        REQUIRE(ApplyQueryCommand(atlas, q, *ParseCommand(atlas, c)));
    UrlScreen grid;
    grid.grid = true;
    grid.grid_axis = GridAxis::Type;
    std::string url = FormatUrlView(atlas, q, "", false, ReadingDepth::Standard, grid);
    CHECK(url == "pemonly=1&size=under20&severity=very_severe&age=adults&grid=type");
    UrlView view = ParseUrlView(atlas, url);
    CHECK(view.ignored.empty());
    CHECK(view.query.pem_only);
    CHECK(view.query.sample_sizes == 1);
    CHECK(view.query.severities == 8);
    CHECK(view.query.age_groups == 1);
    CHECK(view.screen.grid);
    CHECK(view.screen.grid_axis == GridAxis::Type);
    UrlScreen topic;
    for (uint32_t t = 0; t < atlas.tags.size(); ++t)
        if (atlas.tags[t].label == "Long COVID & ME") topic.topic = (int)t;
    REQUIRE(topic.topic >= 0);
    url = FormatUrlView(atlas, Query{}, "", false, ReadingDepth::Standard, topic);
    CHECK(url == "topic=Long%20COVID%20%26%20ME");
    view = ParseUrlView(atlas, url);
    CHECK(view.screen.topic == topic.topic);
    CHECK_FALSE(view.screen.grid);
    view = ParseUrlView(atlas, "pemonly=yes&grid=levels&topic=Fatigue&topic=Nope");
    CHECK(view.ignored == std::vector<std::string>{"pemonly=yes", "grid=levels", "topic=Fatigue", "topic=Nope"});
}

TEST_CASE("url-state: the default view is an empty query string") {
    Atlas atlas = TwoStudies();
    CHECK(FormatUrlView(atlas, Query{}, "", false, ReadingDepth::Standard).empty());
}

TEST_CASE("url-state: unknown or malformed parameters are skipped and named, never fatal") {
    Atlas atlas = TwoStudies();
    UrlView view = ParseUrlView(atlas, "q=cbt&colour=blue&evidence=E0,E9&years=1800-2020&study=nope&sort=up&depth=deep"
                                       "&tag=symptom:Nope&tagmatch=some&atlas=other.json&embed=1&%zz=1&=x&&pem");
    CHECK(view.query.text == "cbt");
    CHECK(view.query.evidence == 1);  // E0 kept, E9 skipped
    CHECK(view.study_slug.empty());
    CHECK(view.ignored == std::vector<std::string>{"colour=blue", "evidence=E0,E9", "years=1800-2020", "study=nope",
                                                   "sort=up", "depth=deep", "tag=symptom:Nope", "tagmatch=some", "%zz=1",
                                                   "=x", "pem="});
}

TEST_CASE("url-state: percent-encoding round trips any text and malformed escapes stay text") {
    std::string text = "a b&c=d?e/f%g+h Øß \"<>#";
    CHECK(PercentDecode(PercentEncode(text)) == text);
    CHECK(PercentDecode("100%") == "100%");
    CHECK(PercentDecode("%4") == "%4");
    CHECK(PercentDecode("a+b%20c") == "a b c");
}

TEST_CASE("url-state: a huge query string is refused whole") {
    Atlas atlas = TwoStudies();
    UrlView view = ParseUrlView(atlas, "q=" + std::string(9000, 'x'));
    CHECK(view.query.text.empty());
    CHECK(view.ignored == std::vector<std::string>{"(query string longer than 8192 bytes)"});
}
