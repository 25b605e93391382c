// unit-hostile.cpp — the loader against input written to break it.
//   1. Every file of tests/hostile/corpus/ through the real `atlas validate`: the exit code and the first
//      line of output must be those of tests/hostile/EXPECTED.tsv (the maintainer's view of each case).
//   2. The same files through atlas::LoadAtlas in-process: the report and the model must agree.
//   3. Big cases built here rather than committed (a 20 MB string, a million tags, 200,000-deep nesting,
//      a million and one studies): no crash, time printed and bounded, peak memory growth bounded
//      (VmHWM from /proc/self/status), and every valid record around the hostile one still loads.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "atlas/load.h"
#include "fixtures.h"

namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__)
#define HOSTILE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HOSTILE_ASAN 1
#endif
#endif
#ifndef HOSTILE_ASAN
#define HOSTILE_ASAN 0
#endif

namespace {

const fs::path kHostileDir = fs::path(ATLAS_SOURCE_DIR) / "tests" / "hostile";

std::string ReadBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

struct Run {
    int code = -1;
    std::string out;
};

// `atlas validate NAME` run inside the corpus folder, so messages name the file as a maintainer typed it.
Run Validate(const std::string& name) {
    Run run;
    std::string command = "cd '" + (kHostileDir / "corpus").string() + "' && '" + ATLAS_CLI + "' validate '" + name + "' 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe);
    char buffer[65536];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
    int status = pclose(pipe);
    run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;  // -1: killed by a signal (a crash)
    return run;
}

struct Expected {
    std::string file, exit_code, first_line, note;
};

// EXPECTED.tsv: file <TAB> exit code <TAB> first line of output [<TAB> note]; '#' starts a comment line.
// "*" in the exit-code or first-line column: the current behaviour is reported as unclear or wrong and
// not pinned down yet; the test then only checks that the CLI neither crashed nor lost the file name.
std::vector<Expected> ReadExpected() {
    std::vector<Expected> rows;
    std::istringstream in(ReadBytes(kHostileDir / "EXPECTED.tsv"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cols;
        size_t start = 0, tab;
        while ((tab = line.find('\t', start)) != std::string::npos && cols.size() < 3) {
            cols.push_back(line.substr(start, tab - start));
            start = tab + 1;
        }
        cols.push_back(line.substr(start));
        INFO("EXPECTED.tsv line: " << line);
        REQUIRE(cols.size() >= 3);
        rows.push_back({cols[0], cols[1], cols[2], cols.size() > 3 ? cols[3] : ""});
    }
    return rows;
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

// [SECTION] Memory and time ------------------------------------------------------------------

size_t StatusKb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0) return std::stoul(line.substr(std::string(field).size()));
    return 0;
}

struct Cost {
    double seconds = 0;
    size_t peak_growth = 0;  // bytes: peak resident size during the load minus resident size before it
};

// Loads `doc` and measures it. The peak is reset first (writing 5 to /proc/self/clear_refs, Linux 4.0+),
// so an earlier peak in this process does not hide this one; without the reset the growth reads low.
Cost MeasureLoad(const std::string& what, const std::string& doc, atlas::Atlas& atlas, atlas::LoadReport& report) {
    { std::ofstream("/proc/self/clear_refs") << "5"; }
    size_t before_kb = StatusKb("VmRSS:");
    auto start = std::chrono::steady_clock::now();
    report = atlas::LoadAtlas(doc, atlas);
    Cost cost;
    cost.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    size_t peak_kb = StatusKb("VmHWM:");
    cost.peak_growth = peak_kb > before_kb ? (peak_kb - before_kb) * 1024 : 0;
    std::printf("hostile: %-44s %7.1f MB in, %6.2f s, peak memory +%6.1f MB, %zu loaded, %zu rejected\n", what.c_str(),
                doc.size() / 1e6, cost.seconds, cost.peak_growth / 1e6, report.loaded, report.rejected);
    std::fflush(stdout);
    return cost;
}

// The bounds: `times` x the input + 64 MB of memory (4x unless a case says why not), and 120 s: a hang
// detector, not a benchmark (these cases take 0.1-2.5 s on an idle machine; a loaded one has taken 22 s);
// anything worse than linear would still blow through it. ASan keeps freed memory in quarantine (256 MB by default),
// adds shadow memory and runs several times slower, so its bounds are wider.
void CheckBounded(const Cost& cost, size_t input_bytes, size_t times = 4) {
    size_t limit = times * input_bytes + (64u << 20);
    double seconds = 120;
    if (HOSTILE_ASAN) { limit = 2 * times * input_bytes + (384u << 20); seconds = 480; }
    CHECK(cost.peak_growth < limit);
    CHECK(cost.seconds < seconds);
}

// [SECTION] Documents ------------------------------------------------------------------------

// `before` valid studies, the hostile text as one more element of "studies", `after` valid studies.
std::string AroundValid(const std::string& hostile, int before = 10, int after = 10) {
    std::string studies;
    studies.reserve(hostile.size() + 1024 * (before + after));
    for (int i = 0; i < before; ++i) studies += fixtures::Study("before-" + std::to_string(i)) + ",";
    studies += hostile;
    for (int i = 0; i < after; ++i) studies += "," + fixtures::Study("after-" + std::to_string(i));
    return fixtures::Atlas(studies);
}

// A valid study with `extra` spliced in before its closing brace (`extra` starts with a comma).
std::string StudyWith(const std::string& id, const std::string& extra) { return fixtures::Study(id, extra); }

void CheckValidKept(const atlas::Atlas& atlas, int before = 10, int after = 10) {
    std::set<std::string> ids;
    for (const atlas::Study& s : atlas.studies) ids.insert(std::string(atlas.Text(s.id)));
    for (int i = 0; i < before; ++i) CHECK(ids.count("before-" + std::to_string(i)));
    for (int i = 0; i < after; ++i) CHECK(ids.count("after-" + std::to_string(i)));
}

bool HasProblem(const atlas::LoadReport& report, const std::string& record, const std::string& path_prefix,
                const std::string& message_part) {
    for (const atlas::Problem& p : report.problems)
        if (p.record == record && p.path.rfind(path_prefix, 0) == 0 && p.message.find(message_part) != std::string::npos)
            return true;
    return false;
}

std::string Problems(const atlas::LoadReport& report) {
    std::string out = report.fatal;
    for (size_t i = 0; i < report.problems.size() && i < 20; ++i) out += "\n" + atlas::FormatProblem("big", report.problems[i]);
    return out;
}

// The model's references stay inside its arrays, whatever the input was.
void CheckModel(const atlas::Atlas& a, const atlas::LoadReport& r) {
    if (!r.usable) {
        CHECK(a.studies.empty());
        CHECK(r.problems.empty());
        return;
    }
    CHECK(r.loaded == a.studies.size());
    CHECK(r.problems.size() + r.problems_dropped == r.errors + r.warnings);
    auto text_ok = [&](atlas::TextRef t) { return (uint64_t)t.offset + t.length <= a.text.size(); };
    auto list_ok = [&](atlas::ListRef l) {
        if ((uint64_t)l.first + l.count > a.list_items.size()) return false;
        for (uint32_t i = 0; i < l.count; ++i)
            if (!text_ok(a.list_items[l.first + i])) return false;
        return true;
    };
    size_t bad = 0;
    for (const atlas::Study& s : a.studies) {
        for (atlas::TextRef t : {s.id, s.slug, s.title, s.journal, s.pmid, s.doi, s.last_updated, s.retraction_notice,
                                 s.retraction_date, s.quick_summary, s.why_it_matters, s.remaining_questions, s.does_not_prove})
            bad += !text_ok(t);
        for (atlas::ListRef l : {s.authors, s.observed_findings, s.inferred_conclusions, s.strengths, s.limitations})
            bad += !list_ok(l);
        if ((uint64_t)s.tags.first + s.tags.count > a.study_tags.size()) ++bad;
        else for (uint32_t i = 0; i < s.tags.count; ++i) bad += a.TagIndex(s.tags, i) >= a.tags.size();
    }
    for (const atlas::Tag& t : a.tags) bad += t.category >= a.tag_categories.size();
    CHECK(bad == 0);
}

}  // namespace

