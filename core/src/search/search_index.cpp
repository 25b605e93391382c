// search_index.cpp — building the inverted index (atlas/search_index.h) and the light stemmer.
// One pass over the studies: each field is folded and cut into words as it is read (fold.h), words
// are interned in an open-addressing table, and each word's postings grow as varint gaps, so the
// build never holds a (word, study) list. Then the words are sorted (prefix search is a range of
// that order) and grouped by stem.
#include "atlas/search_index.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "atlas/model.h"
#include "text/fold.h"
#include "search_fields.h"

namespace atlas {
namespace {

bool EndsWith(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && std::string_view(s).substr(s.size() - suffix.size()) == suffix;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

bool HasVowel(std::string_view s) { return std::any_of(s.begin(), s.end(), IsVowel); }

// Words seen while building: an open-addressing table of (hash, id), and per word one record
// holding its text's place, its growing postings and the current study's count, so the work for
// one occurrence touches one record.
struct WordRecord {
    uint32_t offset = 0, length = 0;
    uint32_t weight = 0;       // weighted count in the current study
    uint32_t next_study = 0;   // last study that had it + 1
    uint32_t frequency = 0;    // studies that have it
    std::vector<uint8_t> postings;
};

class WordTable {
public:
    uint32_t Intern(std::string_view word) {
        if ((records_.size() + 1) * 2 > slots_.size()) Grow();
        const uint64_t hash = Hash(word);
        const uint32_t tag = (uint32_t)(hash >> 32);
        size_t mask = slots_.size() - 1;
        for (size_t i = hash & mask;; i = (i + 1) & mask) {
            Slot& slot = slots_[i];
            if (slot.id_plus_one == 0) {
                uint32_t id = (uint32_t)records_.size();
                slot = {tag, id + 1};
                records_.emplace_back();
                records_.back().offset = (uint32_t)text_.size();
                records_.back().length = (uint32_t)word.size();
                text_.append(word);
                return id;
            }
            if (slot.tag == tag && Word(slot.id_plus_one - 1) == word) return slot.id_plus_one - 1;
        }
    }
    std::string_view Word(uint32_t id) const {
        return std::string_view(text_).substr(records_[id].offset, records_[id].length);
    }
    WordRecord& Record(uint32_t id) { return records_[id]; }
    uint32_t Count() const { return (uint32_t)records_.size(); }

private:
    struct Slot { uint32_t tag = 0, id_plus_one = 0; };
    // Eight bytes at a time (most words are one or two steps), mixed by multiplication.
    static uint64_t Hash(std::string_view s) {
        uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
        size_t i = 0;
        for (; i + 8 <= s.size(); i += 8) {
            uint64_t v;
            std::memcpy(&v, s.data() + i, 8);
            h = (h ^ v) * 0xFF51AFD7ED558CCDull;
            h ^= h >> 32;
        }
        uint64_t tail = 0;
        std::memcpy(&tail, s.data() + i, s.size() - i);
        h = (h ^ tail) * 0xC4CEB9FE1A85EC53ull;
        return h ^ (h >> 29);
    }
    void Grow() {
        std::vector<Slot> old;
        old.swap(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        size_t mask = slots_.size() - 1;
        for (const Slot& slot : old) {
            if (!slot.id_plus_one) continue;
            size_t i = Hash(Word(slot.id_plus_one - 1)) & mask;
            while (slots_[i].id_plus_one) i = (i + 1) & mask;
            slots_[i] = slot;
        }
    }
    std::vector<Slot> slots_;
    std::vector<WordRecord> records_;
    std::string text_;
};

constexpr size_t kMaxTagBitsBytes = 64u << 20;

void PutVarint(std::vector<uint8_t>& out, uint32_t v) {
    while (v >= 0x80) {
        out.push_back((uint8_t)(v | 0x80));
        v >>= 7;
    }
    out.push_back((uint8_t)v);
}

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

size_t SearchIndex::MemoryBytes() const {
    auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
    size_t posting_bytes = bytes(postings);
    for (const std::vector<uint8_t>& list : postings) posting_bytes += list.capacity();
    return terms.capacity() + stems.capacity() + bytes(term_start) + bytes(document_frequency) + posting_bytes + bytes(stem_start) + bytes(stem_members_start) + bytes(stem_members) + bytes(length_norm) +
           bytes(facet_rows) + bytes(tag_bits) + bytes(topic_tags) + bytes(study_topic_start) + bytes(study_topics) +
           bytes(relation_target) + bytes(incoming_start) + bytes(incoming);
}

SearchIndex MakeSearchIndex(const Atlas& atlas) {
    SearchIndex index;
    const uint32_t study_count = (uint32_t)atlas.studies.size();
    WordTable words;
    std::vector<uint32_t> touched;             // word ids seen in the current study
    std::vector<uint32_t> study_length(study_count, 0);
    uint64_t total_length = 0;

    for (uint32_t s = 0; s < study_count; ++s) {
        uint32_t length = 0;
        ForEachSearchField(atlas, atlas.studies[s], [&](std::string_view text, uint32_t field_weight) {
            fold::ForEachWord(text, kMaxWordBytes, [&](std::string_view word, uint32_t, uint32_t, fold::WordKind) {
                uint32_t id = words.Intern(word);
                WordRecord& record = words.Record(id);
                if (record.weight == 0) touched.push_back(id);
                record.weight += field_weight;
                length += field_weight;
            });
        });
        for (uint32_t id : touched) {
            WordRecord& record = words.Record(id);
            PutVarint(record.postings, s - record.next_study);
            record.postings.push_back((uint8_t)std::min<uint32_t>(record.weight, 255));
            record.next_study = s + 1;
            ++record.frequency;
            record.weight = 0;
        }
        touched.clear();
        study_length[s] = length;
        total_length += length;
    }

    // Words in byte order; postings copied in that order, each word's list freed as it goes.
    const uint32_t count = words.Count();
    // Sorted by their first eight bytes as one number first; whole words only break ties.
    std::vector<std::pair<uint64_t, uint32_t>> keyed(count);
    for (uint32_t id = 0; id < count; ++id) {
        std::string_view w = words.Word(id);
        uint64_t key = 0;
        for (size_t k = 0; k < 8; ++k) key = key << 8 | (k < w.size() ? (unsigned char)w[k] : 0);
        keyed[id] = {key, id};
    }
    std::sort(keyed.begin(), keyed.end(), [&](const std::pair<uint64_t, uint32_t>& a, const std::pair<uint64_t, uint32_t>& b) {
        if (a.first != b.first) return a.first < b.first;
        return words.Word(a.second) < words.Word(b.second);
    });
    std::vector<uint32_t> order(count);
    for (uint32_t k = 0; k < count; ++k) order[k] = keyed[k].second;
    std::vector<std::pair<uint64_t, uint32_t>>().swap(keyed);
    // Each word's postings are moved, not copied, into the index (a copy into one array would hold
    // them twice at the peak of the load, and a wasm heap never gives memory back); each is trimmed
    // to its size, one at a time.
    size_t term_bytes = 0;
    for (uint32_t id = 0; id < count; ++id) term_bytes += words.Word(id).size();
    index.terms.reserve(term_bytes);
    index.term_start.reserve(count + 1);
    index.postings.reserve(count);
    index.document_frequency.reserve(count);
    for (uint32_t id : order) {
        index.term_start.push_back((uint32_t)index.terms.size());
        WordRecord& record = words.Record(id);
        index.document_frequency.push_back(record.frequency);
        index.terms.append(words.Word(id));
        record.postings.shrink_to_fit();
        index.postings.push_back(std::move(record.postings));
    }
    index.term_start.push_back((uint32_t)index.terms.size());

    // Stem groups: (stem, term) pairs sorted by stem; each distinct stem once.
    std::vector<std::pair<std::string, uint32_t>> stemmed(count);
    for (uint32_t t = 0; t < count; ++t) stemmed[t] = {LightStem(index.Term(t)), t};
    std::sort(stemmed.begin(), stemmed.end());
    index.stem_members.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
        if (i == 0 || stemmed[i].first != stemmed[i - 1].first) {
            index.stem_start.push_back((uint32_t)index.stems.size());
            index.stem_members_start.push_back(i);
            index.stems.append(stemmed[i].first);
        }
        index.stem_members.push_back(stemmed[i].second);
    }
    index.stem_start.push_back((uint32_t)index.stems.size());
    index.stem_members_start.push_back(count);

    const double average = study_count ? std::max(1.0, (double)total_length / study_count) : 1.0;
    index.length_norm.resize(study_count);
    for (uint32_t s = 0; s < study_count; ++s)
        index.length_norm[s] = (float)(kBm25K1 * (1 - kBm25B + kBm25B * study_length[s] / average));
    index.study_count = study_count;
    index.facet_rows.resize(study_count);
    for (uint32_t s = 0; s < study_count; ++s) {
        const Study& study = atlas.studies[s];
        index.facet_rows[s] = {PackClasses(study), study.case_definitions, study.year, PackPopulation(atlas.PopulationOf(study))};
        index.min_year = s == 0 ? study.year : std::min<int>(index.min_year, study.year);
        index.max_year = s == 0 ? study.year : std::max<int>(index.max_year, study.year);
    }
    const size_t tag_words = index.TagWords();
    if (atlas.tags.size() * tag_words * 8 <= kMaxTagBitsBytes) {
        index.tag_bits.assign(atlas.tags.size() * tag_words, 0);
        for (uint32_t s = 0; s < study_count; ++s) {
            const Study& study = atlas.studies[s];
            for (uint32_t k = 0; k < study.tags.count; ++k) {
                uint32_t tag = atlas.TagIndex(study.tags, k);
                if (tag < atlas.tags.size()) index.tag_bits[tag * tag_words + s / 64] |= 1ull << (s % 64);
            }
        }
    }
    BuildTopicRows(atlas, index);  // links.cpp (built for size: it is not on a query's path)
    BuildLinks(atlas, index);
    index.built = true;
    return index;
}

void BuildSearchIndex(Atlas& atlas) {
    atlas.search = SearchIndex{};  // the old index's memory goes before the new one is built
    atlas.search = MakeSearchIndex(atlas);
}

}  // namespace atlas
