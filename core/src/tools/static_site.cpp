// static_site.cpp — the atlas as static HTML pages (see atlas/static_site.h). Pure core.
//
// [Pages]
//   static.css   the one stylesheet: calm, readable, light and dark through prefers-color-scheme.
//   index.html   every study, grouped by year (newest first; within a year by title), each with its
//                title (linking to its page), byline · journal · year, and the evidence, PEM, draft and
//                retraction badge texts of its card.
//   changes.html the studies added, changed and removed since the version this one replaces.
//   <slug>.html  the Full card of one study (atlas::BuildCard), the plain and BibTeX citations, and
//                schema.org ScholarlyArticle JSON-LD; its topics link to their pages, its links to
//                other studies to theirs (or to the DOI or PubMed page of a paper outside the atlas).
//   topic/<topic-slug>.html  one topic (atlas::BuildTopicPage): counts by evidence level and PEM as
//                tables, a timeline table, the links among its studies, its studies in reading order.
// Everything from data goes through HtmlEscape (text and attributes alike, attributes always double-
// quoted) or JsonForScript; an href from data is written only when IsHttpUrl accepts it.
#include "atlas/static_site.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "atlas/card.h"
#include "atlas/changes.h"
#include "atlas/cite.h"
#include "atlas/facets.h"
#include "atlas/topic.h"
#include "atlas/url_state.h"

