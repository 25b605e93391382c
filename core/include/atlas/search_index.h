// atlas/search_index.h — the inverted index over the studies' searchable text, built once when an
// atlas loads, so a query reads the studies that contain its words instead of scanning all text.
// For every distinct folded word: the studies it occurs in and how strongly (a field-weighted
// count, for BM25); the words grouped by a light English stem; each study's weighted length.
// Queries (query.h) read it; the UI never needs to. Pure core.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace atlas {

struct Atlas;

// The postings of every word of an index, each list a chain of chunks kept in large blocks: a list
// grows by adding bytes to its last chunk, or a chunk twice as large after it, so no list is ever
// copied as it grows, and a reader may follow a list while it grows. A chunk is its header (the
// offset of the next chunk; the bytes it uses, set when the next chunk is added; the bytes it can
// hold) and then its bytes. One posting never spans two chunks. Offset 0 is no chunk.
class PostingChunks {
public:
    static constexpr uint32_t kHeaderBytes = 8, kMaxChunkBytes = 4096;
    struct Header { uint32_t next; uint16_t used, capacity; };
    const uint8_t* At(uint32_t offset) const { return blocks_[offset >> kBlockBits].data() + (offset & kBlockMask); }
    uint8_t* At(uint32_t offset) { return blocks_[offset >> kBlockBits].data() + (offset & kBlockMask); }
    Header HeaderAt(uint32_t offset) const {
        Header header;
        const uint8_t* p = At(offset);
        std::memcpy(&header.next, p, 4);
        std::memcpy(&header.used, p + 4, 2);
        std::memcpy(&header.capacity, p + 6, 2);
        return header;
    }
    void SetHeader(uint32_t offset, const Header& header) {
        uint8_t* p = At(offset);
        std::memcpy(p, &header.next, 4);
        std::memcpy(p + 4, &header.used, 2);
        std::memcpy(p + 6, &header.capacity, 2);
    }
    // A new, empty chunk that holds `capacity` bytes (at most kMaxChunkBytes): its offset.
    uint32_t NewChunk(uint32_t capacity);
    size_t MemoryBytes() const;

private:
    static constexpr uint32_t kBlockBits = 16, kBlockMask = (1u << kBlockBits) - 1;
    std::vector<std::vector<uint8_t>> blocks_;   // 64 KB each
    uint32_t end_ = 0;                           // where the next chunk goes
};

// One word's postings in PostingChunks: the chunks from first_chunk to last_chunk; the last uses
// last_used bytes (its header's count is set only when a chunk follows it). An index records where
// each list ended when it was made, so a snapshot's lists end there while its loader's grow on.
struct PostingList { uint32_t first_chunk = 0, last_chunk = 0, last_used = 0; };

struct SearchIndex {
    uint32_t study_count = 0;                 // studies indexed; differs from Atlas::studies.size() when not built
    bool built = false;
    // A loading atlas's index over the studies read so far (AtlasStreamLoader::Snapshot): queries
    // answer over the first study_count studies; the loader replaces it with the whole index at the end.
    bool partial = false;
    std::string terms;                        // every distinct folded word, sorted bytewise, concatenated
    std::vector<uint32_t> term_start;         // term t is terms[term_start[t], term_start[t + 1])
    std::vector<uint32_t> document_frequency; // studies that contain term t
    // Postings: per study that contains term t, in index order, the gap from the previous such study
    // + 1 as a LEB128 varint, then one byte of weighted count (the sum of the field weights of each
    // occurrence, at most 255). About two bytes per (word, study) pair. Term t's list is
    // posting_lists[t], in `postings` or, for a snapshot, in its loader's (shared_postings), which
    // grow while the snapshot is read; a snapshot also stops at study_count.
    PostingChunks postings;
    std::vector<PostingList> posting_lists;
    const PostingChunks* shared_postings = nullptr;
    const PostingChunks& Postings() const { return shared_postings ? *shared_postings : postings; }
    std::string stems;                        // distinct stems, sorted, concatenated
    std::vector<uint32_t> stem_start;         // stem g is stems[stem_start[g], stem_start[g + 1])
    std::vector<uint32_t> stem_members_start; // the terms with stem g are stem_members[stem_members_start[g], ...[g + 1])
    std::vector<uint32_t> stem_members;
    // Per study, BM25's k1 * (1 - b + b * length / average length), the length being its weighted
    // number of words: long records do not win just by being long.
    std::vector<float> length_norm;

