// atlas — the command-line tool for atlas maintainers, built from the same core as the page.
//   atlas validate FILE          exit 0 all loaded, 1 some rejected or errors, 2 unusable
//   atlas lint FILE [--expected TSV]   data-quality notes, one a line; TSV: notes the atlas may carry
//   atlas build [DIR] [-o OUT] [--header FILE] [--base-url URL] [--previous OLD]
//                                merge data/studies/*.json into the bundle; with --base-url also
//                                feed.xml beside OUT (new and changed studies; the diff from OLD)
//   atlas diff OLD NEW [--html FILE]   studies added, removed, changed (and which fields)
//   atlas stats FILE             counts per evidence level, PEM criterion (and the share unclear), year, tag
//   atlas import FILE [-o DIR]   MEDLINE-format export -> study skeletons (+ <slug>.abstract.txt)
//   atlas synth --count N --seed S [-o OUT]      synthetic atlas for tests and benchmarks
//   atlas html FILE -o DIR [--base URL] [--previous OLD]   the text version: static HTML pages, one per study and topic
// This file is the only place that touches the file system and the clock.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "atlas/bundle.h"
#include "atlas/changes.h"
#include "atlas/feed.h"
#include "atlas/lint.h"
#include "atlas/load.h"
#include "atlas/medline.h"
#include "atlas/static_site.h"
#include "atlas/synth.h"
#include "atlas/topic.h"

namespace fs = std::filesystem;
using namespace atlas;

namespace {

constexpr const char* kVersion = "atlas 0.1.0";
constexpr int kExitOk = 0, kExitProblems = 1, kExitUnusable = 2;

const char* const kUsage =
    "usage: atlas <command> [arguments]\n"
    "  validate FILE                       check an atlas; exit 0 ok, 1 records rejected, 2 unusable\n"
    "  lint FILE [--expected TSV]          data-quality notes, one a line; with TSV (id, rule, message a\n"
    "                                      line), exit 0 only when exactly the listed notes come out\n"
    "  build [DIR] [-o OUT] [--header F] [--base-url URL] [--previous OLD]\n"
    "                                      merge DIR (default data/studies) into one atlas (default stdout);\n"
    "                                      with --base-url (where the site is served, ending in /) also\n"
    "                                      the Atom feed feed.xml beside OUT: the studies added or changed\n"
    "                                      since OLD (the atlas this one replaces), or without OLD the\n"
    "                                      studies updated most recently\n"
    "  diff OLD NEW [--html FILE]          studies added, removed and changed (with the fields that\n"
    "                                      changed); exit 0 no change, 1 changes, 2 unusable; with FILE\n"
    "                                      also the text version's \"Changes in this version\" page\n"
    "  stats FILE                          counts per evidence level, PEM criterion, year and tag\n"
    "  import FILE [-o DIR]                MEDLINE-format export (.txt/.nbib) to study skeletons, each\n"
    "                                      abstract beside its skeleton as <slug>.abstract.txt\n"
    "  synth --count N --seed S [-o OUT]   synthetic atlas for tests and benchmarks\n"
    "  html FILE -o DIR [--base URL] [--previous OLD] [--lang en|de|es|nb] [--language-links]\n"
    "                                      static HTML text version (DIR/index.html, changes.html, one\n"
    "                                      page a study and a topic); URL is the interactive atlas relative\n"
    "                                      to DIR (default ../); OLD the atlas this one replaces; the pages'\n"
    "                                      words in LANG (study text stays English); links to the\n"
    "                                      other languages' text versions (text/<lang>/)\n";

bool ReadFile(const std::string& path, std::string& out, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) { error = path + ": cannot open file"; return false; }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    out = buffer.str();
    return true;
}

bool WriteOutput(const std::string& path, const std::string& bytes) {
    if (path.empty() || path == "-") { std::fwrite(bytes.data(), 1, bytes.size(), stdout); return true; }
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), (std::streamsize)bytes.size());
    if (!out) { std::fprintf(stderr, "atlas: %s: cannot write file\n", path.c_str()); return false; }
    return true;
}

