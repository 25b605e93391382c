// unit-load.cpp — the loader: what loads, what is rejected with which exact message, what is unusable.
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

// A study with `field` replaced by `value` (raw JSON).
std::string StudyWith(const std::string& field, const std::string& value) {
    std::string s = fixtures::Study();
    std::string key = "\"" + field + "\":";
    size_t at = s.find(key);
    REQUIRE(at != std::string::npos);
    size_t start = at + key.size();
    // the value ends at the next top-level ',' or '}' of the record (fixture values hold no nesting commas)
    int depth = 0;
    bool in_string = false;
    size_t end = start;
    for (; end < s.size(); ++end) {
        char c = s[end];
        if (in_string) { if (c == '\\') ++end; else if (c == '"') in_string = false; continue; }
        if (c == '"') in_string = true;
        else if (c == '{' || c == '[') ++depth;
        else if (c == '}' || c == ']') { if (depth == 0) break; --depth; }
        else if (c == ',' && depth == 0) break;
    }
    return s.substr(0, start) + value + s.substr(end);
}

std::string StudyWithout(const std::string& field) {
    std::string s = StudyWith(field, "0");
    size_t at = s.find("\"" + field + "\":0");
    size_t len = field.size() + 4;
    if (s[at + len] == ',') ++len;
    else if (s[at - 1] == ',') { --at; ++len; }
    return s.substr(0, at) + s.substr(at + len);
}

}  // namespace

TEST_CASE("load: a valid atlas loads every study into the model") {
    Loaded l = Load(fixtures::Atlas(fixtures::Study("a") + "," + fixtures::Study("b")));
    REQUIRE(l.report.usable);
    CHECK(l.report.loaded == 2);
    CHECK(l.report.rejected == 0);
    CHECK(l.report.problems.empty());
    CHECK(FormatSummary(l.report) == "2 loaded, 0 rejected, 0 warnings");
    REQUIRE(l.atlas.studies.size() == 2);
    const Study& s = l.atlas.studies[0];
    CHECK(l.atlas.Text(s.id) == "a");
    CHECK(l.atlas.Text(s.title) == "A study");
    CHECK(s.year == 2020);
    CHECK(s.evidence == EvidenceLevel::E2);
    CHECK(s.pem == PemCriterion::Required);
    CHECK(s.case_definitions == CaseDefCcc);
    CHECK(l.atlas.header.title == "Test atlas");
    REQUIRE(l.atlas.tag_categories.size() == 2);
    CHECK(l.atlas.tag_categories[0].name == "Symptom");
    REQUIRE(s.tags.count == 1);
    CHECK(l.atlas.tags[l.atlas.TagIndex(s.tags, 0)].label == "Fatigue");
    CHECK(l.atlas.tags.size() == 1);  // interned: both studies share the tag
}

TEST_CASE("load: names with diacritics survive intact") {
    std::string s = StudyWith("authors", R"(["Fluge, Øystein","Aßmus, Jörg"])");
    Loaded l = Load(fixtures::Atlas(s));
    REQUIRE(l.report.loaded == 1);
    CHECK(Byline(l.atlas, l.atlas.studies[0]) == "Fluge, Øystein, Aßmus, Jörg");
}

TEST_CASE("load: byline shows three authors then et al.") {
    Loaded l = Load(fixtures::Atlas(StudyWith("authors", R"(["A, A","B, B","C, C","D, D"])")));
    CHECK(Byline(l.atlas, l.atlas.studies[0]) == "A, A, B, B, C, C, et al.");
}