namespace atlas {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kStylesheet = "static.css";

const char* const kCss =
    "/* The text version of the atlas: one calm, readable column. No scripts, no web fonts. */\n"
    ":root { color-scheme: light dark; --bg: #F7F5F0; --fg: #252629; --muted: #5A5C61; --accent: #1D656B;\n"
    "  --line: #DDD8CE; --code: #ECE8E0; --warn-bg: #FBE7E3; --warn-fg: #7E1A10; }\n"
    "@media (prefers-color-scheme: dark) {\n"
    "  :root { --bg: #1C1D20; --fg: #DCD9D2; --muted: #A5A29B; --accent: #86C7CC;\n"
    "    --line: #3A3C41; --code: #26272B; --warn-bg: #3B201C; --warn-fg: #F5BDB4; }\n"
    "}\n"
    "html { background: var(--bg); color: var(--fg); -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }\n"
    "body { max-width: 42rem; margin: 0 auto; padding: 1.25rem 1rem 3rem;\n"
    "  font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", sans-serif;\n"
    "  font-size: 1.1rem; line-height: 1.6; overflow-wrap: break-word; }\n"
    "a { color: var(--accent); text-underline-offset: .15em; }\n"
    "a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }\n"
    "h1 { font-size: 1.5rem; line-height: 1.3; margin: .75rem 0 .5rem; }\n"
    "h2 { font-size: 1.2rem; line-height: 1.35; margin: 2rem 0 .5rem; }\n"
    "h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }\n"
    "ul { padding-left: 1.25rem; }\n"
    "li { margin: .25rem 0; }\n"
    ".site { font-size: .95rem; color: var(--muted); border-bottom: 1px solid var(--line); padding-bottom: .5rem; }\n"
    ".badges { list-style: none; padding: 0; margin: .75rem 0 0; display: flex; flex-wrap: wrap; gap: .35rem .5rem; }\n"
    ".badges li { margin: 0; padding: 0 .5rem; border: 1px solid var(--line); border-radius: .35rem; font-size: .9rem; "
    "}\n"
    ".retraction { background: var(--warn-bg); color: var(--warn-fg); border-left: 4px solid currentColor;\n"
    "  padding: .6rem .8rem; font-weight: 600; }\n"
    ".byline, .draft, .muted { color: var(--muted); }\n"
    ".draft { font-style: italic; }\n"
    ".tags { margin: 0; }\n"
    "dl { margin: 0; }\n"
    "dt { font-weight: 600; margin-top: .6rem; }\n"
    "dd { margin: 0; }\n"
    ".notes { font-size: .95rem; color: var(--muted); }\n"
    ".note { border-left: 3px solid var(--line); padding-left: .8rem; font-size: .95rem; }\n"
    "pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--code); padding: .6rem .75rem;\n"
    "  border-radius: .35rem; font-size: .85rem; line-height: 1.45; }\n"
    ".studies { list-style: none; padding: 0; }\n"
    ".studies li { margin: 0 0 1.1rem; }\n"
    ".studies p { margin: 0; }\n"
    ".years a { white-space: nowrap; }\n"
    "table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: 1rem; }\n"
    "th, td { border-bottom: 1px solid var(--line); padding: .35rem .75rem .35rem 0; text-align: left; vertical-align: top; }\n"
    "td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }\n"
    ".links li { margin: 0 0 .6rem; }\n"
    ".topics { columns: 2 14rem; padding-left: 1.25rem; }\n"
    "footer { margin-top: 3rem; border-top: 1px solid var(--line); padding-top: .75rem; font-size: .9rem; color: "
    "var(--muted); }\n"
    "@media print { .site, .years { display: none; } a { color: inherit; } }\n";

// A message of the catalogue as HTML text: our own words, escaped for & < > " (apostrophes read as
// they are), with each {i} replaced by args[i] as given — callers escape data (HtmlEscape) or pass markup.
std::string MsgHtml(Lang lang, std::string_view key, std::initializer_list<std::string_view> args = {}) {
    std::string out;
    for (char c : Tr(lang, key)) out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : std::string(1, c);
    int i = 0;
    for (std::string_view arg : args) {
        std::string slot = "{" + std::to_string(i++) + "}";
        for (size_t at = out.find(slot); at != std::string::npos; at = out.find(slot, at + arg.size())) out.replace(at, slot.size(), arg);
    }
    return out;
}
// The same with data arguments, each HTML-escaped.
std::string Msg(Lang lang, std::string_view key, std::initializer_list<std::string_view> args = {});

std::string Msg(Lang lang, std::string_view key, std::initializer_list<std::string_view> args) {
    std::vector<std::string> escaped;
    for (std::string_view arg : args) escaped.push_back(HtmlEscape(arg));
    switch (escaped.size()) {
    case 0: return MsgHtml(lang, key);
    case 1: return MsgHtml(lang, key, {escaped[0]});
    case 2: return MsgHtml(lang, key, {escaped[0], escaped[1]});
    default: return MsgHtml(lang, key, {escaped[0], escaped[1], escaped[2]});
    }
}

bool IsSafeSlug(std::string_view slug) {
    if (slug.empty() || slug.size() > 64 || slug[0] == '-') return false;
    for (char c : slug)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

// An http(s) URL from data, made fit for an href: bytes a URL may not hold raw are percent-encoded,
// then the whole is HTML-escaped for the double-quoted attribute.
std::string HrefAttr(std::string_view url) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : url) {
        bool raw = c > 0x20 && c < 0x7F && c != '"' && c != '<' && c != '>' && c != '`' && c != '\\' && c != '{' &&
                   c != '}' && c != '|' && c != '^';
        if (raw || c >= 0x80)
            out += (char)c;
        else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return HtmlEscape(out);
}

// <a href="url">text</a> for an http(s) URL; the text alone otherwise.
std::string Link(std::string_view url, std::string_view text) {
    if (!IsHttpUrl(url)) return HtmlEscape(text);
    return "<a href=\"" + HrefAttr(url) + "\">" + HtmlEscape(text) + "</a>";
}

// A paragraph per blank-line separated block of `text`.
std::string Paragraphs(std::string_view text, const char* cls = nullptr) {
    std::string out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find("\n\n", start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view block = text.substr(start, end - start);
        size_t a = block.find_first_not_of(" \t\r\n");
        if (a != std::string_view::npos) {
            block = block.substr(a, block.find_last_not_of(" \t\r\n") - a + 1);
            out += cls ? std::string("<p class=\"") + cls + "\">" : std::string("<p>");
            out += HtmlEscape(block) + "</p>\n";
        }
        start = end + 2;
    }
    return out;
}

// nlohmann's JSON, made safe inside <script type="application/ld+json">: "<", ">" and "&" only ever
// occur inside JSON strings, where \u003c \u003e \u0026 mean the same, so no "</script", "<!--" or
// "<script" (whose escaped-state rules could swallow our closing tag) can appear. U+2028/2029 too.
std::string JsonForScript(const json& value) {
    std::string dumped = value.dump(-1, ' ', false, json::error_handler_t::replace);
    std::string out;
    out.reserve(dumped.size() + 16);
    for (size_t i = 0; i < dumped.size(); ++i) {
        char c = dumped[i];
        if (c == '<')
            out += "\\u003c";
        else if (c == '>')
            out += "\\u003e";
        else if (c == '&')
            out += "\\u0026";
        else if (c == '\xE2' && i + 2 < dumped.size() && dumped[i + 1] == '\x80' &&
                 (dumped[i + 2] == '\xA8' || dumped[i + 2] == '\xA9')) {
            out += dumped[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
            i += 2;
        } else
            out += c;
    }
    return out;
}

std::string AtlasTitle(const Atlas& atlas) {
    return atlas.header.title.empty() ? std::string("ME/CFS Research Atlas") : atlas.header.title;
}

const CardBadge* FindBadge(const Card& card, BadgeKind kind) {
    for (const CardBadge& b : card.badges)
        if (b.kind == kind) return &b;
    return nullptr;
}

std::string_view QuickSummary(const Card& card) {
    for (const CardSection& s : card.sections)
        if (s.id == "quick_summary") return s.text;
    return {};
}

std::string FullByline(const Card& card) {
    std::string out = card.byline;
    for (const std::string* part : {&card.journal, &card.year})
        if (!part->empty() && *part != "0") out += (out.empty() ? "" : " · ") + *part;
    return out;
}

// Pages in topic/ reach the others through "../": `root` is that prefix ("" for the flat pages).
std::string AppBase(const StaticSiteOptions& options, std::string_view root) {
    const std::string& base = options.app_base;
    bool absolute = IsHttpUrl(base) || (!base.empty() && base[0] == '/');
    return absolute ? base : std::string(root) + base;
}

std::string Head(const Atlas& atlas, const StaticSiteOptions& options, std::string_view title, std::string_view description,
                 std::string_view extra = {}, std::string_view root = {}) {
    std::string out =
        "<!doctype html>\n<html lang=\"" + std::string(LangCode(options.lang)) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"color-scheme\" content=\"light dark\">\n";
    if (atlas.header.synthetic)
        out += "<meta name=\"robots\" content=\"noindex\">\n";  // test data: keep it out of search
    out += "<title>" + HtmlEscape(title) + "</title>\n";
    out += "<meta name=\"description\" content=\"" + HtmlEscape(description) + "\">\n";
    out += "<link rel=\"stylesheet\" href=\"" + HtmlEscape(root) + kStylesheet + "\">\n";
    // The site's icon (else a favicon.ico 404 in every log), beside the app like the feed.
    out += "<link rel=\"icon\" href=\"" + HtmlEscape(AppBase(options, root)) + "icon.svg\" type=\"image/svg+xml\">\n";
    out += "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"" + Msg(options.lang, "text.feed") + "\" href=\"" +
           HtmlEscape(AppBase(options, root)) + "feed.xml\">\n";
    out += extra;
    out += "</head>\n<body>\n";
    return out;
}

// The interactive atlas, in this text version's language.
std::string AppLink(const StaticSiteOptions& options, std::string_view query = {}, std::string_view root = {}) {
    std::string params(query);
    if (options.lang != Lang::En) params += std::string(params.empty() ? "" : "&") + "lang=" + std::string(LangCode(options.lang));
    return AppBase(options, root) + (params.empty() ? "" : "?" + params);
}

// "Other languages: English · Deutsch · …": the same page in the other languages' text versions
// (English at text/, the others at text/<lang>/).
std::string LanguageLinks(const StaticSiteOptions& options, std::string_view page = "index.html", std::string_view root = {}) {
    if (!options.language_links) return {};
    std::string out = "<p lang=\"" + std::string(LangCode(options.lang)) + "\">" + Msg(options.lang, "text.languages") + ": ";
    bool first = true;
    for (int l = 0; l < kLangCount; ++l) {
        Lang other = (Lang)l;
        if (other == options.lang) continue;
        std::string dir = std::string(root) + (options.lang == Lang::En ? "" : "../");
        std::string href = dir + (other == Lang::En ? "" : std::string(LangCode(other)) + "/") + std::string(page);
        out += std::string(first ? "" : " · ") + "<a href=\"" + HtmlEscape(href) + "\" hreflang=\"" + std::string(LangCode(other)) +
               "\" lang=\"" + std::string(LangCode(other)) + "\">" + HtmlEscape(LangName(other)) + "</a>";
        first = false;
    }
    return out + "</p>\n";
}

// `page`: this page's path in its text version (for the language links); `root`: "../" in topic/.
std::string Footer(const Atlas& atlas, const StaticSiteOptions& options, std::string_view page = "index.html",
                   std::string_view root = {}) {
    const Lang lang = options.lang;
    const std::string r = HtmlEscape(root);
    std::string out = "<footer>\n<p>" + (options.build_date.empty() ? Msg(lang, "text.footer", {AtlasTitle(atlas)})
                                         : Msg(lang, "text.footer_built", {AtlasTitle(atlas), FormatLongDate(lang, options.build_date)}));
    out += ". <a href=\"" + r + "index.html\">" + Msg(lang, "text.all_studies") + "</a> · <a href=\"" + r + "changes.html\">" +
           Msg(lang, "text.changes") + "</a> · <a href=\"" + HtmlEscape(AppLink(options, {}, root)) + "\">" + Msg(lang, "text.interactive") + "</a>";
    if (IsHttpUrl(atlas.header.about_url)) out += " · " + Link(atlas.header.about_url, Tr(lang, "card.how_it_works"));
    out += "</p>\n";
    out += LanguageLinks(options, page, root);
    if (atlas.header.synthetic) out += "<p>" + Msg(lang, "text.synthetic") + "</p>\n";
    if (!atlas.header.license.empty()) out += "<p>" + HtmlEscape(atlas.header.license) + "</p>\n";
    out += "</footer>\n</body>\n</html>\n";
    return out;
}

json JsonLd(const Atlas& atlas, const Study& study, const Card& card) {
    json ld;
    ld["@context"] = "https://schema.org";
    ld["@type"] = "ScholarlyArticle";
    ld["name"] = card.title;
    ld["headline"] = card.title.size() <= 110 ? card.title : MetaDescription(card.title, 106);
    json authors = json::array();
    for (uint32_t i = 0; i < study.authors.count; ++i) {
        std::string_view name = atlas.Item(study.authors, i);
        size_t comma = name.find(',');
        if (comma == std::string_view::npos) {  // a collective author, e.g. "CFS/ME Working Group"
            authors.push_back({{"@type", "Organization"}, {"name", name}});
            continue;
        }
        std::string_view family = name.substr(0, comma), given = name.substr(comma + 1);
        while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
        json person = {{"@type", "Person"},
                       {"name", given.empty() ? std::string(family) : std::string(given) + " " + std::string(family)},
                       {"familyName", family}};
        if (!given.empty()) person["givenName"] = given;
        authors.push_back(std::move(person));
    }
    if (!authors.empty()) ld["author"] = std::move(authors);
    if (study.year > 0) ld["datePublished"] = card.year;
    if (!card.journal.empty()) ld["isPartOf"] = {{"@type", "Periodical"}, {"name", card.journal}};
    json ids = json::array(), same_as = json::array();
    for (const CardMeta& m : card.metadata) {
        if (m.label != "PMID" && m.label != "DOI") continue;
        ids.push_back({{"@type", "PropertyValue"}, {"propertyID", m.label}, {"value", m.value}});
        if (IsHttpUrl(m.link)) same_as.push_back(m.link);
    }
    if (!ids.empty()) ld["identifier"] = std::move(ids);
    if (!same_as.empty()) ld["sameAs"] = std::move(same_as);
    std::string abstract(QuickSummary(card));
    if (!card.draft_notice.empty() && !abstract.empty()) abstract = card.draft_notice + " " + abstract;
    if (!abstract.empty()) ld["abstract"] = abstract;
    json keywords = json::array();
    for (const CardTagGroup& g : card.tag_groups)
        for (const std::string& t : g.tags) keywords.push_back(t);
    if (!keywords.empty()) ld["keywords"] = std::move(keywords);
    if (!card.retraction.empty()) ld["creativeWorkStatus"] = "Retracted";
    return ld;
}

// <a href> to another study's page, or to the paper outside the atlas; the text alone when neither.
std::string LinkHtml(const CardLink& link, std::string_view root) {
    std::string text = (link.retracted ? "[Retracted] " : "") + link.text;
    if (link.study >= 0) return "<a href=\"" + HtmlEscape(std::string(root) + StaticStudyPath(link.slug)) + "\">" + HtmlEscape(text) + "</a>";
    return Link(link.url, text);
}

std::string PopulationHtml(const Card& card, Lang lang) {
    if (card.population.empty()) return {};
    std::string out = "<section id=\"population\">\n<h2>" + Msg(lang, "card.who_studied") + "</h2>\n<dl>\n";
    for (const CardMeta& m : card.population) out += "<dt>" + HtmlEscape(m.label) + "</dt>\n<dd>" + HtmlEscape(m.value) + "</dd>\n";
    return out + "</dl>\n</section>\n";
}

std::string RelationsHtml(const Card& card, Lang lang) {
    if (card.relations.empty()) return {};
    std::string out = "<section id=\"relations\">\n<h2>" + Msg(lang, "card.links") + "</h2>\n";
    for (const CardRelationGroup& g : card.relations) {
        out += "<h3>" + HtmlEscape(g.heading) + "</h3>\n<ul class=\"links\" data-relation=\"" + HtmlEscape(g.id) + "\">\n";
        for (const CardLink& l : g.links) {
            out += "<li>" + LinkHtml(l, "");
            if (!l.note.empty()) out += "<br><span class=\"muted\">" + HtmlEscape(l.note) + "</span>";
            out += "</li>\n";
        }
        out += "</ul>\n";
    }
    return out + "</section>\n";
}

std::string StudyPage(const Atlas& atlas, const Study& study, const Card& card, const StaticSiteOptions& options) {
    std::string slug(atlas.Text(study.slug));
    std::string_view summary = QuickSummary(card);
    std::string ld =
        "<script type=\"application/ld+json\">" + JsonForScript(JsonLd(atlas, study, card)) + "</script>\n";
    const Lang lang = options.lang;
    std::string out = Head(atlas, options, card.title + " — " + AtlasTitle(atlas),
                           MetaDescription(summary.empty() ? card.title : summary), ld);

    out += "<nav class=\"site\"><a href=\"index.html\">" + Msg(lang, "text.nav_text_version", {AtlasTitle(atlas)}) +
           "</a> · <a href=\"" + HtmlEscape(AppLink(options, "study=" + slug)) + "\">" + Msg(lang, "text.open_in_app") + "</a></nav>\n";
    out += "<main>\n<article>\n";

    out += "<ul class=\"badges\" aria-label=\"" + Msg(lang, "page.classification") + "\">\n";
    for (const CardBadge& b : card.badges)
        out += "<li title=\"" + HtmlEscape(b.tooltip) + "\">" + HtmlEscape(b.text) + "</li>\n";
    out += "</ul>\n";
    if (!card.retraction.empty()) out += "<p class=\"retraction\">" + HtmlEscape(card.retraction) + "</p>\n";
    const std::string en = lang == Lang::En ? "" : " lang=\"en\"";  // the study's own text stays English
    out += "<h1" + en + ">" + HtmlEscape(card.title) + "</h1>\n";
    out += "<p class=\"byline\"" + en + ">" + HtmlEscape(FullByline(card)) + "</p>\n";
    if (!card.draft_notice.empty()) out += "<p class=\"draft\">" + HtmlEscape(card.draft_notice) + "</p>\n";
    out += PopulationHtml(card, lang);

    // The links come right after the summary, as on the card in the app.
    bool links_written = false;
    for (const CardSection& s : card.sections) {
        if (!links_written && s.id != "quick_summary") {
            out += RelationsHtml(card, lang);
            links_written = true;
        }
        out += "<section id=\"" + HtmlEscape(s.id) + "\">\n";
        if (!s.heading.empty()) out += "<h2>" + HtmlEscape(s.heading) + "</h2>\n";
        if (!s.subheading.empty()) out += "<h3>" + HtmlEscape(s.subheading) + "</h3>\n";
        if (!en.empty() && !s.text.empty()) out += "<div" + en + ">\n" + Paragraphs(s.text) + "</div>\n";
        else out += Paragraphs(s.text);
        if (!s.items.empty()) {
            out += "<ul" + en + ">\n";
            for (const std::string& item : s.items) out += "<li>" + HtmlEscape(item) + "</li>\n";
            out += "</ul>\n";
        }
        out += "</section>\n";
    }
    if (!links_written) out += RelationsHtml(card, lang);

    if (!card.tag_groups.empty()) {
        out += "<section id=\"tags\">\n<h2>" + Msg(lang, "card.tags") + "</h2>\n<dl class=\"tags\"" + en + ">\n";
        for (const CardTagGroup& g : card.tag_groups) {
            out += "<dt>" + HtmlEscape(g.category) + "</dt>\n<dd>";
            for (size_t i = 0; i < g.tags.size(); ++i) {
                out += i ? ", " : "";
                std::string slug = i < g.topics.size() && g.topics[i] >= 0 ? TopicSlug(atlas, (uint32_t)g.topics[i]) : "";
                out += slug.empty() ? HtmlEscape(g.tags[i])
                                    : "<a href=\"" + HtmlEscape(StaticTopicPath(slug)) + "\">" + HtmlEscape(g.tags[i]) + "</a>";
            }
            out += "</dd>\n";
        }
        out += "</dl>\n</section>\n";
    }

    out += "<section id=\"metadata\">\n<h2>" + Msg(lang, "card.metadata") + "</h2>\n<dl>\n";
    for (const CardMeta& m : card.metadata)
        out += "<dt>" + HtmlEscape(m.label) + "</dt>\n<dd>" + Link(m.link, m.value) + "</dd>\n";
    out += "</dl>\n</section>\n";

    if (!card.quality_notes.empty()) {
        out += "<section id=\"quality\" class=\"notes\">\n<h2>" + Msg(lang, "card.quality_notes") + "</h2>\n<ul" + en + ">\n";
        for (const std::string& n : card.quality_notes) out += "<li>" + HtmlEscape(n) + "</li>\n";
        out += "</ul>\n</section>\n";
    }

    if (!card.pem_note.empty()) {
        out += "<aside class=\"note\">\n" + Paragraphs(card.pem_note);
        if (IsHttpUrl(card.about_url)) out += "<p>" + Link(card.about_url, Tr(lang, "card.how_it_works") + " →") + "</p>\n";
        out += "</aside>\n";
    }

    out += "<section id=\"cite\">\n<h2>" + Msg(lang, "text.cite") + "</h2>\n";
    out += "<p>" + HtmlEscape(CitePlain(atlas, study)) + "</p>\n";
    out += "<h3>BibTeX</h3>\n<pre><code>" + HtmlEscape(CiteBibtex(atlas, study)) + "</code></pre>\n";
    out +=
        "<h3>" + Msg(lang, "text.cite_atlas") + "</h3>\n<p>" + HtmlEscape(CiteAtlasSnapshot(atlas, study, "")) + "</p>\n";
    out += "</section>\n";

    if (!card.contribute_text.empty()) {
        out += "<section id=\"contribute\">\n<h2>" + Msg(lang, "text.corrections") + "</h2>\n<p>" + HtmlEscape(card.contribute_text);
        if (IsHttpUrl(card.contribute_url))
            out += " " + Link(card.contribute_url, Tr(lang, "text.suggest")) + ".";
        else if (card.contribute_url.rfind("mailto:", 0) == 0)  // shown, not linked: only http(s) becomes href
            out += " " + Msg(lang, "text.write_to", {card.contribute_url.substr(7)});
        out += "</p>\n</section>\n";
    }

    out += "</article>\n</main>\n";
    out += Footer(atlas, options, StaticStudyPath(slug));
    return out;
}

struct IndexEntry {
    int year = 0;
    std::string title, path, byline, badges;
};

// What the index says of a study, from its card (the Quick card has every part the index shows).
IndexEntry EntryFor(const Study& study, const Card& card, std::string_view slug) {
    IndexEntry entry{study.year, card.title, StaticStudyPath(slug), FullByline(card), {}};
    for (BadgeKind kind : {BadgeKind::Evidence, BadgeKind::Pem, BadgeKind::PublicationType, BadgeKind::Retracted}) {
        const CardBadge* b = FindBadge(card, kind);
        if (b) entry.badges += (entry.badges.empty() ? "" : " · ") + b->text;
    }
    if (!card.draft_notice.empty())
        if (const CardBadge* b = FindBadge(card, BadgeKind::ReviewStatus)) entry.badges += " · " + b->text;
    return entry;
}

std::string LowerAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    return out;
}

std::string IndexPage(const Atlas& atlas, std::vector<IndexEntry> entries, const StaticSiteOptions& options) {
    std::stable_sort(entries.begin(), entries.end(), [](const IndexEntry& a, const IndexEntry& b) {
        if (a.year != b.year) return a.year > b.year;
        return LowerAscii(a.title) < LowerAscii(b.title);
    });
    const Lang lang = options.lang;
    std::string title = AtlasTitle(atlas);
    std::string description = TrF(lang, "text.description", {title, FormatNumber(lang, (long long)entries.size())});
    std::string out = Head(atlas, options, TrF(lang, "text.title", {title}), description);
    out += "<main>\n<h1>" + Msg(lang, "text.title", {title}) + "</h1>\n";
    out += "<p>" + Msg(lang, "text.intro", {ReviewStatusBadge(ReviewStatus::MachineDraft, lang)}) + "</p>\n";
    out += "<p><a href=\"" + HtmlEscape(AppLink(options)) + "\">" + Msg(lang, "text.open_app") + "</a>" + Msg(lang, "text.open_app_tail") + "</p>\n";
    out += "<p><a href=\"changes.html\">" + Msg(lang, "text.changes") + "</a> · <a href=\"" + HtmlEscape(options.app_base) +
           "feed.xml\">" + Msg(lang, "text.feed") + "</a> (Atom)</p>\n";
    out += LanguageLinks(options);
    out += "<p class=\"muted\">" + HtmlEscape(TrN(lang, "text.count_newest", (long long)entries.size())) + "</p>\n";
    std::vector<uint32_t> topics = TopicTags(atlas);
    if (!topics.empty()) {
        out += "<nav aria-labelledby=\"topics\">\n<h2 id=\"topics\">" + Msg(lang, "text.topics") + "</h2>\n<ul class=\"topics\">\n";
        for (uint32_t t : topics) {
            uint32_t n = 0;
            for (const Study& s : atlas.studies)
                for (uint32_t k = 0; k < s.tags.count; ++k) n += atlas.TagIndex(s.tags, k) == t;
            out += "<li><a href=\"" + HtmlEscape(StaticTopicPath(TopicSlug(atlas, t))) + "\">" + HtmlEscape(atlas.tags[t].label) +
                   "</a> <span class=\"muted\">(" + std::to_string(n) + ")</span></li>\n";
        }
        out += "</ul>\n</nav>\n<h2>" + Msg(lang, "text.all_studies") + "</h2>\n";
    }

    std::vector<int> years;
    for (const IndexEntry& e : entries)
        if (years.empty() || years.back() != e.year) years.push_back(e.year);
    if (years.size() > 1) {
        out += "<nav class=\"years\" aria-label=\"" + Msg(lang, "text.years") + "\"><p>";
        for (size_t i = 0; i < years.size(); ++i)
            out += std::string(i ? " · " : "") + "<a href=\"#y" + std::to_string(years[i]) + "\">" +
                   std::to_string(years[i]) + "</a>";
        out += "</p></nav>\n";
    }
    for (size_t i = 0; i < entries.size(); ++i) {
        const IndexEntry& e = entries[i];
        if (i == 0 || entries[i - 1].year != e.year)
            out += (i ? "</ul>\n" : "") + std::string("<h2 id=\"y") + std::to_string(e.year) + "\">" +
                   std::to_string(e.year) + "</h2>\n<ul class=\"studies\">\n";
        const std::string en = lang == Lang::En ? "" : " lang=\"en\"";
        out += "<li><p" + en + "><a href=\"" + HtmlEscape(e.path) + "\">" + HtmlEscape(e.title) + "</a></p>\n";
        if (!e.byline.empty()) out += "<p class=\"byline\"" + en + ">" + HtmlEscape(e.byline) + "</p>\n";
        out += "<p class=\"muted\">" + HtmlEscape(e.badges) + "</p></li>\n";
    }
    if (!entries.empty()) out += "</ul>\n";
    out += "</main>\n";
    out += Footer(atlas, options);
    return out;
}

std::string ChangesPage(const Atlas& atlas, const StaticSiteOptions& options) {
    const Lang lang = options.lang;
    std::string title = AtlasTitle(atlas);
    std::string out = Head(atlas, options, Tr(lang, "changes.title") + ": " + title, TrF(lang, "changes.description", {title}));
    out += "<nav class=\"site\"><a href=\"index.html\">" + Msg(lang, "text.nav_text_version", {title}) + "</a></nav>\n";
    out += "<main>\n<h1>" + Msg(lang, "changes.title") + "</h1>\n";
    auto study_item = [&](const Atlas& a, uint32_t index, bool linked, const std::string& note) {
        const Study& s = a.studies[index];
        std::string item = "<li><p>";
        item += linked ? "<a href=\"" + HtmlEscape(StaticStudyPath(a.Text(s.slug))) + "\">" + HtmlEscape(a.Text(s.title)) + "</a>"
                       : HtmlEscape(a.Text(s.title));
        item += "</p>\n<p class=\"byline\">" + HtmlEscape(Byline(a, s) + " · " + std::string(a.Text(s.journal)) + " · " +
                                                              std::to_string(s.year)) + "</p>\n";
        if (!note.empty()) item += "<p class=\"muted\">" + HtmlEscape(note) + "</p>\n";
        return item + "</li>\n";
    };
    if (!options.previous) {
        out += "<p>" + Msg(lang, "changes.none_given") + "</p>\n";
        std::vector<uint32_t> order(atlas.studies.size());
        for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
            return atlas.Text(atlas.studies[a].last_updated) > atlas.Text(atlas.studies[b].last_updated);
        });
        if (order.size() > 20) order.resize(20);
        out += "<ul class=\"studies\">\n";
        for (uint32_t i : order)
            if (IsSafeSlug(atlas.Text(atlas.studies[i].slug)))
                out += study_item(atlas, i, true, TrF(lang, "changes.last_updated", {FormatLongDate(lang, atlas.Text(atlas.studies[i].last_updated))}));
        out += "</ul>\n";
    } else {
        const Atlas& old = *options.previous;
        AtlasDiff diff = DiffAtlases(old, atlas);
        auto count = [&](size_t n) { return TrN(lang, "changes.studies", (long long)n); };
        out += "<p>" + Msg(lang, "changes.summary", {count(diff.added.size()), count(diff.changed.size()), count(diff.removed.size())}) + "</p>\n";
        if (diff.Empty()) out += "<p>" + Msg(lang, "changes.nothing") + "</p>\n";
        if (!diff.added.empty()) {
            out += "<h2>" + Msg(lang, "changes.added") + "</h2>\n<ul class=\"studies\">\n";
            for (uint32_t i : diff.added) out += study_item(atlas, i, IsSafeSlug(atlas.Text(atlas.studies[i].slug)), "");
            out += "</ul>\n";
        }
        if (!diff.changed.empty()) {
            out += "<h2>" + Msg(lang, "changes.changed") + "</h2>\n<ul class=\"studies\">\n";
            for (const ChangedStudy& c : diff.changed) {
                std::string fields = ChangedFieldLabels(c);
                out += study_item(atlas, c.new_index, IsSafeSlug(atlas.Text(atlas.studies[c.new_index].slug)), TrF(lang, "changes.changed_fields", {fields}));
            }
            out += "</ul>\n";
        }
        if (!diff.removed.empty()) {
            out += "<h2>" + Msg(lang, "changes.removed") + "</h2>\n<ul class=\"studies\">\n";
            for (uint32_t i : diff.removed) out += study_item(old, i, false, "");
            out += "</ul>\n";
        }
    }
    out += "<p>" + MsgHtml(lang, "changes.feed", {"<a href=\"" + HtmlEscape(options.app_base) + "feed.xml\">" + Msg(lang, "changes.feed_link") + "</a>"}) + "</p>\n";
    out += "</main>\n";
    out += Footer(atlas, options, "changes.html");
    return out;
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

