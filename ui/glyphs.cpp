// ui/glyphs.cpp — the characters the fonts are rasterized for (glyphs.h).
#include "glyphs.h"

#include <cstring>

#include "atlas_ui.h"
#include "imgui_internal.h"  // ImTextCharFromUtf8

namespace atlas_ui {

// "\u00A0" is the no-break space Norwegian groups digits with.
const char kInterfaceCharacters[] = "\u00A0·ÁÅÉÖ×ØßáäåçèéêëíñóôöøúüćčŁř–—’“”…←→";

namespace {

constexpr uint32_t kLastCodePoint = 0x2318;  // kGlyphRanges's last

bool InSubset(uint32_t c) {
    for (const unsigned short* r = kGlyphRanges; r[0]; r += 2)
        if (c >= r[0] && c <= r[1]) return true;
    return false;
}

}  // namespace

GlyphSet::GlyphSet() : bits_(kLastCodePoint / 64 + 1, 0) {
    for (uint32_t c = 0x20; c <= 0x7E; ++c) bits_[c / 64] |= 1ull << (c % 64);
    AddText(kInterfaceCharacters);
    version = 0;
}

bool GlyphSet::Has(uint32_t c) const { return c <= kLastCodePoint && (bits_[c / 64] >> (c % 64) & 1); }

bool GlyphSet::AddText(std::string_view utf8) {
    bool added = false;
    const unsigned char* p = reinterpret_cast<const unsigned char*>(utf8.data());
    const unsigned char* end = p + utf8.size();
    while (p < end) {
        // Most text is ASCII, which is always in: eight bytes at a time past it.
        uint64_t eight;
        while (end - p >= 8 && (std::memcpy(&eight, p, 8), (eight & 0x8080808080808080ull) == 0)) p += 8;
        if (p == end) break;
        if (*p < 0x80) {
            ++p;
            continue;
        }
        unsigned int c = 0;  // U+FFFD for invalid UTF-8: outside the subset, so never added
        p += ImTextCharFromUtf8(&c, reinterpret_cast<const char*>(p), reinterpret_cast<const char*>(end));
        if (Has(c) || !InSubset(c)) continue;
        bits_[c / 64] |= 1ull << (c % 64);
        added = true;
    }
    if (added) ++version;
    return added;
}

bool GlyphSet::AddAtlas(const atlas::Atlas& atlas) {
    if (atlas.text.size() < scanned_bytes_ || atlas.tags.size() < scanned_tags_) scanned_bytes_ = scanned_tags_ = 0;  // another atlas
    bool added = AddText(std::string_view(atlas.text).substr(scanned_bytes_));
    scanned_bytes_ = atlas.text.size();
    for (; scanned_tags_ < atlas.tags.size(); ++scanned_tags_) added |= AddText(atlas.tags[scanned_tags_].label);
    for (const atlas::TagCategory& category : atlas.tag_categories) added |= AddText(category.name);
    const atlas::AtlasHeader& h = atlas.header;
    for (const std::string* s : {&h.title, &h.source, &h.license}) added |= AddText(*s);
    for (const atlas::EvidenceLevelText& level : h.evidence_levels) added |= AddText(level.label) | AddText(level.description);
    return added;
}

void GlyphSet::ForgetAtlasScan() { scanned_bytes_ = scanned_tags_ = 0; }

size_t GlyphSet::Count() const {
    size_t n = 0;
    for (uint64_t word : bits_) n += (size_t)__builtin_popcountll(word);
    return n;
}

const std::vector<unsigned short>& GlyphSet::Ranges() {
    if (ranges_version_ == version && !ranges_.empty()) return ranges_;
    ranges_.clear();
    for (uint32_t c = 0; c <= kLastCodePoint; ++c) {
        if (!Has(c)) continue;
        if (!ranges_.empty() && ranges_.back() == c - 1) ranges_.back() = (unsigned short)c;
        else ranges_.insert(ranges_.end(), {(unsigned short)c, (unsigned short)c});
    }
    ranges_.push_back(0);
    ranges_version_ = version;
    return ranges_;
}

}  // namespace atlas_ui
