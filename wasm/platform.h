// wasm/platform.h — the app's state shared by the SDL/GL main loop (main.cpp) and the
// JavaScript surface (web_api.cpp). Only wasm/ knows about SDL, WebGL and Emscripten.
#pragma once
#include <string>
#include <vector>

#include "atlas/model.h"
#include "atlas_ui.h"

struct App {
    atlas::Atlas atlas;
    atlas_ui::State ui;
    atlas_ui::Fonts fonts;
    std::vector<unsigned char> font_regular, font_bold;  // TTF/OTF bytes; ImGui keeps pointers into them
    float font_pixel_ratio = 0.0f;   // ratio the font atlas was rasterized at; 0 = not yet
    int font_text_scale = -1;        // text size the font atlas was built for
    int frames_to_draw = 3;          // redraw a few frames after any change so ImGui settles
    bool ready = false;              // SDL, GL and ImGui are set up
};

App& TheApp();

// Request frames: input arrived or the page changed something.
void WakeApp(int frames = 3);

// JavaScript hooks (implemented in web_api.cpp with EM_JS).
void NotifyMirror(const std::string& json);
void NotifyHoveredLink(const std::string& url);
void NotifyReady();
void NotifyPrefs(const std::string& json);
void CopyToClipboard(const std::string& text);
void SaveDownload(const std::string& file_name, const std::string& mime_type, const std::string& bytes);
