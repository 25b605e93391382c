// wasm/web_api.cpp — the whole JavaScript <-> C++ surface, in one file.
// Calls from the page: atlas_web_* (exported). Calls to the page: EM_JS hooks that forward to
// optional Module.on* callbacks set by web/app.js.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include "atlas/load.h"
#include "atlas/query.h"
#include "atlas/url_state.h"
#include "platform.h"

// [SECTION] Hooks into the page
EM_JS(void, js_on_mirror, (const char* json), {
    if (Module.onMirror) Module.onMirror(UTF8ToString(json));
});
EM_JS(void, js_on_hovered_link, (const char* url), {
    if (Module.onHoveredLink) Module.onHoveredLink(UTF8ToString(url));
});
EM_JS(void, js_on_ready, (), {
    if (Module.onAppReady) Module.onAppReady();
});

// operator new found no memory: the wasm memory cannot grow any further (its maximum, or what the
// device grants). Said to the page before the abort that follows, so it can tell the reader why.
EM_JS(void, js_on_out_of_memory, (), {
    if (Module.onOutOfMemory) Module.onOutOfMemory();
});

EM_JS(void, js_on_prefs, (const char* json), {
    if (Module.onPrefs) Module.onPrefs(UTF8ToString(json));
});
EM_JS(void, js_copy, (const char* text), {
    if (Module.onCopy) Module.onCopy(UTF8ToString(text));
});

void NotifyMirror(const std::string& json) { js_on_mirror(json.c_str()); }
void NotifyPrefs(const std::string& json) { js_on_prefs(json.c_str()); }
void CopyToClipboard(const std::string& text) { js_copy(text.c_str()); }

EM_JS(void, js_download, (const char* name, const char* mime, const char* bytes, int size), {
    if (Module.onDownload) Module.onDownload(UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(bytes, bytes + size));
});
void SaveDownload(const std::string& file_name, const std::string& mime_type, const std::string& bytes) {
    js_download(file_name.c_str(), mime_type.c_str(), bytes.data(), (int)bytes.size());
}
void NotifyHoveredLink(const std::string& url) { js_on_hovered_link(url.c_str()); }
void NotifyReady() { js_on_ready(); }

// [SECTION] Calls from the page
extern "C" {

// The page allocates with _malloc, fills the buffer, and hands it over here; the app copies
// or keeps what it needs and the buffer is freed on return.
EMSCRIPTEN_KEEPALIVE void atlas_web_set_fonts(unsigned char* regular, int regular_size, unsigned char* bold,
                                              int bold_size) {
    App& app = TheApp();
    app.font_regular.assign(regular, regular + regular_size);
    app.font_bold.assign(bold, bold + bold_size);
    std::free(regular);
    std::free(bold);
    app.font_pixel_ratio = 0.0f;
    WakeApp();
}

}  // extern "C"

namespace {

// With -fno-exceptions a failed allocation aborts; this makes sure the page hears why first.
void OnOutOfMemory() {
    js_on_out_of_memory();
    std::abort();
}

// The atlas being streamed in: read into a model of its own that replaces the app's only when it
// is complete, so frames drawn between chunks never see half an atlas.
struct AtlasStream {
    atlas::Atlas atlas;
    std::unique_ptr<atlas::AtlasStreamLoader> loader;
    std::vector<char> chunk;  // the page copies each chunk here, then calls atlas_web_load_feed
};
AtlasStream* g_stream = nullptr;

// Takes a loaded atlas into the app; 0 all loaded, 1 loaded with rejected records or errors, 2 unusable.
int TakeAtlas(const atlas::LoadReport& report) {
    App& app = TheApp();
    app.ui.atlas = &app.atlas;
    app.ui.compare.clear();
    app.ui.open_study = -1;
    app.ui.results_stale = true;
    app.ui.view_changed = true;
    int code = 0;
    if (!report.usable) {
        app.ui.status = "This atlas file cannot be used: " + report.fatal;
        code = 2;
    } else if (report.rejected || report.errors) {
        app.ui.status = report.rejected
            ? std::to_string(report.rejected) + " of " + std::to_string(report.loaded + report.rejected) +
                  " studies could not be read and are not shown; every other study is."
            : std::string("Some fields of this atlas could not be read and were left out; every study is shown.");
        code = 1;
    } else {
        app.ui.status.clear();
    }
    WakeApp();
    return code;
}

}  // namespace