TEST_CASE("load: a bad record is rejected with its id, path and what was expected, and the rest load") {
    struct Case { std::string study, message; };
    std::vector<Case> cases = {
        {StudyWith("year", "\"2009\""), "f.json: s1 studies[0].year: expected an integer from 1900 to 2100, got \"2009\""},
        {StudyWith("year", "2300"), "f.json: s1 studies[0].year: expected an integer from 1900 to 2100, got 2300"},
        {StudyWith("evidence_level", "\"E5\""), "f.json: s1 studies[0].evidence_level: expected one of E0, E1, E2, E3, got \"E5\""},
        {StudyWith("confidence", "\"sure\""), "f.json: s1 studies[0].confidence: expected one of high, moderate, low, got \"sure\""},
        {StudyWith("pem", "true"), "f.json: s1 studies[0].pem: expected a string, got a boolean"},
        {StudyWith("peer_review", "\"yes\""), "f.json: s1 studies[0].peer_review: expected one of peer_reviewed, preprint, got \"yes\""},
        {StudyWith("review_status", "\"reviewed\""),
         "f.json: s1 studies[0].review_status: expected one of machine_draft, editor_reviewed, expert_reviewed, got \"reviewed\""},
        {StudyWith("case_definitions", R"(["CCC","Canadian"])"),
         "f.json: s1 studies[0].case_definitions[1]: expected one of CCC, ICC, IOM, Fukuda, Oxford, Holmes, London, NICE, other, got \"Canadian\""},
        {StudyWith("authors", R"(["Doe, Jane",7])"), "f.json: s1 studies[0].authors[1]: expected a string, got a number"},
        {StudyWith("authors", "\"Doe, Jane\""), "f.json: s1 studies[0].authors: expected an array of strings, got a string"},
        {StudyWith("title", "\"\""), "f.json: s1 studies[0].title: expected a non-empty string"},
        {StudyWith("pmid", "\"PMID123\""), "f.json: s1 studies[0].pmid: expected a PMID of 1 to 9 digits, got \"PMID123\""},
        {StudyWith("pmid", "\"123\",\"doi\":\"https://doi.org/10.1/x\""),
         "f.json: s1 studies[0].doi: expected a DOI like \"10.1234/abc\" without a URL prefix, got \"https://doi.org/10.1/x\""},
        {StudyWith("last_updated", "\"7 April 2026\""), "f.json: s1 studies[0].last_updated: expected a date YYYY-MM-DD, got \"7 April 2026\""},
        {StudyWith("sections", "[]"), "f.json: s1 studies[0].sections: expected an object, got an array"},
        {StudyWith("sections", R"({"quick_summary":"x","observed_findings":"one"})"),
         "f.json: s1 studies[0].sections.observed_findings: expected an array of strings, got a string"},
        {StudyWith("tags", R"({"symptom":"Fatigue"})"), "f.json: s1 studies[0].tags.symptom: expected an array of strings, got a string"},
        {StudyWith("pmid", "\"1\",\"retraction\":{\"retracted\":\"yes\"}"),
         "f.json: s1 studies[0].retraction.retracted: expected true or false, got \"yes\""},
        {StudyWith("id", "\"Bad Id\""), "f.json: #0 studies[0].id: expected 1-64 characters of a-z, 0-9 and '-', not starting with '-', got \"Bad Id\""},
        {StudyWithout("title"), "f.json: s1 studies[0].title: missing required field"},
        {StudyWithout("sections"), "f.json: s1 studies[0].sections: missing required field"},
        {"42", "f.json: #0 studies[0]: expected a study object, got a number"},
    };
    for (const Case& c : cases) {
        INFO(c.study);
        Loaded l = Load(fixtures::Atlas(c.study + "," + fixtures::Study("ok")));
        REQUIRE(l.report.usable);
        CHECK(l.report.loaded == 1);
        CHECK(l.report.rejected == 1);
        CHECK(Only(l.report) == c.message);
        REQUIRE(l.atlas.studies.size() == 1);
        CHECK(l.atlas.Text(l.atlas.studies[0].id) == "ok");
    }
}

TEST_CASE("load: duplicate ids and slugs reject the later record") {
    Loaded l = Load(fixtures::Atlas(fixtures::Study("a") + "," + fixtures::Study("a")));
    CHECK(l.report.loaded == 1);
    CHECK(Only(l.report) == "f.json: a studies[1].id: duplicate id \"a\" (first used by studies[0])");
    std::string twin = fixtures::Study("b");
    twin.replace(twin.find("b-slug"), 6, "a-slug");
    l = Load(fixtures::Atlas(fixtures::Study("a") + "," + twin));
    CHECK(Only(l.report) == "f.json: b studies[1].slug: duplicate slug \"a-slug\" (first used by studies[0])");
}

TEST_CASE("load: unknown fields are warnings, never fatal") {
    Loaded l = Load(fixtures::Atlas(fixtures::Study("a", R"(,"mood":"great")"), R"(,"colour":"blue")"));
    CHECK(l.report.loaded == 1);
    CHECK(l.report.rejected == 0);
    CHECK(l.report.warnings == 2);
    REQUIRE(l.report.problems.size() == 2);
    CHECK(FormatProblem("f.json", l.report.problems[0]) == "f.json: a studies[0].mood: warning: unknown field, kept out of the model");
    CHECK(FormatProblem("f.json", l.report.problems[1]) == "f.json: header colour: warning: unknown field, kept out of the model");
}

