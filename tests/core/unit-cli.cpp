// unit-cli.cpp — the `atlas` tool as maintainers use it: exit codes, one line per problem,
// the summary line, and the round trip build -> validate on the real data.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "fixtures.h"

namespace fs = std::filesystem;

namespace {

struct Run {
    int code = -1;
    std::string out;
};

Run Atlas(const std::string& args) {
    Run run;
    std::string command = std::string(ATLAS_CLI) + " " + args + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe);
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
    int status = pclose(pipe);
    run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

std::string TempFile(const std::string& name, const std::string& content) {
    fs::path dir = fs::temp_directory_path() / "atlas-cli-tests";
    fs::create_directories(dir);
    fs::path path = dir / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
}

std::string LastLine(const std::string& text) {
    std::string t = text;
    while (!t.empty() && t.back() == '\n') t.pop_back();
    return t.substr(t.rfind('\n') == std::string::npos ? 0 : t.rfind('\n') + 1);
}

}  // namespace

TEST_CASE("cli: validate exits 0 when every record loads") {
    std::string file = TempFile("ok.json", fixtures::Atlas(fixtures::Study("a") + "," + fixtures::Study("b")));
    Run r = Atlas("validate " + file);
    CHECK(r.code == 0);
    CHECK(r.out == "2 loaded, 0 rejected, 0 warnings\n");
}

TEST_CASE("cli: validate exits 1 with one line per problem when records are rejected") {
    std::string bad = fixtures::Study("bad");
    bad.replace(bad.find("\"E2\""), 4, "\"E9\"");
    std::string file = TempFile("some-bad.json", fixtures::Atlas(bad + "," + fixtures::Study("good")));
    Run r = Atlas("validate " + file);
    CHECK(r.code == 1);
    CHECK(r.out == file + ": bad studies[0].evidence_level: expected one of E0, E1, E2, E3, got \"E9\"\n"
                          "1 loaded, 1 rejected, 0 warnings\n");
}

TEST_CASE("cli: validate exits 2 when the file is unusable or missing") {
    std::string file = TempFile("truncated.json", "{\"format\":\"mecfs-atlas\"");
    Run r = Atlas("validate " + file);
    CHECK(r.code == 2);
    CHECK(r.out == file + ": unusable: truncated: the document ends before the JSON is complete (line 1, column 24)\n");
    r = Atlas("validate /nonexistent/atlas.json");
    CHECK(r.code == 2);
    CHECK(r.out == "/nonexistent/atlas.json: cannot open file\n");
}

TEST_CASE("cli: unknown commands and missing arguments exit 2 with usage") {
    CHECK(Atlas("frobnicate").code == 2);
    CHECK(Atlas("validate").code == 2);
    CHECK(Atlas("synth --count many").code == 2);
}

TEST_CASE("cli: build the real data, then validate and lint the bundle") {
    std::string out = (fs::temp_directory_path() / "atlas-cli-tests" / "bundle.json").string();
    fs::create_directories(fs::path(out).parent_path());
    Run build = Atlas("build " + std::string(ATLAS_SOURCE_DIR) + "/data/studies -o " + out);
    INFO(build.out);
    CHECK(build.code == 0);
    Run validate = Atlas("validate " + out);
    INFO(validate.out);
    CHECK(validate.code == 0);
    int loaded = std::stoi(LastLine(validate.out));
    CHECK(loaded >= 37);  // the 41 original cards less four retired for want of a PMID or DOI in any record
    CHECK(LastLine(validate.out) == std::to_string(loaded) + " loaded, 0 rejected, 0 warnings");
    Run lint = Atlas("lint " + out);
    CHECK(lint.out.find(out + ": e78271f98f1e4b0b [pem-flag-contradiction] ") != std::string::npos);
    Run stats = Atlas("stats " + out);
    CHECK(stats.code == 0);
    CHECK(stats.out.rfind("studies\t" + std::to_string(loaded) + "\n", 0) == 0);
    CHECK(stats.out.find("evidence\tE0 Consensus\t") != std::string::npos);
    CHECK(stats.out.find("\nPEM unclear: ") != std::string::npos);
    CHECK(stats.out.find("tag\tMethod Flag: PEM Not Defined\t") != std::string::npos);
    // Building twice gives the same bytes.
    std::string again = out + ".again";
    Atlas("build " + std::string(ATLAS_SOURCE_DIR) + "/data/studies -o " + again);
    std::ifstream a(out, std::ios::binary), b(again, std::ios::binary);
    std::string bytes_a((std::istreambuf_iterator<char>(a)), {}), bytes_b((std::istreambuf_iterator<char>(b)), {});
    CHECK(bytes_a == bytes_b);
}

TEST_CASE("cli: synth writes an atlas that validates and says it is synthetic") {
    std::string out = TempFile("synth.json", "");
    Run r = Atlas("synth --count 50 --seed 7 -o " + out);
    CHECK(r.code == 0);
    Run v = Atlas("validate " + out);
    CHECK(v.code == 0);
    CHECK(v.out == "50 loaded, 0 rejected, 0 warnings\n");
    std::ifstream in(out);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    CHECK(text.find("\"synthetic\":true") != std::string::npos);
}