// [SECTION] The corpus through the CLI and in-process ----------------------------------------

TEST_CASE("hostile: every corpus file has a row in EXPECTED.tsv and every row a file") {
    std::set<std::string> files, rows;
    for (const auto& entry : fs::directory_iterator(kHostileDir / "corpus"))
        if (entry.is_regular_file()) {
            files.insert(entry.path().filename().string());
            CHECK(entry.file_size() <= 200 * 1024);  // big cases are generated by this file, not committed
        }
    for (const Expected& e : ReadExpected()) {
        INFO(e.file);
        CHECK(rows.insert(e.file).second);  // one row a file
    }
    CHECK(files.size() >= 30);
    std::vector<std::string> unlisted, missing;
    std::set_difference(files.begin(), files.end(), rows.begin(), rows.end(), std::back_inserter(unlisted));
    std::set_difference(rows.begin(), rows.end(), files.begin(), files.end(), std::back_inserter(missing));
    for (const std::string& f : unlisted) FAIL_CHECK("corpus file without a row in EXPECTED.tsv: " << f);
    for (const std::string& f : missing) FAIL_CHECK("EXPECTED.tsv row without a corpus file: " << f);
}

TEST_CASE("hostile: atlas validate gives each corpus file's exit code and first line from EXPECTED.tsv") {
    for (const Expected& e : ReadExpected()) {
        if (!fs::exists(kHostileDir / "corpus" / e.file)) continue;  // reported by the test above
        Run r = Validate(e.file);
        std::string first = FirstLine(r.out);
        INFO("atlas validate " << e.file << "\n" << r.out.substr(0, 2000));
        REQUIRE(r.code >= 0);  // not killed by a signal
        CHECK(r.code <= 2);
        if (e.exit_code != "*") CHECK(std::to_string(r.code) == e.exit_code);
        if (e.first_line != "*") {
            CHECK(first == e.first_line);
        } else {
            // Reported, not pinned down: the line must still name the file it is about.
            bool names_file = first.rfind(e.file + ": ", 0) == 0 || first.find(" loaded, ") != std::string::npos;
            CHECK(names_file);
            if (!e.note.empty()) WARN("pending (" << e.note << "): " << e.file << " -> exit " << r.code << ": " << first.substr(0, 300));
        }
    }
}

