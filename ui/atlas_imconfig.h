// ui/atlas_imconfig.h — ImGui build options for this project (IMGUI_USER_CONFIG).
// Native builds (the UI's tests) keep ImGui's asserts on in every build type and make a failed one
// fail the test with its expression, and enable the item hooks of ImGui's test-engine interface
// (ui/imgui_native.cpp). The page's build leaves asserts to NDEBUG and has no hooks.
#pragma once
#ifndef __EMSCRIPTEN__
void AtlasImGuiAssertFailed(const char* expression, const char* file, int line);
#define IM_ASSERT(_EXPR) ((_EXPR) ? (void)0 : AtlasImGuiAssertFailed(#_EXPR, __FILE__, __LINE__))
#define IMGUI_ENABLE_TEST_ENGINE
// Set by a test to see every item ImGui adds (its rectangle) and its label (the widgets that have one).
struct AtlasImGuiItemHooks {
    void* user = nullptr;
    void (*item_add)(void* user, unsigned id, float x0, float y0, float x1, float y1) = nullptr;
    void (*item_info)(void* user, unsigned id, const char* label, int flags) = nullptr;
};
extern AtlasImGuiItemHooks g_atlas_imgui_item_hooks;
#endif
