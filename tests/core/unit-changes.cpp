// unit-changes.cpp — what changed between two atlas versions (atlas diff), the Atom feed, the text
// version's changes page, and the marks "new / changed since your last visit" with their filter.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "atlas/changes.h"
#include "atlas/feed.h"
#include "atlas/facets.h"
#include "atlas/load.h"
#include "atlas/query.h"
#include "atlas/static_site.h"
#include "atlas/synth.h"
#include "fixtures.h"

using namespace atlas;
namespace fs = std::filesystem;

namespace {

Atlas Load(const std::string& document) {
    Atlas atlas;
    LoadReport report = LoadAtlas(document, atlas);
    REQUIRE(report.usable);
    REQUIRE(report.rejected == 0);
    return atlas;
}

std::string With(std::string study, const std::string& from, const std::string& to) {
    size_t at = study.find(from);
    return at == std::string::npos ? "(not found: " + from + ")" : study.replace(at, from.size(), to);
}

// Version 1: a, b, c. Version 2: a unchanged, b with a new summary and evidence level, c removed, d added.
const std::string kOld = fixtures::Atlas(fixtures::Study("a") + "," + fixtures::Study("b") + "," +
                                         With(fixtures::Study("c"), "\"A study\"", "\"The removed study\""));
const std::string kNew = fixtures::Atlas(
    fixtures::Study("a") + "," +
    With(With(With(fixtures::Study("b"), "\"Summary.\"", "\"A clearer summary.\""), "\"E2\"", "\"E1\""), "2026-01-02", "2026-03-05") +
    "," + With(With(fixtures::Study("d"), "\"A study\"", "\"The added study\""), "2026-01-02", "2026-02-01"));

}  // namespace

TEST_CASE("changes: a diff names the studies added, removed and changed, and the fields that changed") {
    Atlas old_atlas = Load(kOld), new_atlas = Load(kNew);
    AtlasDiff diff = DiffAtlases(old_atlas, new_atlas);
    REQUIRE(diff.added.size() == 1);
    REQUIRE(diff.removed.size() == 1);
    REQUIRE(diff.changed.size() == 1);
    CHECK(diff.unchanged == 1);
    CHECK(FormatDiff(old_atlas, new_atlas, diff) ==
          "added    d  The added study\n"
          "removed  c  The removed study\n"
          "changed  b  evidence_level, sections.quick_summary, last_updated\n"
          "1 added, 1 removed, 1 changed, 1 unchanged\n");
    AtlasDiff same = DiffAtlases(old_atlas, old_atlas);
    CHECK(same.Empty());
    CHECK(FormatDiff(old_atlas, old_atlas, same) == "0 added, 0 removed, 0 changed, 3 unchanged\n");
}

TEST_CASE("changes: every field of the record takes part in the diff and the content hash") {
    const std::string base = fixtures::Study("x", R"(,"doi":"10.1000/x")");
    Atlas a = Load(fixtures::Atlas(base));
    for (const auto& [from, to, field] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"\"Doe, Jane\"", "\"Doe, Jane\",\"Roe, R\"", "authors"},
             {"\"CCC\"", "\"CCC\",\"ICC\"", "case_definitions"},
             {"\"Trial-RCT\"", "\"Trial-Controlled\"", "publication_type"},
             {"\"machine_draft\"", "\"editor_reviewed\"", "review_status"},
             {"\"10.1000/x\"", "\"10.1000/y\"", "doi"},
             {"\"Fatigue\"]", "\"Fatigue\",\"Pain\"]", "tags"},
             {"\"Summary.\"", "\"Summary.\",\"does_not_prove\":\"Causes.\"", "sections.does_not_prove"}}) {
        INFO(field);
        Atlas b = Load(fixtures::Atlas(With(base, from, to)));
        AtlasDiff diff = DiffAtlases(a, b);
        REQUIRE(diff.changed.size() == 1);
        REQUIRE(diff.changed[0].fields.size() == 1);
        CHECK(StudyFields()[diff.changed[0].fields[0]].key == field);
        CHECK(StudyContentHash(a, a.studies[0]) != StudyContentHash(b, b.studies[0]));
    }
}

