// atlas/static_site.h — the atlas as plain static HTML: one page per study, one per topic
// (topic/<slug>.html, atlas/topic.h) plus an index, for readers without WebGL or WebAssembly, for
// find-in-page and for search engines.
// Pure core: takes the model, returns files as bytes; the CLI writes them. No clock, no I/O, no throw.
//
// Every page renders atlas::BuildCard(atlas, study, 0, ReadingDepth::Full), never its own reading of
// the record. No JavaScript: the only <script> is schema.org JSON-LD (type application/ld+json).
// Safety: all data text is HTML-escaped (& < > " '); the JSON-LD is serialized by nlohmann with every
// "<", ">" and "&" written as \u003c \u003e \u0026 and U+2028/2029 as \u2028 \u2029, so data can
// never close (or "<!--"-escape) the script element; only http(s) URLs from data become href.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "atlas/model.h"

namespace atlas {

struct StaticSiteOptions {
    std::string app_base = "../";  // where the interactive atlas lives, relative to the pages
    std::string build_date;        // "YYYY-MM-DD", shown in the footers; empty leaves it out
    const Atlas* previous = nullptr;  // the version this one replaces, for "Changes in this version"
    Lang lang = Lang::En;          // the pages' own words (the study text stays English, marked lang="en")
    bool language_links = false;   // link each page to itself in the other languages (text/ and text/<lang>/)
};

struct StaticFile {
    std::string path;  // relative: "index.html", "static.css", "<slug>.html", "topic/<topic-slug>.html"
    std::string bytes;
};

// "static.css", "index.html", "changes.html", one page per study in atlas order, then one per topic
// (TopicTags order). A study whose slug is not [a-z0-9-] (the loader never lets one through) is
// asserted against and left out.
std::vector<StaticFile> BuildStaticSite(const Atlas& atlas, const StaticSiteOptions& options = {});

// The same files one at a time, for writers that should not hold every page in memory at once
// (about 9 KB a study page: 100k studies would be ~1 GB). BuildStaticSite is exactly these.
std::string_view StaticStylesheet();                                                     // "static.css"
std::string StaticIndexPage(const Atlas& atlas, const StaticSiteOptions& options = {});  // "index.html"
// "changes.html": with options.previous, the studies added, changed (and which fields) and removed;
// without it, a sentence saying so and the studies updated most recently.
std::string StaticChangesPage(const Atlas& atlas, const StaticSiteOptions& options = {});
// The page of atlas.studies[study_index], to be written as StaticStudyPath(slug); empty when the
// index is out of range or the slug is unsafe.
std::string StaticStudyPage(const Atlas& atlas, size_t study_index, const StaticSiteOptions& options = {});

// The file name of a study's page: "<slug>.html"; the slug "index" becomes "study_index.html" so it
// cannot overwrite the index ('_' is not a slug character, so no other slug can collide).
std::string StaticStudyPath(std::string_view slug);

// The page of a topic (a tag of the atlas's topic category, atlas/topic.h), to be written as
// StaticTopicPath(TopicSlug(atlas, tag)): counts by evidence level and PEM, a timeline, the links
// among its studies and its studies in reading order, each linked to its page. Empty when `tag` is
// not a topic. Its links are relative to the topic/ folder ("../<slug>.html").
std::string StaticTopicPage(const Atlas& atlas, uint32_t tag, const StaticSiteOptions& options = {});
std::string StaticTopicPath(std::string_view topic_slug);   // "topic/<topic-slug>.html"

// Helpers, public for tests and other renderers.
std::string HtmlEscape(std::string_view text);  // & < > " '
bool IsHttpUrl(std::string_view url);  // starts "http://" or "https://" (any case); other schemes never become href
std::string MetaDescription(std::string_view text, size_t max_bytes = 160);  // trimmed on a word boundary, "…" added

}  // namespace atlas
