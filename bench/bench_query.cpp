// bench_query.cpp — prints figures, never fails: the search index and queries on synthetic atlases.
// For each size: the index build time and size beside the load time and JSON size, and per query
// kind (single words, prefixes as typed, two words; the browser benchmark's set, web/bench.js) the
// p50/p95 of atlas::RunQuery (text, every facet count and the evidence gap map, relevance sort), as
// a ratio of the baseline measured in the same run: the same query call with no text (one pass of
// filters and counts over every study). Then the evidence gap map's own cases: the PEM switch, a
// cell chosen, a tag outside the topics (each grid then tests the other tags per study).
//   usage: atlas_bench_query [COUNT ...]     (default 1000 10000 100000)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "atlas/command.h"
#include "atlas/facets.h"
#include "atlas/load.h"
#include "atlas/query.h"
#include "atlas/search_index.h"
#include "atlas/synth.h"

namespace {

using Clock = std::chrono::steady_clock;
double MsSince(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

struct Kind { const char* name; std::vector<const char*> queries; };
const Kind kKinds[] = {
    {"single words", {"fatigue", "exercise", "orthostatic", "plasma", "cardiopulmonary", "metabolism", "sequencing",
                      "proteomic", "naltrexone", "rituximab", "housebound", "thomas", "cytotoxicity", "microbiome"}},
    {"prefixes", {"fa", "fat", "ex", "exe", "or", "ort", "pl", "pla", "na", "nat", "mi", "mit", "cy", "cyt"}},
    {"two words", {"chronic fatigue", "natural killer", "orthostatic intolerance", "healthy controls",
                   "multiple sclerosis", "systematic review", "cross sectional", "exercise induced", "single cell",
                   "fatigue severity", "heart rate", "natural ki"}},
    {"typos", {"fatigeu", "exercize", "orthostatc", "mitochondrail", "naltrexon"}},
};

double Percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, (size_t)(p * (v.size() - 1) + 0.5))];
}

std::vector<double> Time(const atlas::Atlas& atlas, const std::vector<const char*>& queries, int passes, size_t* results) {
    std::vector<double> ms;
    for (int pass = 0; pass <= passes; ++pass)
        for (const char* text : queries) {
            atlas::Query q;
            q.text = text;
            auto start = Clock::now();
            size_t n = atlas::RunQuery(atlas, q).studies.size();
            double t = MsSince(start);
            if (pass > 0) ms.push_back(t);  // pass 0 warms caches
            if (results) *results += n;
        }
    return ms;
}

// The gap map's cases: each a query built from a text and a few commands.
struct MapCase { const char* name; std::vector<const char*> texts; std::vector<const char*> commands; };

std::vector<double> TimeMap(const atlas::Atlas& atlas, const MapCase& c, int passes, size_t* results) {
    atlas::Query base;
    for (const char* command : c.commands) {
        std::string text = command;
        if (text.rfind("cell ", 0) == 0 || text.rfind("tag ", 0) == 0) {  // "cell topic E2": the first topic; "tag other": a symptom
            const bool cell = text[0] == 'c';
            for (uint32_t t = 0; t < atlas.tags.size(); ++t)
                if (atlas::IsTopicTag(atlas, t) == cell) { text = (cell ? "cell " : "tag ") + std::to_string(t) + (cell ? " E2" : ""); break; }
        }
        std::optional<atlas::Command> parsed = atlas::ParseCommand(atlas, text);
        if (parsed) atlas::ApplyQueryCommand(atlas, base, *parsed);
    }
    std::vector<double> ms;
    for (int pass = 0; pass <= passes; ++pass)
        for (const char* text : c.texts) {
            atlas::Query q = base;
            q.text = text;
            auto start = Clock::now();
            size_t n = atlas::RunQuery(atlas, q).studies.size();
            double t = MsSince(start);
            if (pass > 0) ms.push_back(t);
            if (results) *results += n;
        }
    return ms;
}

const MapCase kMapCases[] = {
    {"map: PEM switch", {"", "fatigue", "exe", "natural killer"}, {"pemonly on"}},
    {"map: a cell chosen", {"", "fatigue", "exe", "natural killer"}, {"cell topic E2"}},
    {"map: cell + PEM + size", {"", "fatigue", "exe", "natural killer"}, {"cell topic E2", "pemonly on", "toggle size 20-99"}},
    {"map: a tag outside topics", {"", "fatigue", "exe", "natural killer"}, {"tag other"}},
};

}  // namespace

int main(int argc, char** argv) {
    std::vector<size_t> counts;
    for (int i = 1; i < argc; ++i) counts.push_back((size_t)std::strtoull(argv[i], nullptr, 10));
    if (counts.empty()) counts = {1000, 10000, 100000};
    std::printf("| studies | JSON MB | load ms | of which index ms | index MB (÷ JSON) | terms | query kind | p50 ms | p95 ms | p95 ÷ no-text p95 | results/query |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
    for (size_t count : counts) {
        std::string json;
        atlas::SynthesizeAtlas({count, 1}, json);
        atlas::Atlas atlas;
        auto start = Clock::now();
        atlas::LoadReport report = atlas::LoadAtlas(json, atlas);
        double load_ms = MsSince(start);
        start = Clock::now();
        atlas::BuildSearchIndex(atlas);  // again, alone, to time it
        double index_ms = MsSince(start);
        if (!report.usable) {
            std::printf("| %zu | load failed: %s |\n", count, report.fatal.c_str());
            continue;
        }
        const int passes = count >= 100000 ? 5 : 20;
        const double json_mb = json.size() / 1048576.0, index_mb = atlas.search.MemoryBytes() / 1048576.0;
        const double base_p95 = Percentile(Time(atlas, {""}, passes * 4, nullptr), 0.95);
        std::printf("| %zu | %.1f | %.0f | %.0f | %.1f (%.2f×) | %u | no text (baseline) | | %.2f | 1 | %zu |\n", count, json_mb, load_ms,
                    index_ms, index_mb, index_mb / json_mb, atlas.search.TermCount(), base_p95, atlas.studies.size());
        for (const Kind& kind : kKinds) {
            size_t results = 0;
            std::vector<double> ms = Time(atlas, kind.queries, passes, &results);
            double p95 = Percentile(ms, 0.95);
            std::printf("| | | | | | | %s | %.2f | %.2f | %.2f | %zu |\n", kind.name, Percentile(ms, 0.5), p95, p95 / base_p95,
                        results / (kind.queries.size() * (passes + 1)));
        }
        for (const MapCase& map : kMapCases) {
            size_t results = 0;
            std::vector<double> ms = TimeMap(atlas, map, passes, &results);
            double p95 = Percentile(ms, 0.95);
            std::printf("| | | | | | | %s | %.2f | %.2f | %.2f | %zu |\n", map.name, Percentile(ms, 0.5), p95, p95 / base_p95,
                        results / (map.texts.size() * (passes + 1)));
        }
        const atlas::FacetCounts grid = atlas::RunQuery(atlas, atlas::Query{}).counts;
        std::printf("| | | | | | | (gap map: %zu topics × %d levels and × %d types) | | | | |\n", grid.grid_topics.size(),
                    atlas::kEvidenceLevelCount, atlas::kPublicationTypeCount);
        std::fflush(stdout);
    }
    return 0;
}
