// wasm/main.cpp — SDL2 window, WebGL2 (GLES 3.0) context, ImGui's platform side (events, display
// size, time, cursor) and the event-driven main loop. When nothing changes the loop returns before
// drawing: no GL calls, no battery spent on an unchanged screen.
#include <SDL.h>
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_internal.h"  // ImTextCharFromUtf8
#include "platform.h"

namespace {

SDL_Window* g_window = nullptr;
SDL_GLContext g_gl = nullptr;
double g_last_frame_ms = 0;

// Rasterize the fonts at the device pixel ratio so text is crisp at 1x, 2x and 3x, and let
// FontGlobalScale bring them back to CSS pixels for layout. Returns whether it rasterized.
bool RebuildFontsIfNeeded(App& app) {
    float ratio = (float)emscripten_get_device_pixel_ratio();
    if (ratio < 1.0f) ratio = 1.0f;
    if (ratio > 4.0f) ratio = 4.0f;
    const int text_scale = atlas_ui::EffectiveTextScale(app.ui);
    if (app.font_regular.empty() || (ratio == app.font_pixel_ratio && text_scale == app.font_text_scale && app.ui.glyphs.version == app.font_glyphs))
        return false;
    float scale = ratio * atlas_ui::kTextScales[text_scale];
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    // Of build.sh's font subset, the characters there is text for (ui/glyphs.h).
    static_assert(sizeof(ImWchar) == sizeof(atlas_ui::kGlyphRanges[0]), "ImWchar is 16 bits");
    const ImWchar* ranges = reinterpret_cast<const ImWchar*>(app.ui.glyphs.Ranges().data());
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the App owns the bytes
    config.OversampleH = 1;               // rasterized at the physical size already
    config.OversampleV = 1;
    config.PixelSnapH = true;
    auto add = [&](std::vector<unsigned char>& bytes, float css_size) {
        return io.Fonts->AddFontFromMemoryTTF(bytes.data(), (int)bytes.size(), css_size * scale, &config, ranges);
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
    app.font_text_scale = text_scale;
    app.font_glyphs = app.ui.glyphs.version;
    return true;
}

// [SECTION] Events: SDL's events become the UI's input events, queued in order (input_queue.h).
int ImGuiKeyFor(SDL_Scancode code) {
    switch (code) {
    case SDL_SCANCODE_TAB: return ImGuiKey_Tab;
    case SDL_SCANCODE_LEFT: return ImGuiKey_LeftArrow;
    case SDL_SCANCODE_RIGHT: return ImGuiKey_RightArrow;
    case SDL_SCANCODE_UP: return ImGuiKey_UpArrow;
    case SDL_SCANCODE_DOWN: return ImGuiKey_DownArrow;
    case SDL_SCANCODE_PAGEUP: return ImGuiKey_PageUp;
    case SDL_SCANCODE_PAGEDOWN: return ImGuiKey_PageDown;
    case SDL_SCANCODE_HOME: return ImGuiKey_Home;
    case SDL_SCANCODE_END: return ImGuiKey_End;
    case SDL_SCANCODE_DELETE: return ImGuiKey_Delete;
    case SDL_SCANCODE_BACKSPACE: return ImGuiKey_Backspace;
    case SDL_SCANCODE_SPACE: return ImGuiKey_Space;
    case SDL_SCANCODE_RETURN: return ImGuiKey_Enter;
    case SDL_SCANCODE_ESCAPE: return ImGuiKey_Escape;
    case SDL_SCANCODE_KP_ENTER: return ImGuiKey_KeyPadEnter;
    default: return -1;
    }
}

int ButtonFor(Uint8 button) {
    return button == SDL_BUTTON_LEFT ? 0 : button == SDL_BUTTON_RIGHT ? 1 : button == SDL_BUTTON_MIDDLE ? 2 : -1;
}

void PollEvents(App& app) {
    using Kind = atlas_ui::InputEvent::Kind;
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
        atlas_ui::InputEvent in;
        switch (event.type) {
        case SDL_MOUSEMOTION:
            in.kind = Kind::PointerMove;
            in.x = (float)event.motion.x, in.y = (float)event.motion.y;
            break;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            in.kind = Kind::PointerButton;
            in.code = ButtonFor(event.button.button);
            in.down = event.type == SDL_MOUSEBUTTONDOWN;
            in.x = (float)event.button.x, in.y = (float)event.button.y;
            if (in.code < 0) continue;
            break;
        case SDL_MOUSEWHEEL:
            in.kind = Kind::Wheel;
            in.x = (float)event.wheel.x, in.y = (float)event.wheel.y;
            break;
        case SDL_KEYDOWN:
        case SDL_KEYUP: {
            in.kind = Kind::Key;
            in.code = ImGuiKeyFor(event.key.keysym.scancode);
            in.down = event.type == SDL_KEYDOWN;
            Uint16 mod = event.key.keysym.mod;
            in.shift = mod & KMOD_SHIFT, in.ctrl = mod & KMOD_CTRL, in.alt = mod & KMOD_ALT, in.super = mod & KMOD_GUI;
            if (in.code < 0) continue;
            break;
        }
        case SDL_TEXTINPUT: {
            // One event per character, so each is ordered against the keys around it.
            const char* s = event.text.text;
            while (*s) {
                unsigned c = 0;
                s += ImTextCharFromUtf8(&c, s, nullptr);
                if (!c) break;
                in.kind = Kind::Text;
                in.codepoint = c;
                app.input.Push(in);
            }
            app.frames_to_draw = std::max(app.frames_to_draw, 3);
            continue;
        }
        case SDL_WINDOWEVENT:
            if (event.window.event == SDL_WINDOWEVENT_FOCUS_GAINED || event.window.event == SDL_WINDOWEVENT_FOCUS_LOST) {
                in.kind = Kind::Focus;
                in.down = event.window.event == SDL_WINDOWEVENT_FOCUS_GAINED;
                break;
            }
            app.frames_to_draw = std::max(app.frames_to_draw, 3);  // resized, shown
            continue;
        default: continue;
        }
        app.input.Push(in);
        app.frames_to_draw = std::max(app.frames_to_draw, 3);
    }
}

void UpdateCursor() {
    static SDL_Cursor* cursors[ImGuiMouseCursor_COUNT] = {};
    static ImGuiMouseCursor shown = -2;
    ImGuiMouseCursor wanted = ImGui::GetMouseCursor();
    if (wanted == shown) return;
    shown = wanted;
    SDL_SystemCursor system = wanted == ImGuiMouseCursor_TextInput ? SDL_SYSTEM_CURSOR_IBEAM
                            : wanted == ImGuiMouseCursor_Hand ? SDL_SYSTEM_CURSOR_HAND : SDL_SYSTEM_CURSOR_ARROW;
    int slot = wanted < 0 ? 0 : wanted;
    if (!cursors[slot]) cursors[slot] = SDL_CreateSystemCursor(system);
    SDL_SetCursor(cursors[slot]);
}

void NewPlatformFrame(App& app) {
    ImGuiIO& io = ImGui::GetIO();
    int w = 0, h = 0, dw = 0, dh = 0;
    SDL_GetWindowSize(g_window, &w, &h);
    SDL_GL_GetDrawableSize(g_window, &dw, &dh);
    io.DisplaySize = ImVec2((float)w, (float)h);
    if (w > 0 && h > 0) io.DisplayFramebufferScale = ImVec2((float)dw / w, (float)dh / h);
    double now = emscripten_get_now();
    io.DeltaTime = g_last_frame_ms > 0 ? (float)std::max(1e-3, (now - g_last_frame_ms) / 1000.0) : 1.0f / 60.0f;
    g_last_frame_ms = now;
    app.input.FeedFrame(io);
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
    if (app.input.Pending() || app.ui.wants_frames) app.frames_to_draw = std::max(app.frames_to_draw, 1);
    if (app.frames_to_draw <= 0) {
        g_last_frame_ms = 0;  // the next frame after a pause starts with a normal time step
        return;               // idle: draw nothing
    }
    // Rasterizing the fonts is a frame of its own (the drawing comes in the next one), so neither
    // makes a long task that keeps a phone from answering a tap.
    if (RebuildFontsIfNeeded(app)) return;
    --app.frames_to_draw;
    if (!app.fonts.body) return;  // fonts not delivered yet; the page shows its loading indicator

    NewPlatformFrame(app);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    atlas_ui::DrawAtlas(app.ui, app.fonts);
    UpdateCursor();
    ImGui::Render();

    int width = 0, height = 0;
    SDL_GL_GetDrawableSize(g_window, &width, &height);
    glViewport(0, 0, width, height);
    glDisable(GL_SCISSOR_TEST);  // the renderer leaves its last clip on (ATLAS_GL_OWNS_CONTEXT): clear all of it
    const ImVec4 paper = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(paper.x, paper.y, paper.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    FlushToPage(app, true);
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
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);  // ImGui draws flat: no depth buffer (a screen's worth of memory)
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
    io.BackendPlatformName = "atlas_wasm";
    io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    atlas_ui::InputQueue::SetUpKeyMap(io);
    // The atlas's own shortcuts (/, arrows, Enter, Esc) drive the keyboard; ImGui's nav would fight them.
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