TEST_CASE("load: an undeclared tag category is a warning naming the first study that used it") {
    Loaded l = Load(fixtures::Atlas(fixtures::Study("a", R"(,"x":1)").replace(fixtures::Study("a", R"(,"x":1)").find("\"symptom\""), 9, "\"mood\"")));
    CHECK(l.report.loaded == 1);
    bool found = false;
    for (const Problem& p : l.report.problems)
        found |= FormatProblem("f.json", p) == "f.json: a studies[0].tags.mood: warning: tag category \"mood\" is not declared in the header's tag_categories";
    CHECK(found);
}

TEST_CASE("load: caps on strings, lists and nesting reject the record, not the file") {
    std::string big(70000, 'x');
    Loaded l = Load(fixtures::Atlas(StudyWith("journal", "\"" + big + "\"") + "," + fixtures::Study("ok")));
    CHECK(l.report.loaded == 1);
    CHECK(Only(l.report) == "f.json: s1 studies[0].journal: expected at most 65536 bytes of text, got 70000");

    std::string long_title(3000, 't');
    l = Load(fixtures::Atlas(StudyWith("title", "\"" + long_title + "\"")));
    CHECK(Only(l.report) == "f.json: s1 studies[0].title: expected at most 2048 bytes of text, got 3000");

    std::string many = "[";
    for (int i = 0; i < 201; ++i) many += std::string(i ? "," : "") + "\"f\"";
    many += "]";
    l = Load(fixtures::Atlas(StudyWith("sections", R"({"quick_summary":"x","observed_findings":)" + many + "}")));
    CHECK(Only(l.report) == "f.json: s1 studies[0].sections.observed_findings: expected at most 200 items, got 201");

    std::string deep(40, '[');
    deep += std::string(40, ']');
    l = Load(fixtures::Atlas(fixtures::Study("a", ",\"x\":" + deep) + "," + fixtures::Study("ok")));
    CHECK(l.report.loaded == 1);
    CHECK(Only(l.report) == "f.json: a studies[0].x[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nesting deeper than 16 levels");
}

TEST_CASE("load: 200,000-deep nesting neither crashes nor keeps the record") {
    std::string deep(200000, '[');
    deep += std::string(200000, ']');
    Loaded l = Load(fixtures::Atlas(fixtures::Study("a", ",\"x\":" + deep) + "," + fixtures::Study("ok")));
    REQUIRE(l.report.usable);
    CHECK(l.report.loaded == 1);
    CHECK(l.report.rejected == 1);
}

