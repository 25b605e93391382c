// fuzz_medline.cpp — atlas::ImportMedline on any text. What comes out must be what `atlas import`
// promises: one slug per record, each record a JSON object, each slug a valid file-name stem,
// problems in the "record N (PMID x): message" form, and skeletons the loader accepts (the importer
// trims authors and checks the title against the loader's caps for exactly that reason).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "atlas/load.h"
#include "atlas/medline.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    atlas::MedlineImport im = atlas::ImportMedline(text, "2026-01-02");
    FUZZ_CHECK(im.records.size() == im.slugs.size());
    FUZZ_CHECK(im.records.size() == im.abstracts.size());
    for (const std::string& a : im.abstracts) FUZZ_CHECK(a.empty() || fuzz::IsValidUtf8(a));
    for (const std::string& p : im.problems) FUZZ_CHECK(p.rfind("record ", 0) == 0);
    for (size_t i = 0; i < im.records.size(); ++i) {
        FUZZ_CHECK(fuzz::IsIdentifier(im.slugs[i]));
        FUZZ_CHECK(fuzz::IsValidUtf8(im.records[i]));
        nlohmann::json record = nlohmann::json::parse(im.records[i], nullptr, /*allow_exceptions=*/false);
        FUZZ_CHECK(record.is_object());
        FUZZ_CHECK(record.value("slug", std::string()) == im.slugs[i]);
    }
    for (size_t i = 0; i < im.slugs.size(); ++i)
        for (size_t j = i + 1; j < im.slugs.size(); ++j) FUZZ_CHECK(im.slugs[i] != im.slugs[j]);

    // Every skeleton the importer writes should load: wrap them in an atlas, as the unit test does.
    if (!im.records.empty()) {
        std::string doc = "{\"format\":\"mecfs-atlas\",\"format_version\":1,\"title\":\"import\","
                          "\"generated\":\"2026-01-02\",\"tag_categories\":[],\"studies\":[";
        for (size_t i = 0; i < im.records.size(); ++i) doc += (i ? "," : "") + im.records[i];
        doc += "]}";
        atlas::Atlas a;
        atlas::LoadReport report = atlas::LoadAtlas(doc, a);
        if (!report.usable || report.rejected) {
            std::fprintf(stderr, "import output does not load: %s\n", report.fatal.c_str());
            for (const atlas::Problem& p : report.problems) std::fprintf(stderr, "  %s\n", atlas::FormatProblem("import", p).c_str());
        }
        FUZZ_CHECK(report.usable);
        FUZZ_CHECK(report.rejected == 0);
        FUZZ_CHECK(report.loaded == im.records.size());
    }
    return 0;
}