TEST_CASE("hostile: every corpus file loads in-process with a report that matches the model") {
    for (const auto& entry : fs::directory_iterator(kHostileDir / "corpus")) {
        std::string bytes = ReadBytes(entry.path());
        INFO(entry.path().filename().string());
        atlas::Atlas atlas;
        atlas::LoadReport report = atlas::LoadAtlas(bytes, atlas);
        CHECK(report.usable == report.fatal.empty());
        CheckModel(atlas, report);
        // Loading is deterministic: the same bytes give the same report.
        atlas::Atlas again;
        atlas::LoadReport second = atlas::LoadAtlas(bytes, again);
        CHECK(second.fatal == report.fatal);
        CHECK(second.loaded == report.loaded);
        CHECK(second.rejected == report.rejected);
        CHECK(second.problems.size() == report.problems.size());
        CHECK(again.text == atlas.text);
    }
}

TEST_CASE("hostile: HTML and script in every text field load as text byte for byte") {
    const std::string script = "<script>alert(\"x\")</script><img src=x onerror=alert(1)>";
    atlas::Atlas atlas;
    atlas::LoadReport report = atlas::LoadAtlas(ReadBytes(kHostileDir / "corpus" / "html-and-script-everywhere.json"), atlas);
    REQUIRE(report.usable);
    REQUIRE(atlas.studies.size() == 1);
    const atlas::Study& s = atlas.studies[0];
    CHECK(atlas.header.title == "Atlas " + script);
    CHECK(atlas.header.source == script);
    CHECK(atlas.tag_categories.at(0).name == script);
    CHECK(atlas.LevelText(atlas::EvidenceLevel::E2).label == script);
    CHECK(atlas.Text(s.title) == "Title " + script);
    CHECK(atlas.Text(s.quick_summary) == "<p>quick_summary</p>" + script);
    CHECK(atlas.Item(s.limitations, 0) == script);
    CHECK(atlas.Item(s.authors, 0) == script);
    CHECK(atlas.Text(s.retraction_notice) == "javascript:alert(1) " + script);
}

