// search_index.cpp — building the inverted index (atlas/search_index.h, index_builder.h) and the light
// stemmer. Study by study: each field is folded and cut into words as it is read (fold.h), words are
// interned in an open-addressing table, and each word's postings grow as varint gaps in chunks
// (PostingChunks), so the build never holds a (word, study) list nor copies one. At the end (or for a snapshot) the words are sorted (prefix search is a
// range of that order) and grouped by stem.
#include "atlas/search_index.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "atlas/model.h"
#include "index_builder.h"
#include "search_fields.h"
#include "text/fold.h"

namespace atlas {
namespace {

bool EndsWith(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && std::string_view(s).substr(s.size() - suffix.size()) == suffix;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

bool HasVowel(std::string_view s) { return std::any_of(s.begin(), s.end(), IsVowel); }

constexpr size_t kMaxTagBitsBytes = 64u << 20;

// Writes v as a LEB128 varint at `out`; returns the bytes written (at most five).
uint32_t PutVarint(uint8_t* out, uint32_t v) {
    uint32_t n = 0;
    while (v >= 0x80) {
        out[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    out[n++] = (uint8_t)v;
    return n;
}

uint32_t VarintBytes(uint32_t v) { return v < (1u << 7) ? 1 : v < (1u << 14) ? 2 : v < (1u << 21) ? 3 : v < (1u << 28) ? 4 : 5; }

constexpr uint32_t kFirstChunkBytes = 8;  // room for a posting or three: most words are in few studies

}  // namespace

std::string LightStem(std::string_view word) {
    std::string s(word);
    if (s.size() < 4 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return s;
    // Plurals: studies → study, processes → process, patients → patient (not virus, analysis, stress).
    if (EndsWith(s, "ies") && s.size() > 4) s.replace(s.size() - 3, 3, "y");
    else if (EndsWith(s, "sses")) s.resize(s.size() - 2);
    else if (EndsWith(s, "s") && !EndsWith(s, "ss") && !EndsWith(s, "us") && !EndsWith(s, "is")) s.pop_back();
    // Past and progressive: studied → study, agreed → agree, fatigued → fatigu(e), testing → test.
    if (EndsWith(s, "ied") && s.size() > 4) s.replace(s.size() - 3, 3, "y");
    else if (EndsWith(s, "eed")) s.pop_back();
    else if (EndsWith(s, "ed") && s.size() >= 5 && HasVowel(std::string_view(s).substr(0, s.size() - 2))) s.resize(s.size() - 2);
    else if (EndsWith(s, "ing") && s.size() >= 6 && HasVowel(std::string_view(s).substr(0, s.size() - 3))) s.resize(s.size() - 3);
    // A final e, and a doubled final consonant: exercise/exercising → exercis, stopped/stop → stop.
    if (EndsWith(s, "e") && s.size() > 4) s.pop_back();
    size_t n = s.size();
    if (n >= 4 && s[n - 1] == s[n - 2] && !IsVowel(s[n - 1]) && s[n - 1] != 's') s.pop_back();
    return s;
}

uint32_t PostingChunks::NewChunk(uint32_t capacity) {
    const uint32_t bytes = kHeaderBytes + capacity;
    if ((uint64_t)end_ + bytes > (uint64_t)blocks_.size() << kBlockBits) {  // the last block is full: a new one
        end_ = (uint32_t)blocks_.size() << kBlockBits;
        if (end_ == 0) end_ = kHeaderBytes;  // offset 0 is no chunk
        blocks_.emplace_back(kBlockMask + 1);
    }
    const uint32_t offset = end_;
    end_ += bytes;
    SetHeader(offset, {0, 0, (uint16_t)capacity});
    return offset;
}

size_t PostingChunks::MemoryBytes() const {
    return blocks_.capacity() * sizeof(blocks_[0]) + blocks_.size() * (kBlockMask + 1);
}

size_t SearchIndex::MemoryBytes() const {
    auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
    size_t posting_bytes = postings.MemoryBytes() + bytes(posting_lists);
    return terms.capacity() + stems.capacity() + bytes(term_start) + bytes(document_frequency) + posting_bytes + bytes(stem_start) + bytes(stem_members_start) + bytes(stem_members) + bytes(length_norm) +
           bytes(facet_rows) + bytes(tag_bits) + bytes(topic_tags) + bytes(study_topic_start) + bytes(study_topics) +
           bytes(relation_target) + bytes(incoming_start) + bytes(incoming);
}

// Bytes [8, size) of a word longer than eight, eight at a time; the last load ends at the word's end
// (overlapping the one before), so nothing past the word is read.
static uint64_t Tail(std::string_view word, size_t at) {
    uint64_t v;
    std::memcpy(&v, word.data() + std::min(at, word.size() - 8), 8);
    return v;
}

// A word's first eight bytes as one number, zero past its end. One load, for any length: the word
// comes from fold::ForEachWord, which leaves eight bytes after it that may be read.
static uint64_t Head(std::string_view word) {
    uint64_t head;
    std::memcpy(&head, word.data(), 8);
    const size_t n = word.size();
    return n >= 8 ? head : head & ((1ull << (8 * n)) - 1);
}

// Only where words land in the table: ids are given in the order words are met, so the hash never
// shows in the index. Words of eight bytes or fewer (most) cost one multiply; the table takes the
// product's high bits.
uint64_t SearchIndexBuilder::Hash(uint64_t head, std::string_view word) {
    uint64_t h = head;
    for (size_t at = 8; at < word.size(); at += 8) h = (h ^ word.size()) * 0xC4CEB9FE1A85EC53ull ^ Tail(word, at);
    return h * 0x9E3779B97F4A7C15ull;
}

uint32_t SearchIndexBuilder::Intern(std::string_view word, uint64_t head) {
    const uint32_t length = (uint32_t)word.size();
    const uint64_t hash = Hash(head, word);
    const uint32_t hash_bits = (uint32_t)(hash >> 16);  // not the bits that pick the slot
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash >> hash_shift_;; i = (i + 1) & mask) {
        Slot& slot = slots_[i];
        if (slot.id_plus_one == 0) {
            uint32_t id = (uint32_t)words_.size();
            slot = {hash_bits, id + 1};
            text_.append(word);
            offset_.push_back((uint32_t)text_.size());
            WordRow row;
            row.head = head;
            row.length = (uint8_t)length;
            words_.push_back(row);
            touched_.push_back(0);
            if (words_.size() * 2 > slots_.size()) Grow();  // at most half full: probes stay short
            return id;
        }
        if (slot.hash_bits != hash_bits) continue;
        const WordRow& row = words_[slot.id_plus_one - 1];
        if (row.head == head && row.length == length && (length <= 8 || SameTail(Word(slot.id_plus_one - 1), word)))
            return slot.id_plus_one - 1;
    }
}

bool SearchIndexBuilder::SameTail(std::string_view a, std::string_view b) {  // both of one length > 8
    for (size_t at = 8; at < a.size(); at += 8)
        if (Tail(a, at) != Tail(b, at)) return false;
    return true;
}

void SearchIndexBuilder::Grow() {
    const size_t size = slots_.empty() ? 1024 : slots_.size() * 2;
    slots_.assign(size, Slot{});
    hash_shift_ = 64 - __builtin_ctzll(size);
    const size_t mask = size - 1;
    for (uint32_t id = 0; id < (uint32_t)words_.size(); ++id) {
        const uint64_t hash = Hash(words_[id].head, Word(id));
        size_t i = hash >> hash_shift_;
        while (slots_[i].id_plus_one) i = (i + 1) & mask;
        slots_[i] = {(uint32_t)(hash >> 16), id + 1};
    }
}

void SearchIndexBuilder::Add(const Atlas& atlas) {
    const uint32_t s = Studies();
    const Study& study = atlas.studies[s];
    uint32_t length = 0, touched_count = 0;
    if (slots_.empty()) Grow();
    ForEachSearchField(atlas, study, [&](std::string_view text, uint32_t field_weight) {
        fold::ForEachWord(text, kMaxWordBytes, [&](std::string_view word, uint32_t, uint32_t, fold::WordKind) {
            uint32_t id = Intern(word, Head(word));
            WordRow& c = words_[id];
            touched_[touched_count] = id;  // kept when the study had not had the word yet (no branch)
            touched_count += c.weight == 0;
            c.weight += field_weight;
            length += field_weight;
        });
    });
    for (uint32_t k = 0; k < touched_count; ++k) {
        WordRow& c = words_[touched_[k]];
        Post(c, s - c.next_study, (uint8_t)std::min<uint32_t>(c.weight, 255));
        c.next_study = s + 1;
        ++c.frequency;
        c.weight = 0;
    }
    study_length_.push_back(length);
    total_length_ += length;
    facet_rows_.push_back({PackClasses(study), study.case_definitions, study.year, PackPopulation(atlas.PopulationOf(study))});
    min_year_ = s == 0 ? study.year : std::min<int>(min_year_, study.year);
    max_year_ = s == 0 ? study.year : std::max<int>(max_year_, study.year);
}

void SearchIndexBuilder::Post(WordRow& word, uint32_t gap, uint8_t weight) {
    const uint32_t bytes = VarintBytes(gap) + 1;
    const uint32_t capacity = kFirstChunkBytes << word.chunk_level;
    if (!word.last_chunk || word.chunk_used + bytes > capacity) {  // a new chunk, twice the last one
        const bool grow = word.last_chunk && capacity < PostingChunks::kMaxChunkBytes;
        const uint32_t chunk = postings_.NewChunk(word.last_chunk ? capacity << grow : kFirstChunkBytes);
        if (word.last_chunk) postings_.SetHeader(word.last_chunk, {chunk, word.chunk_used, (uint16_t)capacity});
        else word.first_chunk = chunk;
        word.last_chunk = chunk;
        word.chunk_level = (uint8_t)(word.chunk_level + grow);
        word.chunk_used = 0;
    }
    uint8_t* out = postings_.At(word.last_chunk) + PostingChunks::kHeaderBytes + word.chunk_used;
    out[PutVarint(out, gap)] = weight;
    word.chunk_used = (uint16_t)(word.chunk_used + bytes);
}

// Word w of `text` is text[start[w], start[w + 1]). Sorts `order` (words) by their bytes, the number
// breaking ties: by the first eight bytes as one number first, whole words only when those agree.
static void SortWords(std::string_view text, const std::vector<uint32_t>& start, std::vector<uint32_t>& order) {
    auto word = [&](uint32_t w) { return text.substr(start[w], start[w + 1] - start[w]); };
    std::vector<std::pair<uint64_t, uint32_t>> keyed(order.size());
    for (size_t k = 0; k < order.size(); ++k) {
        std::string_view w = word(order[k]);
        uint64_t key = 0;
        for (size_t b = 0; b < 8; ++b) key = key << 8 | (b < w.size() ? (unsigned char)w[b] : 0);
        keyed[k] = {key, order[k]};
    }
    std::sort(keyed.begin(), keyed.end(), [&](const std::pair<uint64_t, uint32_t>& a, const std::pair<uint64_t, uint32_t>& b) {
        if (a.first != b.first) return a.first < b.first;
        int c = word(a.second).compare(word(b.second));
        return c != 0 ? c < 0 : a.second < b.second;
    });
    for (size_t k = 0; k < order.size(); ++k) order[k] = keyed[k].second;
}

void SearchIndexBuilder::Terms(SearchIndex& index) const {
    const uint32_t count = (uint32_t)words_.size();
    std::vector<uint32_t> order(count);
    std::iota(order.begin(), order.end(), 0u);
    SortWords(text_, offset_, order);
    index.terms.clear();
    index.terms.reserve(text_.size());
    index.term_start.assign(1, 0);
    index.term_start.reserve(count + 1);
    index.posting_lists.resize(count);
    index.document_frequency.resize(count);
    for (uint32_t t = 0; t < count; ++t) {
        uint32_t id = order[t];
        const WordRow& row = words_[id];
        index.posting_lists[t] = {row.first_chunk, row.last_chunk, row.chunk_used};
        index.document_frequency[t] = words_[id].frequency;
        index.terms.append(Word(id));
        index.term_start.push_back((uint32_t)index.terms.size());
    }

    // Stem groups: the terms sorted by (stem, term); each distinct stem once. The stems are kept in one
    // string, not one string each.
    std::string stem_text;
    std::vector<uint32_t> stem_of(count + 1, 0);  // term t's stem is stem_text[stem_of[t], stem_of[t + 1])
    stem_text.reserve(index.terms.size());
    for (uint32_t t = 0; t < count; ++t) {
        stem_text += LightStem(index.Term(t));
        stem_of[t + 1] = (uint32_t)stem_text.size();
    }
    auto stem = [&](uint32_t t) { return std::string_view(stem_text).substr(stem_of[t], stem_of[t + 1] - stem_of[t]); };
    std::iota(order.begin(), order.end(), 0u);
    SortWords(stem_text, stem_of, order);
    index.stems.clear();
    index.stem_start.clear();
    index.stem_members_start.clear();
    index.stem_members.clear();
    index.stem_members.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
        if (i == 0 || stem(order[i]) != stem(order[i - 1])) {
            index.stem_start.push_back((uint32_t)index.stems.size());
            index.stem_members_start.push_back(i);
            index.stems.append(stem(order[i]));
        }
        index.stem_members.push_back(order[i]);
    }
    index.stem_start.push_back((uint32_t)index.stems.size());
    index.stem_members_start.push_back(count);
}

void SearchIndexBuilder::Rows(const Atlas& atlas, SearchIndex& index, uint32_t study_count) const {
    const double average = study_count ? std::max(1.0, (double)total_length_ / study_count) : 1.0;
    index.length_norm.resize(study_count);
    for (uint32_t s = 0; s < study_count; ++s)
        index.length_norm[s] = (float)(kBm25K1 * (1 - kBm25B + kBm25B * study_length_[s] / average));
    index.study_count = study_count;
    index.min_year = min_year_;
    index.max_year = max_year_;
    const uint32_t tags = (uint32_t)atlas.tags.size();
    const size_t tag_words = index.TagWords();
    index.tag_bits.clear();
    index.tag_count = 0;
    if ((size_t)tags * tag_words * 8 <= kMaxTagBitsBytes) {
        index.tag_bits.assign((size_t)tags * tag_words, 0);
        index.tag_count = tags;
        for (uint32_t s = 0; s < study_count; ++s) {
            const Study& study = atlas.studies[s];
            for (uint32_t k = 0; k < study.tags.count; ++k) {
                uint32_t tag = atlas.TagIndex(study.tags, k);
                if (tag < tags) index.tag_bits[tag * tag_words + s / 64] |= 1ull << (s % 64);
            }
        }
    }
    BuildTopicRows(atlas, index);  // links.cpp (built for size: it is not on a query's path)
    BuildLinks(atlas, index);
    index.built = true;
}

void SearchIndexBuilder::Snapshot(const Atlas& atlas, SearchIndex& index) {
    CatchUp(atlas);
    Terms(index);
    index.postings = PostingChunks{};
    index.shared_postings = &postings_;
    index.facet_rows = facet_rows_;
    index.partial = true;
    Rows(atlas, index, Studies());
}

SearchIndex SearchIndexBuilder::Finish(const Atlas& atlas) {
    CatchUp(atlas);
    SearchIndex index;
    std::vector<Slot>().swap(slots_);  // no more words come
    std::vector<uint32_t>().swap(touched_);
    Terms(index);
    std::vector<WordRow>().swap(words_);
    // The postings are moved, not copied, into the index (a copy would hold them twice at the peak of
    // the load, and a wasm heap never gives memory back).
    index.postings = std::move(postings_);
    index.facet_rows = std::move(facet_rows_);
    Rows(atlas, index, (uint32_t)study_length_.size());
    return index;
}

SearchIndex MakeSearchIndex(const Atlas& atlas) {
    SearchIndexBuilder builder;
    return builder.Finish(atlas);
}

void BuildSearchIndex(Atlas& atlas) {
    atlas.search = SearchIndex{};  // the old index's memory goes before the new one is built
    atlas.search = MakeSearchIndex(atlas);
}

}  // namespace atlas