bool IsHttpUrl(std::string_view url) {
    auto starts = [&](std::string_view prefix) {
        if (url.size() <= prefix.size()) return false;
        for (size_t i = 0; i < prefix.size(); ++i) {
            char c = url[i];
            if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
            if (c != prefix[i]) return false;
        }
        return true;
    };
    return starts("https://") || starts("http://");
}

std::string MetaDescription(std::string_view text, size_t max_bytes) {
    std::string flat;  // whitespace runs become one space
    for (char c : text) {
        bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
        if (space) {
            if (!flat.empty() && flat.back() != ' ') flat += ' ';
        } else
            flat += c;
    }
    while (!flat.empty() && flat.back() == ' ') flat.pop_back();
    if (flat.size() <= max_bytes) return flat;
    size_t cut = flat.rfind(' ', max_bytes);
    if (cut == std::string::npos || cut < max_bytes / 2) {  // no word boundary near: cut between UTF-8 characters
        cut = max_bytes;
        while (cut > 0 && ((unsigned char)flat[cut] & 0xC0) == 0x80) --cut;
    }
    flat.resize(cut);
    while (!flat.empty() && (flat.back() == ' ' || flat.back() == ',' || flat.back() == ';' || flat.back() == ':' ||
                             flat.back() == '.' || flat.back() == '-'))
        flat.pop_back();
    return flat + "\xE2\x80\xA6";
}