TEST_CASE("cli: import writes each skeleton and its abstract; build bundles only the skeletons") {
    fs::path dir = fs::temp_directory_path() / "atlas-cli-tests" / "import";
    fs::remove_all(dir);
    // Synthetic records: one with an abstract and a PMID, one DOI-only without an abstract, one skipped.
    std::string export_file = TempFile("import.nbib",
                                       "PMID- 70\nDP  - Apr 2019\nTI  - Synthetic title for a test record.\n"
                                       "FAU - Doe, Jane\nAB  - A synthetic abstract.\n\n"
                                       "DP  - 2020\nTI  - Synthetic record from another database.\nAU  - Roe R\n"
                                       "DO  - 10.1000/synthetic.71\n\n"
                                       "DP  - 2020\nTI  - Synthetic record with no identifier.\n");
    Run r = Atlas("import " + export_file + " -o " + dir.string());
    CHECK(r.code == 1);
    CHECK(r.out == "atlas import: " + export_file + ": record 3 (PMID ?): missing PMID or DOI\n"
                   "atlas import: 2 skeletons (1 with an abstract), 1 skipped\n");
    CHECK(fs::exists(dir / "doe-2019-synthetic-title-test.json"));
    CHECK(fs::exists(dir / "doe-2019-synthetic-title-test.abstract.txt"));
    CHECK(fs::exists(dir / "roe-2020-synthetic-record-another.json"));
    CHECK(!fs::exists(dir / "roe-2020-synthetic-record-another.abstract.txt"));
    // Run again: nothing is overwritten.
    r = Atlas("import " + export_file + " -o " + dir.string());
    CHECK(r.out.find("doe-2019-synthetic-title-test.abstract.txt exists, left as it is\n") != std::string::npos);

    std::string out = (dir / "bundle.json").string();
    Run build = Atlas("build " + dir.string() + " --header " + std::string(ATLAS_SOURCE_DIR) +
                      "/data/atlas-header.json -o " + out);
    INFO(build.out);
    CHECK(build.code == 0);
    CHECK(LastLine(build.out).rfind("atlas build: 2 loaded, 0 rejected, 0 warnings", 0) == 0);
}

TEST_CASE("cli: stats gives the share of studies whose PEM criterion is unclear") {
    std::string unclear = fixtures::Study("u");
    unclear.replace(unclear.find("\"pem\":\"required\""), 16, "\"pem\":\"unclear\"");
    std::string file = TempFile("pem-share.json", fixtures::Atlas(fixtures::Study("a") + "," + fixtures::Study("b") + "," + unclear));
    Run r = Atlas("stats " + file);
    CHECK(r.code == 0);
    CHECK(r.out.find("pem\tPEM required\t2\npem\tPEM not required\t0\npem\tPEM unclear\t1\nPEM unclear: 1 of 3 (33.3%)\n") !=
          std::string::npos);
    std::string empty = TempFile("empty.json", fixtures::Atlas(""));
    CHECK(Atlas("stats " + empty).out.find("PEM unclear: 0 of 0 (0.0%)\n") != std::string::npos);
}

TEST_CASE("cli: lint --expected passes only when exactly the listed notes come out") {
    std::string study = fixtures::Study("e", R"(,"doi":"10.1000/e")");
    study.replace(study.find("\"E2\""), 4, "\"E0\"");  // E0 on a Trial-RCT
    std::string file = TempFile("lint-expected.json", fixtures::Atlas(study));
    const std::string note = "e\te0-not-synthesis\tEvidence level E0 is meant for consensus documents and syntheses, but "
                             "this study is a Trial-RCT.";
    Run plain = Atlas("lint " + file);
    CHECK(plain.code == 1);
    CHECK(plain.out == file + ": e [e0-not-synthesis] Evidence level E0 is meant for consensus documents and syntheses, "
                              "but this study is a Trial-RCT.\n1 notes on 1 of 1 studies\n");
    Run expected = Atlas("lint " + file + " --expected " + TempFile("expected.tsv", "# the one note\n\n" + note + "\n"));
    CHECK(expected.code == 0);
    CHECK(LastLine(expected.out) == "1 notes on 1 of 1 studies (1 expected, 0 unexpected, 0 expected but not found)");
    CHECK(expected.out.find("Trial-RCT. (expected)\n") != std::string::npos);
    Run extra = Atlas("lint " + file + " --expected " + TempFile("extra.tsv", note + "\nz\tfuture-year\tSoon.\n"));
    CHECK(extra.code == 1);
    CHECK(extra.out.find(file + ": z [future-year] expected but not found: Soon.\n") != std::string::npos);
    Run none = Atlas("lint " + file + " --expected " + TempFile("none.tsv", "# nothing expected\n"));
    CHECK(none.code == 1);
    CHECK(LastLine(none.out) == "1 notes on 1 of 1 studies (0 expected, 1 unexpected, 0 expected but not found)");
    CHECK(Atlas("lint " + file + " --expected " + TempFile("bad.tsv", "no tabs here\n")).code == 2);
}
