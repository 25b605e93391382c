// index_builder.h — the search index built one study at a time (internal to core/src). The loader adds
// the studies as they arrive (kIndexBatch at a time), so their words are counted while the rest of the
// atlas is still on the network; a snapshot makes what has arrived searchable; Finish() gives the whole
// index. MakeSearchIndex is the same builder run over a loaded atlas.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/model.h"
#include "atlas/search_index.h"

namespace atlas {

static_assert(kMaxWordBytes <= 255, "WordRow::length is one byte");

// Studies read before the loader counts their words (SearchIndexBuilder::CatchUp).
constexpr size_t kIndexBatch = 64;

class SearchIndexBuilder {
public:
    // Counts the words of atlas.studies[Studies()], the next study.
    void Add(const Atlas& atlas);
    // Counts the words of every study not counted yet.
    void CatchUp(const Atlas& atlas) {
        while (Studies() < atlas.studies.size()) Add(atlas);
    }
    uint32_t Studies() const { return (uint32_t)study_length_.size(); }
    // An index over atlas.studies (partial, reading this builder's postings: it must not outlive the
    // builder, nor see it finished). Costs the vocabulary's sort, and the studies not counted yet.
    void Snapshot(const Atlas& atlas, SearchIndex& out);
    // The whole index of atlas.studies; the builder gives its postings to it and is spent.
    SearchIndex Finish(const Atlas& atlas);

private:
    // Words seen: an open-addressing table of eight-byte slots (a few bits of the word's hash, and
    // its id), small enough to stay in cache; the words themselves, with what the build counts of
    // them, in one row each, so that finding a word and counting it read the same memory.
    struct Slot {
        uint32_t hash_bits = 0, id_plus_one = 0;
    };
    struct WordRow {
        uint64_t head = 0;        // its first eight bytes, zero past its end
        uint32_t next_study = 0;  // last study that had it + 1
        uint32_t frequency = 0;   // studies that have it
        uint32_t first_chunk = 0, last_chunk = 0;  // its postings (PostingChunks offsets; 0 before the first)
        uint32_t weight = 0;      // weighted count in the current study
        uint8_t length = 0;       // at most kMaxWordBytes
        uint8_t chunk_level = 0;  // the last chunk holds kFirstChunkBytes << chunk_level bytes
        uint16_t chunk_used = 0;  // of which it uses this many
    };
    void Post(WordRow& word, uint32_t gap, uint8_t weight);  // adds a posting to the word's list
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
    std::vector<WordRow> words_;
    PostingChunks postings_;
    // The words of the current study, as first met. Each word met is written at the end and kept only
    // if new to the study, so there is room for one more than every word.
    std::vector<uint32_t> touched_ = std::vector<uint32_t>(1);
    std::vector<uint32_t> study_length_;        // weighted words per study
    uint64_t total_length_ = 0;
    std::vector<SearchIndex::FacetRow> facet_rows_;
    int min_year_ = 0, max_year_ = 0;
};

}  // namespace atlas