std::string StaticStudyPath(std::string_view slug) {
    return slug == "index" ? std::string("study_index.html") : std::string(slug) + ".html";
}

std::string_view StaticStylesheet() { return kCss; }

std::string StaticTopicPath(std::string_view topic_slug) { return "topic/" + std::string(topic_slug) + ".html"; }

std::string StaticTopicPage(const Atlas& atlas, uint32_t tag, const StaticSiteOptions& options) {
    const TopicPage topic = BuildTopicPage(atlas, tag);
    if (topic.name.empty()) return {};
    const std::string_view root = "../";
    const std::string title = AtlasTitle(atlas);
    const std::string summary = TopicSummary(topic);
    std::string out = Head(atlas, options, "Topic: " + topic.name + " — " + title, MetaDescription(summary), {}, root);
    out += "<nav class=\"site\"><a href=\"../index.html\">" + HtmlEscape(title) + ": text version</a> · <a href=\"" +
           HtmlEscape(AppBase(options, root) + "?topic=" + PercentEncode(topic.name)) + "\">Open in the interactive atlas</a></nav>\n";
    out += "<main>\n<h1>Topic: " + HtmlEscape(topic.name) + "</h1>\n<p>" + HtmlEscape(summary) + "</p>\n";

    out += "<section id=\"levels\">\n<h2>By evidence level</h2>\n<table>\n<thead><tr><th scope=\"col\">Evidence level</th>"
           "<th scope=\"col\" class=\"n\">Studies</th><th scope=\"col\" class=\"n\">In cohorts that required PEM</th></tr></thead>\n<tbody>\n";
    for (int e = 0; e < kEvidenceLevelCount; ++e)
        out += "<tr><th scope=\"row\">" + HtmlEscape(GridColumnLabel(atlas, GridAxis::Level, e)) + "</th><td class=\"n\">" +
               std::to_string(topic.levels[e]) + "</td><td class=\"n\">" + std::to_string(topic.levels_pem[e]) + "</td></tr>\n";
    out += "</tbody>\n</table>\n<p class=\"muted\">The level describes the type of study, not a guarantee of its quality.</p>\n</section>\n";

    out += "<section id=\"timeline\">\n<h2>Timeline</h2>\n<table>\n<thead><tr><th scope=\"col\">Year</th>"
           "<th scope=\"col\" class=\"n\">Studies</th><th scope=\"col\" class=\"n\">In cohorts that required PEM</th></tr></thead>\n<tbody>\n";
    for (size_t y = 0; y < topic.years.size(); ++y)
        if (topic.years[y])
            out += "<tr><th scope=\"row\">" + std::to_string(topic.first_year + (int)y) + "</th><td class=\"n\">" +
                   std::to_string(topic.years[y]) + "</td><td class=\"n\">" + std::to_string(topic.years_pem[y]) + "</td></tr>\n";
    out += "</tbody>\n</table>\n</section>\n";

    if (!topic.relations.empty()) {
        out += "<section id=\"relations\">\n<h2>Links between studies</h2>\n";
        for (const TopicRelationGroup& g : topic.relations) {
            out += "<h3>" + HtmlEscape(g.heading) + "</h3>\n<ul class=\"links\">\n";
            for (const TopicRelation& r : g.relations) {
                out += "<li>" + LinkHtml(r.from, root) + " " + HtmlEscape(r.phrase) + " " + LinkHtml(r.to, root);
                if (!r.note.empty()) out += "<br><span class=\"muted\">" + HtmlEscape(r.note) + "</span>";
                out += "</li>\n";
            }
            out += "</ul>\n";
        }
        out += "</section>\n";
    }

    out += "<section id=\"studies\">\n<h2>Studies, strongest evidence type first</h2>\n"
           "<p class=\"muted\">Newest first within each level; retracted papers after the others of their level.</p>\n<ol class=\"studies\">\n";
    for (uint32_t i : topic.studies) {
        const Study& study = atlas.studies[i];
        std::string_view slug = atlas.Text(study.slug);
        if (!IsSafeSlug(slug)) continue;
        IndexEntry e = EntryFor(study, BuildCard(atlas, study, 0, ReadingDepth::Quick), slug);
        out += "<li><p><a href=\"" + HtmlEscape(std::string(root) + e.path) + "\">" + HtmlEscape(e.title) + "</a></p>\n";
        if (!e.byline.empty()) out += "<p class=\"byline\">" + HtmlEscape(e.byline) + "</p>\n";
        out += "<p class=\"muted\">" + HtmlEscape(e.badges) + "</p></li>\n";
    }
    out += "</ol>\n</section>\n</main>\n";
    out += Footer(atlas, options, StaticTopicPath(topic.slug), root);
    return out;
}

