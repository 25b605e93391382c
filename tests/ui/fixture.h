// fixture.h — atlases for the UI tests: a synthetic one long enough to scroll (marked synthetic,
// never shipped), and the gallery's own fixtures.
#pragma once
#include <catch2/catch.hpp>

#include <string>

#include "atlas/load.h"
#include "atlas/synth.h"
#include "atlas_ui.h"

namespace fixture {

inline const atlas::Atlas& Synthetic(size_t count = 60) {
    static atlas::Atlas atlas;
    static size_t loaded = 0;
    if (loaded != count) {
        std::string json;
        atlas::SynthesizeAtlas({count, 7}, json);
        REQUIRE(atlas::LoadAtlas(json, atlas).loaded == count);
        loaded = count;
    }
    return atlas;
}

// A state with `atlas` taken in as the page would, and today's date set.
inline atlas_ui::State StateWith(const atlas::Atlas& atlas) {
    atlas_ui::State state;
    atlas::LoadReport ok;
    ok.usable = true;
    ok.loaded = atlas.studies.size();
    atlas_ui::TakeAtlas(state, &atlas, ok);
    atlas_ui::SetToday(state, "2026-12-03");
    return state;
}

}  // namespace fixture