TEST_CASE("changes: the Atom feed lists the diff from the previous version, newest first, with both links") {
    Atlas old_atlas = Load(kOld), new_atlas = Load(kNew);
    FeedOptions options{"https://atlas.example.org/", &old_atlas, 50};
    CHECK(AtomFeed(new_atlas, options) ==
          "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
          "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n"
          "<title>Test atlas: new and changed studies</title>\n"
          "<subtitle>Studies added to the atlas or changed in it, newest first.</subtitle>\n"
          "<id>https://atlas.example.org/</id>\n"
          "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://atlas.example.org/feed.xml\"/>\n"
          "<link rel=\"alternate\" type=\"text/html\" href=\"https://atlas.example.org/\"/>\n"
          "<updated>2026-03-05T00:00:00Z</updated>\n"
          "<author><name>Test atlas</name></author>\n"
          "<entry>\n"
          "<title>A study</title>\n"
          "<id>https://atlas.example.org/?study=b-slug</id>\n"
          "<updated>2026-03-05T00:00:00Z</updated>\n"
          "<link rel=\"alternate\" type=\"text/html\" href=\"https://atlas.example.org/?study=b-slug\"/>\n"
          "<link rel=\"related\" type=\"text/html\" title=\"Text version\" href=\"https://atlas.example.org/text/b-slug.html\"/>\n"
          "<category term=\"E1\"/>\n"
          "<summary type=\"text\">Changed in this version: Evidence level, Quick summary.\n"
          "Doe, Jane · A Journal · 2020\n"
          "E1 Replicated · PEM required · Trial-RCT · Machine draft\n\n"
          "A clearer summary.\n\n"
          "Machine-drafted summary from the paper's abstract: not yet reviewed by a person.</summary>\n"
          "</entry>\n"
          "<entry>\n"
          "<title>The added study</title>\n"
          "<id>https://atlas.example.org/?study=d-slug</id>\n"
          "<updated>2026-02-01T00:00:00Z</updated>\n"
          "<link rel=\"alternate\" type=\"text/html\" href=\"https://atlas.example.org/?study=d-slug\"/>\n"
          "<link rel=\"related\" type=\"text/html\" title=\"Text version\" href=\"https://atlas.example.org/text/d-slug.html\"/>\n"
          "<category term=\"E2\"/>\n"
          "<summary type=\"text\">New in this version.\n"
          "Doe, Jane · A Journal · 2020\n"
          "E2 Controlled · PEM required · Trial-RCT · Machine draft\n\n"
          "Summary.\n\n"
          "Machine-drafted summary from the paper's abstract: not yet reviewed by a person.</summary>\n"
          "</entry>\n"
          "</feed>\n");
}

TEST_CASE("changes: without a previous version the feed holds the studies updated most recently, escaped") {
    std::string risky = With(fixtures::Study("r"), "\"A study\"", "\"<b>Bold</b> & \\\"quoted\\\" \\u0001\"");
    Atlas atlas = Load(fixtures::Atlas(fixtures::Study("a") + "," + With(risky, "2026-01-02", "2026-05-06")));
    std::string feed = AtomFeed(atlas, {"http://localhost:8080/", nullptr, 1});
    CHECK(feed.find("<title>&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot; </title>\n") != std::string::npos);
    CHECK(feed.find("<summary type=\"text\">Last updated 6 May 2026.\n") != std::string::npos);
    CHECK(feed.find("?study=a-slug") == std::string::npos);  // max_entries 1: the newer only
    CHECK(feed.find("<updated>2026-05-06T00:00:00Z</updated>\n<author>") != std::string::npos);
    CHECK(IsFeedBaseUrl("https://atlas.example.org/mecfs/"));
    CHECK_FALSE(IsFeedBaseUrl("https://atlas.example.org"));
    CHECK_FALSE(IsFeedBaseUrl("https://atlas.example.org/?x=1/"));
    CHECK_FALSE(IsFeedBaseUrl("javascript:alert(1)/"));
    CHECK_FALSE(IsFeedBaseUrl("https:///"));
}