std::string StaticIndexPage(const Atlas& atlas, const StaticSiteOptions& options) {
    std::vector<IndexEntry> entries;
    entries.reserve(atlas.studies.size());
    for (const Study& study : atlas.studies) {
        std::string_view slug = atlas.Text(study.slug);
        if (!IsSafeSlug(slug)) continue;
        entries.push_back(EntryFor(study, BuildCard(atlas, study, 0, ReadingDepth::Quick, options.lang), slug));
    }
    return IndexPage(atlas, std::move(entries), options);
}

std::string StaticChangesPage(const Atlas& atlas, const StaticSiteOptions& options) { return ChangesPage(atlas, options); }

std::string StaticStudyPage(const Atlas& atlas, size_t study_index, const StaticSiteOptions& options) {
    if (study_index >= atlas.studies.size()) return {};
    const Study& study = atlas.studies[study_index];
    assert(IsSafeSlug(atlas.Text(study.slug)) && "the loader admits only [a-z0-9-] slugs");
    if (!IsSafeSlug(atlas.Text(study.slug))) return {};
    return StudyPage(atlas, study, BuildCard(atlas, study, 0, ReadingDepth::Full, options.lang), options);
}

std::vector<StaticFile> BuildStaticSite(const Atlas& atlas, const StaticSiteOptions& options) {
    std::vector<StaticFile> files;
    files.reserve(atlas.studies.size() + 3);
    files.push_back({kStylesheet, kCss});
    files.push_back({"index.html", StaticIndexPage(atlas, options)});
    files.push_back({"changes.html", StaticChangesPage(atlas, options)});
    for (size_t i = 0; i < atlas.studies.size(); ++i) {
        std::string page = StaticStudyPage(atlas, i, options);
        if (!page.empty()) files.push_back({StaticStudyPath(atlas.Text(atlas.studies[i].slug)), std::move(page)});
    }
    for (uint32_t tag : TopicTags(atlas)) files.push_back({StaticTopicPath(TopicSlug(atlas, tag)), StaticTopicPage(atlas, tag, options)});
    return files;
}

}  // namespace atlas
