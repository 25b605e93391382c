// unit-ui-glyphs.cpp — the characters the fonts are rasterized for (ui/glyphs.h): ASCII and the
// interface's own characters always; of the font subset, what the atlas, the catalogues and the search
// text hold; nothing outside the subset; an atlas loaded in parts gives the same set as loaded whole;
// and every character of the interface's own strings is covered.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>

#include "atlas/i18n.h"
#include "atlas/load.h"
#include <sstream>
#include "atlas_ui.h"
#include "glyphs.h"

namespace {

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The bundled atlas as built (empty, with a warning, before ./build.sh site has run).
std::string BundledAtlas() {
    std::string json = ReadFile(std::filesystem::path(ATLAS_SOURCE_DIR) / "build/site/atlas.json");
    if (json.empty()) WARN("build/site/atlas.json is made by ./build.sh site: not checked");
    return json;
}

std::vector<uint32_t> CodePoints(std::string_view utf8) {
    std::vector<uint32_t> out;
    for (size_t i = 0; i < utf8.size();) {
        unsigned char b = (unsigned char)utf8[i];
        int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        uint32_t c = n == 1 ? b : b & (0x7F >> n);
        for (int k = 1; k < n && i + k < utf8.size(); ++k) c = c << 6 | ((unsigned char)utf8[i + k] & 0x3F);
        out.push_back(c);
        i += (size_t)n;
    }
    return out;
}

bool InSubset(uint32_t c) {
    for (const unsigned short* r = atlas_ui::kGlyphRanges; r[0]; r += 2)
        if (c >= r[0] && c <= r[1]) return true;
    return false;
}

// The bytes a C++ string literal's text stands for: \xHH, \uXXXX and simple escapes decoded.
std::string Unescape(const std::string& literal) {
    std::string out;
    for (size_t i = 0; i < literal.size(); ++i) {
        if (literal[i] != '\\' || i + 1 == literal.size()) {
            out += literal[i];
            continue;
        }
        char kind = literal[++i];
        if (kind == 'x') {
            size_t used = 0;
            int value = std::stoi(literal.substr(i + 1, 2), &used, 16);
            out += (char)value;
            i += used;
        } else if (kind == 'u') {
            uint32_t c = (uint32_t)std::stoul(literal.substr(i + 1, 4), nullptr, 16);
            if (c < 0x800) out += {(char)(0xC0 | c >> 6), (char)(0x80 | (c & 0x3F))};
            else out += {(char)(0xE0 | c >> 12), (char)(0x80 | (c >> 6 & 0x3F)), (char)(0x80 | (c & 0x3F))};
            i += 4;
        } else {
            out += kind;
        }
    }
    return out;
}

}  // namespace

TEST_CASE("ui-glyphs: ASCII and the interface's characters always; others only when some text has them") {
    atlas_ui::GlyphSet glyphs;
    for (uint32_t c = 0x20; c <= 0x7E; ++c) CHECK(glyphs.Has(c));
    CHECK(glyphs.Has(0x2014));  // —
    CHECK(glyphs.Has(0x00A0));  // Norwegian digit groups
    CHECK_FALSE(glyphs.Has(0x03B1));  // α: no text has it yet
    CHECK(glyphs.version == 0);
    const std::vector<unsigned short> before = glyphs.Ranges();

    CHECK(glyphs.AddText("Interleukin-6 and TNF-\xCE\xB1 in ME/CFS"));  // α
    CHECK(glyphs.Has(0x03B1));
    CHECK(glyphs.version == 1);
    CHECK_FALSE(glyphs.AddText("TNF-\xCE\xB1 again"));
    CHECK(glyphs.version == 1);
    CHECK_FALSE(glyphs.AddText("\xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 \xE2\x89\xA4"));  // 日本, an emoji, ≤: not in the font subset
    CHECK_FALSE(glyphs.Has(0x2264));
    CHECK_FALSE(glyphs.AddText(std::string("\xC3\x28 \xFF\xFE broken", 11)));  // invalid UTF-8 adds nothing
    const std::vector<unsigned short>& after = glyphs.Ranges();
    CHECK(after.size() == before.size() + 2);  // α is a range of its own
    CHECK(after.back() == 0);
    size_t counted = 0;
    for (size_t i = 0; after[i]; i += 2) counted += (size_t)(after[i + 1] - after[i] + 1);
    CHECK(counted == glyphs.Count());
}

TEST_CASE("ui-glyphs: far fewer glyphs than the whole subset for the bundled atlas and the catalogues") {
    const std::string json = BundledAtlas();
    if (json.empty()) return;
    atlas::Atlas atlas;
    REQUIRE(atlas::LoadAtlas(json, atlas).usable);
    atlas_ui::GlyphSet glyphs;
    glyphs.AddAtlas(atlas);
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(ATLAS_SOURCE_DIR) / "i18n"))
        glyphs.AddText(ReadFile(entry.path()));
    size_t subset = 0;
    for (const unsigned short* r = atlas_ui::kGlyphRanges; r[0]; r += 2) subset += (size_t)(r[1] - r[0] + 1);
    INFO("glyphs " << glyphs.Count() << " of the subset's " << subset);
    CHECK(glyphs.Count() * 2 < subset);
    // Every character of every study's text that the subset has is in.
    for (uint32_t c : CodePoints(atlas.text))
        if (InSubset(c)) CHECK(glyphs.Has(c));
}

TEST_CASE("ui-glyphs: an atlas loaded in parts gives the set it gives loaded whole") {
    const std::string json = BundledAtlas();
    if (json.empty()) return;
    atlas::Atlas whole;
    REQUIRE(atlas::LoadAtlas(json, whole).usable);
    atlas_ui::GlyphSet at_once;
    at_once.AddAtlas(whole);

    atlas_ui::State state;
    atlas::Atlas streamed;
    size_t parts = 0;
    {
        atlas::AtlasStreamLoader loader(streamed);
        for (size_t at = 0; at < json.size(); at += 30000) {
            loader.Feed(std::string_view(json).substr(at, 30000));
            if (size_t read = loader.Snapshot()) {
                atlas_ui::TakePartialAtlas(state, &streamed, read, loader.ExpectedStudies());
                ++parts;
            }
        }
        atlas::LoadReport report = loader.Finish();
        atlas::Atlas loaded = std::move(streamed);
        atlas_ui::TakeAtlas(state, &loaded, report);
    }
    CHECK(parts > 3);
    CHECK(state.glyphs.Ranges() == at_once.Ranges());
}

TEST_CASE("ui-glyphs: every character of the interface's own strings is in kInterfaceCharacters") {
    const std::filesystem::path root(ATLAS_SOURCE_DIR);
    atlas_ui::GlyphSet interface_only;
    const std::regex literal("\"((?:[^\"\\\\]|\\\\.)*)\"");
    size_t files = 0;
    for (const char* dir : {"ui", "wasm", "core/src", "core/include"}) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir)) {
            const std::string ext = entry.path().extension().string();
            if (ext != ".cpp" && ext != ".h") continue;
            ++files;
            const std::string source = ReadFile(entry.path());
            std::istringstream lines(source);
            std::string line;
            while (std::getline(lines, line)) {
                for (std::sregex_iterator m(line.begin(), line.end(), literal), end; m != end; ++m) {
                    for (uint32_t c : CodePoints(Unescape((*m)[1].str()))) {
                        if (c <= 0x7E || !InSubset(c)) continue;
                        INFO(entry.path().string() << ": U+" << std::hex << c << " in " << (*m)[0].str());
                        CHECK(interface_only.Has(c));
                    }
                }
            }
        }
    }
    CHECK(files > 50);
}
