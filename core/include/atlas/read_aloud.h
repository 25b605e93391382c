// atlas/read_aloud.h — a card or a list of results as sentences to be read aloud by the browser's
// speech synthesis, each with the place on screen it comes from, so the canvas and the text view can
// highlight the sentence being read and keep it in view. Pure core: the page speaks, the UI highlights.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/card.h"
#include "atlas/model.h"
#include "atlas/query.h"

namespace atlas {

// Sentences of `text` as byte spans: a sentence ends at ". ", "! ", "? " (or a line break) before a
// capital, a digit or an opening quote, except after common abbreviations ("e.g.", "et al.", "vs.",
// "Dr.", single initials) and inside numbers ("1.5"). Leading and trailing spaces are not part of a span.
std::vector<TextSpan> SplitSentences(std::string_view text);

// Where a spoken sentence is shown. Its text form is the argument of the `read` command
// (atlas/command.h): "card <part> <item> <start> <length>" or "list <row>".
struct ReadingPlace {
    bool in_list = false;
    std::string part;        // card: "title", "badges", or a section id ("quick_summary")
    int item = -1;           // card: -1 the paragraph, -2 the heading, >= 0 a list item; list: the row
    uint32_t start = 0, length = 0;  // card text: the sentence's bytes within the part's text
};
std::string FormatReadingPlace(const ReadingPlace& place);

struct SpokenSentence {
    std::string say;         // what the voice says
    ReadingPlace place;
    uint32_t from16 = 0, to16 = 0;  // the same span in UTF-16 code units, for the page's DOM text
};

// The card as shown at its depth: title, the badges in one sentence, the retraction and draft notices,
// then each section's heading and its sentences (list items one by one).
std::vector<SpokenSentence> ReadCardAloud(const Card& card);
// The results: a count sentence, then each listed study (title, evidence level, PEM, year), at most `max_rows`.
// Read in English, the study text's language, whatever the interface language: one voice throughout.
std::vector<SpokenSentence> ReadListAloud(const Atlas& atlas, const std::vector<uint32_t>& studies, size_t max_rows = 100);
// [{"say":…, "at":…, "part":…, "item":…, "from16":…, "to16":…}, …] for the page.
std::string SpokenJson(const std::vector<SpokenSentence>& sentences);

}  // namespace atlas
