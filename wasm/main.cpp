// wasm/main.cpp — SDL2 window, WebGL2 (GLES 3.0) context, Dear ImGui backends and the
// event-driven main loop. When nothing changes the loop returns before drawing: no GL calls,
// no battery spent on an unchanged screen.
#include <SDL.h>
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <vector>

#include "atlas/mirror.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "platform.h"

namespace {

SDL_Window* g_window = nullptr;
SDL_GLContext g_gl = nullptr;

// Rasterize the fonts at the device pixel ratio so text is crisp at 1x, 2x and 3x, and let
// FontGlobalScale bring them back to CSS pixels for layout.
void RebuildFontsIfNeeded(App& app) {
    float ratio = (float)emscripten_get_device_pixel_ratio();
    if (ratio < 1.0f) ratio = 1.0f;
    if (ratio > 4.0f) ratio = 4.0f;
    if (app.font_regular.empty() || (ratio == app.font_pixel_ratio && app.ui.text_scale == app.font_text_scale)) return;
    float scale = ratio * atlas_ui::kTextScales[app.ui.text_scale];
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2010, 0x205E, 0x2190, 0x2193, 0x2212, 0x2212, 0};
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the App owns the bytes
    config.OversampleH = 1;               // rasterized at the physical size already
    config.OversampleV = 1;
    config.PixelSnapH = true;
    auto add = [&](std::vector<unsigned char>& bytes, float css_size) {
        return io.Fonts->AddFontFromMemoryTTF(bytes.data(), (int)bytes.size(), css_size * scale, &config, kRanges);
    };
    std::vector<unsigned char>& bold = app.font_bold.empty() ? app.font_regular : app.font_bold;
    app.fonts.body = add(app.font_regular, atlas_ui::kBodySize);
    app.fonts.small = add(app.font_regular, atlas_ui::kSmallSize);
    app.fonts.heading = add(bold, atlas_ui::kHeadingSize);
    app.fonts.title = add(bold, atlas_ui::kTitleSize);
    io.Fonts->Build();
    io.FontGlobalScale = 1.0f / ratio;
    io.FontDefault = app.fonts.body;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    app.font_pixel_ratio = ratio;
    app.font_text_scale = app.ui.text_scale;
}

void WakeLater(void*) { WakeApp(); }

// ImGui 1.86 reads key state once per frame: a key pressed and released between two frames
// (a quick tap, or a test's keyboard.press) would never be seen. Releases of keys pressed in
// the same frame wait for the next frame.
std::vector<SDL_Event> g_deferred_key_ups;

void PollEvents(App& app) {
    std::vector<SDL_Event> deferred;
    deferred.swap(g_deferred_key_ups);
    for (const SDL_Event& event : deferred) ImGui_ImplSDL2_ProcessEvent(&event);
    std::vector<SDL_Scancode> pressed_this_frame;
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
        app.frames_to_draw = std::max(app.frames_to_draw, 3);
        if (event.type == SDL_KEYDOWN) pressed_this_frame.push_back(event.key.keysym.scancode);
        if (event.type == SDL_KEYUP &&
            std::find(pressed_this_frame.begin(), pressed_this_frame.end(), event.key.keysym.scancode) != pressed_this_frame.end()) {
            g_deferred_key_ups.push_back(event);
            continue;
        }
        ImGui_ImplSDL2_ProcessEvent(&event);
    }
    if (!g_deferred_key_ups.empty()) app.frames_to_draw = std::max(app.frames_to_draw, 2);
}

// WebGL context loss (GPU reset, a phone reclaiming memory): stop drawing, and when the browser
// restores the context recreate every GL object ImGui made, the font texture included.
bool g_context_lost = false;

EM_BOOL OnContextLost(int, const void*, void*) {
    g_context_lost = true;
    return EM_TRUE;  // preventDefault: tells the browser we want the context restored
}

EM_BOOL OnContextRestored(int, const void*, void*) {
    g_context_lost = false;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplOpenGL3_Init("#version 300 es");
    TheApp().font_pixel_ratio = 0.0f;  // rebuild the font texture in the new context
    WakeApp();
    return EM_TRUE;
}

