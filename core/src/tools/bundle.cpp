// bundle.cpp — `atlas build`: study files + header -> one deterministic, minified atlas document.
#include "atlas/bundle.h"

#include "atlas/model.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace atlas {

std::string ContentHash(std::string_view bytes) {
    uint64_t h = 14695981039346656037ull;  // FNV-1a 64 offset basis
    for (unsigned char c : bytes) { h ^= c; h *= 1099511628211ull; }
    char buf[32];
    std::snprintf(buf, sizeof buf, "fnv1a64:%016llx", (unsigned long long)h);
    return buf;
}

BundleResult BuildBundle(std::string_view header_json, const std::vector<BundleSource>& sources,
                         std::string_view generator) {
    using json = nlohmann::ordered_json;
    BundleResult result;
    json header = json::parse(header_json.begin(), header_json.end(), nullptr, false);
    if (header.is_discarded() || !header.is_object()) {
        result.problems.push_back("header: not a JSON object");
        return result;
    }
    struct Entry { int64_t year; std::string id; std::string text; std::string evidence, updated; };
    std::vector<Entry> entries;
    for (const BundleSource& src : sources) {
        json rec = json::parse(src.bytes.begin(), src.bytes.end(), nullptr, false);
        if (rec.is_discarded()) { result.problems.push_back(src.name + ": not valid JSON"); continue; }
        if (!rec.is_object()) { result.problems.push_back(src.name + ": expected a study object"); continue; }
        auto id = rec.find("id");
        auto year = rec.find("year");
        if (id == rec.end() || !id->is_string()) { result.problems.push_back(src.name + ": missing a string \"id\""); continue; }
        if (year == rec.end() || !year->is_number_integer()) {
            result.problems.push_back(src.name + ": missing an integer \"year\"");
            continue;
        }
        auto text_of = [&](const char* key) {
            auto it = rec.find(key);
            return it != rec.end() && it->is_string() ? it->get<std::string>() : std::string();
        };
        entries.push_back({year->get<int64_t>(), id->get<std::string>(),
                           rec.dump(-1, ' ', false, json::error_handler_t::replace), text_of("evidence_level"),
                           text_of("last_updated")});
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.year != b.year ? a.year > b.year : a.id < b.id;
    });
    std::string studies = "[";
    std::string generated;
    json per_level = json::object();
    for (int level = 0; level < kEvidenceLevelCount; ++level) per_level[std::string(EvidenceCode((EvidenceLevel)level))] = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
        if (i) studies += ',';
        studies += entries[i].text;
        generated = std::max(generated, entries[i].updated);
        if (per_level.contains(entries[i].evidence)) per_level[entries[i].evidence] = per_level[entries[i].evidence].get<int>() + 1;
    }
    studies += ']';

    json out = json::object();
    out["format"] = "mecfs-atlas";
    out["format_version"] = 1;
    for (auto it = header.begin(); it != header.end(); ++it)
        if (it.key() != "studies" && it.key() != "format" && it.key() != "format_version") out[it.key()] = it.value();
    if (!generated.empty()) out["generated"] = generated;
    out["generator"] = std::string(generator);
    out["counts"] = {{"studies", entries.size()}, {"evidence_levels", per_level}};
    out["content_hash"] = ContentHash(studies);
    std::string text = out.dump();
    text.pop_back();  // the closing brace: the studies array goes last, already minified
    text += ",\"studies\":";
    text += studies;
    text += '}';
    result.bundle = std::move(text);
    result.studies = entries.size();
    return result;
}

}  // namespace atlas
