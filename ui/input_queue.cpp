// ui/input_queue.cpp — see input_queue.h.
#include "input_queue.h"

#include "imgui.h"

namespace atlas_ui {

void InputQueue::SetUpKeyMap(ImGuiIO& io) {
    for (int key = 0; key < ImGuiKey_COUNT; ++key) io.KeyMap[key] = key;
}

void InputQueue::FeedFrame(ImGuiIO& io) {
    bool key_changed[ImGuiKey_COUNT] = {};
    bool button_changed[3] = {};
    bool any_button_changed = false, moved = false;
    while (!events_.empty()) {
        const InputEvent& e = events_.front();
        switch (e.kind) {
        case InputEvent::Kind::Key:
            if (e.code < 0 || e.code >= ImGuiKey_COUNT) break;
            if (key_changed[e.code]) return;  // its second change: next frame
            key_changed[e.code] = true;
            io.KeysDown[e.code] = e.down;
            io.KeyShift = e.shift;
            io.KeyCtrl = e.ctrl;
            io.KeyAlt = e.alt;
            io.KeySuper = e.super;
            break;
        case InputEvent::Kind::PointerButton:
            if (e.code < 0 || e.code > 2) break;
            if (button_changed[e.code]) return;
            if (!e.down && moved) return;  // the drag must be seen with the button held
            button_changed[e.code] = any_button_changed = true;
            io.MousePos = ImVec2(e.x, e.y);
            io.MouseDown[e.code] = e.down;
            break;
        case InputEvent::Kind::PointerMove:
            if (any_button_changed) return;  // the press happened where it happened
            io.MousePos = ImVec2(e.x, e.y);
            moved = true;
            break;
        case InputEvent::Kind::Wheel:
            io.MouseWheelH += e.x;
            io.MouseWheel += e.y;
            break;
        case InputEvent::Kind::Text: io.AddInputCharacter(e.codepoint); break;
        case InputEvent::Kind::Focus:
            io.AddFocusEvent(e.down);
            if (!e.down) {  // keys held when focus left will never see their release
                for (bool& down : io.KeysDown) down = false;
                for (bool& down : io.MouseDown) down = false;
            }
            break;
        }
        events_.pop_front();
    }
}

}  // namespace atlas_ui
