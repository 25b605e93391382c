// feed.cpp — the Atom feed (see atlas/feed.h).
#include "atlas/feed.h"

#include <algorithm>
#include <vector>

#include "atlas/card.h"
#include "atlas/changes.h"
#include "atlas/static_site.h"

namespace atlas {
namespace {

// Text for XML content and double-quoted attributes. Characters XML 1.0 does not allow (C0 controls
// other than tab, newline and carriage return) are dropped rather than written.
std::string Xml(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default:
            if ((unsigned char)c < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
            out += c;
        }
    }
    return out;
}

std::string Timestamp(std::string_view ymd) { return std::string(ymd) + "T00:00:00Z"; }

struct Entry {
    uint32_t index;
    std::string updated;   // YYYY-MM-DD
    std::string what;      // "New in this version." / "Changed in this version: …" / "Last updated …"
};

}  // namespace

bool IsFeedBaseUrl(std::string_view url) {
    if (!IsHttpUrl(url) || url.back() != '/') return false;
    size_t host = url.find("//") + 2;
    if (host >= url.size() || url[host] == '/') return false;
    for (char c : url)
        if (c == '?' || c == '#' || c == '"' || c == '<' || c == '>' || c == ' ' || (unsigned char)c < 0x20) return false;
    return true;
}

std::string AtomFeed(const Atlas& atlas, const FeedOptions& options) {
    std::vector<Entry> entries;
    if (options.previous) {
        AtlasDiff diff = DiffAtlases(*options.previous, atlas);
        for (uint32_t i : diff.added) entries.push_back({i, std::string(atlas.Text(atlas.studies[i].last_updated)), "New in this version."});
        for (const ChangedStudy& c : diff.changed) {
            std::string fields = ChangedFieldLabels(c);
            entries.push_back({c.new_index, std::string(atlas.Text(atlas.studies[c.new_index].last_updated)),
                               "Changed in this version: " + fields + "."});
        }
    } else {
        for (uint32_t i = 0; i < atlas.studies.size(); ++i) {
            std::string updated(atlas.Text(atlas.studies[i].last_updated));
            entries.push_back({i, updated, "Last updated " + FormatDate(updated) + "."});
        }
    }
    std::stable_sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
        if (a.updated != b.updated) return a.updated > b.updated;
        return atlas.Text(atlas.studies[a.index].title) < atlas.Text(atlas.studies[b.index].title);
    });
    if (entries.size() > options.max_entries) entries.resize(options.max_entries);

    const std::string& base = options.base_url;
    std::string title = atlas.header.title.empty() ? std::string("ME/CFS Research Atlas") : atlas.header.title;
    std::string updated = entries.empty() ? atlas.header.generated : entries.front().updated;
    if (updated.size() != 10) updated = "1970-01-01";
    std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n";
    out += "<title>" + Xml(title) + ": new and changed studies</title>\n";
    out += "<subtitle>Studies added to the atlas or changed in it, newest first.</subtitle>\n";
    out += "<id>" + Xml(base) + "</id>\n";
    out += "<link rel=\"self\" type=\"application/atom+xml\" href=\"" + Xml(base) + "feed.xml\"/>\n";
    out += "<link rel=\"alternate\" type=\"text/html\" href=\"" + Xml(base) + "\"/>\n";
    out += "<updated>" + Timestamp(updated) + "</updated>\n";
    out += "<author><name>" + Xml(title) + "</name></author>\n";
    if (!atlas.header.generator.empty()) out += "<generator>" + Xml(atlas.header.generator) + "</generator>\n";
    if (!atlas.header.license.empty()) out += "<rights>" + Xml(atlas.header.license) + "</rights>\n";
    for (const Entry& e : entries) {
        const Study& study = atlas.studies[e.index];
        Card card = BuildCard(atlas, study, 0, ReadingDepth::Quick);
        std::string slug(atlas.Text(study.slug));
        std::string deep = base + "?study=" + slug;
        std::string badges;
        for (const CardBadge& b : card.badges)
            if (b.kind == BadgeKind::Evidence || b.kind == BadgeKind::Pem || b.kind == BadgeKind::PublicationType ||
                b.kind == BadgeKind::Retracted || (b.kind == BadgeKind::ReviewStatus && !card.draft_notice.empty()))
                badges += (badges.empty() ? "" : " · ") + b.text;
        std::string summary = e.what + "\n" + card.byline + " · " + card.journal + " · " + card.year + "\n" + badges;
        for (const CardSection& s : card.sections)
            if (s.id == "quick_summary") summary += "\n\n" + s.text;
        if (!card.draft_notice.empty()) summary += "\n\n" + card.draft_notice;
        out += "<entry>\n";
        out += "<title>" + Xml(card.title) + "</title>\n";
        out += "<id>" + Xml(deep) + "</id>\n";
        out += "<updated>" + Timestamp(e.updated) + "</updated>\n";
        out += "<link rel=\"alternate\" type=\"text/html\" href=\"" + Xml(deep) + "\"/>\n";
        out += "<link rel=\"related\" type=\"text/html\" title=\"Text version\" href=\"" + Xml(base) + "text/" +
               Xml(StaticStudyPath(slug)) + "\"/>\n";
        out += "<category term=\"" + Xml(std::string(EvidenceCode(study.evidence))) + "\"/>\n";
        out += "<summary type=\"text\">" + Xml(summary) + "</summary>\n";
        out += "</entry>\n";
    }
    out += "</feed>\n";
    return out;
}

}  // namespace atlas
