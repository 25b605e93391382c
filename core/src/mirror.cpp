// mirror.cpp — serialises the visible view and the open card for the page's DOM mirror.
#include "atlas/mirror.h"

#include <nlohmann/json.hpp>

#include "atlas/card.h"

namespace atlas {

std::string MirrorJson(const Atlas& atlas, const MirrorView& view) {
    using json = nlohmann::ordered_json;
    json out;
    out["title"] = atlas.header.title;
    out["synthetic"] = atlas.header.synthetic;
    out["status"] = view.status;
    out["query"] = view.query_text;
    size_t total = view.results ? view.results->size() : 0;
    out["count"] = total;
    json list = json::array();
    for (size_t i = 0; i < total && i < view.max_listed; ++i) {
        const Study& s = atlas.studies[(*view.results)[i]];
        list.push_back({{"index", (*view.results)[i]},
                        {"slug", atlas.Text(s.slug)},
                        {"title", atlas.Text(s.title)},
                        {"byline", Byline(atlas, s) + " · " + std::string(atlas.Text(s.journal)) + " · " + std::to_string(s.year)},
                        {"evidence", EvidenceCode(s.evidence)},
                        {"pem", PemLabel(s.pem)},
                        {"retracted", s.retracted}});
    }
    out["listed"] = std::move(list);
    if (view.open_study >= 0 && (size_t)view.open_study < atlas.studies.size()) {
        Card card = BuildCard(atlas, atlas.studies[view.open_study], view.current_year);
        json c;
        c["slug"] = atlas.Text(atlas.studies[view.open_study].slug);
        json badges = json::array();
        for (const CardBadge& b : card.badges) badges.push_back({{"text", b.text}, {"tooltip", b.tooltip}});
        c["badges"] = std::move(badges);
        c["title"] = card.title;
        c["byline"] = card.byline + " · " + card.journal + " · " + card.year;
        c["retraction"] = card.retraction;
        c["draft_notice"] = card.draft_notice;
        json sections = json::array();
        for (const CardSection& s : card.sections)
            sections.push_back({{"id", s.id}, {"heading", s.heading}, {"subheading", s.subheading},
                                {"text", s.text}, {"items", s.items}});
        c["sections"] = std::move(sections);
        json tags = json::array();
        for (const CardTagGroup& g : card.tag_groups) tags.push_back({{"category", g.category}, {"tags", g.tags}});
        c["tags"] = std::move(tags);
        json meta = json::array();
        for (const CardMeta& m : card.metadata) meta.push_back({{"label", m.label}, {"value", m.value}, {"link", m.link}});
        c["metadata"] = std::move(meta);
        c["pem_note"] = card.pem_note;
        c["about_url"] = card.about_url;
        c["contribute_text"] = card.contribute_text;
        c["contribute_url"] = card.contribute_url;
        c["quality_notes"] = card.quality_notes;
        out["card"] = std::move(c);
    } else {
        out["card"] = nullptr;
    }
    return out.dump();
}

}  // namespace atlas