std::string Today() {
    std::time_t now = std::time(nullptr);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&now));
    return buf;
}

int CurrentYear() { return std::stoi(Today().substr(0, 4)); }

// Loads FILE, printing its problems; returns the exit code validate would give.
int LoadAndReport(const std::string& path, Atlas& atlas, bool print_summary) {
    std::string bytes, error;
    if (!ReadFile(path, bytes, error)) { std::fprintf(stderr, "%s\n", error.c_str()); return kExitUnusable; }
    LoadReport report = LoadAtlas(bytes, atlas);
    if (!report.usable) {
        std::printf("%s: unusable: %s\n", path.c_str(), report.fatal.c_str());
        return kExitUnusable;
    }
    for (const Problem& p : report.problems) std::printf("%s\n", FormatProblem(path, p).c_str());
    if (report.problems_dropped)
        std::printf("%s: ... %zu more problems not shown\n", path.c_str(), report.problems_dropped);
    if (print_summary) std::printf("%s\n", FormatSummary(report).c_str());
    return report.rejected || report.errors ? kExitProblems : kExitOk;
}

// Loads FILE for a command that reports on the records rather than on their problems: only an
// unusable file is said, in validate's words.
bool LoadQuietly(const std::string& path, Atlas& atlas) {
    std::string bytes, error;
    if (!ReadFile(path, bytes, error)) { std::fprintf(stderr, "%s\n", error.c_str()); return false; }
    LoadReport report = LoadAtlas(bytes, atlas);
    if (!report.usable) std::printf("%s: unusable: %s\n", path.c_str(), report.fatal.c_str());
    return report.usable;
}

int Validate(const std::vector<std::string>& args) {
    if (args.size() != 1) { std::fputs(kUsage, stderr); return kExitUnusable; }
    Atlas atlas;
    return LoadAndReport(args[0], atlas, true);
}

// Notes the atlas is expected to carry (data/lint-expected.tsv): "id<TAB>rule<TAB>message" lines;
// blank lines and lines starting with '#' are comments.
bool ReadExpected(const std::string& path, std::set<std::string>& expected) {
    std::string text, error;
    if (!ReadFile(path, text, error)) { std::fprintf(stderr, "atlas lint: %s\n", error.c_str()); return false; }
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        if (std::count(line.begin(), line.end(), '\t') != 2) {
            std::fprintf(stderr, "atlas lint: %s: not \"id<TAB>rule<TAB>message\": %s\n", path.c_str(), line.c_str());
            return false;
        }
        expected.insert(line);
    }
    return true;
}