TEST_CASE("changes: the text version's changes page lists added, changed and removed studies") {
    Atlas old_atlas = Load(kOld), new_atlas = Load(kNew);
    StaticSiteOptions options;
    options.previous = &old_atlas;
    std::string page = StaticChangesPage(new_atlas, options);
    CHECK(page.find("<h1>Changes in this version</h1>\n<p>Compared with the version it replaces: 1 study added, 1 study changed, "
                    "1 study removed.</p>\n") != std::string::npos);
    CHECK(page.find("<h2>Added</h2>\n<ul class=\"studies\">\n<li><p><a href=\"d-slug.html\">The added study</a></p>\n") !=
          std::string::npos);
    CHECK(page.find("<li><p><a href=\"b-slug.html\">A study</a></p>\n<p class=\"byline\">Doe, Jane · A Journal · 2020</p>\n"
                    "<p class=\"muted\">Changed: Evidence level, Quick summary.</p>\n</li>\n") != std::string::npos);
    CHECK(page.find("<h2>Removed</h2>\n<ul class=\"studies\">\n<li><p>The removed study</p>\n") != std::string::npos);
    CHECK(page.find("href=\"c-slug.html\"") == std::string::npos);  // a removed study has no page to link to
    std::string first = StaticChangesPage(new_atlas, {});
    CHECK(first.find("<p>This version was built without the version it replaces, so its changes cannot be listed. These are "
                     "the studies whose cards were updated most recently.</p>\n<ul class=\"studies\">\n<li><p><a "
                     "href=\"b-slug.html\">A study</a></p>\n") != std::string::npos);
    CHECK(StaticIndexPage(new_atlas).find("<a href=\"changes.html\">Changes in this version</a>") != std::string::npos);
    CHECK(StaticIndexPage(new_atlas).find("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Feed of new and changed "
                                          "studies\" href=\"../feed.xml\">") != std::string::npos);
}

TEST_CASE("changes: marks since the last visit come from a snapshot of ids and content hashes") {
    Atlas old_atlas = Load(kOld), new_atlas = Load(kNew);
    std::string snapshot = SeenSnapshot(old_atlas);
    CHECK(snapshot.size() == 32);  // 3 studies x 8 bytes, base64
    std::vector<SinceVisit> marks = MarksSinceVisit(new_atlas, snapshot);
    REQUIRE(marks.size() == 3);
    CHECK(marks[0] == SinceVisit::Same);     // a
    CHECK(marks[1] == SinceVisit::Changed);  // b
    CHECK(marks[2] == SinceVisit::New);      // d
    // A first visit (nothing stored) or a damaged value marks nothing.
    for (std::string_view bad : {"", "not base64!", "QUJD", "QUJDRA=="})
        CHECK(MarksSinceVisit(new_atlas, bad) == std::vector<SinceVisit>(3, SinceVisit::Same));
    CHECK(MarksSinceVisit(new_atlas, SeenSnapshot(new_atlas)) == std::vector<SinceVisit>(3, SinceVisit::Same));

    // The filter and its counts.
    Query query;
    QueryResult all = RunQuery(new_atlas, query, &marks);
    CHECK(all.counts.since[(int)SinceVisit::New] == 1);
    CHECK(all.counts.since[(int)SinceVisit::Changed] == 1);
    FacetId since;
    REQUIRE(FindFacet("since", since));
    ToggleFacet(query, since, 0);  // new
    QueryResult fresh = RunQuery(new_atlas, query, &marks);
    REQUIRE(fresh.studies.size() == 1);
    CHECK(new_atlas.Text(new_atlas.studies[fresh.studies[0]].id) == "d");
    CHECK(FacetCount(fresh.counts, since, 1) == 1);  // the other option still counts what it would give
    ToggleFacet(query, since, 1);  // and changed
    CHECK(RunQuery(new_atlas, query, &marks).studies.size() == 2);
    CHECK(RunQuery(new_atlas, query).studies.size() == 3);  // without marks the filter lets everything through
}

