// bench_load.cpp — prints figures, never fails: the native load of synthetic atlases by every
// candidate loader, in the same run, against nlohmann::json::parse of the same bytes.
//   atlas::LoadAtlas          the shipped loader: the record scanner, validation, model, search index
//     … without the index     the same, the index build timed apart and taken off
//   streamed, 256 KB chunks   AtlasStreamLoader fed as the page feeds it
//   reference (before)        tests/reference: nlohmann's SAX parser, one DOM per study, then validation
//   nlohmann SAX, no handler  nlohmann's tokenizer alone: the floor of any loader built on its SAX events
//   nlohmann::json::parse     a DOM of the whole document, no validation, no model
//   simdjson On-Demand        (when Debian's libsimdjson-dev is installed) every study's fields read
//                             into strings, no checks of ours: the floor of a loader built on simdjson;
//                             built for AVX2, and built generic (its scalar "fallback" kernel, which is
//                             what a wasm build gets: simdjson 3.0.1 has no wasm SIMD kernel)
// Each measurement runs in a forked child, so its peak memory is its own; best of 3 for time.
//   usage: atlas_bench_load [COUNT ...]     (default 1000 10000 100000)
#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "atlas/load.h"
#include "atlas/synth.h"
#include "load_reference.h"


#ifdef ATLAS_BENCH_SIMDJSON
size_t SimdjsonStudiesBuiltin(const std::string& json);  // bench_simdjson.cpp, built as the compiler targets
size_t SimdjsonStudiesHaswell(const std::string& json);  // the same, built for AVX2 (this machine's best)
const char* SimdjsonBuiltinName();
#endif

namespace {

long ReadStatusKb(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    size_t n = std::strlen(key);
    while (std::getline(in, line))
        if (line.compare(0, n, key) == 0) return std::atol(line.c_str() + n + 1);
    return -1;
}

void ResetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }

struct Figure { double cold_ms = 0, warm_ms = 0, peak_mb = 0, part_ms = 0; size_t studies = 0; };

// Runs `work` twice in a child: cold (its memory fresh from the system) and warm (the memory the first
// run freed reused: malloc keeps it). Returns both times and the peak resident memory the first run
// added. `work` returns the studies it read and may set `part_ms` (a part of its time measured apart).
// Why both: on this machine (a VM) a first touch of a page costs 15-30 µs, so a load that builds a
// model of half the JSON's size pays a fault per 4 KB it writes; warm figures are the loader's own work.
Figure Measure(const std::function<size_t(double&)>& work) {
    int fds[2];
    if (pipe(fds) != 0) std::abort();
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        mallopt(M_MMAP_THRESHOLD, 1 << 30);  // large blocks from the heap, and freed ones kept there
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
        ResetPeak();
        long base_kb = ReadStatusKb("VmRSS:");
        Figure f;
        for (int run = 0; run < 2; ++run) {
            double part = 0;
            auto start = std::chrono::steady_clock::now();
            f.studies = work(part);
            double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            if (part > 0) ms -= 2 * part;  // the index was built twice: once in LoadAtlas, once timed apart
            (run == 0 ? f.cold_ms : f.warm_ms) = ms;
            f.part_ms = part;
            if (run == 0) f.peak_mb = (ReadStatusKb("VmHWM:") - base_kb) / 1024.0;
        }
        if (write(fds[1], &f, sizeof f) != (ssize_t)sizeof f) _exit(1);
        _exit(0);
    }
    close(fds[1]);
    Figure f;
    if (read(fds[0], &f, sizeof f) != (ssize_t)sizeof f) std::fprintf(stderr, "bench: child failed\n");
    close(fds[0]);
    waitpid(pid, nullptr, 0);
    return f;
}

struct NullSax {
    using json = nlohmann::json;
    size_t studies = 0;
    int depth = 0;
    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(json::number_integer_t) { return true; }
    bool number_unsigned(json::number_unsigned_t) { return true; }
    bool number_float(json::number_float_t, const std::string&) { return true; }
    bool string(std::string&) { return true; }
    bool binary(json::binary_t&) { return true; }
    bool key(std::string&) { return true; }
    bool start_object(std::size_t) { studies += ++depth == 3; return true; }
    bool start_array(std::size_t) { ++depth; return true; }
    bool end_object() { --depth; return true; }
    bool end_array() { --depth; return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }
};