// Every note of every study (atlas::LintAtlas), one a line. With --expected, notes listed in that
// file are marked and the exit code says whether anything else (or less) came out.
int Lint(const std::vector<std::string>& args) {
    std::string path, expected_path;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--expected" && i + 1 < args.size()) expected_path = args[++i];
        else if (path.empty() && !args[i].empty() && args[i][0] != '-') path = args[i];
        else { std::fputs(kUsage, stderr); return kExitUnusable; }
    }
    if (path.empty()) { std::fputs(kUsage, stderr); return kExitUnusable; }
    std::set<std::string> expected;
    if (!expected_path.empty() && !ReadExpected(expected_path, expected)) return kExitUnusable;
    std::string bytes, error;
    if (!ReadFile(path, bytes, error)) { std::fprintf(stderr, "%s\n", error.c_str()); return kExitUnusable; }
    Atlas atlas;
    LoadReport report = LoadAtlas(bytes, atlas);
    if (!report.usable) { std::printf("%s: unusable: %s\n", path.c_str(), report.fatal.c_str()); return kExitUnusable; }
    std::vector<std::vector<LintNote>> all = LintAtlas(atlas, CurrentYear(), bytes);
    size_t notes = 0, studies = 0, unexpected = 0;
    std::set<std::string> seen;
    for (size_t i = 0; i < atlas.studies.size(); ++i) {
        std::string id(atlas.Text(atlas.studies[i].id));
        studies += !all[i].empty();
        for (const LintNote& n : all[i]) {
            std::string key = id + "\t" + n.rule + "\t" + n.message;
            bool is_expected = expected.count(key) != 0;
            seen.insert(key);
            unexpected += !expected_path.empty() && !is_expected;
            std::printf("%s: %s [%s] %s%s\n", path.c_str(), id.c_str(), n.rule.c_str(), n.message.c_str(),
                        is_expected ? " (expected)" : "");
            ++notes;
        }
    }
    size_t missing = 0;
    for (const std::string& key : expected) {
        if (seen.count(key)) continue;
        size_t tab = key.find('\t'), tab2 = key.find('\t', tab + 1);
        std::printf("%s: %s [%s] expected but not found: %s\n", path.c_str(), key.substr(0, tab).c_str(),
                    key.substr(tab + 1, tab2 - tab - 1).c_str(), key.substr(tab2 + 1).c_str());
        ++missing;
    }
    std::printf("%zu notes on %zu of %zu studies", notes, studies, atlas.studies.size());
    if (!expected_path.empty()) std::printf(" (%zu expected, %zu unexpected, %zu expected but not found)",
                                            notes - unexpected, unexpected, missing);
    std::printf("\n");
    if (!expected_path.empty()) return unexpected || missing ? kExitProblems : kExitOk;
    return notes ? kExitProblems : kExitOk;
}

int Build(const std::vector<std::string>& args) {
    std::string dir = "data/studies", out_path, header_path, base_url, previous_path;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "-o" && i + 1 < args.size()) out_path = args[++i];
        else if (args[i] == "--header" && i + 1 < args.size()) header_path = args[++i];
        else if (args[i] == "--base-url" && i + 1 < args.size()) base_url = args[++i];
        else if (args[i] == "--previous" && i + 1 < args.size()) previous_path = args[++i];
        else if (args[i][0] != '-') dir = args[i];
        else { std::fputs(kUsage, stderr); return kExitUnusable; }
    }
    if (header_path.empty()) header_path = (fs::path(dir).parent_path() / "atlas-header.json").string();
    if (!base_url.empty() && !IsFeedBaseUrl(base_url)) {
        std::fprintf(stderr, "atlas build: --base-url must be an absolute http(s) URL ending in / (no ? or #): %s\n", base_url.c_str());
        return kExitUnusable;
    }
    if (!base_url.empty() && (out_path.empty() || out_path == "-")) {
        std::fprintf(stderr, "atlas build: --base-url writes feed.xml beside the bundle: give -o OUT\n");
        return kExitUnusable;
    }
    if (!previous_path.empty() && base_url.empty()) {
        std::fprintf(stderr, "atlas build: --previous is for the feed: give --base-url too\n");
        return kExitUnusable;
    }
    Atlas previous;
    if (!previous_path.empty() && !LoadQuietly(previous_path, previous)) return kExitUnusable;
    std::string header, error;
    if (!ReadFile(header_path, header, error)) { std::fprintf(stderr, "atlas build: %s\n", error.c_str()); return kExitUnusable; }
    std::error_code ec;
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path().string());
    if (ec) { std::fprintf(stderr, "atlas build: %s: %s\n", dir.c_str(), ec.message().c_str()); return kExitUnusable; }
    std::sort(files.begin(), files.end());
    std::vector<BundleSource> sources;
    for (const std::string& f : files) {
        BundleSource src{fs::path(f).filename().string(), {}};
        if (!ReadFile(f, src.bytes, error)) { std::fprintf(stderr, "atlas build: %s\n", error.c_str()); return kExitUnusable; }
        sources.push_back(std::move(src));
    }
    BundleResult result = BuildBundle(header, sources, kVersion);
    for (const std::string& p : result.problems) std::fprintf(stderr, "atlas build: %s\n", p.c_str());
    if (result.bundle.empty()) return kExitUnusable;
    // The bundle must load as a whole: validate it with the page's own loader before writing.
    Atlas atlas;
    LoadReport report = LoadAtlas(result.bundle, atlas);
    if (!report.usable) { std::fprintf(stderr, "atlas build: bundle unusable: %s\n", report.fatal.c_str()); return kExitUnusable; }
    for (const Problem& p : report.problems) std::fprintf(stderr, "%s\n", FormatProblem("atlas build", p).c_str());
    if (!WriteOutput(out_path, result.bundle)) return kExitUnusable;
    std::fprintf(stderr, "atlas build: %s (%zu bytes)\n", FormatSummary(report).c_str(), result.bundle.size());
    if (!base_url.empty()) {
        FeedOptions feed{base_url, previous_path.empty() ? nullptr : &previous, 50};
        std::string feed_path = (fs::path(out_path).parent_path() / "feed.xml").string();
        if (!WriteOutput(feed_path, AtomFeed(atlas, feed))) return kExitUnusable;
        std::fprintf(stderr, "atlas build: %s (%s)\n", feed_path.c_str(),
                     previous_path.empty() ? "studies updated most recently" : ("changes since " + previous_path).c_str());
    }
    return report.rejected || report.errors || !result.problems.empty() ? kExitProblems : kExitOk;
}

