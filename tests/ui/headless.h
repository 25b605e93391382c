// headless.h — Dear ImGui without a window or a GPU, for the UI's native tests: a context, the
// fonts the page uses (Inter from Debian's fonts-inter), frames drawn and thrown away, and input
// pushed through the same queue the page uses (ui/input_queue.h).
#pragma once
#include <catch2/catch.hpp>

#include <deque>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "atlas_ui.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "input_queue.h"

namespace headless {

// Every item ImGui adds in the frames drawn while it exists, with its label where the widget has one
// (through ImGui's test-engine hooks, enabled in native builds: ui/atlas_imconfig.h).
class ItemRecorder {
  public:
    struct Item { unsigned id; ImRect rect; std::string label; int frame; };
    ItemRecorder() {
        g_atlas_imgui_item_hooks = {this, &Add, &Info};
        GImGui->TestEngineHookItems = true;
    }
    ~ItemRecorder() { g_atlas_imgui_item_hooks = {}; }
    std::vector<Item> items;
    // The labelled items of the last frame drawn.
    std::vector<Item> Labelled() const {
        std::vector<Item> out;
        int last = GImGui->FrameCount;
        for (const Item& item : items)
            if (!item.label.empty() && item.frame == last) out.push_back(item);
        return out;
    }
    const Item* Find(const std::string& label) const {
        for (auto it = items.rbegin(); it != items.rend(); ++it)
            if (it->label == label) return &*it;
        return nullptr;
    }

  private:
    static void Add(void* user, unsigned id, float x0, float y0, float x1, float y1) {
        static_cast<ItemRecorder*>(user)->items.push_back({id, ImRect(x0, y0, x1, y1), "", GImGui->FrameCount});
    }
    static void Info(void* user, unsigned id, const char* label, int) {
        auto& items = static_cast<ItemRecorder*>(user)->items;
        for (auto it = items.rbegin(); it != items.rend(); ++it)
            if (it->id == id) { it->label = label ? label : ""; return; }
    }
};

class Screen {
  public:
    Screen(float width, float height) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(width, height);
        atlas_ui::InputQueue::SetUpKeyMap(io);
        const char* regular = "/usr/share/fonts/opentype/inter/Inter-Regular.otf";
        const char* bold = "/usr/share/fonts/opentype/inter/Inter-Bold.otf";
        // ImGui's file functions are compiled out (the page has no files): read the fonts here.
        auto add = [&](const char* file, float size) {
            std::ifstream in(file, std::ios::binary);
            std::vector<char>& bytes = font_bytes_.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            if (bytes.empty()) return io.Fonts->AddFontDefault();
            ImFontConfig config;
            config.FontDataOwnedByAtlas = false;
            return io.Fonts->AddFontFromMemoryTTF(bytes.data(), (int)bytes.size(), size, &config);
        };
        fonts_.body = add(regular, atlas_ui::kBodySize);
        fonts_.small = add(regular, atlas_ui::kSmallSize);
        fonts_.heading = add(bold, atlas_ui::kHeadingSize);
        fonts_.title = add(bold, atlas_ui::kTitleSize);
        io.FontDefault = fonts_.body;
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~Screen() { ImGui::DestroyContext(); }
    Screen(const Screen&) = delete;
    Screen& operator=(const Screen&) = delete;

    void Resize(float width, float height) { ImGui::GetIO().DisplaySize = ImVec2(width, height); }

    // One frame: this frame's share of the queued input, the atlas screen, nothing rendered.
    void Frame(atlas_ui::State& state) {
        ImGuiIO& io = ImGui::GetIO();
        io.DeltaTime = 1.0f / 60.0f;
        input.FeedFrame(io);
        ImGui::NewFrame();
        atlas_ui::DrawAtlas(state, fonts_);
        ImGui::Render();
        ++frames;
    }
    void Frames(atlas_ui::State& state, int n) {
        for (int i = 0; i < n; ++i) Frame(state);
    }
    // Frames until the input queue is empty (and a few more so ImGui settles), at most `limit`.
    int Drain(atlas_ui::State& state, int limit = 400) {
        int n = 0;
        while ((input.Pending() || state.wants_frames) && n < limit) Frame(state), ++n;
        Frames(state, 2);
        return n;
    }

    void Move(float x, float y) { Push(atlas_ui::InputEvent::Kind::PointerMove, 0, false, x, y); }
    void Press(float x, float y) { Push(atlas_ui::InputEvent::Kind::PointerButton, 0, true, x, y); }
    void Release(float x, float y) { Push(atlas_ui::InputEvent::Kind::PointerButton, 0, false, x, y); }
    void Tap(float x, float y) { Move(x, y), Press(x, y), Release(x, y); }
    void Key(int imgui_key) {
        Push(atlas_ui::InputEvent::Kind::Key, imgui_key, true, 0, 0);
        Push(atlas_ui::InputEvent::Kind::Key, imgui_key, false, 0, 0);
    }
    void Char(unsigned codepoint) {
        atlas_ui::InputEvent e;
        e.kind = atlas_ui::InputEvent::Kind::Text;
        e.codepoint = codepoint;
        input.Push(e);
    }

    // The on-screen rectangle of a child window whose name contains `part` (e.g. "results-list").
    ImRect Window(const char* part) const {
        for (ImGuiWindow* w : GImGui->Windows)
            if (std::string(w->Name).find(part) != std::string::npos && w->WasActive) return w->Rect();
        FAIL("no window named like " << part);
        return {};
    }
    float ScrollY(const char* part) const {
        for (ImGuiWindow* w : GImGui->Windows)
            if (std::string(w->Name).find(part) != std::string::npos && w->WasActive) return w->Scroll.y;
        return -1;
    }

    const atlas_ui::Fonts& fonts() const { return fonts_; }
    atlas_ui::InputQueue input;
    int frames = 0;

  private:
    void Push(atlas_ui::InputEvent::Kind kind, int code, bool down, float x, float y) {
        atlas_ui::InputEvent e;
        e.kind = kind, e.code = code, e.down = down, e.x = x, e.y = y;
        input.Push(e);
    }
    atlas_ui::Fonts fonts_;
    std::deque<std::vector<char>> font_bytes_;  // ImGui keeps pointers into them
};

}  // namespace headless
