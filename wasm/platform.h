// wasm/platform.h — what the main loop (main.cpp) and the JavaScript surface (web_api.cpp) share.
// Only wasm/ knows about SDL, WebGL and Emscripten; the decisions live in ui/ and core/.
#pragma once
#include <string>
#include <vector>

#include "atlas/model.h"
#include "atlas_ui.h"
#include "input_queue.h"

struct App {
    atlas::Atlas atlas;
    atlas_ui::State ui;
    atlas_ui::Fonts fonts;
    atlas_ui::InputQueue input;
    std::vector<unsigned char> font_regular, font_bold;  // TTF/OTF bytes; ImGui keeps pointers into them
    float font_pixel_ratio = 0.0f;   // ratio the font atlas was rasterized at; 0 = not yet
    int font_text_scale = -1;        // text size the font atlas was built for
    int font_glyphs = -1;            // the glyph set's version it holds (ui/glyphs.h)
    int frames_to_draw = 3;          // redraw a few frames after any change so ImGui settles
    atlas_ui::FieldBox search_field_sent;  // where the page was last told the search field is
    bool ready = false;              // SDL, GL and ImGui are set up
};

App& TheApp();

// Request frames: input arrived or the page changed something.
void WakeApp(int frames = 3);

// After a frame or a call from the page: hands the page what the UI left for it (the text view's
// update, preferences, clipboard, downloads, requests). web_api.cpp.
void FlushToPage(App& app, bool after_frame);
void NotifyReady();
