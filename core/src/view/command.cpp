// command.cpp — the command language: text form to typed Command and back, chips, and the query
// commands. The UI's own commands are applied in ui/ (atlas_ui::Apply).
#include "atlas/command.h"

#include <algorithm>

#include "text/text.h"

namespace atlas {
namespace {

constexpr std::string_view kThemeCodes[] = {"light", "dark", "contrast"};
constexpr std::string_view kScreenCodes[] = {"atlas", "compare", "gallery", "grid", "topic"};
static_assert(std::size(kScreenCodes) == kScreenCount);
constexpr std::string_view kGridAxisCodes[] = {"level", "type"};
constexpr std::string_view kExportCodes[] = {"csv", "ris", "bibtex", "csl"};

using text::ParseSmallInt;

template <size_t N>
bool ParseCode(const std::string_view (&codes)[N], std::string_view word, int& out) {
    for (size_t i = 0; i < N; ++i)
        if (codes[i] == word) { out = (int)i; return true; }
    return false;
}

bool ParseOnOff(std::string_view word, std::string_view on, std::string_view off, int& out) {
    if (word == on) out = 1;
    else if (word == off) out = 0;
    else return false;
    return true;
}

bool ValidYear(int year) { return year == 0 || (year >= kMinYear && year <= kMaxYear); }

const Facet* FacetById(const std::vector<Facet>& facets, FacetId id) {
    for (const Facet& facet : facets)
        if (facet.id == id) return &facet;
    return nullptr;
}

}  // namespace

std::string_view NextCommandWord(std::string_view& s) {
    size_t start = s.find_first_not_of(' ');
    if (start == std::string_view::npos) { s = {}; return {}; }
    s.remove_prefix(start);
    size_t end = s.find(' ');
    std::string_view word = s.substr(0, end);
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
    return word;
}

std::string_view ThemeCode(Theme theme) { return kThemeCodes[(int)theme]; }
bool ParseTheme(std::string_view code, Theme& out) {
    int i;
    if (!ParseCode(kThemeCodes, code, i)) return false;
    out = (Theme)i;
    return true;
}
std::string_view ExportCode(ExportFormat format) { return kExportCodes[(int)format]; }
std::string_view ScreenCode(Screen screen) { return kScreenCodes[(int)screen]; }
std::string_view GridAxisCode(GridAxis axis) { return kGridAxisCodes[(int)axis]; }

bool IsTopicTag(const Atlas& atlas, uint32_t tag) {
    if (tag >= atlas.tags.size()) return false;
    uint16_t category = atlas.tags[tag].category;
    return category < atlas.tag_categories.size() && atlas.tag_categories[category].id == "topic";
}

bool CellSelected(const Query& q, uint32_t tag, GridAxis axis, int column) {
    if (std::find(q.tags.begin(), q.tags.end(), tag) == q.tags.end()) return false;
    if (axis == GridAxis::Level) return column >= 0 && column < kEvidenceLevelCount && q.evidence == (1u << column);
    return column >= 0 && column < kPublicationTypeCount && q.publication_types == (1u << column);
}

bool IsQueryCommand(CommandKind kind) { return kind <= CommandKind::ClearFilters; }

std::optional<Command> ParseCommand(const Atlas& atlas, std::string_view text) {
    std::string_view rest = text;
    std::string_view verb = NextCommandWord(rest);
    if (verb == "read") {  // read card <part> <item> <start> <length> | read list <row> | read off
        std::string_view kind = NextCommandWord(rest), a = NextCommandWord(rest), b = NextCommandWord(rest),
                         c2 = NextCommandWord(rest), d = NextCommandWord(rest);
        bool end = NextCommandWord(rest).empty();
        int item = 0, start = 0, length = 0;
        auto signed_int = [](std::string_view w, int& out) {
            bool minus = !w.empty() && w[0] == '-';
            if (minus) w.remove_prefix(1);
            if (!text::ParseSmallInt(w, out)) return false;
            if (minus) out = -out;
            return true;
        };
        auto part_ok = [](std::string_view w) {
            if (w.empty() || w.size() > 40) return false;
            for (char ch : w)
                if (!((ch >= 'a' && ch <= 'z') || ch == '_')) return false;
            return true;
        };
        if (kind == "off" && a.empty() && end) return Command::ReadOff();
        if (kind == "list" && signed_int(a, item) && item >= -1 && b.empty() && end) return Command::ReadRow(item);
        if (kind == "card" && part_ok(a) && signed_int(b, item) && item >= -3 && ParseSmallInt(c2, start) && ParseSmallInt(d, length) && end)
            return Command::ReadCard(std::string(a), item, start, length);
        return std::nullopt;
    }
    if (verb == "query") {  // the rest of the line is the search text
        size_t start = rest.find_first_not_of(' ');
        return Command::SetText(start == std::string_view::npos ? "" : std::string(rest.substr(start)));
    }
    std::string_view arg = NextCommandWord(rest);
    std::string_view arg2 = NextCommandWord(rest);
    if (!NextCommandWord(rest).empty()) return std::nullopt;  // trailing words: not a command we understand
    Command c;
    int i = 0, j = 0;
    auto study = [&](CommandKind kind) -> std::optional<Command> {
        if (!arg2.empty() || !ParseSmallInt(arg, i) || (size_t)i >= atlas.studies.size()) return std::nullopt;
        c.kind = kind;
        c.value = i;
        return c;
    };
    auto one = [&](CommandKind kind, bool ok) -> std::optional<Command> {
        if (!ok || !arg2.empty()) return std::nullopt;
        c.kind = kind;
        c.value = i;
        return c;
    };
    if (verb == "toggle") {
        FacetId id;
        if (!FindFacet(arg, id)) return std::nullopt;
        std::vector<Facet> facets = Facets(atlas);
        int option = FindFacetOption(*FacetById(facets, id), arg2);
        if (option < 0) return std::nullopt;
        return Command::ToggleFacet(id, option);
    }
    if (verb == "tag") return one(CommandKind::ToggleTag, ParseSmallInt(arg, i) && (size_t)i < atlas.tags.size());
    if (verb == "tagmatch") return one(CommandKind::SetTagMatch, ParseOnOff(arg, "all", "any", i));
    if (verb == "years") {
        if (!ParseSmallInt(arg, i) || !ParseSmallInt(arg2, j) || !ValidYear(i) || !ValidYear(j)) return std::nullopt;
        if (i && j && i > j) std::swap(i, j);
        return Command::SetYears(i, j);
    }
    if (verb == "sort") {
        SortOrder sort;
        if (!ParseSortCode(arg, sort)) return std::nullopt;
        i = (int)sort;
        return one(CommandKind::SetSort, true);
    }
    if (verb == "clear" && arg.empty()) return Command::ClearFilters();
    if (verb == "pemonly") return one(CommandKind::SetPemOnly, ParseOnOff(arg, "on", "off", i));
    if (verb == "cell") {
        if (!ParseSmallInt(arg, i) || !IsTopicTag(atlas, (uint32_t)i)) return std::nullopt;
        int column;
        if (ParseCode(CodeSet::Evidence, arg2, column)) return Command::SelectCell((uint32_t)i, GridAxis::Level, column);
        if (ParseCode(CodeSet::PublicationType, arg2, column)) return Command::SelectCell((uint32_t)i, GridAxis::Type, column);
        return std::nullopt;
    }
    if (verb == "follow") return study(CommandKind::Follow);
    if (verb == "topic") return one(CommandKind::ShowTopic, ParseSmallInt(arg, i) && IsTopicTag(atlas, (uint32_t)i));
    if (verb == "grid") return one(CommandKind::SetGridAxis, ParseCode(kGridAxisCodes, arg, i));
    if (verb == "open") return study(CommandKind::Open);
    if (verb == "back" && arg.empty()) return Command::Back();
    if (verb == "cursor") return one(CommandKind::CursorFirst, arg == "first");
    if (verb == "more" && arg.empty()) return Command::ListMore();
    if (verb == "depth") {
        ReadingDepth depth;
        if (!ParseReadingDepth(arg, depth)) return std::nullopt;
        i = (int)depth;
        return one(CommandKind::SetDepth, true);
    }
    if (verb == "theme") return one(CommandKind::SetTheme, ParseCode(kThemeCodes, arg, i));
    if (verb == "textsize") return one(CommandKind::SetTextSize, arg.size() == 1 && ParseSmallInt(arg, i) && i < kTextSizeCount);
    if (verb == "lang") {
        Lang lang;
        if (arg.size() != 2 || !ParseLang(arg, lang)) return std::nullopt;
        i = (int)lang;
        return one(CommandKind::SetLang, true);
    }
    if (verb == "calm") return one(CommandKind::SetCalm, ParseOnOff(arg, "on", "off", i));
    if (verb == "compare") return arg == "clear" ? one(CommandKind::ClearCompare, true) : study(CommandKind::ToggleCompare);
    if (verb == "screen") return one(CommandKind::ShowScreen, ParseCode(kScreenCodes, arg, i));
    if (verb == "filters") return one(CommandKind::ShowFilters, ParseOnOff(arg, "show", "hide", i));
    if (verb == "map") return one(CommandKind::ShowMap, ParseOnOff(arg, "show", "hide", i));
    if (verb == "export") return one(CommandKind::Export, ParseCode(kExportCodes, arg, i));
    if (verb == "embed") return one(CommandKind::SetEmbedded, ParseOnOff(arg, "on", "off", i));
    if (verb == "lock") return one(CommandKind::LockFilters, ParseOnOff(arg, "on", "off", i));
    return std::nullopt;
}

std::string FormatCommand(const Atlas& atlas, const Command& c) {
    auto on_off = [&](const char* on, const char* off) { return std::string(c.value ? on : off); };
    switch (c.kind) {
    case CommandKind::ToggleFacet: {
        std::vector<Facet> facets = Facets(atlas);
        const Facet* facet = FacetById(facets, c.facet);
        if (!facet || c.value < 0 || (size_t)c.value >= facet->options.size()) return {};
        return "toggle " + facet->key + " " + facet->options[c.value].code;
    }
    case CommandKind::ToggleTag: return "tag " + std::to_string(c.value);
    case CommandKind::SetTagMatch: return "tagmatch " + on_off("all", "any");
    case CommandKind::SetYears: return "years " + std::to_string(c.value) + " " + std::to_string(c.value2);
    case CommandKind::SetSort: return "sort " + std::string(SortCode((SortOrder)c.value));
    case CommandKind::SetText: return "query " + c.text;
    case CommandKind::ClearFilters: return "clear";
    case CommandKind::SetPemOnly: return "pemonly " + on_off("on", "off");
    case CommandKind::SelectCell:
        if (c.facet == FacetId::Evidence && c.value2 >= 0 && c.value2 < kEvidenceLevelCount)
            return "cell " + std::to_string(c.value) + " " + std::string(EvidenceCode((EvidenceLevel)c.value2));
        if (c.facet == FacetId::PublicationType && c.value2 >= 0 && c.value2 < kPublicationTypeCount)
            return "cell " + std::to_string(c.value) + " " + std::string(PublicationTypeCode((PublicationType)c.value2));
        return {};
    case CommandKind::Follow: return "follow " + std::to_string(c.value);
    case CommandKind::ShowTopic: return "topic " + std::to_string(c.value);
    case CommandKind::SetGridAxis: return "grid " + std::string(kGridAxisCodes[c.value ? 1 : 0]);
    case CommandKind::Open: return "open " + std::to_string(c.value);
    case CommandKind::Back: return "back";
    case CommandKind::CursorFirst: return "cursor first";
    case CommandKind::ListMore: return "more";
    case CommandKind::SetDepth: return "depth " + std::string(ReadingDepthCode((ReadingDepth)c.value));
    case CommandKind::SetTheme: return "theme " + std::string(kThemeCodes[c.value]);
    case CommandKind::SetTextSize: return "textsize " + std::to_string(c.value);
    case CommandKind::SetCalm: return "calm " + on_off("on", "off");
    case CommandKind::SetLang: return "lang " + std::string(LangCode((Lang)c.value));
    case CommandKind::ToggleCompare: return "compare " + std::to_string(c.value);
    case CommandKind::ClearCompare: return "compare clear";
    case CommandKind::ShowScreen: return "screen " + std::string(kScreenCodes[c.value]);
    case CommandKind::ShowFilters: return "filters " + on_off("show", "hide");
    case CommandKind::ShowMap: return "map " + on_off("show", "hide");
    case CommandKind::Export: return "export " + std::string(kExportCodes[c.value]);
    case CommandKind::SetEmbedded: return "embed " + on_off("on", "off");
    case CommandKind::LockFilters: return "lock " + on_off("on", "off");
    case CommandKind::ReadCard:
        return "read card " + c.text + " " + std::to_string(c.value) + " " + std::to_string(c.value2) + " " + std::to_string(c.value3);
    case CommandKind::ReadRow: return "read list " + std::to_string(c.value);
    case CommandKind::ReadOff: return "read off";
    }
    return {};
}

bool ApplyQueryCommand(const Atlas& atlas, Query& query, const Command& c) {
    Query q = query;
    switch (c.kind) {
    case CommandKind::ToggleFacet: {
        std::vector<Facet> facets = Facets(atlas);
        const Facet* facet = FacetById(facets, c.facet);
        if (!facet || c.value < 0 || (size_t)c.value >= facet->options.size()) return false;
        ToggleFacet(q, c.facet, c.value);
        break;
    }
    case CommandKind::ToggleTag: {
        if (c.value < 0 || (size_t)c.value >= atlas.tags.size()) return false;
        auto it = std::find(q.tags.begin(), q.tags.end(), (uint32_t)c.value);
        if (it != q.tags.end()) q.tags.erase(it);
        else q.tags.push_back((uint32_t)c.value);
        break;
    }
    case CommandKind::SetTagMatch: q.tag_match = c.value ? TagMatch::All : TagMatch::Any; break;
    case CommandKind::SetYears: {
        if (!ValidYear(c.value) || !ValidYear(c.value2)) return false;
        q.year_min = c.value;
        q.year_max = c.value2;
        if (q.year_min && q.year_max && q.year_min > q.year_max) std::swap(q.year_min, q.year_max);
        break;
    }
    case CommandKind::SetSort:
        if (c.value < 0 || c.value > (int)SortOrder::EvidenceLevel) return false;
        q.sort = (SortOrder)c.value;
        break;
    case CommandKind::SetText: q.text = c.text; break;
    case CommandKind::ClearFilters: {
        Query cleared;
        cleared.text = q.text;
        cleared.sort = q.sort;
        cleared.pem_only = q.pem_only;  // a switch of its own, not a filter chip
        q = std::move(cleared);
        break;
    }
    case CommandKind::SetPemOnly: q.pem_only = c.value != 0; break;
    case CommandKind::SelectCell: {
        // The cell's topic and only its column; the same cell again clears both. Other topics chosen
        // give way (a cell is one topic); other filters stay.
        const uint32_t tag = (uint32_t)c.value;
        const bool levels = c.facet == FacetId::Evidence;
        if (!IsTopicTag(atlas, tag) || c.value2 < 0 || c.value2 >= (levels ? kEvidenceLevelCount : kPublicationTypeCount) ||
            (c.facet != FacetId::Evidence && c.facet != FacetId::PublicationType))
            return false;
        const GridAxis axis = levels ? GridAxis::Level : GridAxis::Type;
        if (CellSelected(q, tag, axis, c.value2)) {
            q.tags.erase(std::find(q.tags.begin(), q.tags.end(), tag));
            if (levels) q.evidence = 0;
            else q.publication_types = 0;
            break;
        }
        q.tags.erase(std::remove_if(q.tags.begin(), q.tags.end(), [&](uint32_t t) { return IsTopicTag(atlas, t); }), q.tags.end());
        q.tags.push_back(tag);
        if (levels) q.evidence = (uint8_t)(1u << c.value2);
        else q.publication_types = (uint16_t)(1u << c.value2);
        break;
    }
    default: return false;
    }
    query = std::move(q);
    return true;
}

std::vector<FilterChip> ActiveFilterChips(const Atlas& atlas, const Query& q, Lang lang) {
    std::vector<FilterChip> chips;
    for (const Facet& facet : Facets(atlas, lang))
        for (size_t i = 0; i < facet.options.size(); ++i)
            if (FacetSelected(q, facet.id, (int)i)) chips.push_back({facet.options[i].label, Command::ToggleFacet(facet.id, (int)i)});
    if (q.year_min || q.year_max) {
        std::string label = q.year_min && q.year_max ? (q.year_min == q.year_max ? std::to_string(q.year_min)
                                                                                  : std::to_string(q.year_min) + "–" + std::to_string(q.year_max))
                            : q.year_min ? TrF(lang, "chip.years_from", {std::to_string(q.year_min)})
                                         : TrF(lang, "chip.years_until", {std::to_string(q.year_max)});
        chips.push_back({label, Command::SetYears(0, 0)});
    }
    for (uint32_t tag : q.tags) {
        if (tag >= atlas.tags.size()) continue;
        const Tag& t = atlas.tags[tag];
        chips.push_back({atlas.tag_categories[t.category].name + ": " + t.label, Command::ToggleTag(tag)});
    }
    return chips;
}

}  // namespace atlas