// Two atlases compared by study id. Exit codes as diff(1): 0 the same studies, 1 differences, 2 trouble.
int Diff(const std::vector<std::string>& args) {
    std::vector<std::string> paths;
    std::string html_path;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--html" && i + 1 < args.size()) html_path = args[++i];
        else if (!args[i].empty() && args[i][0] != '-') paths.push_back(args[i]);
        else { std::fputs(kUsage, stderr); return kExitUnusable; }
    }
    if (paths.size() != 2) { std::fputs(kUsage, stderr); return kExitUnusable; }
    Atlas old_atlas, new_atlas;
    if (!LoadQuietly(paths[0], old_atlas) || !LoadQuietly(paths[1], new_atlas)) return kExitUnusable;
    AtlasDiff diff = DiffAtlases(old_atlas, new_atlas);
    std::string report = FormatDiff(old_atlas, new_atlas, diff);
    std::fwrite(report.data(), 1, report.size(), stdout);
    if (!html_path.empty()) {
        StaticSiteOptions options;
        options.previous = &old_atlas;
        options.build_date = Today();
        if (!WriteOutput(html_path, StaticChangesPage(new_atlas, options))) return kExitUnusable;
    }
    return diff.Empty() ? kExitOk : kExitProblems;
}

int Stats(const std::vector<std::string>& args) {
    if (args.size() != 1) { std::fputs(kUsage, stderr); return kExitUnusable; }
    Atlas atlas;
    if (!LoadQuietly(args[0], atlas)) return kExitUnusable;
    size_t level[kEvidenceLevelCount] = {}, pem[3] = {}, retracted = 0;
    std::map<int, size_t> years;
    std::vector<size_t> tags(atlas.tags.size());
    for (const Study& s : atlas.studies) {
        level[(int)s.evidence]++;
        pem[(int)s.pem]++;
        years[s.year]++;
        retracted += s.retracted;
        for (uint32_t i = 0; i < s.tags.count; ++i) tags[atlas.TagIndex(s.tags, i)]++;
    }
    std::printf("studies\t%zu\n", atlas.studies.size());
    for (int i = 0; i < kEvidenceLevelCount; ++i)
        std::printf("evidence\t%s %s\t%zu\n", EvidenceCode((EvidenceLevel)i).data(),
                    atlas.LevelText((EvidenceLevel)i).label.c_str(), level[i]);
    for (int i = 0; i < 3; ++i) std::printf("pem\t%s\t%zu\n", PemLabel((PemCriterion)i).data(), pem[i]);
    // The atlas's main badge says nothing when PEM is unclear: its share, in words (issue 12 wants <= 30%).
    size_t unclear = pem[(int)PemCriterion::Unclear], total = atlas.studies.size();
    std::printf("PEM unclear: %zu of %zu (%.1f%%)\n", unclear, total, total ? 100.0 * (double)unclear / (double)total : 0.0);
    std::printf("retracted\t%zu\n", retracted);
    for (auto& [year, n] : years) std::printf("year\t%d\t%zu\n", year, n);
    for (size_t c = 0; c < atlas.tag_categories.size(); ++c)
        for (size_t t = 0; t < atlas.tags.size(); ++t)
            if (atlas.tags[t].category == c)
                std::printf("tag\t%s: %s\t%zu\n", atlas.tag_categories[c].name.c_str(), atlas.tags[t].label.c_str(), tags[t]);
    return kExitOk;
}

