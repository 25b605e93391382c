// fixtures.h — literal atlas documents for the native tests.
#pragma once
#include <fstream>
#include <sstream>
#include <string>

namespace fixtures {

// A complete, valid study record; tests replace parts of it.
// Each id gets its own PMID, so that distinct fixture studies are distinct papers.
inline std::string PmidFor(const std::string& id) {
    unsigned sum = 0;
    for (char c : id) sum = sum * 31 + (unsigned char)c;
    return std::to_string(100000 + sum % 900000);
}

inline std::string Study(const std::string& id = "s1", const std::string& extra = "") {
    return R"({"id":")" + id + R"(","slug":")" + id + R"(-slug","title":"A study","authors":["Doe, Jane"],)"
           R"("journal":"A Journal","year":2020,"pmid":")" + PmidFor(id) + R"(","evidence_level":"E2","confidence":"high",)"
           R"("pem":"required","case_definitions":["CCC"],"publication_type":"Trial-RCT",)"
           R"("peer_review":"peer_reviewed","review_status":"machine_draft",)"
           R"("sections":{"quick_summary":"Summary."},"tags":{"symptom":["Fatigue"]},"last_updated":"2026-01-02")" +
           extra + "}";
}

inline std::string Header(const std::string& extra = "") {
    return R"("format":"mecfs-atlas","format_version":1,"title":"Test atlas","generated":"2026-01-02",)"
           R"("tag_categories":[{"id":"symptom","name":"Symptom"},{"id":"method_flag","name":"Method Flag"}])" +
           extra;
}

inline std::string Atlas(const std::string& studies, const std::string& header_extra = "") {
    return "{" + Header(header_extra) + R"(,"studies":[)" + studies + "]}";
}

// A file of the source tree (ATLAS_SOURCE_DIR is set by tests/CMakeLists.txt).
inline std::string ReadSource(const std::string& relative) {
    std::ifstream in(std::string(ATLAS_SOURCE_DIR) + "/" + relative, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The real header (data/atlas-header.json) with the fields `atlas build` adds, around some studies.
inline std::string RealAtlasDocument(const std::string& studies) {
    std::string header = ReadSource("data/atlas-header.json");
    header.erase(header.rfind('}'));
    header.erase(0, header.find('{') + 1);
    return "{\"format\":\"mecfs-atlas\",\"format_version\":1,\"generated\":\"2026-04-07\"," + header +
           ",\"studies\":[" + studies + "]}";
}

// The seed study in the real header.
inline std::string SeedAtlasDocument() {
    return RealAtlasDocument(ReadSource("data/studies/twisk-2009-review-cognitive.json"));
}

}  // namespace fixtures
