// query.cpp — a simple, correct first query: word containment and a stable sort.
// (The indexed, ranked search engine replaces the matching here, behind the same interface.)
#include "atlas/query.h"

#include <algorithm>

namespace atlas {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

bool ContainsFolded(std::string_view hay, std::string_view needle) {
    if (needle.empty()) return true;
    auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                          [](char a, char b) { return Lower(a) == b; });
    return it != hay.end();
}

std::vector<std::string> Words(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n') {
            if (!word.empty()) words.push_back(std::move(word)), word.clear();
        } else word += Lower(c);
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

bool Matches(const Atlas& atlas, const Study& s, const std::vector<std::string>& words) {
    for (const std::string& w : words) {
        bool found = ContainsFolded(atlas.Text(s.title), w) || ContainsFolded(atlas.Text(s.journal), w) ||
                     ContainsFolded(atlas.Text(s.quick_summary), w) || ContainsFolded(atlas.Text(s.pmid), w);
        for (uint32_t i = 0; !found && i < s.authors.count; ++i) found = ContainsFolded(atlas.Item(s.authors, i), w);
        if (!found) return false;
    }
    return true;
}

}  // namespace

std::vector<uint32_t> RunQuery(const Atlas& atlas, const Query& query) {
    std::vector<std::string> words = Words(query.text);
    std::vector<uint32_t> out;
    out.reserve(atlas.studies.size());
    for (uint32_t i = 0; i < atlas.studies.size(); ++i)
        if (words.empty() || Matches(atlas, atlas.studies[i], words)) out.push_back(i);
    auto& studies = atlas.studies;
    switch (query.sort) {
    case SortOrder::Newest:
        std::stable_sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) { return studies[a].year > studies[b].year; });
        break;
    case SortOrder::Oldest:
        std::stable_sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) { return studies[a].year < studies[b].year; });
        break;
    case SortOrder::EvidenceLevel:
        std::stable_sort(out.begin(), out.end(),
                         [&](uint32_t a, uint32_t b) { return studies[a].evidence < studies[b].evidence; });
        break;
    }
    return out;
}

}  // namespace atlas