// [SECTION] Generated big cases --------------------------------------------------------------

TEST_CASE("hostile: a 20 MB string in a study is rejected and the studies around it load") {
    const std::string big(20u << 20, 'x');
    atlas::Atlas atlas;
    atlas::LoadReport report;
    std::string doc = AroundValid(StudyWith("big-value", R"(,"why_it_matters":")" + big + "\""));
    Cost cost = MeasureLoad("20 MB string value", doc, atlas, report);
    INFO(Problems(report));
    REQUIRE(report.usable);
    CHECK(report.loaded == 20);
    CHECK(report.rejected == 1);
    CHECK(HasProblem(report, "big-value", "studies[10].why_it_matters", "expected at most 65536 bytes of text"));
    CheckValidKept(atlas);
    CheckModel(atlas, report);
    CheckBounded(cost, doc.size());
}

TEST_CASE("hostile: a 20 MB object key in a study is rejected and the studies around it load") {
    atlas::Atlas atlas;
    atlas::LoadReport report;
    std::string doc = AroundValid(StudyWith("big-key", ",\"" + std::string(20u << 20, 'k') + "\":1"));
    Cost cost = MeasureLoad("20 MB object key", doc, atlas, report);
    INFO(Problems(report));
    REQUIRE(report.usable);
    CHECK(report.loaded == 20);
    CHECK(report.rejected == 1);
    CHECK(HasProblem(report, "big-key", "studies[10]", "object key longer than 256 bytes"));
    CheckValidKept(atlas);
    CheckBounded(cost, doc.size());
}

TEST_CASE("hostile: a 20 MB header string does not stop the studies loading") {
    std::string studies;
    for (int i = 0; i < 10; ++i) studies += (i ? "," : "") + fixtures::Study("before-" + std::to_string(i));
    std::string doc = fixtures::Atlas(studies, ",\"source\":\"" + std::string(20u << 20, 's') + "\"");
    atlas::Atlas atlas;
    atlas::LoadReport report;
    Cost cost = MeasureLoad("20 MB header string", doc, atlas, report);
    INFO(Problems(report));
    REQUIRE(report.usable);
    CHECK(report.loaded == 10);
    CheckValidKept(atlas, 10, 0);
    CheckBounded(cost, doc.size());
}

// KNOWN BUG, reported: a top-level header string (source, license, generator, ...) is stored whole.
// Loader::string() hands a header scalar to SubtreeBuilder::Value, not ::String, so the 64 KiB cap
// is never applied to it. Remove [!shouldfail] when that is fixed.
TEST_CASE("hostile: header strings are capped at 64 KiB like study strings") {
    std::string doc = fixtures::Atlas(fixtures::Study("before-0"), ",\"source\":\"" + std::string(70000, 's') + "\"");
    atlas::Atlas atlas;
    atlas::LoadReport report = atlas::LoadAtlas(doc, atlas);
    INFO(Problems(report));
    REQUIRE(report.usable);
    CHECK(report.loaded == 1);
    CHECK(HasProblem(report, "header", "source", "expected at most 65536 bytes of text"));
    CHECK(atlas.header.source.size() <= 65536);
}

TEST_CASE("hostile: a million tags in one study are rejected and the studies around it load") {
    std::string tags = R"(,"tags":{"symptom":[)";
    tags.reserve(12u << 20);
    for (int i = 0; i < 1000000; ++i) tags += (i ? ",\"t" : "\"t") + std::to_string(i) + "\"";
    tags += "]}";
    // fixtures::Study already has "tags": replace its value rather than repeat the key.
    std::string study = fixtures::Study("many-tags");
    size_t at = study.find(",\"tags\":");
    study.replace(at, study.find('}', at) + 1 - at, tags);
    atlas::Atlas atlas;
    atlas::LoadReport report;
    std::string doc = AroundValid(study);
    Cost cost = MeasureLoad("1,000,000 tags in one study", doc, atlas, report);
    INFO(Problems(report));
    REQUIRE(report.usable);
    CHECK(report.loaded == 20);
    CHECK(report.rejected == 1);
    CHECK(HasProblem(report, "many-tags", "studies[10].tags.symptom", "items"));
    CheckValidKept(atlas);
    CHECK(atlas.tags.size() == 1);  // only the valid studies' "Fatigue"
    CheckBounded(cost, doc.size());
}

