// mirror.cpp — serialises the view (filters, counts, list, open card) for the page's DOM mirror.
#include "atlas/mirror.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "atlas/cite.h"
#include "atlas/command.h"
#include "atlas/facets.h"

namespace atlas {
namespace {

using json = nlohmann::ordered_json;

// A link to another card ("index", "slug") or, outside the atlas, a web address ("url").
json LinkJson(const CardLink& l) {
    json j = {{"text", l.text}, {"note", l.note}};
    if (l.study >= 0) j["index"] = l.study, j["slug"] = l.slug, j["retracted"] = l.retracted;
    else j["url"] = l.url;
    return j;
}

// "new", "changed" or "" for a study against the reader's last visit.
const char* SinceCode(const MirrorView& view, size_t index) {
    if (!view.since || index >= view.since->size()) return "";
    SinceVisit mark = (*view.since)[index];
    return mark == SinceVisit::New ? "new" : mark == SinceVisit::Changed ? "changed" : "";
}

json CardJson(const Atlas& atlas, const MirrorView& view, int index) {
    const Study& study = atlas.studies[index];
    Card card = BuildCard(atlas, study, view.current_year, view.depth, view.lang);
    json c;
    c["index"] = index;
    c["slug"] = atlas.Text(study.slug);
    json badges = json::array();
    for (const CardBadge& b : card.badges) badges.push_back({{"text", b.text}, {"tooltip", b.tooltip}});
    c["badges"] = std::move(badges);
    c["title"] = card.title;
    c["byline"] = card.byline + " · " + card.journal + " · " + card.year;
    c["retraction"] = card.retraction;
    c["draft_notice"] = card.draft_notice;
    json sections = json::array();
    for (const CardSection& s : card.sections)
        sections.push_back({{"id", s.id}, {"heading", s.heading}, {"subheading", s.subheading}, {"text", s.text}, {"items", s.items}});
    c["sections"] = std::move(sections);
    json tags = json::array();
    for (const CardTagGroup& g : card.tag_groups) tags.push_back({{"category", g.category}, {"tags", g.tags}, {"topics", g.topics}});
    c["tags"] = std::move(tags);
    json meta = json::array();
    for (const CardMeta& m : card.metadata) meta.push_back({{"label", m.label}, {"value", m.value}, {"link", m.link}});
    c["metadata"] = std::move(meta);
    json population = json::array();
    for (const CardMeta& m : card.population) population.push_back({{"label", m.label}, {"value", m.value}});
    c["population"] = std::move(population);
    json relations = json::array();
    for (const CardRelationGroup& g : card.relations) {
        json links = json::array();
        for (const CardLink& l : g.links) links.push_back(LinkJson(l));
        relations.push_back({{"id", g.id}, {"heading", g.heading}, {"links", std::move(links)}});
    }
    c["relations"] = std::move(relations);
    c["quality_notes"] = card.quality_notes;
    c["pem_note"] = card.pem_note;
    c["about_url"] = card.about_url;
    c["contribute_text"] = card.contribute_text;
    c["contribute_url"] = card.contribute_url;
    c["cite_plain"] = CitePlain(atlas, study);
    c["cite_bibtex"] = CiteBibtex(atlas, study);
    c["cite_atlas"] = CiteAtlasSnapshot(atlas, study, view.accessed_date);
    c["since"] = SinceCode(view, (size_t)index);
    c["in_compare"] = std::find(view.compare.begin(), view.compare.end(), (uint32_t)index) != view.compare.end();
    c["back"] = view.back_label.empty() ? std::string("Back to results") : view.back_label;
    return c;
}

json PrintEntry(const Atlas& atlas, uint32_t index, Lang lang) {
    const Study& s = atlas.studies[index];
    Card card = BuildCard(atlas, s, 0, ReadingDepth::Standard, lang);
    json e;
    e["index"] = index;
    e["slug"] = atlas.Text(s.slug);
    e["title"] = card.title;
    e["citation"] = CitePlain(atlas, s);
    json rows = json::array();
    auto row = [&](const char* key, std::string value) { rows.push_back({{"key", key}, {"label", Tr(lang, key)}, {"value", std::move(value)}}); };
    const EvidenceLevelText level = LevelTextIn(atlas, s.evidence, lang);
    row("print.row.evidence", std::string(EvidenceCode(s.evidence)) + " " + level.label);
    row("print.row.pem", std::string(PemLabel(s.pem, lang)));
    std::string defs;
    for (int bit = 0; bit < kCaseDefinitionCount; ++bit)
        if (s.case_definitions & (1u << bit)) defs += (defs.empty() ? "" : ", ") + std::string(CaseDefinitionLabel(bit, lang));
    row("print.row.casedefs", defs.empty() ? Tr(lang, "print.not_stated") : defs);
    row("print.row.type", std::string(PublicationTypeLabel(s.publication_type, lang)) + " · " + std::string(PeerReviewLabel(s.peer_review, lang)));
    row("print.row.review", std::string(ReviewStatusLabel(s.review_status, lang)));
    e["rows"] = std::move(rows);
    e["quick_summary"] = atlas.Text(s.quick_summary);
    e["does_not_prove"] = atlas.Text(s.does_not_prove);
    e["retraction"] = card.retraction;
    e["draft_notice"] = card.draft_notice;
    return e;
}

json FiltersJson(const Atlas& atlas, const Query& query, const FacetCounts& counts, Lang lang) {
    json facets = json::array();
    for (const Facet& facet : Facets(atlas, lang)) {
        json options = json::array();
        for (size_t i = 0; i < facet.options.size(); ++i)
            options.push_back({{"code", facet.options[i].code}, {"label", facet.options[i].label},
                               {"count", FacetCount(counts, facet.id, (int)i)}, {"selected", FacetSelected(query, facet.id, (int)i)}});
        facets.push_back({{"key", facet.key}, {"name", facet.name}, {"options", std::move(options)}});
    }
    return facets;
}

json TagsJson(const Atlas& atlas, const Query& query, const FacetCounts& counts) {
    json groups = json::array();
    for (size_t c = 0; c < atlas.tag_categories.size(); ++c) {
        json tags = json::array();
        for (size_t t = 0; t < atlas.tags.size(); ++t) {
            if (atlas.tags[t].category != c) continue;
            bool selected = std::find(query.tags.begin(), query.tags.end(), (uint32_t)t) != query.tags.end();
            uint32_t count = t < counts.tags.size() ? counts.tags[t] : 0;
            if (!count && !selected) continue;
            tags.push_back({{"index", t}, {"label", atlas.tags[t].label}, {"count", count}, {"selected", selected}});
        }
        groups.push_back({{"category", atlas.tag_categories[c].name}, {"tags", std::move(tags)}});
    }
    return groups;
}

json HeadJson(const Atlas& atlas, const MirrorView& view, const Query& query) {
    json out;
    out["title"] = atlas.header.title;
    out["synthetic"] = atlas.header.synthetic;
    out["status"] = view.status;
    out["contribute_url"] = atlas.header.contribute_url;
    out["query"] = query.text;
    out["sort"] = SortCode(query.sort);
    out["depth"] = ReadingDepthCode(view.depth);
    out["count"] = view.result ? view.result->studies.size() : 0;
    out["filters_open"] = view.filters_open;
    out["pem_only"] = query.pem_only;
    out["screen"] = view.topic ? "topic" : view.show_grid ? "grid" : view.screen;
    out["lang"] = LangCode(view.lang);
    return out;
}

// The evidence gap map as a table: columns, and per topic its cells with the command each sends.
json GridJson(const Atlas& atlas, const MirrorView& view, const Query& query) {
    if (!view.show_grid || !view.result) return nullptr;
    const FacetCounts& counts = view.result->counts;
    const std::vector<int> columns = GridColumns(counts, view.grid_axis, query);
    json cols = json::array();
    for (int c : columns) cols.push_back({{"code", GridColumnCode(view.grid_axis, c)}, {"label", GridColumnLabel(atlas, view.grid_axis, c)}});
    json rows = json::array();
    for (size_t r = 0; r < counts.grid_topics.size(); ++r) {
        const uint32_t tag = counts.grid_topics[r];
        json cells = json::array();
        uint32_t total = 0;
        for (int c : columns) {
            GridCell cell = GridCellAt(counts, view.grid_axis, r, c);
            total += cell.count;
            cells.push_back({{"count", cell.count}, {"pem", cell.pem}, {"share", PemShare(cell.count, cell.pem)},
                             {"sentence", GridCellSentence(cell)}, {"selected", CellSelected(query, tag, view.grid_axis, c)},
                             {"command", FormatCommand(atlas, Command::SelectCell(tag, view.grid_axis, c))}});
        }
        rows.push_back({{"tag", tag}, {"label", atlas.tags[tag].label}, {"total", total}, {"cells", std::move(cells)},
                        {"topic_command", "topic " + std::to_string(tag)}});
    }
    return {{"axis", GridAxisCode(view.grid_axis)}, {"columns", std::move(cols)}, {"rows", std::move(rows)}};
}

json TopicJson(const Atlas& atlas, const MirrorView& view) {
    if (!view.topic || view.topic->name.empty()) return nullptr;
    const TopicPage& t = *view.topic;
    json levels = json::array();
    for (int e = 0; e < kEvidenceLevelCount; ++e)
        levels.push_back({{"code", EvidenceCode((EvidenceLevel)e)}, {"label", GridColumnLabel(atlas, GridAxis::Level, e)},
                          {"count", t.levels[e]}, {"pem", t.levels_pem[e]}});
    json years = json::array();
    for (size_t y = 0; y < t.years.size(); ++y)
        if (t.years[y]) years.push_back({{"year", t.first_year + (int)y}, {"count", t.years[y]}, {"pem", t.years_pem[y]}});
    json relations = json::array();
    for (const TopicRelationGroup& g : t.relations) {
        json items = json::array();
        for (const TopicRelation& r : g.relations)
            items.push_back({{"from", LinkJson(r.from)}, {"phrase", r.phrase}, {"to", LinkJson(r.to)}, {"note", r.note}});
        relations.push_back({{"heading", g.heading}, {"items", std::move(items)}});
    }
    json studies = json::array();
    for (size_t i = 0; i < t.studies.size() && i < view.max_listed; ++i) {
        const Study& s = atlas.studies[t.studies[i]];
        studies.push_back({{"index", t.studies[i]}, {"slug", atlas.Text(s.slug)}, {"title", atlas.Text(s.title)},
                           {"byline", Byline(atlas, s) + " · " + std::string(atlas.Text(s.journal)) + " · " + std::to_string(s.year)},
                           {"evidence", EvidenceCode(s.evidence)}, {"pem", PemLabel(s.pem)}, {"retracted", s.retracted}});
    }
    return {{"tag", t.tag}, {"name", t.name}, {"slug", t.slug}, {"pem_only", t.pem_only}, {"total", t.total},
            {"pem_required", t.pem_required}, {"summary", TopicSummary(t)}, {"levels", std::move(levels)},
            {"years", std::move(years)}, {"relations", std::move(relations)}, {"studies", std::move(studies)}};
}

json FilterPartJson(const Atlas& atlas, const MirrorView& view, const Query& query) {
    json out = json::object();
    if (!view.result) return out;
    const FacetCounts& counts = view.result->counts;
    out["facets"] = FiltersJson(atlas, query, counts, view.lang);
    out["tags"] = TagsJson(atlas, query, counts);
    out["tag_match"] = query.tag_match == TagMatch::All ? "all" : "any";
    out["years"] = {{"first", counts.first_year}, {"counts", counts.years}, {"min", query.year_min}, {"max", query.year_max}};
    json chips = json::array();
    for (const FilterChip& chip : ActiveFilterChips(atlas, query, view.lang)) chips.push_back({{"label", chip.label}, {"command", FormatCommand(atlas, chip.remove)}});
    out["chips"] = std::move(chips);
    return out;
}

json ListJson(const Atlas& atlas, const MirrorView& view) {
    json list = json::array();
    size_t total = view.result ? view.result->studies.size() : 0;
    for (size_t i = 0; i < total && i < view.max_listed; ++i) {
        uint32_t index = view.result->studies[i];
        const Study& s = atlas.studies[index];
        list.push_back({{"index", index},
                        {"slug", atlas.Text(s.slug)},
                        {"title", atlas.Text(s.title)},
                        {"byline", Byline(atlas, s) + " · " + std::string(atlas.Text(s.journal)) + " · " + std::to_string(s.year)},
                        {"evidence", EvidenceCode(s.evidence)},
                        {"pem", PemLabel(s.pem, view.lang)},
                        {"retracted", s.retracted},
                        {"since", SinceCode(view, index)}});
    }
    return list;
}

json CompareJson(const Atlas& atlas, const MirrorView& view) {
    json compare = json::array();
    for (uint32_t index : view.compare)
        if (index < atlas.studies.size()) compare.push_back({{"index", index}, {"title", atlas.Text(atlas.studies[index].title)}});
    return compare;
}

json PrintJson(const Atlas& atlas, const MirrorView& view, bool card_open) {
    json compare = json::array();
    for (uint32_t index : view.compare)
        if (index < atlas.studies.size()) compare.push_back(PrintEntry(atlas, index, view.lang));
    return {{"card", card_open ? PrintEntry(atlas, (uint32_t)view.open_study, view.lang) : json(nullptr)}, {"compare", std::move(compare)}};
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

const Query& QueryOf(const MirrorView& view) {
    static const Query empty_query;
    return view.query ? *view.query : empty_query;
}

bool CardOpen(const Atlas& atlas, const MirrorView& view) {
    return view.open_study >= 0 && (size_t)view.open_study < atlas.studies.size();
}

}  // namespace

std::string PrintEntryJson(const Atlas& atlas, uint32_t study, Lang lang) {
    return study < atlas.studies.size() ? Dump(PrintEntry(atlas, study, lang)) : std::string("null");
}

std::string MirrorJson(const Atlas& atlas, const MirrorView& view) {
    const Query& query = QueryOf(view);
    json out = HeadJson(atlas, view, query);
    json filters = FilterPartJson(atlas, view, query);
    for (auto& [key, value] : filters.items()) out[key] = value;
    out["listed"] = ListJson(atlas, view);
    out["card"] = CardOpen(atlas, view) ? CardJson(atlas, view, view.open_study) : json(nullptr);
    out["compare"] = CompareJson(atlas, view);
    out["grid"] = GridJson(atlas, view, query);
    out["topic"] = TopicJson(atlas, view);
    out["print"] = PrintJson(atlas, view, CardOpen(atlas, view));
    return Dump(out);
}

MirrorParts MirrorViewParts(const Atlas& atlas, const MirrorView& view) {
    const Query& query = QueryOf(view);
    MirrorParts parts;
    parts.head = Dump(HeadJson(atlas, view, query));
    parts.filters = Dump(FilterPartJson(atlas, view, query));
    parts.list = Dump(json{{"listed", ListJson(atlas, view)}});
    parts.card = Dump(json{{"card", CardOpen(atlas, view) ? CardJson(atlas, view, view.open_study) : json(nullptr)}});
    parts.compare = Dump(json{{"compare", CompareJson(atlas, view)}});
    parts.grid = Dump(json{{"grid", GridJson(atlas, view, query)}});
    parts.topic = Dump(json{{"topic", TopicJson(atlas, view)}});
    parts.print = Dump(json{{"print", PrintJson(atlas, view, CardOpen(atlas, view))}});
    return parts;
}

std::string MirrorUpdateJson(const MirrorParts& now, MirrorParts& sent) {
    // Each part is a JSON object; the update is their members spliced into one object.
    std::string out;
    auto add = [&](const std::string& part, std::string& last) {
        if (part == last) return;
        last = part;
        if (part.size() <= 2) return;  // "{}": nothing to say
        out += out.empty() ? "{" : ",";
        out.append(part, 1, part.size() - 2);
    };
    bool url_changed = now.url != sent.url;
    add(now.head, sent.head);
    add(now.filters, sent.filters);
    add(now.list, sent.list);
    add(now.card, sent.card);
    add(now.compare, sent.compare);
    add(now.grid, sent.grid);
    add(now.topic, sent.topic);
    add(now.print, sent.print);
    if (out.empty() && !url_changed) return {};
    sent.url = now.url;
    out += out.empty() ? "{" : ",";
    out += "\"url\":" + Dump(json(now.url)) + "}";
    return out;
}

}  // namespace atlas
