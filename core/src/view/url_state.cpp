// url_state.cpp — view <-> URL query string, built on the facet table.
#include "atlas/url_state.h"

#include "atlas/facets.h"
#include "text/text.h"

namespace atlas {
namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool IsPageParameter(std::string_view name) {
    for (std::string_view page : {"atlas", "embed", "gallery", "theme", "height", "lock", "origin", "rows", "lang"})
        if (name == page) return true;
    return false;
}

std::vector<std::string_view> Split(std::string_view s, char separator) {
    std::vector<std::string_view> parts;
    while (true) {
        size_t at = s.find(separator);
        parts.push_back(s.substr(0, at));
        if (at == std::string_view::npos) break;
        s.remove_prefix(at + 1);
    }
    return parts;
}

bool ParseYear(std::string_view s, int& out) {
    if (s.empty()) { out = 0; return true; }
    int v = 0;
    if (s.size() != 4 || !text::ParseSmallInt(s, v) || v < kMinYear || v > kMaxYear) return false;
    out = v;
    return true;
}

}  // namespace

std::string PercentEncode(std::string_view text) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                     c == '.' || c == '~' || c == ':' || c == ',';
        if (plain) out += (char)c;
        else if (c == ' ') out += "%20";
        else { out += '%'; out += kHex[c >> 4]; out += kHex[c & 15]; }
    }
    return out;
}

std::string PercentDecode(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+') out += ' ';
        else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
            out += (char)(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
            i += 2;
        } else out += c;
    }
    return out;
}

UrlView ParseUrlView(const Atlas& atlas, std::string_view qs) {
    UrlView view;
    if (!qs.empty() && qs[0] == '?') qs.remove_prefix(1);
    if (qs.size() > 8192) {  // links are short; a huge one is not a view anyone shared
        view.ignored.push_back("(query string longer than 8192 bytes)");
        return view;
    }
    std::vector<Facet> facets = Facets(atlas);
    for (std::string_view pair : Split(qs, '&')) {
        if (pair.empty()) continue;
        size_t eq = pair.find('=');
        std::string name = PercentDecode(pair.substr(0, eq));
        std::string value = eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1));
        if (IsPageParameter(name)) continue;
        bool ok = true;
        FacetId facet_id;
        if (name == "q") {
            view.query.text = value.substr(0, 255);
        } else if (name == "pemonly") {
            ok = value == "1" || value == "0";
            view.query.pem_only = value == "1";
        } else if (name == "grid") {
            int axis = value == "level" ? 0 : value == "type" ? 1 : -1;
            ok = axis >= 0;
            if (ok) view.screen.grid = true, view.screen.grid_axis = (GridAxis)axis;
        } else if (name == "topic") {
            ok = false;
            for (uint32_t t = 0; t < atlas.tags.size() && !ok; ++t)
                if (IsTopicTag(atlas, t) && atlas.tags[t].label == value) view.screen.topic = (int)t, ok = true;
        } else if (name == "sort") {
            ok = ParseSortCode(value, view.query.sort);
        } else if (name == "study") {
            ok = false;
            for (const Study& s : atlas.studies)
                if (atlas.Text(s.slug) == value) { view.study_slug = value; ok = true; break; }
        } else if (name == "depth") {
            ok = view.has_depth = ParseReadingDepth(value, view.depth);
        } else if (name == "years") {
            size_t dash = value.find('-');
            int lo = 0, hi = 0;
            ok = dash != std::string::npos && ParseYear(std::string_view(value).substr(0, dash), lo) &&
                 ParseYear(std::string_view(value).substr(dash + 1), hi) && (lo || hi);
            if (ok) {
                if (lo && hi && lo > hi) std::swap(lo, hi);
                view.query.year_min = lo;
                view.query.year_max = hi;
            }
        } else if (name == "tagmatch") {
            ok = value == "any" || value == "all";
            if (ok) view.query.tag_match = value == "all" ? TagMatch::All : TagMatch::Any;
        } else if (name == "tag") {
            // "category:label", by names rather than indices so links survive a new atlas build.
            size_t colon = value.find(':');
            ok = false;
            if (colon != std::string::npos) {
                std::string_view category = std::string_view(value).substr(0, colon), label = std::string_view(value).substr(colon + 1);
                for (uint32_t t = 0; t < atlas.tags.size(); ++t) {
                    const Tag& tag = atlas.tags[t];
                    if (tag.label == label && atlas.tag_categories[tag.category].id == category) {
                        bool present = false;
                        for (uint32_t have : view.query.tags) present |= have == t;
                        if (!present) view.query.tags.push_back(t);
                        ok = true;
                        break;
                    }
                }
            }
        } else if (FindFacet(name, facet_id)) {
            for (const Facet& facet : facets) {
                if (facet.id != facet_id) continue;
                for (std::string_view code : Split(value, ',')) {
                    int option = FindFacetOption(facet, code);
                    if (option < 0) { ok = false; continue; }
                    if (!FacetSelected(view.query, facet_id, option)) ToggleFacet(view.query, facet_id, option);
                }
            }
        } else {
            ok = false;
        }
        if (!ok) view.ignored.push_back(name + "=" + value.substr(0, 80));
    }
    return view;
}

std::string FormatUrlView(const Atlas& atlas, const Query& q, std::string_view study_slug, bool include_depth,
                          ReadingDepth depth, const UrlScreen& screen) {
    std::string out;
    auto add = [&](std::string_view name, std::string_view value) {
        if (!out.empty()) out += '&';
        out += name;
        out += '=';
        out += PercentEncode(value);
    };
    if (!q.text.empty()) add("q", q.text);
    if (q.pem_only) add("pemonly", "1");
    for (const Facet& facet : Facets(atlas)) {
        std::string codes;
        for (size_t i = 0; i < facet.options.size(); ++i)
            if (FacetSelected(q, facet.id, (int)i)) codes += (codes.empty() ? "" : ",") + facet.options[i].code;
        if (!codes.empty()) {
            if (!out.empty()) out += '&';
            out += facet.key + "=" + PercentEncode(codes);
        }
    }
    if (q.year_min || q.year_max)
        add("years", (q.year_min ? std::to_string(q.year_min) : "") + "-" + (q.year_max ? std::to_string(q.year_max) : ""));
    for (uint32_t t : q.tags)
        if (t < atlas.tags.size())
            add("tag", atlas.tag_categories[atlas.tags[t].category].id + ":" + atlas.tags[t].label);
    if (q.tag_match == TagMatch::All) add("tagmatch", "all");
    if (q.sort != SortOrder::Relevance) add("sort", SortCode(q.sort));
    if (include_depth) add("depth", ReadingDepthCode(depth));
    if (screen.topic >= 0 && (size_t)screen.topic < atlas.tags.size()) add("topic", atlas.tags[screen.topic].label);
    else if (screen.grid) add("grid", GridAxisCode(screen.grid_axis));
    if (!study_slug.empty()) add("study", study_slug);
    return out;
}

}  // namespace atlas
