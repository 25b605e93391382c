// ui/imgui_assert.cpp — where a failed ImGui assert goes in native builds (see atlas_imconfig.h):
// said on stderr with its place, then the process stops, so the test that drew it fails.
#include <cstdio>
#include <cstdlib>

void AtlasImGuiAssertFailed(const char* expression, const char* file, int line) {
    std::fprintf(stderr, "ImGui assert failed: %s (%s:%d)\n", expression, file, line);
    std::abort();
}
