// ui/glyphs.h — which characters the fonts are rasterized for. Rasterizing is the longest single step
// of start-up (a few hundred glyphs × four fonts at the device's pixel ratio: ~250 ms at 3× on this
// machine's Chromium, far more on a cheap phone), so of the font subset (kGlyphRanges) only what can be
// drawn is made: ASCII and the interface's own characters always, the rest when the atlas, the words
// of the languages in use or the search text hold them. A new character raises `version`; the
// platform rasterizes again (once, in a frame of its own).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/model.h"

namespace atlas_ui {

// The non-ASCII characters of the interface's own strings (ui/, core/'s labels, country names and
// view text): tests/ui/unit-ui-glyphs.cpp checks that every string literal in those sources is covered.
extern const char kInterfaceCharacters[];

class GlyphSet {
public:
    GlyphSet();
    // Adds the characters of UTF-8 text that the font subset has; true when any was new.
    bool AddText(std::string_view utf8);
    // The atlas's text, from where the last call stopped: an atlas loading in parts grows at its end,
    // and the whole one holds the same text. ForgetAtlasScan() when a load is over (the next starts at 0).
    bool AddAtlas(const atlas::Atlas& atlas);
    void ForgetAtlasScan();
    bool Has(uint32_t code_point) const;
    // ImGui's glyph ranges: zero-terminated (first, last) pairs; valid until the next change.
    const std::vector<unsigned short>& Ranges();
    int version = 0;              // raised whenever a character is added
    size_t Count() const;

private:
    std::vector<uint64_t> bits_;  // one bit per code point up to the subset's last
    std::vector<unsigned short> ranges_;
    int ranges_version_ = -1;
    size_t scanned_bytes_ = 0, scanned_tags_ = 0;  // of the atlas being loaded
};

}  // namespace atlas_ui
