// unit-static-site.cpp — the text version of the atlas: the seed card as a page, hostile text kept
// inert (HTML and JSON-LD), the index, links, and the `atlas html` verb.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "atlas/card.h"
#include "atlas/cite.h"
#include "atlas/load.h"
#include "atlas/static_site.h"
#include "fixtures.h"

using namespace atlas;
namespace fs = std::filesystem;

namespace {

Atlas SeedAtlas() {
    std::string doc = fixtures::SeedAtlasDocument();
    Atlas atlas;
    LoadReport r = LoadAtlas(doc, atlas);
    REQUIRE(r.usable);
    REQUIRE(r.loaded == 1);
    return atlas;
}

Atlas Load(const std::string& doc, size_t expected) {
    Atlas atlas;
    LoadReport r = LoadAtlas(doc, atlas);
    REQUIRE(r.usable);
    REQUIRE(r.loaded == expected);
    return atlas;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
    size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

const StaticFile& File(const std::vector<StaticFile>& files, const std::string& path) {
    for (const StaticFile& f : files)
        if (f.path == path) return f;
    FAIL("no file " << path);
    return files.front();
}

size_t Count(const std::string& haystack, const std::string& needle) {
    size_t n = 0;
    for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

std::string Lower(std::string s) {
    for (char& c : s) c = (char)std::tolower((unsigned char)c);
    return s;
}

// The JSON-LD of a page, parsed back (without exceptions escaping the test).
nlohmann::json JsonLdOf(const std::string& page) {
    const std::string open = "<script type=\"application/ld+json\">";
    size_t a = page.find(open);
    REQUIRE(a != std::string::npos);
    a += open.size();
    size_t b = page.find("</script>", a);
    REQUIRE(b != std::string::npos);
    nlohmann::json ld = nlohmann::json::parse(page.substr(a, b - a), nullptr, false);
    REQUIRE_FALSE(ld.is_discarded());
    return ld;
}

const char* const kSeedTitle =
    "A review on cognitive behavorial therapy (CBT) and graded exercise therapy (GET) in myalgic encephalomyelitis "
    "(ME) / "
    "chronic fatigue syndrome (CFS): CBT/GET is not only ineffective and not evidence-based, but also potentially "
    "harmful "
    "for many patients with ME/CFS.";

struct Run {
    int code = -1;
    std::string out;
};

Run Cli(const std::string& args) {
    Run run;
    FILE* pipe = popen((std::string(ATLAS_CLI) + " " + args + " 2>&1").c_str(), "r");
    REQUIRE(pipe);
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
    int status = pclose(pipe);
    run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

}  // namespace

TEST_CASE("static-site: the seed page renders the whole card") {
    Atlas atlas = SeedAtlas();
    std::vector<StaticFile> files = BuildStaticSite(atlas, {"../", "2026-04-08"});
    REQUIRE(files.size() == 4);
    CHECK(files[0].path == "static.css");
    CHECK(files[1].path == "index.html");
    CHECK(files[2].path == "changes.html");
    const std::string& page = File(files, "twisk-2009-review-cognitive.html").bytes;

    CHECK(page.rfind("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", 0) == 0);
    CHECK(page.find("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">") != std::string::npos);
    CHECK(page.find(std::string("<title>") + kSeedTitle + " — ME/CFS Research Atlas</title>") != std::string::npos);
    CHECK(page.find("<link rel=\"stylesheet\" href=\"static.css\">") != std::string::npos);
    CHECK(page.find(std::string("<h1>") + kSeedTitle + "</h1>") != std::string::npos);
    CHECK(page.find("<p class=\"byline\">Twisk, Frank N M, Maes, Michael · Neuro endocrinology letters · 2009</p>") !=
          std::string::npos);
    for (const char* badge :
         {"E0 Consensus", "Moderate confidence", "PEM required", "Review-Narrative", "Peer-reviewed", "Reviewed"})
        CHECK(page.find(std::string("\">") + badge + "</li>") != std::string::npos);
    Card card = BuildCard(atlas, atlas.studies[0], 0, ReadingDepth::Full);
    for (const CardSection& s : card.sections) {
        if (!s.heading.empty()) CHECK(page.find("<h2>" + s.heading + "</h2>") != std::string::npos);
        if (!s.subheading.empty()) CHECK(page.find("<h3>" + s.subheading + "</h3>") != std::string::npos);
        for (const std::string& item : s.items)
            CHECK(page.find("<li>" + HtmlEscape(item) + "</li>") != std::string::npos);
    }
    for (const char* h :
         {"<h2>Quick Summary</h2>", "<h2>Why It Matters</h2>", "<h2>Observed Findings</h2>",
          "<h2>Inferred Conclusions</h2>", "<h2>Remaining Questions</h2>", "<h3>What This Study Does Not Prove</h3>",
          "<h2>Tags</h2>", "<h2>Metadata</h2>", "<h2>Data-quality notes</h2>", "<h2>Cite this paper</h2>"})
        CHECK(page.find(h) != std::string::npos);
    CHECK(page.find("<dt>Method Flag</dt>\n<dd>PEM_DEFINED, PEM Not Defined, Weak Case Definition</dd>") !=
          std::string::npos);
    CHECK(page.find("<dd><a href=\"https://pubmed.ncbi.nlm.nih.gov/19855350/\">19855350</a></dd>") !=
          std::string::npos);
    CHECK(page.find("<dd>7 April 2026</dd>") != std::string::npos);
    CHECK(page.find("<li>PEM is marked as required, but the method flag &quot;PEM Not Defined&quot; says PEM was not "
                    "defined.</li>") != std::string::npos);
    CHECK(page.find("About the PEM badge: &quot;PEM required&quot; means") != std::string::npos);
    CHECK(page.find("<p>" + HtmlEscape(CitePlain(atlas, atlas.studies[0])) + "</p>") != std::string::npos);
    CHECK(page.find("<pre><code>" + HtmlEscape(CiteBibtex(atlas, atlas.studies[0])) + "</code></pre>") !=
          std::string::npos);
    CHECK(page.find("<a href=\"../?study=twisk-2009-review-cognitive\">") != std::string::npos);
    // The one-at-a-time functions give the same files.
    CHECK(StaticStudyPage(atlas, 0, {"../", "2026-04-08"}) == page);
    CHECK(StaticIndexPage(atlas, {"../", "2026-04-08"}) == files[1].bytes);
    CHECK(StaticStylesheet() == files[0].bytes);
    CHECK(StaticStudyPage(atlas, 1).empty());
    CHECK(page.find("built 8 April 2026") != std::string::npos);
    CHECK(Count(page, "<script") == 1);                        // the JSON-LD, nothing executable
    CHECK(page.find("class=\"draft\"") == std::string::npos);  // editor reviewed

    std::string description = MetaDescription(card.sections[0].text);
    CHECK(description.size() <= 163);
    CHECK(description.rfind("This review challenges the common medical recommendation", 0) == 0);
    CHECK(description.substr(description.size() - 3) == "\xE2\x80\xA6");
    CHECK(page.find("<meta name=\"description\" content=\"" + HtmlEscape(description) + "\">") != std::string::npos);

    nlohmann::json ld = JsonLdOf(page);
    CHECK(ld["@context"] == "https://schema.org");
    CHECK(ld["@type"] == "ScholarlyArticle");
    CHECK(ld["name"] == kSeedTitle);
    REQUIRE(ld["author"].size() == 2);
    CHECK(ld["author"][0] ==
          nlohmann::json(
              {{"@type", "Person"}, {"name", "Frank N M Twisk"}, {"familyName", "Twisk"}, {"givenName", "Frank N M"}}));
    CHECK(ld["author"][1]["name"] == "Michael Maes");
    CHECK(ld["datePublished"] == "2009");
    CHECK(ld["isPartOf"] == nlohmann::json({{"@type", "Periodical"}, {"name", "Neuro endocrinology letters"}}));
    CHECK(ld["identifier"] ==
          nlohmann::json::parse(R"([{"@type":"PropertyValue","propertyID":"PMID","value":"19855350"}])"));
    CHECK(ld["sameAs"] == nlohmann::json::array({"https://pubmed.ncbi.nlm.nih.gov/19855350/"}));
    CHECK(ld["abstract"] == card.sections[0].text);
    CHECK(ld["keywords"].size() == 10);
}

TEST_CASE("static-site: machine drafts say so on the page, in the JSON-LD and in the index") {
    Atlas atlas = Load(fixtures::Atlas(fixtures::Study("d", R"(,"doi":"10.1000/xyz 1\"<b>")")), 1);
    std::vector<StaticFile> files = BuildStaticSite(atlas);
    const std::string& page = File(files, "d-slug.html").bytes;
    CHECK(page.find("<p class=\"draft\">Machine-drafted summary from the paper&#39;s abstract: not yet reviewed by a "
                    "person.</p>") != std::string::npos);
    nlohmann::json ld = JsonLdOf(page);
    CHECK(ld["abstract"] ==
          "Machine-drafted summary from the paper's abstract: not yet reviewed by a person. Summary.");
    CHECK(ld["identifier"][1]["value"] == "10.1000/xyz 1\"<b>");
    // A DOI is made a URL by the card: percent-encoded where a URL cannot hold the byte, escaped for the attribute.
    CHECK(page.find("<a href=\"https://doi.org/10.1000/xyz%201%22%3Cb%3E\">10.1000/xyz 1&quot;&lt;b&gt;</a>") !=
          std::string::npos);
    CHECK(File(files, "index.html").bytes.find("E2 Controlled · PEM required · Trial-RCT · Machine draft") !=
          std::string::npos);
}

TEST_CASE("static-site: hostile text stays text, and the JSON-LD still parses") {
    const std::string hostile =
        "<script>alert(1)</script> \"quoted\" 'single' & </script><!--<script> </SCRIPT \xE2\x80\xA8 end";
    const std::string hostile_json =
        R"(<script>alert(1)</script> \"quoted\" 'single' & </script><!--<script> </SCRIPT \u2028 end)";
    std::string study = fixtures::Study(
        "h", R"(,"retraction":{"retracted":true,"notice":")" + hostile_json + R"(","date":"2011-12-23"})");
    study = Replace(study, R"("title":"A study")", R"("title":")" + hostile_json + "\"");
    study = Replace(study, R"("quick_summary":"Summary.")",
                    R"("quick_summary":")" + hostile_json + R"(","observed_findings":[")" + hostile_json + R"("])");
    study =
        Replace(study, R"("authors":["Doe, Jane"])", R"("authors":[")" + hostile_json + R"(", "Doe, <b>Jane</b>"])");
    study = Replace(study, R"("journal":"A Journal")", R"("journal":")" + hostile_json + "\"");
    study = Replace(study, R"("tags":{"symptom":["Fatigue"]})", R"("tags":{"symptom":[")" + hostile_json + R"("]})");
    Atlas atlas = Load(fixtures::Atlas(study), 1);
    std::vector<StaticFile> files = BuildStaticSite(atlas, {"../", "2026-01-02"});

    for (const StaticFile& f : files) {
        INFO(f.path);
        CHECK(Lower(f.bytes).find("<script>alert") == std::string::npos);
        CHECK(f.bytes.find("<b>") == std::string::npos);
        CHECK(f.bytes.find("<!--") == std::string::npos);
        CHECK(Count(Lower(f.bytes), "<script") == (f.path == "h-slug.html" ? 1u : 0u));
        CHECK(Count(Lower(f.bytes), "</script") == (f.path == "h-slug.html" ? 1u : 0u));
    }
    const std::string& page = File(files, "h-slug.html").bytes;
    std::string escaped =
        "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; &amp; "
        "&lt;/script&gt;&lt;!--&lt;script&gt;";
    CHECK(page.find("<h1>" + escaped) != std::string::npos);
    CHECK(page.find("<li>" + escaped) != std::string::npos);
    CHECK(page.find("<p class=\"retraction\">This paper was retracted on 23 December 2011. Notice: " + escaped) !=
          std::string::npos);
    CHECK(File(files, "index.html").bytes.find(">" + escaped) != std::string::npos);

    size_t ld_at = page.find("application/ld+json");
    std::string ld_text = page.substr(ld_at, page.find("</script>") - ld_at);
    CHECK(ld_text.find("\xE2\x80\xA8") == std::string::npos);  // a line terminator to old JavaScript parsers
    CHECK(ld_text.find("\\u2028") != std::string::npos);
    CHECK(ld_text.find('<') == std::string::npos);
    CHECK(ld_text.find('&') == std::string::npos);
    nlohmann::json ld = JsonLdOf(page);  // the JSON-LD round-trips the text exactly
    CHECK(ld["name"] == hostile);
    CHECK(ld["isPartOf"]["name"] == hostile);
    CHECK(ld["author"][0] == nlohmann::json({{"@type", "Organization"}, {"name", hostile}}));
    CHECK(ld["author"][1]["name"] == "<b>Jane</b> Doe");
    CHECK(ld["keywords"] == nlohmann::json::array({hostile}));
    CHECK(ld["creativeWorkStatus"] == "Retracted");
    CHECK(ld["abstract"] ==
          "Machine-drafted summary from the paper's abstract: not yet reviewed by a person. " + hostile);
}

TEST_CASE("static-site: the index lists every study, newest first") {
    std::string a = Replace(fixtures::Study("a"), R"("title":"A study")", R"("title":"Alpha & omega")");
    std::string b = Replace(Replace(fixtures::Study("b"), R"("year":2020)", R"("year":2024)"), R"("title":"A study")",
                            R"("title":"Beta")");
    std::string c = Replace(Replace(fixtures::Study("c"), R"("year":2020)", R"("year":2010)"), R"("title":"A study")",
                            R"("title":"Gamma")");
    std::string d = Replace(fixtures::Study("index"), R"("slug":"index-slug")", R"("slug":"index")");
    Atlas atlas = Load(fixtures::Atlas(a + "," + b + "," + c + "," + d), 4);
    std::vector<StaticFile> files = BuildStaticSite(atlas, {"/atlas/", ""});
    REQUIRE(files.size() == 7);
    CHECK(files[6].path == "study_index.html");  // never overwrites the index
    const std::string& index = File(files, "index.html").bytes;
    size_t pa = index.find("<a href=\"a-slug.html\">Alpha &amp; omega</a>");
    size_t pb = index.find("<a href=\"b-slug.html\">Beta</a>");
    size_t pc = index.find("<a href=\"c-slug.html\">Gamma</a>");
    size_t pd = index.find("<a href=\"study_index.html\">A study</a>");
    REQUIRE(pa != std::string::npos);
    REQUIRE(pb != std::string::npos);
    REQUIRE(pc != std::string::npos);
    REQUIRE(pd != std::string::npos);
    CHECK(pb < pd);  // 2024, then 2020 (by title: "A study" before "Alpha"), then 2010
    CHECK(pd < pa);
    CHECK(pa < pc);
    CHECK(index.find("<h2 id=\"y2024\">2024</h2>") < index.find("<h2 id=\"y2020\">2020</h2>"));
    CHECK(index.find("<a href=\"#y2010\">2010</a>") != std::string::npos);
    CHECK(index.find("<p class=\"byline\">Doe, Jane · A Journal · 2024</p>") != std::string::npos);
    CHECK(index.find("4 studies, newest first.") != std::string::npos);
    CHECK(index.find("This is the text version of the atlas") != std::string::npos);
    CHECK(index.find("drafted by a machine from the paper's abstract") != std::string::npos);
    CHECK(index.find("<a href=\"/atlas/\">Open the interactive atlas</a>") != std::string::npos);
    CHECK(index.find("<title>Test atlas: text version</title>") != std::string::npos);
    CHECK(index.find("<script") == std::string::npos);
    CHECK(File(files, "b-slug.html").bytes.find("<a href=\"/atlas/?study=b-slug\">") != std::string::npos);
}

TEST_CASE("static-site: only http(s) links from data become href") {
    Atlas atlas = Load(fixtures::Atlas(fixtures::Study("s")), 1);
    // The loader refuses such header links; the renderer does not rely on it.
    atlas.header.about_url = "javascript:alert(1)";
    atlas.header.contribute_url = " JavaScript:alert(2)";
    std::vector<StaticFile> files = BuildStaticSite(atlas);
    for (const StaticFile& f : files) {
        INFO(f.path);
        CHECK(Lower(f.bytes).find("javascript:") == std::string::npos);
        CHECK(f.bytes.find("How the atlas works") == std::string::npos);
    }
    atlas.header.about_url = "data:text/html,<script>alert(1)</script>";
    atlas.header.contribute_url = "mailto:editors@example.org";
    files = BuildStaticSite(atlas);
    const std::string& page = File(files, "s-slug.html").bytes;
    CHECK(page.find("href=\"data:") == std::string::npos);
    CHECK(page.find("href=\"mailto:") == std::string::npos);
    CHECK(page.find("Write to editors@example.org.") != std::string::npos);

    atlas.header.about_url = "HTTPS://example.org/about?a=1&b=\"2\"";
    atlas.header.contribute_url = "https://example.org/fix";
    files = BuildStaticSite(atlas);
    const std::string& linked = File(files, "s-slug.html").bytes;
    CHECK(linked.find("<a href=\"HTTPS://example.org/about?a=1&amp;b=%222%22\">How the atlas works →</a>") !=
          std::string::npos);
    CHECK(linked.find("<a href=\"https://example.org/fix\">Suggest a correction</a>") != std::string::npos);

    CHECK(IsHttpUrl("https://x.org"));
    CHECK(IsHttpUrl("http://x.org"));
    CHECK_FALSE(IsHttpUrl("https://"));
    CHECK_FALSE(IsHttpUrl("javascript:https://x.org"));
    CHECK_FALSE(IsHttpUrl("//x.org"));
    CHECK_FALSE(IsHttpUrl(" https://x.org"));
}

TEST_CASE("static-site: helpers escape, trim and name files") {
    CHECK(HtmlEscape("a & b < c > d \" e ' f") == "a &amp; b &lt; c &gt; d &quot; e &#39; f");
    CHECK(MetaDescription("  short\n\n text  ") == "short text");
    CHECK(MetaDescription("one two three four", 9) == "one two\xE2\x80\xA6");
    CHECK(MetaDescription("one two, three four", 9) == "one two\xE2\x80\xA6");
    CHECK(MetaDescription("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 5) ==
          "\xC3\xA9\xC3\xA9\xE2\x80\xA6");  // no split character
    CHECK(StaticStudyPath("twisk-2009") == "twisk-2009.html");
    CHECK(StaticStudyPath("index") == "study_index.html");

    std::vector<StaticFile> files = BuildStaticSite(Atlas{});
    REQUIRE(files.size() == 3);
    const std::string& css = File(files, "static.css").bytes;
    CHECK(css.find("max-width: 42rem") != std::string::npos);
    CHECK(css.find("font-size: 1.1rem") != std::string::npos);
    CHECK(css.find("line-height: 1.6") != std::string::npos);
    CHECK(css.find("@media (prefers-color-scheme: dark)") != std::string::npos);
    CHECK(File(files, "index.html").bytes.find("0 studies") != std::string::npos);
}

TEST_CASE("static-site: a synthetic atlas keeps out of search engines") {
    Atlas atlas = Load(fixtures::Atlas(fixtures::Study("s"), R"(,"synthetic":true)"), 1);
    for (const StaticFile& f : BuildStaticSite(atlas))
        if (f.path != "static.css")
            CHECK(f.bytes.find("<meta name=\"robots\" content=\"noindex\">") != std::string::npos);
}

TEST_CASE("static-site: atlas html writes the pages and exits like validate") {
    fs::path dir = fs::temp_directory_path() / "atlas-static-site-tests";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string good = (dir / "good.json").string();
    std::ofstream(good, std::ios::binary) << fixtures::Atlas(fixtures::Study("a") + "," + fixtures::Study("b"));
    Run r = Cli("html " + good + " -o " + (dir / "out").string());
    CHECK(r.code == 0);
    CHECK(r.out == "atlas html: 4 pages written to " + (dir / "out").string() + "\n");
    CHECK(fs::exists(dir / "out" / "index.html"));
    CHECK(fs::exists(dir / "out" / "static.css"));
    CHECK(fs::exists(dir / "out" / "a-slug.html"));
    CHECK(fs::exists(dir / "out" / "b-slug.html"));
    CHECK_FALSE(fs::exists(dir / "out" / "topic"));  // no topic category, no topic pages
    std::string topics = (dir / "topics.json").string();
    std::ofstream(topics, std::ios::binary) << Replace(Replace(fixtures::Atlas(fixtures::Study("a")), R"("tag_categories":[)",
                                                               R"("tag_categories":[{"id":"topic","name":"Topic"},)"),
                                                       R"("tags":{"symptom")", R"("tags":{"topic":["Long COVID"],"symptom")");
    r = Cli("html " + topics + " -o " + (dir / "topics").string());
    CHECK(r.code == 0);
    CHECK(r.out == "atlas html: 4 pages written to " + (dir / "topics").string() + "\n");  // with changes.html
    CHECK(fs::exists(dir / "topics" / "topic" / "long-covid.html"));

    std::string mixed = (dir / "mixed.json").string();
    std::ofstream(mixed, std::ios::binary)
        << fixtures::Atlas(fixtures::Study("a") + "," + Replace(fixtures::Study("bad"), "\"E2\"", "\"E9\""));
    r = Cli("html " + mixed + " -o " + (dir / "mixed").string());
    CHECK(r.code == 1);
    CHECK(r.out.find("atlas html: 3 pages written to " + (dir / "mixed").string() + "\n") != std::string::npos);
    CHECK(fs::exists(dir / "mixed" / "a-slug.html"));

    std::string broken = (dir / "broken.json").string();
    std::ofstream(broken, std::ios::binary) << "{";
    r = Cli("html " + broken + " -o " + (dir / "broken").string());
    CHECK(r.code == 2);
    CHECK(r.out.rfind(broken + ": unusable: ", 0) == 0);
    CHECK_FALSE(fs::exists(dir / "broken"));

    CHECK(Cli("html " + good).code == 2);  // -o is required
}

// [SECTION] Topic pages (text/topic/<slug>.html) and the links between study pages

namespace {

// Two topics (one with characters HTML must escape), a study that replicates another, one that
// names a paper outside the atlas.
Atlas TopicAtlas() {
    std::string header = R"({"format":"mecfs-atlas","format_version":1,"title":"Topics","generated":"2026-01-02",)"
                         R"("tag_categories":[{"id":"topic","name":"Topic"},{"id":"symptom","name":"Symptom"}],"studies":[)";
    auto study = [](const std::string& id, int year, const std::string& topics, const std::string& extra) {
        std::string s = fixtures::Study(id, extra);
        s = Replace(s, R"("tags":{"symptom":["Fatigue"]})", R"("tags":{"topic":[)" + topics + "]}");
        s = Replace(s, R"("title":"A study")", R"("title":"Study <)" + id + R"(>")");
        return Replace(s, R"("year":2020)", R"("year":)" + std::to_string(year));
    };
    return Load(header + study("a", 2018, R"("Immunology","<B&C>")", R"(,"population":{"n_patients":40,"countries":["NO"]})") + "," +
                    study("b", 2021, R"("Immunology")",
                          R"(,"relations":[{"type":"replicates","id":"a","note":"Same <assay>."},{"type":"comments_on","doi":"10.1000/out\"side"}])") +
                    "]}",
                2);
}

}  // namespace

TEST_CASE("static-site: topic pages count, list and link their studies, escaped, and the index and study pages link them") {
    Atlas atlas = TopicAtlas();
    std::vector<StaticFile> files = BuildStaticSite(atlas);
    REQUIRE(files.size() == 7);  // css, index, changes, two studies, two topics
    const std::string& immunology = File(files, "topic/immunology.html").bytes;
    CHECK(immunology.find("<link rel=\"stylesheet\" href=\"../static.css\">") != std::string::npos);
    CHECK(immunology.find("<h1>Topic: Immunology</h1>") != std::string::npos);
    CHECK(immunology.find("<p>The atlas holds 2 studies on Immunology, all in cohorts that required PEM.</p>") != std::string::npos);
    CHECK(immunology.find("<tr><th scope=\"row\">E2 Controlled</th><td class=\"n\">2</td><td class=\"n\">2</td></tr>") != std::string::npos);
    CHECK(immunology.find("<tr><th scope=\"row\">2018</th><td class=\"n\">1</td><td class=\"n\">1</td></tr>") != std::string::npos);
    CHECK(immunology.find("<h3>Replicated</h3>\n<ul class=\"links\">\n<li><a href=\"../b-slug.html\">Doe 2021: Study &lt;b&gt;</a> replicates "
                          "<a href=\"../a-slug.html\">Doe 2018: Study &lt;a&gt;</a><br><span class=\"muted\">Same &lt;assay&gt;.</span></li>") !=
          std::string::npos);
    CHECK(immunology.find("comments on <a href=\"https://doi.org/10.1000/out%22side\">DOI 10.1000/out&quot;side</a>") != std::string::npos);
    // Reading order: same level, newest first.
    CHECK(immunology.find("<a href=\"../b-slug.html\">Study &lt;b&gt;</a>") < immunology.find("<a href=\"../a-slug.html\">Study &lt;a&gt;</a>"));
    CHECK(immunology.find("href=\"../index.html\"") != std::string::npos);
    CHECK(immunology.find("href=\"../../?topic=Immunology\">Open in the interactive atlas") != std::string::npos);
    CHECK(Count(immunology, "Study <") == 0);  // nothing from data is markup

    const std::string& odd = File(files, "topic/b-c.html").bytes;
    CHECK(odd.find("<h1>Topic: &lt;B&amp;C&gt;</h1>") != std::string::npos);
    CHECK(odd.find("?topic=%3CB%26C%3E\"") != std::string::npos);

    const std::string& index = File(files, "index.html").bytes;
    CHECK(index.find("<li><a href=\"topic/b-c.html\">&lt;B&amp;C&gt;</a> <span class=\"muted\">(1)</span></li>") != std::string::npos);
    CHECK(index.find("<li><a href=\"topic/immunology.html\">Immunology</a> <span class=\"muted\">(2)</span></li>") != std::string::npos);

    const std::string& a = File(files, "a-slug.html").bytes;
    CHECK(a.find("<dd><a href=\"topic/immunology.html\">Immunology</a>, <a href=\"topic/b-c.html\">&lt;B&amp;C&gt;</a></dd>") != std::string::npos);
    CHECK(a.find("<h2>Who was studied</h2>\n<dl>\n<dt>People studied</dt>\n<dd>40 patients</dd>\n<dt>Country</dt>\n<dd>Norway</dd>") !=
          std::string::npos);
    CHECK(a.find("<h3>Replicated by</h3>\n<ul class=\"links\" data-relation=\"replicated_by\">\n<li><a href=\"b-slug.html\">Doe 2021: "
                 "Study &lt;b&gt;</a><br><span class=\"muted\">Same &lt;assay&gt;.</span></li>") != std::string::npos);
    CHECK(StaticTopicPage(atlas, 9999).empty());
    CHECK(StaticTopicPath("immunology") == "topic/immunology.html");
}
