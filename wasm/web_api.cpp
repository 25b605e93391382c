// wasm/web_api.cpp — the whole JavaScript <-> C++ surface, in one file.
// Calls from the page: atlas_web_* (exported). Calls to the page: EM_JS hooks that forward to
// optional Module.on* callbacks set by web/app.js.
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdlib>
#include <cstring>

#include "atlas/load.h"
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

void NotifyMirror(const std::string& json) { js_on_mirror(json.c_str()); }
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

// Loads an atlas document. Returns 0 all loaded, 1 loaded with rejected records or errors,
// 2 unusable; the reader-facing line is in the mirror's "status".
EMSCRIPTEN_KEEPALIVE int atlas_web_load_atlas(unsigned char* bytes, int size) {
    App& app = TheApp();
    atlas::LoadReport report =
        atlas::LoadAtlas(std::string_view(reinterpret_cast<const char*>(bytes), (size_t)size), app.atlas);
    std::free(bytes);
    app.ui.atlas = &app.atlas;
    app.ui.current_year = (int)(1970 + emscripten_date_now() / (1000.0 * 60 * 60 * 24 * 365.2425));
    app.ui.open_study = -1;
    app.ui.results_stale = true;
    app.ui.view_changed = true;
    int code = 0;
    if (!report.usable) {
        app.ui.status = "This atlas file cannot be used: " + report.fatal;
        code = 2;
    } else if (report.rejected || report.errors) {
        app.ui.status = std::to_string(report.rejected) + " of " + std::to_string(report.loaded + report.rejected) +
                        " studies could not be read and are not shown; every other study is.";
        code = 1;
    } else {
        app.ui.status.clear();
    }
    WakeApp();
    return code;
}

EMSCRIPTEN_KEEPALIVE void atlas_web_wake() { WakeApp(); }

EMSCRIPTEN_KEEPALIVE void atlas_web_open_study(int index) {
    atlas_ui::OpenStudy(TheApp().ui, index);
    WakeApp();
}

EMSCRIPTEN_KEEPALIVE void atlas_web_close_study() {
    atlas_ui::CloseStudy(TheApp().ui);
    WakeApp();
}

EMSCRIPTEN_KEEPALIVE void atlas_web_set_query(const char* text) {
    atlas_ui::SetQueryText(TheApp().ui, text ? text : "");
    WakeApp();
}

}  // extern "C"
