// atlas/feed.h — the Atom feed of an atlas (RFC 4287): studies added or changed, newest first, each
// linking to its deep link in the interactive atlas and to its page in the text version.
// Pure core: `atlas build` writes it as feed.xml beside the bundle.
#pragma once
#include <string>
#include <string_view>

#include "atlas/model.h"

namespace atlas {

struct FeedOptions {
    // Where the site is served, absolute, ending in '/': "https://atlas.example.org/". The app is at
    // base_url, a study at base_url + "?study=<slug>", its text page at base_url + "text/<slug>.html",
    // the feed itself at base_url + "feed.xml". A feed needs absolute addresses (RFC 4287 ids are
    // IRIs), and the bundle does not know where it will be deployed: the caller says.
    std::string base_url;
    // The version this one replaces. With it the entries are exactly its diff (added and changed
    // studies, each saying which); without it, the studies updated most recently.
    const Atlas* previous = nullptr;
    size_t max_entries = 50;
};

// An absolute http(s) URL with no query or fragment, ending in '/'.
bool IsFeedBaseUrl(std::string_view url);

// The feed document (UTF-8 XML). Entries by last_updated, newest first, then by title; at most
// max_entries. The feed's <updated> is the newest entry's date (the header's `generated` when none).
std::string AtomFeed(const Atlas& atlas, const FeedOptions& options);

}  // namespace atlas
