// wasm/web_api.cpp — the whole JavaScript <-> C++ surface, in one file.
// Calls from the page: atlas_web_* (exported; web/bridge.js is their only caller). Calls to the
// page: EM_JS hooks that forward to optional Module.on* callbacks that bridge.js sets.
// Nothing here decides what a reader sees: that is ui/ and core/.
#include <emscripten.h>
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

#include "atlas/changes.h"
#include "atlas/i18n.h"
#include "atlas/load.h"
#include "atlas/query.h"
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
EM_JS(void, js_download, (const char* name, const char* mime, const char* bytes, int size), {
    if (Module.onDownload) Module.onDownload(UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(bytes, bytes + size));
});
EM_JS(void, js_on_search_field, (float x, float y, float width, float height, float font_size, int visible), {
    if (Module.onSearchField) Module.onSearchField({x, y, width, height, fontSize: font_size, visible: !!visible});
});
EM_JS(void, js_on_request, (const char* what), {
    if (Module.onRequest) Module.onRequest(UTF8ToString(what));
});
EM_JS(void, js_after_timeout, (int ms), {
    setTimeout(function() { Module._atlas_web_wake(); }, ms);
});

void NotifyReady() { js_on_ready(); }

void FlushToPage(App& app, bool after_frame) {
    atlas_ui::State& ui = app.ui;
    if (after_frame) {
        static std::string last_link;
        if (ui.hovered_link != last_link) js_on_hovered_link(ui.hovered_link.c_str());
        last_link = ui.hovered_link;
        if (ui.search_field != app.search_field_sent) {
            const atlas_ui::FieldBox& f = ui.search_field;
            js_on_search_field(f.x, f.y, f.width, f.height, f.font_size, f.visible);
            app.search_field_sent = f;
        }
    }
    if (!ui.clipboard.empty()) {
        js_copy(ui.clipboard.c_str());
        ui.clipboard.clear();
        js_after_timeout(2700);  // to take the confirmation away again
    }
    if (!ui.download.file_name.empty()) {
        js_download(ui.download.file_name.c_str(), ui.download.mime_type.c_str(), ui.download.bytes.data(), (int)ui.download.bytes.size());
        ui.download = {};
        js_after_timeout(2700);
    }
    if (ui.prefs_changed) {
        ui.prefs_changed = false;
        js_on_prefs(atlas_ui::PrefsJson(ui).c_str());
        WakeApp();  // fonts or colours change on the next frame
    }
    if (ui.view_changed) {
        ui.view_changed = false;
        std::string update = atlas_ui::TextViewUpdate(ui);
        if (!update.empty()) js_on_mirror(update.c_str());
        WakeApp(2);  // layout may move after a view change
    }
    if (!ui.page_request.empty()) {
        std::string what;
        what.swap(ui.page_request);
        js_on_request(what.c_str());
    }
}

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

// The text view is not sent here: building it and the page's DOM work take as long as the load's
// end itself, so the page asks for it in a task of its own (atlas_web_flush), or the next frame sends it.
int TakeAtlas(const atlas::LoadReport& report) {
    App& app = TheApp();
    int code = atlas_ui::TakeAtlas(app.ui, &app.atlas, report);
    WakeApp();
    return code;
}

// The page's calls change the view between frames; the page hears of the change at once.
void Changed() {
    FlushToPage(TheApp(), false);
    WakeApp();
}

}  // namespace

