// atlas/url_state.h — the view in the URL, so links can be shared and back/forward work:
// search, filters, sort, reading depth and the open study (by its stable slug).
//   ?q=rituximab&pemonly=1&type=Trial-RCT&pem=required&years=2015-2020&tag=symptom:Fatigue&sort=newest&depth=quick&study=<slug>
// and the screens a link may open: the evidence gap map (grid=level or grid=type) or a topic page
// (topic=<label of a tag of the topic category>).
// Parsing never fails: a parameter it does not understand is skipped and named in `ignored`, so
// the page can say so quietly. Pure core (the page does history.pushState).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "atlas/card.h"
#include "atlas/command.h"
#include "atlas/model.h"
#include "atlas/query.h"

namespace atlas {

// The screen a link opens besides the atlas (a card, when one is open, is `study`).
struct UrlScreen {
    bool grid = false;                        // the evidence gap map
    GridAxis grid_axis = GridAxis::Level;
    int topic = -1;                           // a topic page: the topic's tag index
};

struct UrlView {
    Query query;
    std::string study_slug;                   // empty: no card open
    bool has_depth = false;
    ReadingDepth depth = ReadingDepth::Standard;
    std::vector<std::string> ignored;         // "name=value" pairs that were not understood
    UrlScreen screen;
};

// `query_string` with or without the leading '?'. Page-level parameters (atlas, embed, gallery,
// theme, height, lock, origin, rows, lang) are left to the page and not reported.
UrlView ParseUrlView(const Atlas& atlas, std::string_view query_string);

// The canonical query string (no leading '?'; empty for the default view). Deterministic order.
std::string FormatUrlView(const Atlas& atlas, const Query& query, std::string_view study_slug, bool include_depth,
                          ReadingDepth depth, const UrlScreen& screen = {});

std::string PercentEncode(std::string_view text);
std::string PercentDecode(std::string_view text);  // '+' is a space; malformed escapes are kept as text

}  // namespace atlas