struct Candidate {
    const char* name;
    std::function<size_t(const std::string&, double&)> run;
};

}  // namespace

int main(int argc, char** argv) {
    std::vector<size_t> counts;
    for (int i = 1; i < argc; ++i) counts.push_back(std::strtoull(argv[i], nullptr, 10));
    if (counts.empty()) counts = {1000, 10000, 100000};

    std::vector<Candidate> candidates = {
        {"atlas::LoadAtlas (scanner, validation, model, index)", [](const std::string& json, double&) {
             atlas::Atlas atlas;
             return atlas::LoadAtlas(json, atlas).loaded;
         }},
        {"… less the index (MakeSearchIndex timed apart, taken off)", [](const std::string& json, double& part) {
             atlas::Atlas atlas;
             size_t n = atlas::LoadAtlas(json, atlas).loaded;
             auto start = std::chrono::steady_clock::now();
             atlas::BuildSearchIndex(atlas);  // built again: timed apart and taken off below
             part = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
             return n;
         }},
        {"AtlasStreamLoader, 256 KB chunks (as the page)", [](const std::string& json, double&) {
             atlas::Atlas atlas;
             atlas::AtlasStreamLoader loader(atlas, {}, json.size());
             for (size_t at = 0; at < json.size(); at += 256 * 1024) loader.Feed(std::string_view(json).substr(at, 256 * 1024));
             return loader.Finish().loaded;
         }},
        {"reference: the loader before (SAX + DOM per study)", [](const std::string& json, double&) {
             atlas::Atlas atlas;
             return atlas::reference::LoadAtlas(json, atlas).loaded;
         }},
        {"nlohmann SAX, no handler work (its tokenizer alone)", [](const std::string& json, double&) {
             NullSax sax;
             nlohmann::json::sax_parse(json, &sax);
             return sax.studies;
         }},
        {"nlohmann::json::parse (DOM only)", [](const std::string& json, double&) {
             nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
             return doc.is_discarded() ? (size_t)0 : doc["studies"].size();
         }},
#ifdef ATLAS_BENCH_SIMDJSON
        {"simdjson 3.0.1 On-Demand, AVX2 kernel (-O3 -mavx2)", [](const std::string& json, double&) { return SimdjsonStudiesHaswell(json); }},
        {"simdjson 3.0.1 On-Demand, generic build (the kernel wasm would get)", [](const std::string& json, double&) { return SimdjsonStudiesBuiltin(json); }},
#endif
    };

    std::printf("Native load, every candidate on the same bytes in the same run (synthetic atlases, seed 42).\n");
    std::printf("Each in a fresh child process: cold = first run (pages fresh from the system), warm = second run\n");
    std::printf("(memory reused). Best of 3 for each time. Peak = resident memory the first run added (input\n");
    std::printf("excluded). MB = 2^20 bytes. The ratio compares warm times with LoadAtlas's in the same run.\n\n");
    std::printf("| studies | JSON MB | candidate | cold ms | cold MB/s | warm ms | warm MB/s | peak MB | warm time ÷ LoadAtlas |\n");
    std::printf("|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for (size_t count : counts) {
        std::string json;
        atlas::SynthesizeAtlas({count, 42}, json);
        double mb = json.size() / (1024.0 * 1024.0);
        std::vector<Figure> best(candidates.size());
        for (int run = 0; run < 3; ++run) {
            for (size_t c = 0; c < candidates.size(); ++c) {
                Figure f = Measure([&](double& part) { return candidates[c].run(json, part); });
                if (run == 0) { best[c] = f; continue; }
                best[c].cold_ms = std::min(best[c].cold_ms, f.cold_ms);
                best[c].warm_ms = std::min(best[c].warm_ms, f.warm_ms);
                best[c].peak_mb = std::min(best[c].peak_mb, f.peak_mb);
            }
        }
        for (size_t c = 0; c < candidates.size(); ++c) {
            const Figure& f = best[c];
            std::printf("| %zu | %.1f | %s | %.1f | %.0f | %.1f | %.0f | %s | %.2f |\n", f.studies, mb, candidates[c].name,
                        f.cold_ms, mb / (f.cold_ms / 1000), f.warm_ms, mb / (f.warm_ms / 1000),
                        f.part_ms > 0 ? "—" : std::to_string((int)(f.peak_mb + 0.5)).c_str(), f.warm_ms / best[0].warm_ms);
        }
        std::fflush(stdout);
    }
    return 0;
}