TEST_CASE("hostile: a million distinct tags over 10000 valid studies all load") {
    std::string studies;
    studies.reserve(24u << 20);
    for (int s = 0; s < 10000; ++s) {
        std::string study = fixtures::Study("s" + std::to_string(s));
        std::string tags = R"(,"tags":{"symptom":[)";
        for (int t = 0; t < 100; ++t) tags += (t ? ",\"" : "\"") + std::to_string(s * 100 + t) + "\"";
        tags += "]}";
        size_t at = study.find(",\"tags\":");
        study.replace(at, study.find('}', at) + 1 - at, tags);
        studies += (s ? "," : "") + study;
    }
    std::string doc = fixtures::Atlas(studies);
    atlas::Atlas atlas;
    atlas::LoadReport report;
    Cost cost = MeasureLoad("1,000,000 distinct tags, 10,000 studies", doc, atlas, report);
    INFO(Problems(report));
    REQUIRE(report.usable);
    CHECK(report.loaded == 10000);
    CHECK(report.rejected == 0);
    CHECK(atlas.tags.size() == 1000000);
    CHECK(atlas.study_tags.size() == 1000000);
    CheckModel(atlas, report);
    // Valid data, not hostile: each distinct tag costs ~120 bytes (Atlas::tags holds a 40-byte Tag, the
    // loader's interning map a node keyed by a copied "category\x1flabel") against ~13 bytes of input,
    // so ~124 MB for 12.8 MB here: 10x, not 4x.
    CheckBounded(cost, doc.size(), 10);
}

TEST_CASE("hostile: 200000-deep nesting inside a study is rejected and the studies around it load") {
    const size_t depth = 200000;
    for (bool objects : {false, true}) {
        std::string nest;
        nest.reserve(depth * 8);
        for (size_t i = 0; i < depth; ++i) nest += objects ? "{\"a\":" : "[";
        nest += "1";
        for (size_t i = 0; i < depth; ++i) nest += objects ? "}" : "]";
        atlas::Atlas atlas;
        atlas::LoadReport report;
        std::string doc = AroundValid(StudyWith("deep", ",\"x\":" + nest));
        Cost cost = MeasureLoad(objects ? "200,000-deep objects in a study" : "200,000-deep arrays in a study", doc,
                                atlas, report);
        INFO(Problems(report));
        REQUIRE(report.usable);
        CHECK(report.loaded == 20);
        CHECK(report.rejected == 1);
        CHECK(HasProblem(report, "deep", "studies[10].x", "nesting deeper than 16 levels"));
        CheckValidKept(atlas);
        CheckBounded(cost, doc.size());
    }
}

TEST_CASE("hostile: 200000-deep nesting at the top level and in the header and as a study") {
    const size_t depth = 200000;
    const std::string arrays = std::string(depth, '[') + std::string(depth, ']');
    atlas::Atlas atlas;
    atlas::LoadReport report;

    Cost cost = MeasureLoad("200,000-deep arrays as the document", arrays, atlas, report);
    CHECK_FALSE(report.usable);
    CHECK(report.fatal == "top level is an array, expected an object");
    CheckBounded(cost, arrays.size());

    std::string studies;
    for (int i = 0; i < 10; ++i) studies += (i ? "," : "") + fixtures::Study("before-" + std::to_string(i));
    std::string doc = fixtures::Atlas(studies, ",\"extra\":" + arrays);
    cost = MeasureLoad("200,000-deep arrays in the header", doc, atlas, report);
    INFO(Problems(report));
    REQUIRE(report.usable);
    CHECK(report.loaded == 10);
    CHECK(HasProblem(report, "header", "extra", "nesting deeper than 16 levels"));
    CheckValidKept(atlas, 10, 0);
    CheckBounded(cost, doc.size());

    doc = AroundValid(arrays);
    cost = MeasureLoad("200,000-deep arrays as a study", doc, atlas, report);
    REQUIRE(report.usable);
    CHECK(report.loaded == 20);
    CHECK(report.rejected == 1);
    CHECK(HasProblem(report, "#10", "studies[10]", "nesting deeper than 16 levels"));
    CheckValidKept(atlas);
    CheckBounded(cost, doc.size());

    // Truncated in the middle of the nesting: unusable, and said so.
    std::string truncated = "{" + fixtures::Header() + ",\"studies\":[" + fixtures::Study("before-0") + "," + std::string(depth, '[');
    cost = MeasureLoad("200,000-deep arrays, truncated", truncated, atlas, report);
    CHECK_FALSE(report.usable);
    CHECK(report.fatal.rfind("truncated: the document ends before the JSON is complete", 0) == 0);
}

