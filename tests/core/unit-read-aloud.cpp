// unit-read-aloud.cpp — cards and result lists as sentences for speech, with their places on screen.
#include <catch2/catch.hpp>

#include "atlas/command.h"
#include "atlas/load.h"
#include "atlas/read_aloud.h"
#include "fixtures.h"

using namespace atlas;

namespace {

std::vector<std::string> Sentences(std::string_view text) {
    std::vector<std::string> out;
    for (const TextSpan& s : SplitSentences(text)) out.emplace_back(text.substr(s.offset, s.length));
    return out;
}

}  // namespace

TEST_CASE("read-aloud: sentences end at full stops before capitals, not after abbreviations or in numbers") {
    CHECK(Sentences("One sentence. Another one! A third? Yes.") ==
          std::vector<std::string>{"One sentence.", "Another one!", "A third?", "Yes."});
    CHECK(Sentences("Fluge et al. found it, e.g. in 1.5 times more (p < 0.05). Then J. Smith replied.") ==
          std::vector<std::string>{"Fluge et al. found it, e.g. in 1.5 times more (p < 0.05).", "Then J. Smith replied."});
    CHECK(Sentences("lower case after. a stop is not an end. 42 patients joined.") ==
          std::vector<std::string>{"lower case after. a stop is not an end.", "42 patients joined."});
    CHECK(Sentences("A quote ended.\" Then this. \xC3\x98ystein spoke.") ==
          std::vector<std::string>{"A quote ended.\"", "Then this.", "\xC3\x98ystein spoke."});
    CHECK(Sentences("  First line\nSecond line  ") == std::vector<std::string>{"First line", "Second line"});
    CHECK(Sentences("").empty());
}

TEST_CASE("read-aloud: a card is read in the order it is shown, each sentence with its place") {
    Atlas atlas;
    std::string study = fixtures::Study("a");
    study.replace(study.find("\"Summary.\""), 10,
                  "\"The first sentence. The \xC3\xA9 second.\",\"observed_findings\":[\"A finding. Two.\"],\"does_not_prove\":\"Cause.\"");
    REQUIRE(LoadAtlas(fixtures::Atlas(study), atlas).loaded == 1);
    std::vector<SpokenSentence> spoken = ReadCardAloud(BuildCard(atlas, atlas.studies[0], 2026, ReadingDepth::Standard));
    std::vector<std::string> said, at;
    for (const SpokenSentence& s : spoken) said.push_back(s.say), at.push_back(FormatReadingPlace(s.place));
    CHECK(said == std::vector<std::string>{"A study", "E2 Controlled. High confidence. PEM required. Trial-RCT. Peer-reviewed. Machine draft.",
                                           "Machine-drafted summary from the paper's abstract: not yet reviewed by a person.",
                                           "Quick Summary.", "The first sentence.", "The \xC3\xA9 second.", "Observed Findings.", "A finding.",
                                           "Two.", "Remaining Questions.", "What This Study Does Not Prove.", "Cause."});
    CHECK(at == std::vector<std::string>{"card title -1 0 7", "card badges -1 0 0", "card draft -1 0 80", "card quick_summary -2 0 13",
                                         "card quick_summary -1 0 19", "card quick_summary -1 20 14", "card observed_findings -2 0 17",
                                         "card observed_findings 0 0 10", "card observed_findings 0 11 4",
                                         "card does_not_prove -2 0 19", "card does_not_prove -3 0 30", "card does_not_prove -1 0 6"});
    // UTF-16 offsets for the page: "é" is two bytes but one code unit.
    CHECK(spoken[5].from16 == 20);
    CHECK(spoken[5].to16 == 33);  // 13 code units, 14 bytes
    // Quick reading: the summary only.
    std::vector<SpokenSentence> quick = ReadCardAloud(BuildCard(atlas, atlas.studies[0], 2026, ReadingDepth::Quick));
    CHECK(quick.size() == 6);
    // Every place is a command the UI takes.
    for (const std::string& place : at) {
        INFO(place);
        std::optional<Command> c = ParseCommand(atlas, "read " + place);
        REQUIRE(c);
        CHECK(FormatCommand(atlas, *c) == "read " + place);
    }
    CHECK(ParseCommand(atlas, "read list 3"));
    CHECK(ParseCommand(atlas, "read off"));
    for (const char* bad : {"read", "read card", "read card Title -1 0 1", "read card title x 0 1", "read list", "read off now", "read card title -1 0 1 9"})
        CHECK_FALSE(ParseCommand(atlas, bad));
}

TEST_CASE("read-aloud: the list reads a count, then each study in the order listed") {
    Atlas atlas;
    REQUIRE(LoadAtlas(fixtures::Atlas(fixtures::Study("a") + "," + fixtures::Study("b")), atlas).loaded == 2);
    std::vector<SpokenSentence> spoken = ReadListAloud(atlas, {1, 0});
    REQUIRE(spoken.size() == 3);
    CHECK(spoken[0].say == "2 studies.");
    CHECK(FormatReadingPlace(spoken[0].place) == "list -1");
    CHECK(spoken[1].say == "A study. E2, PEM required, 2020.");
    CHECK(FormatReadingPlace(spoken[2].place) == "list 1");
    CHECK(SpokenJson({spoken[1]}) == R"([{"say":"A study. E2, PEM required, 2020.","at":"list 0","part":"list","item":0,"from16":0,"to16":0}])");
}