extern "C" {

// Loads a whole atlas document the page has put in the heap (kept for tools that hold the bytes
// already; the page streams). Returns as atlas_web_load_end.
EMSCRIPTEN_KEEPALIVE int atlas_web_load_atlas(unsigned char* bytes, int size) {
    std::set_new_handler(OnOutOfMemory);
    App& app = TheApp();
    atlas::LoadReport report =
        atlas::LoadAtlas(std::string_view(reinterpret_cast<const char*>(bytes), (size_t)size), app.atlas);
    std::free(bytes);
    return TakeAtlas(report);
}

// Streaming an atlas as it downloads, so the heap never holds the whole document:
//   atlas_web_load_begin(size or 0); then per chunk: ptr = atlas_web_load_buffer(n), copy n bytes
//   there, atlas_web_load_feed(n); finally atlas_web_load_end() -> 0 all loaded, 1 loaded with
//   rejected records or errors, 2 unusable (the reader-facing line is in the mirror's "status").
EMSCRIPTEN_KEEPALIVE void atlas_web_load_begin(double size_hint) {
    std::set_new_handler(OnOutOfMemory);
    delete g_stream;
    g_stream = new AtlasStream;
    g_stream->loader.reset(new atlas::AtlasStreamLoader(g_stream->atlas, {}, size_hint > 0 ? (size_t)size_hint : 0));
}

// Where the page copies the next chunk (at most `size` bytes); valid until the next call.
EMSCRIPTEN_KEEPALIVE char* atlas_web_load_buffer(int size) {
    if (!g_stream || size <= 0) return nullptr;
    if (g_stream->chunk.size() < (size_t)size) g_stream->chunk.resize((size_t)size);
    return g_stream->chunk.data();
}

EMSCRIPTEN_KEEPALIVE void atlas_web_load_feed(int size) {
    if (!g_stream || size <= 0 || (size_t)size > g_stream->chunk.size()) return;
    g_stream->loader->Feed(std::string_view(g_stream->chunk.data(), (size_t)size));
}

EMSCRIPTEN_KEEPALIVE int atlas_web_load_end() {
    if (!g_stream) return 2;
    atlas::LoadReport report = g_stream->loader->Finish();
    g_stream->loader.reset();
    std::vector<char>().swap(g_stream->chunk);
    TheApp().atlas = std::move(g_stream->atlas);
    delete g_stream;
    g_stream = nullptr;
    return TakeAtlas(report);
}

EMSCRIPTEN_KEEPALIVE void atlas_web_wake() { WakeApp(); }

// Bytes the allocator has handed out and not had back (for the soak test): the wasm heap's size
// only grows, so this is what tells a leak from fragmentation.
EMSCRIPTEN_KEEPALIVE double atlas_web_heap_in_use() { return (double)mallinfo().uordblks; }

// One entry point for everything the page asks of the app: the DOM mirror's controls, stored
// preferences, URL state. The command language is atlas_ui::ApplyCommand's. Returns 1 if understood.
EMSCRIPTEN_KEEPALIVE int atlas_web_command(const char* command) {
    bool ok = atlas_ui::ApplyCommand(TheApp().ui, command ? command : "");
    WakeApp();
    return ok ? 1 : 0;
}

// Today's date from the page's clock (YYYY-MM-DD): the core reads no clock.
EMSCRIPTEN_KEEPALIVE void atlas_web_set_today(const char* ymd) {
    App& app = TheApp();
    app.ui.today = ymd ? ymd : "";
    if (app.ui.today.size() >= 4) app.ui.current_year = std::atoi(app.ui.today.substr(0, 4).c_str());
    app.ui.view_changed = true;
    WakeApp();
}

// Applies a shared link's view (location.search). Returns the parameters it skipped, as a
// "; "-separated line for a quiet notice (empty when everything was understood).
EMSCRIPTEN_KEEPALIVE const char* atlas_web_apply_url(const char* query_string) {
    static std::string ignored;
    App& app = TheApp();
    atlas_ui::State& ui = app.ui;
    atlas::UrlView view = atlas::ParseUrlView(app.atlas, query_string ? query_string : "");
    ui.query = view.query;
    std::snprintf(ui.search_buffer, sizeof ui.search_buffer, "%s", ui.query.text.c_str());
    ui.results_stale = true;
    ui.open_study = -1;
    ui.screen = atlas_ui::Screen::Atlas;
    for (size_t i = 0; i < app.atlas.studies.size(); ++i)
        if (app.atlas.Text(app.atlas.studies[i].slug) == view.study_slug) ui.open_study = (int)i;
    if (view.has_depth) ui.depth = view.depth;
    ui.view_changed = true;
    ignored.clear();
    for (const std::string& item : view.ignored) ignored += (ignored.empty() ? "" : "; ") + item;
    WakeApp();
    return ignored.c_str();
}

// Benchmarks (web/bench.html): runs each query (newline-separated) `repeat` times through the core
// with facet counts, as the UI does on a keystroke, and returns "ms,results" per query, one a line.
// Timing uses the page's clock so figures compare with the JavaScript route in the same run.
EMSCRIPTEN_KEEPALIVE const char* atlas_web_bench_queries(const char* queries, int repeat) {
    static std::string out;
    out.clear();
    App& app = TheApp();
    std::string_view all = queries ? queries : "";
    while (!all.empty()) {
        size_t nl = all.find('\n');
        std::string text(all.substr(0, nl));
        all.remove_prefix(nl == std::string_view::npos ? all.size() : nl + 1);
        atlas::Query query;
        query.text = text;
        size_t results = 0;
        double start = emscripten_get_now();
        for (int i = 0; i < repeat; ++i) results = atlas::RunQuery(app.atlas, query).studies.size();
        double ms = (emscripten_get_now() - start) / (repeat > 0 ? repeat : 1);
        char line[64];
        std::snprintf(line, sizeof line, "%.4f,%zu\n", ms, results);
        out += line;
    }
    return out.c_str();
}

// The current view as a canonical query string (no '?'), for history.pushState.
EMSCRIPTEN_KEEPALIVE const char* atlas_web_url_state() {
    static std::string url;
    App& app = TheApp();
    const atlas_ui::State& ui = app.ui;
    std::string slug = ui.open_study >= 0 ? std::string(app.atlas.Text(app.atlas.studies[ui.open_study].slug)) : "";
    // Depth is a reading preference: links carry it only when it differs from the default.
    url = atlas::FormatUrlView(app.atlas, ui.query, slug, ui.depth != atlas::ReadingDepth::Standard, ui.depth);
    return url.c_str();
}

}  // extern "C"