// [SECTION] Calls from the page
extern "C" {

// The page allocates with _malloc, fills the buffer, and hands it over here; the app copies
// what it needs and the buffers are freed on return.
EMSCRIPTEN_KEEPALIVE void atlas_web_set_fonts(unsigned char* regular, int regular_size, unsigned char* bold, int bold_size) {
    App& app = TheApp();
    app.font_regular.assign(regular, regular + regular_size);
    app.font_bold.assign(bold, bold + bold_size);
    std::free(regular);
    std::free(bold);
    app.font_pixel_ratio = 0.0f;
    WakeApp();
}

// Loads a whole atlas document the page has put in the heap (for tools that hold the bytes
// already; the page streams). Returns as atlas_web_load_end.
EMSCRIPTEN_KEEPALIVE int atlas_web_load_atlas(unsigned char* bytes, int size) {
    std::set_new_handler(OnOutOfMemory);
    App& app = TheApp();
    atlas::LoadReport report = atlas::LoadAtlas(std::string_view(reinterpret_cast<const char*>(bytes), (size_t)size), app.atlas);
    std::free(bytes);
    return TakeAtlas(report);
}

// Streaming an atlas as it downloads, so the heap never holds the whole document:
//   atlas_web_load_begin(size or 0); then per chunk: ptr = atlas_web_load_buffer(n), copy n bytes
//   there, atlas_web_load_feed(n); finally atlas_web_load_end() -> 0 all loaded, 1 loaded with
//   rejected records or errors, 2 unusable (the reader-facing line is in the text view's "status").
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

// Results before the end: makes what has arrived searchable and shows it; returns the studies read
// (0 when nothing usable has arrived yet). The page calls it now and then while a large atlas streams.
EMSCRIPTEN_KEEPALIVE int atlas_web_load_snapshot() {
    if (!g_stream) return 0;
    size_t read = g_stream->loader->Snapshot();
    if (read == 0) return 0;
    atlas_ui::TakePartialAtlas(TheApp().ui, &g_stream->atlas, read, g_stream->loader->ExpectedStudies());
    Changed();
    return (int)read;
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

// Sends the page what changed now (the text view after a load, above all) instead of at the next frame.
EMSCRIPTEN_KEEPALIVE void atlas_web_flush() { FlushToPage(TheApp(), false); }

// Bytes the allocator has handed out and not had back (for the soak test): the wasm heap's size
// only grows, so this is what tells a leak from fragmentation.
EMSCRIPTEN_KEEPALIVE double atlas_web_heap_in_use() { return (double)mallinfo().uordblks; }

// A command in the text form (atlas/command.h): the text view's controls, stored preferences,
// embeds, tests. Returns 1 if understood and applied.
EMSCRIPTEN_KEEPALIVE int atlas_web_command(const char* command) {
    bool ok = atlas_ui::ApplyText(TheApp().ui, command ? command : "");
    Changed();
    return ok ? 1 : 0;
}

// The page's search input changed: its value, exactly (the input owns the text).
EMSCRIPTEN_KEEPALIVE void atlas_web_set_search(const char* text) {
    atlas_ui::SetSearchText(TheApp().ui, text ? text : "");
    Changed();
}

// Today's date from the page's clock (YYYY-MM-DD): the core reads no clock.
EMSCRIPTEN_KEEPALIVE void atlas_web_set_today(const char* ymd) {
    atlas_ui::SetToday(TheApp().ui, ymd ? ymd : "");
    Changed();
}

// What the reader saw on their last visit (a snapshot the page keeps in localStorage; "" on a first
// visit): marks studies new or changed since then.
EMSCRIPTEN_KEEPALIVE void atlas_web_set_seen(const char* snapshot) {
    atlas_ui::SetSeen(TheApp().ui, snapshot ? snapshot : "");
    Changed();
}

// The studies of this atlas as the page should remember them seen (atlas::SeenSnapshot).
EMSCRIPTEN_KEEPALIVE const char* atlas_web_seen_snapshot() {
    static std::string snapshot;
    snapshot = atlas::SeenSnapshot(TheApp().atlas);
    return snapshot.c_str();
}

// The message catalogue of one language (i18n/<lang>.json as fetched by the page): the app's words.
// Returns 1 when taken.
EMSCRIPTEN_KEEPALIVE int atlas_web_set_messages(const char* lang, const char* json) {
    atlas::Lang which;
    if (!lang || !json || !atlas::ParseLang(lang, which) || !atlas::SetMessages(which, json)) return 0;
    atlas_ui::TakeMessages(TheApp().ui, json);
    Changed();
    return 1;
}

// Read aloud: the sentences of "card" or "list" (JSON, atlas::SpokenJson); the page speaks them and
// sends `read …` commands as it goes.
EMSCRIPTEN_KEEPALIVE const char* atlas_web_read_script(const char* what) {
    static std::string script;
    script = atlas_ui::ReadingScript(TheApp().ui, what ? what : "");
    return script.c_str();
}

// Applies a shared link's view (location.search). Returns the parameters it skipped, as a
// "; "-separated line for a quiet notice (empty when everything was understood).
EMSCRIPTEN_KEEPALIVE const char* atlas_web_apply_url(const char* query_string) {
    static std::string ignored;
    ignored = atlas_ui::ApplyUrl(TheApp().ui, query_string ? query_string : "");
    Changed();
    return ignored.c_str();
}

// The current view as a canonical query string (no '?'), for history.pushState.
EMSCRIPTEN_KEEPALIVE const char* atlas_web_url_state() {
    static std::string url;
    url = atlas_ui::UrlState(TheApp().ui);
    return url.c_str();
}

// Benchmarks (bench/web/bench.html): runs each query (newline-separated) `repeat` times through the
// core with facet counts, as the UI does on a keystroke, and returns "ms,results" per query, one a
// line. Timing uses the page's clock so figures compare with the JavaScript route in the same run.
EMSCRIPTEN_KEEPALIVE const char* atlas_web_bench_queries(const char* queries, int repeat) {
    static std::string out;
    out.clear();
    App& app = TheApp();
    std::string_view all = queries ? queries : "";
    while (!all.empty()) {
        size_t nl = all.find('\n');
        atlas::Query query;
        query.text = std::string(all.substr(0, nl));
        all.remove_prefix(nl == std::string_view::npos ? all.size() : nl + 1);
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

}  // extern "C"
