// ui/atlas_imconfig.h — ImGui build options for this project (IMGUI_USER_CONFIG).
// Native builds (the UI's tests) keep ImGui's asserts on in every build type and make a failed one
// fail the test with its expression; the page's build leaves them to NDEBUG.
#pragma once
#ifndef __EMSCRIPTEN__
void AtlasImGuiAssertFailed(const char* expression, const char* file, int line);
#define IM_ASSERT(_EXPR) ((_EXPR) ? (void)0 : AtlasImGuiAssertFailed(#_EXPR, __FILE__, __LINE__))
#endif
