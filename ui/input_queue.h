// ui/input_queue.h — keyboard and pointer input for ImGui 1.86, in order and none lost.
// 1.86 reads key and button state once per frame: a key pressed and released between two frames,
// or pressed twice, is seen once or never, and a tap's press lands where the finger ended. The
// platform pushes events as they arrive; each frame takes them in order until one would be a second
// change of the same key or button, a pointer move after a button change (it would move where the
// press happened), or a release after a move (the drag must be seen with the button held); the
// rest waits for the next frame, and Pending() asks for it.
#pragma once
#include <cstdint>
#include <deque>

struct ImGuiIO;

namespace atlas_ui {

struct InputEvent {
    enum class Kind : uint8_t { PointerMove, PointerButton, Wheel, Key, Text, Focus };
    Kind kind = Kind::PointerMove;
    int code = 0;          // Key: an ImGuiKey_ value; PointerButton: 0 left, 1 right, 2 middle
    bool down = false;     // Key, PointerButton: pressed; Focus: gained
    float x = 0, y = 0;    // PointerMove, PointerButton: CSS px; Wheel: steps (x horizontal, y vertical)
    bool shift = false, ctrl = false, alt = false, super = false;  // Key: modifiers with it
    unsigned codepoint = 0;  // Text
};

class InputQueue {
  public:
    // Keys are addressed by ImGuiKey_ values (io.KeyMap is the identity), so the platform maps its
    // own key codes once and the UI never sees them.
    static void SetUpKeyMap(ImGuiIO& io);
    void Push(const InputEvent& event) { events_.push_back(event); }
    // Applies this frame's share of the events to `io`; call before ImGui::NewFrame().
    void FeedFrame(ImGuiIO& io);
    bool Pending() const { return !events_.empty(); }

  private:
    std::deque<InputEvent> events_;
};

}  // namespace atlas_ui