TEST_CASE("changes: atlas diff and atlas build --base-url from the command line") {
    fs::path dir = fs::temp_directory_path() / "atlas-changes-tests";
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(dir / name, std::ios::binary) << text;
        return (dir / name).string();
    };
    auto run = [](const std::string& args, int& code) {
        std::string out;
        FILE* pipe = popen((std::string(ATLAS_CLI) + " " + args + " 2>&1").c_str(), "r");
        REQUIRE(pipe);
        char buffer[4096];
        size_t n;
        while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
        int status = pclose(pipe);
        code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return out;
    };
    std::string old_file = write("old.json", kOld), new_file = write("new.json", kNew);
    int code = -1;
    std::string html = (dir / "changes.html").string();
    CHECK(run("diff " + old_file + " " + new_file + " --html " + html, code) ==
          "added    d  The added study\nremoved  c  The removed study\n"
          "changed  b  evidence_level, sections.quick_summary, last_updated\n1 added, 1 removed, 1 changed, 1 unchanged\n");
    CHECK(code == 1);
    CHECK(fs::exists(html));
    CHECK(run("diff " + old_file + " " + old_file, code) == "0 added, 0 removed, 0 changed, 3 unchanged\n");
    CHECK(code == 0);
    run("diff " + old_file, code);
    CHECK(code == 2);

    // build: the feed beside the bundle, only with a base URL that can be one.
    fs::create_directories(dir / "studies");
    std::ofstream(dir / "studies" / "a.json") << fixtures::Study("a");
    std::string header = write("header.json", "{" + fixtures::Header() + "}");
    std::string out = (dir / "site" / "atlas.json").string();
    fs::create_directories(dir / "site");
    std::string build = "build " + (dir / "studies").string() + " --header " + header + " -o " + out;
    CHECK(run(build + " --base-url https://example.org", code) ==
          "atlas build: --base-url must be an absolute http(s) URL ending in / (no ? or #): https://example.org\n");
    CHECK(code == 2);
    CHECK(run(build + " --previous " + old_file, code) == "atlas build: --previous is for the feed: give --base-url too\n");
    CHECK(code == 2);
    std::string said = run(build + " --base-url https://example.org/atlas/ --previous " + old_file, code);
    CHECK(code == 0);
    CHECK(said.find("atlas build: " + (dir / "site" / "feed.xml").string() + " (changes since " + old_file + ")\n") != std::string::npos);
    std::ifstream feed(dir / "site" / "feed.xml");
    std::string text((std::istreambuf_iterator<char>(feed)), {});
    CHECK(text.find("<id>https://example.org/atlas/</id>") != std::string::npos);
    CHECK(text.find("<entry>") == std::string::npos);  // a is the same as in the old atlas: nothing new
}

TEST_CASE("changes: content hashes do not change between versions of the app (readers' stored snapshots stay valid)") {
    // A reader's browser keeps SeenSnapshot from their last visit; if the hash of an unchanged study
    // changed with the code, every study would show as "changed". The figures were taken from the
    // first implementation (strings per field) and must hold for any later one.
    std::string document;
    SynthesizeAtlas({300, 7}, document);
    Atlas atlas = Load(document);
    size_t retracted = 0, with_relations = 0, with_population = 0;
    for (const Study& s : atlas.studies) {
        retracted += s.retracted;
        with_relations += s.relations.count > 0;
        with_population += atlas.PopulationOf(s) != nullptr;
    }
    CHECK(retracted > 0);         // every kind of field takes part
    CHECK(with_relations > 0);
    CHECK(with_population > 0);
    std::string snapshot = SeenSnapshot(atlas);
    uint64_t h = 14695981039346656037ull;
    for (unsigned char c : snapshot) { h ^= c; h *= 1099511628211ull; }
    CHECK(snapshot.size() == 3200);
    CHECK(snapshot.substr(0, 24) == "s9LQA8/5kudRff79jWSlJ757");
    CHECK(h == 0xf0e0f293cef537a8ull);
}