int Import(const std::vector<std::string>& args) {
    std::string in_path, out_dir;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "-o" && i + 1 < args.size()) out_dir = args[++i];
        else if (in_path.empty()) in_path = args[i];
        else { std::fputs(kUsage, stderr); return kExitUnusable; }
    }
    if (in_path.empty()) { std::fputs(kUsage, stderr); return kExitUnusable; }
    std::string text, error;
    if (!ReadFile(in_path, text, error)) { std::fprintf(stderr, "atlas import: %s\n", error.c_str()); return kExitUnusable; }
    MedlineImport result = ImportMedline(text, Today());
    for (const std::string& p : result.problems) std::fprintf(stderr, "atlas import: %s: %s\n", in_path.c_str(), p.c_str());
    if (out_dir.empty()) {
        std::printf("[");
        for (size_t i = 0; i < result.records.size(); ++i) std::printf("%s%s", i ? ",\n" : "\n", result.records[i].c_str());
        std::printf("\n]\n");
    } else {
        fs::create_directories(out_dir);
        // Each skeleton, and its abstract beside it (<slug>.abstract.txt: `build` bundles only *.json).
        for (size_t i = 0; i < result.records.size(); ++i) {
            fs::path path = fs::path(out_dir) / (result.slugs[i] + ".json");
            fs::path abstract = fs::path(out_dir) / AbstractFileName(result.slugs[i]);
            std::string record = result.records[i] + "\n";
            for (const auto& [file, bytes] : {std::pair<const fs::path&, const std::string&>{path, record},
                                              {abstract, result.abstracts[i]}}) {
                if (bytes.empty()) continue;
                if (fs::exists(file)) { std::fprintf(stderr, "atlas import: %s exists, left as it is\n", file.c_str()); continue; }
                if (!WriteOutput(file.string(), bytes)) return kExitUnusable;
            }
        }
    }
    size_t abstracts = 0;
    for (const std::string& a : result.abstracts) abstracts += !a.empty();
    std::fprintf(stderr, "atlas import: %zu skeletons (%zu with an abstract), %zu skipped\n", result.records.size(), abstracts,
                 result.problems.size());
    if (result.records.empty()) return kExitUnusable;
    return result.problems.empty() ? kExitOk : kExitProblems;
}

int Synth(const std::vector<std::string>& args) {
    SynthOptions options;
    std::string out_path;
    for (size_t i = 0; i + 1 < args.size() + 1; ++i) {
        if (i + 1 >= args.size()) { std::fputs(kUsage, stderr); return kExitUnusable; }
        const std::string& flag = args[i];
        const std::string& value = args[++i];
        char* end = nullptr;
        unsigned long long n = std::strtoull(value.c_str(), &end, 10);
        bool number = !value.empty() && end && *end == '\0';
        if (flag == "--count" && number) options.count = (size_t)n;
        else if (flag == "--seed" && number) options.seed = n;
        else if (flag == "-o") out_path = value;
        else { std::fputs(kUsage, stderr); return kExitUnusable; }
    }
    std::string out;
    SynthesizeAtlas(options, out);
    return WriteOutput(out_path, out) ? kExitOk : kExitUnusable;
}

