// index_builder.h — the search index built one study at a time (internal to core/src). The loader adds
// each study as it arrives, so its words are counted while the rest of the atlas is still on the
// network; a snapshot makes what has arrived searchable; Finish() gives the whole index. MakeSearchIndex
// is the same builder run over a loaded atlas.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/model.h"
#include "atlas/search_index.h"

namespace atlas {

class SearchIndexBuilder {
public:
    // Counts the words of atlas.studies[Studies()], the next study.
    void Add(const Atlas& atlas);
    uint32_t Studies() const { return (uint32_t)study_length_.size(); }
    // An index over the studies added so far (partial, reading this builder's postings: it must not
    // outlive the builder, nor see it finished). Costs the vocabulary's sort, not the text.
    void Snapshot(const Atlas& atlas, SearchIndex& out) const;
    // The whole index; the builder gives its postings to it and is spent.
    SearchIndex Finish(const Atlas& atlas);

private:
    // Words seen: an open-addressing table whose slots hold a word's first eight bytes and length, so
    // that most words (eight bytes or fewer) are found without reading anything else.
    struct Slot {
        uint64_t head = 0;
        uint32_t length = 0, id_plus_one = 0;
    };
    struct Counts {
        uint32_t weight = 0;      // weighted count in the current study
        uint32_t next_study = 0;  // last study that had it + 1
        uint32_t frequency = 0;   // studies that have it
    };
    static uint64_t Hash(uint64_t head, std::string_view word);
    static bool SameTail(std::string_view a, std::string_view b);
    uint32_t Intern(std::string_view word, uint64_t head);  // head: the word's first eight bytes
    std::string_view Word(uint32_t id) const {
        return std::string_view(text_).substr(offset_[id], offset_[id + 1] - offset_[id]);
    }
    void Grow();                  // twice the slots (1024 at first)
    // The sorted vocabulary and everything derived from it, into `out`.
    void Terms(SearchIndex& out) const;
    void Rows(const Atlas& atlas, SearchIndex& out, uint32_t study_count) const;

    std::vector<Slot> slots_;
    int hash_shift_ = 0;                        // a hash's top log2(slots) bits pick its first slot
    std::string text_;                          // every word, in the order met
    std::vector<uint32_t> offset_{0};           // word w is text_[offset_[w], offset_[w + 1])
    std::vector<Counts> counts_;
    std::vector<std::vector<uint8_t>> postings_;
    std::vector<uint32_t> touched_;             // words of the current study
    std::vector<uint32_t> study_length_;        // weighted words per study
    uint64_t total_length_ = 0;
    std::vector<SearchIndex::FacetRow> facet_rows_;
    int min_year_ = 0, max_year_ = 0;
};

}  // namespace atlas
