// atlas/mirror.h — the view as JSON for the DOM mirror: the accessible, selectable text copy of
// what the canvas shows (filters with counts, chips, sort, result count, listed studies, the open
// card). The page turns it into elements with textContent only, never innerHTML. Pure core.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/card.h"
#include "atlas/model.h"
#include "atlas/query.h"
#include "atlas/topic.h"

namespace atlas {

struct MirrorView {
    const Query* query = nullptr;
    const QueryResult* result = nullptr;
    int open_study = -1;                             // index into atlas.studies, or -1
    size_t max_listed = 100;                         // the list is capped; the count is not
    std::string status;                              // loading/problem line shown to the reader
    std::string screen = "atlas";                    // atlas, compare or gallery (what Ctrl+P prints)
    int current_year = 0;                            // for the card's data-quality notes
    ReadingDepth depth = ReadingDepth::Standard;
    std::vector<uint32_t> compare;                   // studies picked for side-by-side reading
    std::string accessed_date;                       // YYYY-MM-DD, for the atlas-snapshot citation
    bool filters_open = false;                       // the phone's filter sheet is open (the page's back closes it)
    bool show_grid = false;                          // the evidence gap map is the screen
    GridAxis grid_axis = GridAxis::Level;
    const TopicPage* topic = nullptr;                // the topic page shown, or none
    std::string back_label;                          // where the card's back button leads ("Back to results")
    const std::vector<SinceVisit>* since = nullptr;  // per study, against the reader's last visit (or none)
    Lang lang = Lang::En;                            // the interface's words; study text stays English
};

std::string MirrorJson(const Atlas& atlas, const MirrorView& view);

// One study as the printed page for a clinician shows it, whatever the reading depth: title, the full
// citation (with DOI and PMID), the classification as label/value pairs, the quick summary and what
// the study does not prove, and the slug for the card's address. JSON text.
std::string PrintEntryJson(const Atlas& atlas, uint32_t study, Lang lang = Lang::En);

// The view in parts, each the JSON text of some of MirrorJson's keys: what the page already has
// need not be sent or rebuilt again (a keystroke changes the count and the list, not the card).
struct MirrorParts {
    std::string head;      // title, synthetic, status, contribute_url, query, sort, depth, count, filters_open, pem_only, screen
    std::string filters;   // facets, tags, tag_match, years, chips
    std::string list;      // listed
    std::string card;      // card
    std::string compare;   // compare
    std::string grid;      // grid: the evidence gap map (null unless it is the screen)
    std::string topic;     // topic: the topic page (null unless one is shown)
    std::string print;     // print: the page for the doctor, {"card": entry or null, "compare": [entries]}
    std::string url;       // the view's canonical query string (url_state.h), given by the caller
};
MirrorParts MirrorViewParts(const Atlas& atlas, const MirrorView& view);
// One JSON object with "url" and the keys of every part that differs from `sent`, which then holds
// `now`; empty when nothing differs. Merged into the previous view, it gives MirrorJson's object.
std::string MirrorUpdateJson(const MirrorParts& now, MirrorParts& sent);

}  // namespace atlas