TEST_CASE("hostile: a million and one studies: the study cap holds and problems past their cap are counted") {
    // 1,000,001 nulls: each is a rejected study; the one past the cap is reported once, the rest counted.
    std::string studies;
    studies.reserve(6u << 20);
    studies += fixtures::Study("before-0");
    for (int i = 0; i < 1000000; ++i) studies += ",null";
    std::string doc = fixtures::Atlas(studies);
    atlas::Atlas atlas;
    atlas::LoadReport report;
    Cost cost = MeasureLoad("1,000,001 studies (1 valid, 1,000,000 null)", doc, atlas, report);
    REQUIRE(report.usable);
    CHECK(report.loaded == 1);
    CHECK(report.rejected == 1000000);
    CHECK(report.problems.size() == atlas::LoadLimits{}.max_problems);
    CHECK(report.problems.size() + report.problems_dropped == report.errors + report.warnings);
    CHECK(report.problems.front().message == "expected a study object, got null");
    CheckValidKept(atlas, 1, 0);
    CheckBounded(cost, doc.size());
}

TEST_CASE("hostile: a 20 MB string with invalid UTF-8 at its end makes the file unusable and does not crash") {
    std::string doc = AroundValid(StudyWith("bad-utf8", R"(,"why_it_matters":")" + std::string(20u << 20, 'u') + "\xC3\x28\""));
    atlas::Atlas atlas;
    atlas::LoadReport report;
    Cost cost = MeasureLoad("20 MB string ending in invalid UTF-8", doc, atlas, report);
    CHECK_FALSE(report.usable);
    CHECK(report.fatal.rfind("invalid UTF-8 at line 1, column ", 0) == 0);
    CHECK(atlas.studies.empty());
    // ~149 MB for 21 MB: nlohmann puts the whole 20 MB token into its exception message ("last read:
    // '...'"), several times over, before the loader replaces the message with its own. Reported;
    // see the [!shouldfail] case below for the bound this should meet.
    CheckBounded(cost, doc.size(), 8);
}

// KNOWN BUG, reported: a parse error inside a long string costs ~7x the input in memory, and a file cut
// inside a long string gets the whole string back in its message (not valid JSON ... missing closing
// quote; last read: '"xxxx...60 KB'). Remove [!shouldfail] when both are fixed.
TEST_CASE("hostile: a parse error inside a 20 MB string costs at most 4x the input and gives a short message") {
    std::string doc = AroundValid(StudyWith("bad-utf8", R"(,"why_it_matters":")" + std::string(20u << 20, 'u') + "\xC3\x28\""));
    atlas::Atlas atlas;
    atlas::LoadReport report;
    Cost cost = MeasureLoad("20 MB string ending in invalid UTF-8 (4x)", doc, atlas, report);
    CheckBounded(cost, doc.size());
    std::string truncated = fixtures::Atlas(fixtures::Study("before-0")).substr(0, 100) + std::string(60000, 'x');
    report = atlas::LoadAtlas(truncated, atlas);
    CHECK_FALSE(report.usable);
    CHECK(report.fatal.size() < 1000);
    CHECK(report.fatal.rfind("truncated", 0) == 0);
}
