// ui/imgui_native.cpp — ImGui glue for native builds only (see atlas_imconfig.h): where a failed
// assert goes (stderr, then the process stops, so the test that drew it fails), and the item hooks
// of ImGui's test-engine interface, which the UI's tests use to measure what a finger can hit.
#include <cstdio>
#include <cstdlib>

#include "imgui.h"
#include "imgui_internal.h"

void AtlasImGuiAssertFailed(const char* expression, const char* file, int line) {
    std::fprintf(stderr, "ImGui assert failed: %s (%s:%d)\n", expression, file, line);
    std::abort();
}

AtlasImGuiItemHooks g_atlas_imgui_item_hooks;

void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, const ImRect& bb, ImGuiID id) {
    if (g_atlas_imgui_item_hooks.item_add) g_atlas_imgui_item_hooks.item_add(g_atlas_imgui_item_hooks.user, id, bb.Min.x, bb.Min.y, bb.Max.x, bb.Max.y);
}
void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
    if (g_atlas_imgui_item_hooks.item_info) g_atlas_imgui_item_hooks.item_info(g_atlas_imgui_item_hooks.user, id, label, flags);
}
void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
