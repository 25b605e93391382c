// read_aloud.cpp — cards and result lists as sentences for speech, with their places on screen.
#include "atlas/read_aloud.h"

#include <nlohmann/json.hpp>

namespace atlas {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsUpperOrDigit(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '"' || c == '(' || c == '\''; }

// The word before the full stop at `dot` (letters and inner dots), e.g. "e.g" or "al".
std::string_view WordBefore(std::string_view text, size_t dot) {
    size_t begin = dot;
    while (begin > 0 && !IsSpace(text[begin - 1]) && text[begin - 1] != '(') --begin;
    return text.substr(begin, dot - begin);
}

bool IsAbbreviation(std::string_view word) {
    static constexpr std::string_view kWords[] = {"e.g", "i.e", "al", "vs", "Dr", "Mr", "Ms", "Mrs", "Prof", "Fig", "approx",
                                                  "cf", "No", "St", "Jr", "Sr", "ca", "resp", "incl", "etc"};
    for (std::string_view w : kWords)
        if (word == w) return true;
    return word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z';  // an initial: "J. Smith"
}

uint32_t Utf16Length(std::string_view bytes) {
    uint32_t n = 0;
    for (unsigned char c : bytes) {
        if ((c & 0xC0) == 0x80) continue;  // a continuation byte
        n += c >= 0xF0 ? 2 : 1;            // four-byte characters are surrogate pairs
    }
    return n;
}

void AddSpans(std::vector<SpokenSentence>& out, std::string_view text, const std::string& part, int item) {
    for (const TextSpan& span : SplitSentences(text)) {
        SpokenSentence s;
        s.say = std::string(text.substr(span.offset, span.length));
        s.place.part = part;
        s.place.item = item;
        s.place.start = span.offset;
        s.place.length = span.length;
        s.from16 = Utf16Length(text.substr(0, span.offset));
        s.to16 = s.from16 + Utf16Length(s.say);
        out.push_back(std::move(s));
    }
}

void AddWhole(std::vector<SpokenSentence>& out, std::string say, const std::string& part, int item, std::string_view shown) {
    SpokenSentence s;
    s.say = std::move(say);
    s.place.part = part;
    s.place.item = item;
    s.place.length = (uint32_t)shown.size();
    s.to16 = Utf16Length(shown);
    out.push_back(std::move(s));
}

std::string WithStop(std::string text) {
    if (!text.empty() && text.back() != '.' && text.back() != '?' && text.back() != '!') text += '.';
    return text;
}

}  // namespace

std::vector<TextSpan> SplitSentences(std::string_view text) {
    std::vector<TextSpan> spans;
    size_t begin = 0;
    auto emit = [&](size_t end) {
        while (begin < end && IsSpace(text[begin])) ++begin;
        size_t stop = end;
        while (stop > begin && IsSpace(text[stop - 1])) --stop;
        if (stop > begin) spans.push_back({(uint32_t)begin, (uint32_t)(stop - begin)});
        begin = end;
    };
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\n') { emit(i + 1); continue; }
        if (c != '.' && c != '!' && c != '?') continue;
        size_t after = i + 1;
        while (after < text.size() && (text[after] == ')' || text[after] == '"' || text[after] == '\'')) ++after;
        if (after >= text.size() || !IsSpace(text[after])) continue;  // "1.5", "e.g.," or the end
        size_t next = after;
        while (next < text.size() && IsSpace(text[next])) ++next;
        if (next >= text.size() || !IsUpperOrDigit((unsigned char)text[next])) continue;
        if (c == '.' && IsAbbreviation(WordBefore(text, i))) continue;
        emit(after);
    }
    emit(text.size());
    return spans;
}

std::string FormatReadingPlace(const ReadingPlace& p) {
    if (p.in_list) return "list " + std::to_string(p.item);
    return "card " + p.part + " " + std::to_string(p.item) + " " + std::to_string(p.start) + " " + std::to_string(p.length);
}

std::vector<SpokenSentence> ReadCardAloud(const Card& card) {
    std::vector<SpokenSentence> out;
    AddSpans(out, card.title, "title", -1);
    std::string badges;
    for (const CardBadge& b : card.badges) badges += (badges.empty() ? "" : ". ") + b.text;
    if (!badges.empty()) AddWhole(out, WithStop(badges), "badges", -1, {});
    if (!card.retraction.empty()) AddSpans(out, card.retraction, "retraction", -1);
    if (!card.draft_notice.empty()) AddSpans(out, card.draft_notice, "draft", -1);
    for (const CardSection& s : card.sections) {
        const std::string& heading = !s.heading.empty() ? s.heading : s.subheading;
        if (!heading.empty()) AddWhole(out, WithStop(heading), s.id, -2, heading);
        if (!s.heading.empty() && !s.subheading.empty()) AddWhole(out, WithStop(s.subheading), s.id, -3, s.subheading);
        AddSpans(out, s.text, s.id, -1);
        for (size_t i = 0; i < s.items.size(); ++i) AddSpans(out, s.items[i], s.id, (int)i);
    }
    return out;
}

std::vector<SpokenSentence> ReadListAloud(const Atlas& atlas, const std::vector<uint32_t>& studies, size_t max_rows) {
    std::vector<SpokenSentence> out;
    SpokenSentence count;
    count.say = TrN(Lang::En, "read.count", (long long)studies.size());
    count.place.in_list = true;
    out.push_back(count);
    for (size_t row = 0; row < studies.size() && row < max_rows; ++row) {
        const Study& s = atlas.studies[studies[row]];
        SpokenSentence line;
        line.say = WithStop(std::string(atlas.Text(s.title))) + " " + std::string(EvidenceCode(s.evidence)) + ", " +
                   std::string(PemLabel(s.pem)) + ", " + std::to_string(s.year) + (s.retracted ? ", retracted." : ".");
        line.place.in_list = true;
        line.place.item = (int)row;
        out.push_back(std::move(line));
    }
    return out;
}

std::string SpokenJson(const std::vector<SpokenSentence>& sentences) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const SpokenSentence& s : sentences)
        out.push_back({{"say", s.say}, {"at", FormatReadingPlace(s.place)}, {"part", s.place.in_list ? "list" : s.place.part},
                       {"item", s.place.item}, {"from16", s.from16}, {"to16", s.to16}});
    return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace atlas