void Frame() {
    App& app = TheApp();
    PollEvents(app);
    if (g_context_lost) return;
    if (app.frames_to_draw <= 0) return;  // idle: draw nothing
    --app.frames_to_draw;

    RebuildFontsIfNeeded(app);
    if (!app.fonts.body) return;  // fonts not delivered yet; the page shows its loading indicator

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    std::string previous_link = app.ui.hovered_link;
    atlas_ui::DrawAtlas(app.ui, app.fonts);
    ImGui::Render();

    int width = 0, height = 0;
    SDL_GL_GetDrawableSize(g_window, &width, &height);
    glViewport(0, 0, width, height);
    const ImVec4 paper = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(paper.x, paper.y, paper.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    atlas_ui::State& ui = app.ui;
    if (ui.hovered_link != previous_link) NotifyHoveredLink(ui.hovered_link);
    if (!ui.clipboard.empty()) {
        CopyToClipboard(ui.clipboard);
        ui.clipboard.clear();
        emscripten_async_call(WakeLater, nullptr, 2700);  // to take the confirmation away again
    }
    if (!ui.download.file_name.empty()) {
        SaveDownload(ui.download.file_name, ui.download.mime_type, ui.download.bytes);
        ui.download = {};
        emscripten_async_call(WakeLater, nullptr, 2700);
    }
    if (ui.prefs_changed) {
        ui.prefs_changed = false;
        NotifyPrefs(std::string("{\"theme\":\"") + (ui.theme == 1 ? "dark" : ui.theme == 2 ? "contrast" : "light") +
                    "\",\"textsize\":" + std::to_string(ui.text_scale) + ",\"depth\":\"" +
                    std::string(atlas::ReadingDepthCode(ui.depth)) + "\"}");
        app.frames_to_draw = std::max(app.frames_to_draw, 3);  // fonts or colours change on the next frame
    }
    if (ui.view_changed) {
        ui.view_changed = false;
        atlas::MirrorView view;
        view.query = &ui.query;
        view.result = &ui.result;
        view.open_study = ui.screen == atlas_ui::Screen::Atlas ? ui.open_study : -1;
        view.status = ui.status;
        view.current_year = ui.current_year;
        view.depth = ui.depth;
        view.compare = ui.compare;
        view.accessed_date = ui.today;
        NotifyMirror(atlas::MirrorJson(app.atlas, view));
        app.frames_to_draw = std::max(app.frames_to_draw, 2);  // layout may move after a view change
    }
}

}  // namespace

App& TheApp() {
    static App app;
    return app;
}

void WakeApp(int frames) {
    App& app = TheApp();
    app.frames_to_draw = std::max(app.frames_to_draw, frames);
}

int main() {
    // Keyboard events go to the canvas only, so the page's own inputs keep working.
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        emscripten_log(EM_LOG_ERROR, "SDL_Init failed: %s", SDL_GetError());
        return 1;
    }
    // WebGL2 = OpenGL ES 3.0; the ImGui backend is built with IMGUI_IMPL_OPENGL_ES3.
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    // Resizable + high-DPI with a CSS-sized canvas: SDL follows the window size and devicePixelRatio.
    g_window = SDL_CreateWindow("ME/CFS Research Atlas", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 1280, 800,
                                SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!g_window) {
        emscripten_log(EM_LOG_ERROR, "SDL_CreateWindow failed: %s", SDL_GetError());
        return 1;
    }
    g_gl = SDL_GL_CreateContext(g_window);
    if (!g_gl) {
        emscripten_log(EM_LOG_ERROR, "WebGL2 context failed: %s", SDL_GetError());
        return 1;
    }
    SDL_GL_MakeCurrent(g_window, g_gl);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;               // no imgui.ini in the browser
    io.ConfigInputTextCursorBlink = false;  // a blinking caret would need frames forever
    // The atlas's own shortcuts (/, arrows, Enter, Esc) drive the keyboard; ImGui's nav would fight them.
    atlas_ui::ApplyPreferredTheme(TheApp().ui);
    ImGui_ImplSDL2_InitForOpenGL(g_window, g_gl);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    EMSCRIPTEN_RESULT lost = emscripten_set_webglcontextlost_callback("#canvas", nullptr, EM_FALSE, OnContextLost);
    EMSCRIPTEN_RESULT restored = emscripten_set_webglcontextrestored_callback("#canvas", nullptr, EM_FALSE, OnContextRestored);
    if (lost != EMSCRIPTEN_RESULT_SUCCESS || restored != EMSCRIPTEN_RESULT_SUCCESS)
        emscripten_log(EM_LOG_WARN, "WebGL context-loss handlers not installed (%d, %d)", lost, restored);
    TheApp().ready = true;
    NotifyReady();
    emscripten_set_main_loop(Frame, 0, false);
    return 0;
}