    // For facet counts in the same pass as the query: per study its classifications packed in
    // 16 bits (PackClasses in search_fields.h), its case definitions and year; and per tag a bit
    // set of its studies (when they fit in 64 MB; otherwise tags are counted study by study).
    // `population` packs who was studied (PackPopulation in search_fields.h): sample-size band, age
    // group and severities.
    struct FacetRow { uint16_t classes = 0, case_definitions = 0; int16_t year = 0; uint16_t population = 0; };
    std::vector<FacetRow> facet_rows;
    std::vector<uint64_t> tag_bits;           // tag t: words [t * TagWords(), (t + 1) * TagWords())
    uint32_t tag_count = 0;                   // tags tag_bits covers (Atlas::tags may have grown since)
    int min_year = 0, max_year = 0;           // the atlas's span (the year histogram's axis)
    uint32_t TagWords() const { return (study_count + 63) / 64; }

    // The evidence gap map's rows: the tags of the category with id "topic", by label (bytewise);
    // per study the rows it is in, study_topics[study_topic_start[s] .. study_topic_start[s + 1]).
    // Empty when the atlas has no topic category.
    std::vector<uint32_t> topic_tags;
    std::vector<uint32_t> study_topic_start;
    std::vector<uint16_t> study_topics;

    // Links between studies (Atlas::relations), resolved once: the study each relation names (by id,
    // or by a DOI or PMID that a study of the atlas has; kNoIndex when none), and per study the
    // relations of other studies that name it, incoming[incoming_start[s] .. incoming_start[s + 1]).
    struct Incoming { uint32_t from, relation; };   // the naming study, its relation (Atlas::relations index)
    std::vector<uint32_t> relation_target;
    std::vector<uint32_t> incoming_start;
    std::vector<Incoming> incoming;

    uint32_t TermCount() const { return term_start.empty() ? 0 : (uint32_t)term_start.size() - 1; }
    std::string_view Term(uint32_t t) const {
        return std::string_view(terms).substr(term_start[t], term_start[t + 1] - term_start[t]);
    }
    size_t MemoryBytes() const;               // what the index holds on the heap
};

// Weights of the searchable fields (per occurrence of a word): the title counts most, then the
// findings and conclusions, then the summary and why-it-matters, then authors, journal and identifiers.
constexpr uint32_t kTitleWeight = 8, kFindingsWeight = 4, kSummaryWeight = 3, kAuthorsWeight = 2,
                   kIdentifierWeight = 2, kJournalWeight = 1;

// Longest word kept; longer words are cut to this many bytes on every side (index, query, highlight).
constexpr size_t kMaxWordBytes = 64;

// BM25's parameters: how fast repeated words stop adding (k1) and how much length counts (b).
constexpr float kBm25K1 = 1.2f, kBm25B = 0.75f;

// The index of atlas.studies as they are.
SearchIndex MakeSearchIndex(const Atlas& atlas);
// (Re)builds atlas.search. LoadAtlas calls it; call it again after changing studies by hand.
void BuildSearchIndex(Atlas& atlas);

// A light English stem of a folded word: plural and -ed/-ing endings and a final e go, so
// "studies", "study" and "studied" share "study", and "fatigue", "fatigued", "fatigues" share
// "fatigu". Words that are not plain ASCII letters, and short words, are their own stem.
std::string LightStem(std::string_view folded_word);

}  // namespace atlas
