// bench_load.cpp — prints figures, never fails: native load of synthetic atlases through
// atlas::LoadAtlas against a plain nlohmann DOM parse of the same bytes, in the same run.
// Each measurement runs in a forked child so its peak memory is its own.
//   usage: atlas_bench_load [COUNT ...]     (default 1000 10000 100000)
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "atlas/load.h"
#include "atlas/synth.h"

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

struct Figure { double ms = 0; double peak_mb = 0; size_t studies = 0; };

// Runs `work` in a child; returns its time and peak resident memory above what it started with.
template <typename Work>
Figure Measure(Work work) {
    int fds[2];
    if (pipe(fds) != 0) std::abort();
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        ResetPeak();
        long base_kb = ReadStatusKb("VmRSS:");
        auto start = std::chrono::steady_clock::now();
        size_t studies = work();
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        Figure f{ms, (ReadStatusKb("VmHWM:") - base_kb) / 1024.0, studies};
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

}  // namespace

int main(int argc, char** argv) {
    std::vector<size_t> counts;
    for (int i = 1; i < argc; ++i) counts.push_back(std::strtoull(argv[i], nullptr, 10));
    if (counts.empty()) counts = {1000, 10000, 100000};
    std::printf("Native load: atlas::LoadAtlas (SAX, validating, arena model) vs nlohmann::json::parse (DOM only)\n");
    std::printf("Peak = resident memory the step added (input bytes excluded). Best of 3 for time.\n\n");
    std::printf("| studies | JSON MB | atlas ms | atlas MB/s | atlas peak MB | DOM ms | DOM MB/s | DOM peak MB | time ratio DOM/atlas | memory ratio DOM/atlas |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (size_t count : counts) {
        std::string json;
        atlas::SynthesizeAtlas({count, 42}, json);
        double mb = json.size() / (1024.0 * 1024.0);
        Figure best_atlas, best_dom;
        for (int run = 0; run < 3; ++run) {
            Figure a = Measure([&] {
                atlas::Atlas atlas;
                atlas::LoadReport r = atlas::LoadAtlas(json, atlas);
                return r.loaded;
            });
            Figure d = Measure([&] {
                nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
                return doc.is_discarded() ? (size_t)0 : doc["studies"].size();
            });
            if (run == 0 || a.ms < best_atlas.ms) best_atlas = a;
            if (run == 0 || d.ms < best_dom.ms) best_dom = d;
        }
        std::printf("| %zu | %.1f | %.1f | %.0f | %.1f | %.1f | %.0f | %.1f | %.2f | %.2f |\n", best_atlas.studies, mb,
                    best_atlas.ms, mb / (best_atlas.ms / 1000), best_atlas.peak_mb, best_dom.ms,
                    mb / (best_dom.ms / 1000), best_dom.peak_mb, best_dom.ms / best_atlas.ms,
                    best_dom.peak_mb / best_atlas.peak_mb);
        std::fflush(stdout);
    }
    return 0;
}