TEST_CASE("load: unusable files get one clear message") {
    struct Case { std::string text, message; };
    std::vector<Case> cases = {
        {"", "empty file: expected a JSON object"},
        {"  \n", "empty file: expected a JSON object"},
        {"[]", "top level is an array, expected an object"},
        {"\"atlas\"", "top level is a string, expected an object"},
        {"{\"format\":\"mecfs-atlas\",\"format_version\":1,\"studies\":[", "truncated: the document ends before the JSON is complete (line 1, column 55)"},
        {"{\"format\": nope}", "not valid JSON at line 1, column 13: syntax error while parsing value - invalid literal; last read: '\"format\": no'"},
        {"{\"title\":\"a\xff\"}", "invalid UTF-8 at line 1, column 12"},
        {"{\"format_version\":1,\"studies\":[]}", "missing \"format\": expected \"mecfs-atlas\""},
        {"{\"format\":\"other\",\"format_version\":1,\"studies\":[]}", "\"format\" is \"other\", expected \"mecfs-atlas\""},
        {"{\"format\":\"mecfs-atlas\",\"studies\":[]}", "missing \"format_version\": expected 1"},
        {"{\"format\":\"mecfs-atlas\",\"format_version\":2,\"studies\":[]}", "unsupported format_version 2: this loader reads version 1"},
        {"{\"format\":\"mecfs-atlas\",\"format_version\":1}", "missing \"studies\" array"},
        {"{\"format\":\"mecfs-atlas\",\"format_version\":1,\"studies\":{}}", "\"studies\" is an object, expected an array"},
        {"{\"format\":\"mecfs-atlas\",\"format_version\":1,\"studies\":7}", "\"studies\" is a number, expected an array"},
        {"{\"format\":\"mecfs-atlas\",\"format_version\":1,\"studies\":[NaN]}",
         "not valid JSON at line 1, column 55: syntax error while parsing value - invalid literal; last read: '\"studies\":[N'"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        Loaded l = Load(c.text);
        CHECK_FALSE(l.report.usable);
        CHECK(l.report.fatal == c.message);
        CHECK(l.atlas.studies.empty());
    }
}

TEST_CASE("load: a byte-order mark is accepted") {
    Loaded l = Load("\xEF\xBB\xBF" + fixtures::Atlas(fixtures::Study()));
    CHECK(l.report.usable);
    CHECK(l.report.loaded == 1);
}

TEST_CASE("load: HTML in text is kept as text") {
    Loaded l = Load(fixtures::Atlas(StudyWith("title", R"("<script>alert(1)</script>")")));
    REQUIRE(l.report.loaded == 1);
    CHECK(l.atlas.Text(l.atlas.studies[0].title) == "<script>alert(1)</script>");
}

TEST_CASE("load: header problems are errors that keep the file usable") {
    Loaded l = Load("{" + fixtures::Header(R"x(,"contribute_url":"javascript:alert(1)")x") + R"(,"studies":[)" + fixtures::Study() + "]}");
    REQUIRE(l.report.usable);
    CHECK(l.report.loaded == 1);
    CHECK(Only(l.report) == "f.json: header contribute_url: expected an https:, http: or mailto: link, got \"javascript:alert(1)\"");
    CHECK(l.atlas.header.contribute_url.empty());
}

TEST_CASE("load: the same PMID twice is a warning and both records load") {
    std::string b = fixtures::Study("b");
    b.replace(b.find(fixtures::PmidFor("b")), fixtures::PmidFor("b").size(), fixtures::PmidFor("a"));
    Loaded l = Load(fixtures::Atlas(fixtures::Study("a") + "," + b));
    CHECK(l.report.loaded == 2);
    CHECK(Only(l.report) == "f.json: b studies[1].pmid: warning: PMID " + fixtures::PmidFor("a") + " is also used by studies[0]");
}

TEST_CASE("load: tag category keys are checked") {
    std::string s = fixtures::Study("a");
    s.replace(s.find("\"symptom\""), 9, "\"Bad Key_!\"");
    Loaded l = Load(fixtures::Atlas(s));
    CHECK(Only(l.report) == "f.json: a studies[0].tags.Bad Key_!: expected a tag category id of a-z, 0-9, '-' and '_'");
}

TEST_CASE("load: repeated and oversized keys reject the record") {
    Loaded l = Load(fixtures::Atlas(fixtures::Study("a", R"(,"pem":"unclear")") + "," + fixtures::Study("ok")));
    CHECK(l.report.loaded == 1);
    CHECK(Only(l.report) == "f.json: a studies[0].pem: duplicate key \"pem\"");
    std::string key(300, 'k');
    l = Load(fixtures::Atlas(fixtures::Study("a", ",\"" + key + "\":1")));
    CHECK(Only(l.report) == "f.json: a studies[0]: object key longer than 256 bytes");
}

TEST_CASE("load: a repeated header key keeps the first value") {
    Loaded l = Load("{" + fixtures::Header() + R"(,"title":"Second","studies":[)" + fixtures::Study() + "]}");
    CHECK(l.atlas.header.title == "Test atlas");
    CHECK(Only(l.report) == "f.json: header title: duplicate key, the first value is used");
}

TEST_CASE("load: only a byte-order mark is an empty file") {
    Loaded l = Load("\xEF\xBB\xBF");
    CHECK(l.report.fatal == "empty file: expected a JSON object");
}

TEST_CASE("load: impossible dates are refused") {
    Loaded l = Load(fixtures::Atlas(StudyWith("last_updated", "\"2026-02-31\"")));
    CHECK(Only(l.report) == "f.json: s1 studies[0].last_updated: expected a date YYYY-MM-DD, got \"2026-02-31\"");
    l = Load(fixtures::Atlas(StudyWith("last_updated", "\"2024-02-29\"")));
    CHECK(l.report.loaded == 1);
}

TEST_CASE("load: long values in messages are cut between characters, never inside one") {
    std::string value = std::string(76, 'a') + "\xC3\xA9" + std::string(10, 'b');  // é straddles the cut
    Loaded l = Load(fixtures::Atlas(StudyWith("confidence", "\"" + value + "\"")));
    CHECK(Only(l.report) == "f.json: s1 studies[0].confidence: expected one of high, moderate, low, got \"" +
                                std::string(76, 'a') + "...\"");
}

TEST_CASE("load: a wrong format before the studies stops the load at once") {
    Loaded l = Load(R"({"format":"other","format_version":1,"studies":[)" + fixtures::Study() + "]}");
    CHECK(l.report.fatal == "\"format\" is \"other\", expected \"mecfs-atlas\"");
}
