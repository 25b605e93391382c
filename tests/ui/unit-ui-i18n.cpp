// unit-ui-i18n.cpp — the interface in other languages: every character of the message catalogue is
// in the font the page ships (build.sh's Inter subset) and in the ranges the canvas rasterizes
// (kGlyphRanges), and every screen draws in every language at phone width.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "atlas/i18n.h"
#include "fixture.h"
#include "headless.h"
#include "imgui_internal.h"

TEST_CASE("ui-i18n: the shipped font subset and the canvas's glyph ranges cover every character of the catalogue") {
    std::ifstream in(std::string(ATLAS_SOURCE_DIR) + "/.deps/fonts/Inter-Regular.atlas.otf", std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.empty()) {
        WARN("the font subset is built by ./build.sh site: not checked");
        return;
    }
    ImGui::CreateContext();
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;
    ImFont* font = ImGui::GetIO().Fonts->AddFontFromMemoryTTF(bytes.data(), (int)bytes.size(), 16.0f, &config,
                                                              reinterpret_cast<const ImWchar*>(atlas_ui::kGlyphRanges));
    unsigned char* pixels;
    int w, h;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    size_t checked = 0;
    for (atlas::Lang lang : {atlas::Lang::En, atlas::Lang::De, atlas::Lang::Es, atlas::Lang::Nb}) {
        for (const std::string& key : atlas::MessageKeys(lang)) {
            for (const std::string& text : {atlas::Tr(lang, key), atlas::TrN(lang, key, 1), atlas::TrN(lang, key, 2)}) {
                const char* s = text.c_str();
                while (*s) {
                    unsigned c = 0;
                    s += ImTextCharFromUtf8(&c, s, nullptr);
                    INFO(atlas::LangCode(lang) << " " << key << ": U+" << std::hex << c);
                    CHECK(font->FindGlyphNoFallback((ImWchar)c) != nullptr);
                    ++checked;
                }
            }
        }
    }
    CHECK(checked > 10000);
    ImGui::DestroyContext();
}

TEST_CASE("ui-i18n: every screen draws in every language, at phone and desktop width") {
    for (const char* lang : {"de", "es", "nb"}) {
        for (float width : {390.0f, 1280.0f}) {
            INFO(lang << " " << width);
            headless::Screen screen(width, 844);
            atlas_ui::State state = fixture::StateWith(fixture::Synthetic());
            REQUIRE(atlas_ui::ApplyText(state, std::string("lang ") + lang));
            for (const char* command : {"", "toggle pem required", "open 0", "depth full", "compare 0", "compare 1", "screen compare",
                                        "screen atlas", "filters show", "filters hide", "back", "calm on", "screen gallery", "screen atlas"}) {
                if (*command) REQUIRE(atlas_ui::ApplyText(state, command));
                screen.Frames(state, 3);
            }
            CHECK(atlas_ui::PrefsJson(state).find(std::string("\"lang\":\"") + lang + "\"") != std::string::npos);
            std::string update = atlas_ui::TextViewUpdate(state);
            CHECK(update.find(std::string("\"lang\":\"") + lang + "\"") != std::string::npos);
        }
    }
}
