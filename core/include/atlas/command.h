// atlas/command.h — the one command type. Everything a reader can do to the view is a Command:
// the canvas builds them directly; the page (text view, stored preferences, embeds, tests) sends
// the text form, which is parsed once, here. Pure core.
//
// Text form, one command a line (words separated by spaces):
//   toggle <facet-key> <option-code>   tag <tag-index>          tagmatch any|all
//   years <min> <max> (0 = open)       sort relevance|newest|oldest|evidence
//   query <text...>                    clear                    (filters; text and sort stay)
//   open <study-index>   back   cursor first   more (the text view lists 100 more results)
//   depth quick|standard|full
//   theme light|dark|contrast   textsize 0-4   calm on|off (low stimulation)   lang en|de|es|nb
//   compare <study-index>|clear
//   screen atlas|compare|gallery   filters show|hide   map show|hide
//   export csv|ris|bibtex|csl   embed on|off   lock on|off
//   pemonly on|off                     the switch "Only cohorts that required PEM" (recounts everything)
//   cell <tag-index> <level-or-type>   filter to one cell of the evidence gap map (E1, Trial-RCT…);
//                                      the same cell again clears it
//   screen grid|topic   grid level|type   topic <tag-index>   follow <study-index> (a card's link)
//   read card <part> <item> <start> <length>   read list <row>   read off
//                                      (the sentence read aloud: atlas/read_aloud.h ReadingPlace)
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "atlas/card.h"
#include "atlas/facets.h"
#include "atlas/model.h"
#include "atlas/query.h"

namespace atlas {

enum class Theme : uint8_t { Light, Dark, Contrast };
enum class Screen : uint8_t { Atlas, Compare, Gallery, Grid, Topic };
constexpr int kScreenCount = 5;
enum class ExportFormat : uint8_t { Csv, Ris, Bibtex, CslJson };
constexpr int kTextSizeCount = 5;   // reading text sizes offered (ui: kTextScales)
// Studies read side by side, and printed together on one page for a clinician. Six, not three: the
// print page is the compare set (one set the reader builds, not a second list to keep), and a doctor's
// appointment is where a handful of papers are brought; the canvas shows up to three columns at a time
// and scrolls sideways for more.
constexpr int kCompareMax = 6;

enum class CommandKind : uint8_t {
    // Edit the query (ApplyQueryCommand).
    ToggleFacet, ToggleTag, SetTagMatch, SetYears, SetSort, SetText, SetPemOnly, SelectCell, ClearFilters,
    // Reading and chrome (atlas_ui::Apply).
    Open, Back, CursorFirst, ListMore, SetDepth, SetTheme, SetTextSize, SetCalm, SetLang, ToggleCompare, ClearCompare,
    ShowScreen, ShowFilters, ShowMap, Export, SetEmbedded, LockFilters, Follow, ShowTopic, SetGridAxis,
    // Read aloud: the sentence being spoken, to highlight and keep in view.
    ReadCard, ReadRow, ReadOff,
};

struct Command {
    CommandKind kind = CommandKind::Back;
    FacetId facet = FacetId::Evidence;  // ToggleFacet; SelectCell: Evidence or PublicationType (the column's axis)
    int value = 0;       // option, tag or study index, enum value, text size, 0/1 for on/off, first year
    int value2 = 0;      // last year (SetYears); the column's level or type (SelectCell); start byte (ReadCard)
    int value3 = 0;      // length in bytes (ReadCard)
    std::string text;    // SetText; the card part (ReadCard)

    Command() = default;
    explicit Command(CommandKind k, int v = 0) : kind(k), value(v) {}