// The text version: index.html, static.css, one page per study and one per topic (topic/), written into DIR. Exit codes as
// validate's; rejected records are reported and the valid ones still get their pages.
int Html(const std::vector<std::string>& args) {
    std::string in_path, out_dir, previous_path;
    StaticSiteOptions options;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "-o" && i + 1 < args.size()) out_dir = args[++i];
        else if (args[i] == "--base" && i + 1 < args.size()) options.app_base = args[++i];
        else if (args[i] == "--previous" && i + 1 < args.size()) previous_path = args[++i];
        else if (args[i] == "--lang" && i + 1 < args.size()) {
            if (!ParseLang(args[++i], options.lang) || args[i].size() != 2) {
                std::fprintf(stderr, "atlas html: --lang: one of en, de, es, nb\n");
                return kExitUnusable;
            }
        } else if (args[i] == "--language-links") options.language_links = true;
        else if (in_path.empty() && !args[i].empty() && args[i][0] != '-') in_path = args[i];
        else { std::fputs(kUsage, stderr); return kExitUnusable; }
    }
    if (in_path.empty() || out_dir.empty()) { std::fputs(kUsage, stderr); return kExitUnusable; }
    Atlas atlas;
    int code = LoadAndReport(in_path, atlas, false);
    if (code == kExitUnusable) return code;
    options.build_date = Today();
    Atlas previous;
    if (!previous_path.empty()) {
        if (!LoadQuietly(previous_path, previous)) return kExitUnusable;
        options.previous = &previous;
    }
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec) { std::fprintf(stderr, "atlas html: %s: %s\n", out_dir.c_str(), ec.message().c_str()); return kExitUnusable; }
    auto write = [&](const std::string& name, std::string_view bytes) {
        return WriteOutput((fs::path(out_dir) / name).string(), std::string(bytes));
    };
    // One page at a time (BuildStaticSite would hold them all): a large atlas stays small in memory.
    if (!write("static.css", StaticStylesheet()) || !write("index.html", StaticIndexPage(atlas, options)) ||
        !write("changes.html", StaticChangesPage(atlas, options)))
        return kExitUnusable;
    size_t pages = 2;
    for (size_t i = 0; i < atlas.studies.size(); ++i) {
        std::string page = StaticStudyPage(atlas, i, options);
        if (page.empty()) continue;
        if (!write(StaticStudyPath(atlas.Text(atlas.studies[i].slug)), page)) return kExitUnusable;
        ++pages;
    }
    std::vector<uint32_t> topics = TopicTags(atlas);
    if (!topics.empty()) {
        fs::create_directories(fs::path(out_dir) / "topic", ec);
        if (ec) { std::fprintf(stderr, "atlas html: %s/topic: %s\n", out_dir.c_str(), ec.message().c_str()); return kExitUnusable; }
    }
    for (uint32_t tag : topics) {
        if (!write(StaticTopicPath(TopicSlug(atlas, tag)), StaticTopicPage(atlas, tag, options))) return kExitUnusable;
        ++pages;
    }
    std::printf("atlas html: %zu pages written to %s\n", pages, out_dir.c_str());
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) { std::fputs(kUsage, stderr); return kExitUnusable; }
    std::string command = argv[1];
    std::vector<std::string> args(argv + 2, argv + argc);
    if (command == "validate") return Validate(args);
    if (command == "lint") return Lint(args);
    if (command == "build") return Build(args);
    if (command == "diff") return Diff(args);
    if (command == "stats") return Stats(args);
    if (command == "import") return Import(args);
    if (command == "synth") return Synth(args);
    if (command == "html") return Html(args);
    if (command == "--version") { std::printf("%s\n", kVersion); return kExitOk; }
    if (command == "--help" || command == "-h") { std::fputs(kUsage, stdout); return kExitOk; }
    std::fprintf(stderr, "atlas: unknown command '%s'\n%s", command.c_str(), kUsage);
    return kExitUnusable;
}