    static Command ToggleFacet(FacetId facet, int option) { Command c(CommandKind::ToggleFacet); c.facet = facet; c.value = option; return c; }
    static Command ToggleTag(uint32_t tag) { return Command(CommandKind::ToggleTag, (int)tag); }
    static Command SetTagMatch(TagMatch match) { return Command(CommandKind::SetTagMatch, (int)match); }
    static Command SetYears(int first, int last) { Command c(CommandKind::SetYears, first); c.value2 = last; return c; }
    static Command SetSort(SortOrder sort) { return Command(CommandKind::SetSort, (int)sort); }
    static Command SetText(std::string text) { Command c(CommandKind::SetText); c.text = std::move(text); return c; }
    static Command ClearFilters() { return Command(CommandKind::ClearFilters); }
    static Command SetPemOnly(bool on) { return Command(CommandKind::SetPemOnly, on); }
    static Command SelectCell(uint32_t topic_tag, GridAxis axis, int column) {
        Command c(CommandKind::SelectCell, (int)topic_tag);
        c.facet = axis == GridAxis::Level ? FacetId::Evidence : FacetId::PublicationType;
        c.value2 = column;
        return c;
    }
    static Command Follow(uint32_t study) { return Command(CommandKind::Follow, (int)study); }
    static Command ShowTopic(uint32_t tag) { return Command(CommandKind::ShowTopic, (int)tag); }
    static Command SetGridAxis(GridAxis axis) { return Command(CommandKind::SetGridAxis, (int)axis); }
    static Command Open(uint32_t study) { return Command(CommandKind::Open, (int)study); }
    static Command Back() { return Command(CommandKind::Back); }
    static Command CursorFirst() { return Command(CommandKind::CursorFirst); }
    static Command ListMore() { return Command(CommandKind::ListMore); }
    static Command SetDepth(ReadingDepth depth) { return Command(CommandKind::SetDepth, (int)depth); }
    static Command SetTheme(Theme theme) { return Command(CommandKind::SetTheme, (int)theme); }
    static Command SetTextSize(int size) { return Command(CommandKind::SetTextSize, size); }
    static Command SetCalm(bool on) { return Command(CommandKind::SetCalm, on); }
    static Command SetLang(Lang lang) { return Command(CommandKind::SetLang, (int)lang); }
    static Command ToggleCompare(uint32_t study) { return Command(CommandKind::ToggleCompare, (int)study); }
    static Command ClearCompare() { return Command(CommandKind::ClearCompare); }
    static Command ShowScreen(Screen screen) { return Command(CommandKind::ShowScreen, (int)screen); }
    static Command ShowFilters(bool on) { return Command(CommandKind::ShowFilters, on); }
    static Command ShowMap(bool on) { return Command(CommandKind::ShowMap, on); }
    static Command Export(ExportFormat format) { return Command(CommandKind::Export, (int)format); }
    static Command SetEmbedded(bool on) { return Command(CommandKind::SetEmbedded, on); }
    static Command LockFilters(bool on) { return Command(CommandKind::LockFilters, on); }
    static Command ReadCard(std::string part, int item, int start, int length) {
        Command c(CommandKind::ReadCard, item); c.text = std::move(part); c.value2 = start; c.value3 = length; return c;
    }
    static Command ReadRow(int row) { return Command(CommandKind::ReadRow, row); }
    static Command ReadOff() { return Command(CommandKind::ReadOff); }
};

// An active filter as a removable chip ("PEM required", "2015–2020", "Tag: Cytokines").
struct FilterChip {
    std::string label;
    Command remove;       // toggles this filter off again
};
std::vector<FilterChip> ActiveFilterChips(const Atlas& atlas, const Query& query, Lang lang = Lang::En);

// The text form into a Command, checked against `atlas` (facet codes, tag and study indices).
// nullopt for anything it does not understand, trailing words included.
std::optional<Command> ParseCommand(const Atlas& atlas, std::string_view text);
// The text form of a command (for the page's controls): ParseCommand(FormatCommand(c)) == c.
std::string FormatCommand(const Atlas& atlas, const Command& command);

bool IsQueryCommand(CommandKind kind);
// Is this cell of the evidence gap map what the query filters to (its topic tag and only its column)?
bool CellSelected(const Query& query, uint32_t topic_tag, GridAxis axis, int column);
// Is `tag` one of the atlas's topics (a tag of the category with id "topic")?
bool IsTopicTag(const Atlas& atlas, uint32_t tag);
// Applies a query command to `query`. False (query unchanged) for other kinds and bad values.
bool ApplyQueryCommand(const Atlas& atlas, Query& query, const Command& command);

std::string_view ThemeCode(Theme theme);                  // "light", "dark", "contrast"
bool ParseTheme(std::string_view code, Theme& out);
std::string_view ExportCode(ExportFormat format);         // "csv", "ris", "bibtex", "csl"
std::string_view ScreenCode(Screen screen);               // "atlas", "compare", "gallery", "grid", "topic"
std::string_view GridAxisCode(GridAxis axis);             // "level", "type"

// Splits the next space-separated word off `rest` (the command language's tokenizer).
std::string_view NextCommandWord(std::string_view& rest);

}  // namespace atlas
