// query.cpp — what a query finds: text through the search index (atlas/search_index.h), filters,
// facet counts in the same pass, sort orders; and FindMatches, which highlights by the same rules.
//
// Text is matched by words, after the one fold every side uses (fold.h: case, diacritics, kinds of
// space and quote). A word matches itself, its light stem, words it begins (as you type) and, when
// the atlas has none of those, words a typo away; words joined by punctuation or quoted must be
// adjacent. Relevance is BM25 with field weights (search_fields.h). Facet counts are taken over the
// studies the text matched, so a query costs the postings it reads plus one pass over its results.
//
// [SECTION] Needles (the query's words and phrases)
// [SECTION] Matching words
// [SECTION] Looking words up in the index
// [SECTION] Filters and facet counts
// [SECTION] Sorting
// [SECTION] RunQuery, FindMatches
#include "atlas/query.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <memory>

#include "atlas/search_index.h"
#include "text/fold.h"
#include "search_fields.h"

namespace atlas {
namespace {

// [SECTION] Needles --------------------------------------------------------------------------

using fold::FoldInto;

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// A pasted link or labelled identifier ("https://doi.org/10.1/x", "doi:10.1/x", "PMID:123",
// a PubMed address) searches for the identifier itself.
std::string_view StripIdentifierPrefix(std::string_view word) {
    struct Prefix { std::string_view text; bool pubmed; };
    static constexpr Prefix kPrefixes[] = {
        {"https://doi.org/", false}, {"http://doi.org/", false}, {"https://dx.doi.org/", false},
        {"http://dx.doi.org/", false}, {"dx.doi.org/", false}, {"doi.org/", false}, {"doi:", false},
        {"pmid:", false}, {"https://pubmed.ncbi.nlm.nih.gov/", true}, {"http://pubmed.ncbi.nlm.nih.gov/", true},
        {"pubmed.ncbi.nlm.nih.gov/", true}};
    for (const Prefix& prefix : kPrefixes) {
        if (!StartsWith(word, prefix.text)) continue;
        std::string_view rest = word.substr(prefix.text.size());
        while (prefix.pubmed && !rest.empty() && rest.back() == '/') rest.remove_suffix(1);
        return rest.empty() ? word : rest;
    }
    return word;
}

// One part of a query: a word as typed ("fatigue"), words joined by punctuation ("post-exertional",
// "10.1000/abc", "crohn's": found as the compound the index holds for such runs), or a "quoted
// phrase" (its words adjacent and exact).
struct Needle {
    std::string text;                 // folded, identifier prefix stripped: for exact PMID/DOI lookup
    std::vector<std::string> words;
    std::string compound;             // words joined by punctuation, run together ("postexertional")
    bool quoted = false;
    bool open = true;                 // the last word may be unfinished (not inside closed quotes)

    // Searched as one word: a single word, or a compound, not quoted.
    bool IsWord() const { return !quoted && (words.size() == 1 || !compound.empty()); }
    const std::string& Word() const { return words.size() == 1 ? words[0] : compound; }
};

// The query's needles, without duplicates. An unclosed quote runs to the end (the reader is still
// typing); a needle with no letters or digits ("-", "()") is dropped. At most kMaxNeedles.
constexpr size_t kMaxNeedles = 32;
std::vector<Needle> ParseNeedles(std::string_view query_text) {
    std::string folded;
    FoldInto(query_text, folded);
    std::vector<Needle> needles;
    std::string_view s = folded;
    size_t i = 0;
    while (i < s.size() && needles.size() < kMaxNeedles) {
        if (s[i] == ' ') {
            ++i;
            continue;
        }
        Needle needle;
        std::string_view text;
        if (s[i] == '"') {
            size_t close = s.find('"', i + 1);
            size_t stop = close == std::string_view::npos ? s.size() : close;
            text = s.substr(i + 1, stop - i - 1);
            needle.quoted = true;
            needle.open = close == std::string_view::npos;
            i = close == std::string_view::npos ? s.size() : close + 1;
        } else {
            size_t stop = s.find_first_of(" \"", i);
            if (stop == std::string_view::npos) stop = s.size();
            text = StripIdentifierPrefix(s.substr(i, stop - i));
            i = stop;
        }
        fold::ForEachWord(text, kMaxWordBytes, [&](std::string_view word, uint32_t, uint32_t, fold::WordKind kind) {
            if (kind == fold::WordKind::Compound) needle.compound = std::string(word);
            else if (needle.words.size() < kMaxNeedles) needle.words.emplace_back(word);
        });
        if (needle.words.empty()) continue;
        needle.text = std::string(text);
        bool seen = false;
        for (const Needle& other : needles)
            seen = seen || (other.text == needle.text && other.quoted == needle.quoted && other.open == needle.open);
        if (!seen) needles.push_back(std::move(needle));
    }
    return needles;
}

// [SECTION] Matching words -------------------------------------------------------------------
// A single word typed without quotes matches: itself (weight 1), words of the same light stem
// (0.9), words it begins (0.4 to 0.8, more the more of the word is typed), and when none of those
// exist anywhere in the atlas and it has 5 or more letters, words one typo away (two from 9
// letters; a typo = a letter added, dropped, changed, or two swapped; the first letter, or the
// first two swapped, must agree). In a phrase each word must be itself, the last one or its
// beginning while it is still being typed.

enum class Expand : uint8_t { Exact, Prefix, Full };

// How the word-th word of a phrase (or the needle's one word) may match.
Expand WordExpansion(const Needle& needle, size_t word = 0) {
    if (needle.IsWord()) return Expand::Full;
    bool last = word + 1 == needle.words.size();
    return last && needle.open ? Expand::Prefix : Expand::Exact;
}

// Optimal string alignment distance of a and b if it is at most max_distance, else max_distance + 1.
int TypoDistance(std::string_view a, std::string_view b, int max_distance) {
    int la = (int)a.size(), lb = (int)b.size();
    if (std::abs(la - lb) > max_distance) return max_distance + 1;
    int rows[3][kMaxWordBytes + 1];
    int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (int j = 0; j <= lb; ++j) prev[j] = j;
    for (int i = 1; i <= la; ++i) {
        cur[0] = i;
        int row_min = i;
        for (int j = 1; j <= lb; ++j) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, prev2[j - 2] + 1);
            cur[j] = d;
            row_min = std::min(row_min, d);
        }
        if (row_min > max_distance) return max_distance + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return std::min(prev[lb], max_distance + 1);
}

int MaxTypos(std::string_view word) { return word.size() >= 9 ? 2 : word.size() >= 5 ? 1 : 0; }

bool TypoCandidate(std::string_view word, std::string_view other) {
    return !other.empty() && (other[0] == word[0] || (other.size() > 1 && other[0] == word[1] && other[1] == word[0]));
}

float PrefixWeight(std::string_view typed, std::string_view word) {
    return 0.4f + 0.4f * (float)typed.size() / (float)word.size();
}

float TypoWeight(int distance) { return distance <= 1 ? 0.5f : 0.35f; }

// How one needle word matches a word of some text, without an index (for highlighting). With the
// atlas's index, typos are allowed exactly when the index allowed them for this word.
class WordRule {
public:
    WordRule(std::string_view word, Expand expand, bool typos_allowed)
        : word_(word), expand_(expand), typos_(typos_allowed ? MaxTypos(word) : 0) {
        if (expand == Expand::Full) stem_ = LightStem(word);
    }
    // 0: no match; otherwise how many folded bytes of `other` to highlight.
    size_t Match(std::string_view other) const {
        if (other == word_) return other.size();
        if (expand_ == Expand::Exact) return 0;
        const bool begun = StartsWith(other, word_);
        if (expand_ != Expand::Full) return begun ? word_.size() : 0;
        if (LightStem(other) == stem_) return other.size();  // as the index's stem groups
        if (begun) return word_.size();
        if (typos_ && TypoCandidate(word_, other) && TypoDistance(word_, other, typos_) <= typos_) return other.size();
        return 0;
    }

private:
    std::string word_, stem_;
    Expand expand_;
    int typos_;
};

// [SECTION] Looking words up in the index ---------------------------------------------------

struct Alternative { uint32_t term; float weight; };

class Dictionary {
public:
    explicit Dictionary(const SearchIndex& index) : index_(index) {}

    // First term >= word.
    uint32_t LowerBound(std::string_view word) const {
        uint32_t lo = 0, hi = index_.TermCount();
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (index_.Term(mid) < word) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    // Does the typo rule apply to a word typed alone (Expand::Full)? Only when the atlas has no word
    // spelled, stemmed or begun that way, and the word is long enough. A few binary searches:
    // highlighting asks this for every text it draws.
    bool TyposApply(std::string_view word) const {
        if (MaxTypos(word) == 0) return false;
        uint32_t first = LowerBound(word);
        if (first < index_.TermCount() && StartsWith(index_.Term(first), word)) return false;  // itself or begun
        return StemGroup(LightStem(word)) == kNoGroup;
    }

    // Which terms a needle word stands for, and how much each counts.
    std::vector<Alternative> Alternatives(std::string_view word, Expand expand) const {
        std::vector<Alternative> out;
        const uint32_t count = index_.TermCount();
        uint32_t first = LowerBound(word);
        if (first < count && index_.Term(first) == word) out.push_back({first, 1.0f});
        if (expand == Expand::Full) {
            uint32_t g = StemGroup(LightStem(word));
            if (g != kNoGroup)
                for (uint32_t k = index_.stem_members_start[g]; k < index_.stem_members_start[g + 1]; ++k)
                    if (index_.Term(index_.stem_members[k]) != word) out.push_back({index_.stem_members[k], 0.9f});
        }
        if (expand != Expand::Exact)
            for (uint32_t t = first; t < count && StartsWith(index_.Term(t), word); ++t)
                if (index_.Term(t) != word) out.push_back({t, PrefixWeight(word, index_.Term(t))});
        if (expand == Expand::Full && out.empty() && MaxTypos(word) > 0) {  // = TyposApply(word)
            const int max = MaxTypos(word);
            char starts[2] = {word[0], word[1]};
            for (int k = 0; k < 2; ++k) {
                if (k == 1 && starts[1] == starts[0]) break;
                uint32_t t = LowerBound(std::string_view(&starts[k], 1));
                for (; t < count && index_.Term(t)[0] == starts[k]; ++t) {
                    std::string_view term = index_.Term(t);
                    if (!TypoCandidate(word, term)) continue;
                    int d = TypoDistance(word, term, max);
                    if (d <= max) out.push_back({t, TypoWeight(d)});
                }
            }
        }
        // A term reached two ways (same stem and begun by the word) counts once, at its best.
        std::sort(out.begin(), out.end(), [](const Alternative& a, const Alternative& b) {
            return a.term != b.term ? a.term < b.term : a.weight > b.weight;
        });
        out.erase(std::unique(out.begin(), out.end(), [](const Alternative& a, const Alternative& b) { return a.term == b.term; }),
                  out.end());
        return out;
    }

    // BM25's inverse document frequency of something `studies` studies hold.
    float Idf(uint64_t studies) const {
        double n = index_.study_count, df = (double)studies;
        return (float)std::log(1.0 + (n - df + 0.5) / (df + 0.5));
    }

    // Calls on_study(study, weighted count) for each study that holds `term`, in index order.
    template <typename OnStudy>
    void ForEachPosting(uint32_t term, OnStudy&& on_study) const {
        const PostingChunks& chunks = index_.Postings();
        const PostingList& list = index_.posting_lists[term];
        uint32_t next = 0;
        for (uint32_t chunk = list.first_chunk;;) {
            const PostingChunks::Header header = chunks.HeaderAt(chunk);
            const bool last = chunk == list.last_chunk;
            const uint8_t* p = chunks.At(chunk) + PostingChunks::kHeaderBytes;
            const uint8_t* end = p + (last ? list.last_used : header.used);
            while (p < end) {
                uint32_t gap = *p++;
                if (gap >= 0x80) {
                    gap &= 0x7F;
                    for (int shift = 7;; shift += 7) {
                        uint8_t b = *p++;
                        gap |= (uint32_t)(b & 0x7F) << shift;
                        if (b < 0x80) break;
                    }
                }
                uint32_t study = next + gap;
                if (study >= index_.study_count) return;  // a snapshot's list may go on past its studies
                on_study(study, *p++);
                next = study + 1;
            }
            if (last) return;
            chunk = header.next;
        }
    }

private:
    static constexpr uint32_t kNoGroup = UINT32_MAX;
    // The stem group of `stem`, or kNoGroup when no term has that stem.
    uint32_t StemGroup(const std::string& stem) const {
        uint32_t lo = 0, hi = (uint32_t)index_.stem_start.size() - 1;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (Stem(mid) < stem) lo = mid + 1;
            else hi = mid;
        }
        return lo + 1 < index_.stem_start.size() && Stem(lo) == stem ? lo : kNoGroup;
    }
    std::string_view Stem(uint32_t g) const {
        return std::string_view(index_.stems).substr(index_.stem_start[g], index_.stem_start[g + 1] - index_.stem_start[g]);
    }
    const SearchIndex& index_;
};

// Does the word sequence `words` occur in `text` (adjacent, in order; the last word may be a
// beginning when `open`)? With `spans`, every occurrence is added as a byte span of `text`.
// Shift-And over words: bit k of `alive` says the words just read match words[0..k].
bool HasSequence(std::string_view text, const std::vector<std::string>& words, bool open,
                 std::vector<TextSpan>* spans = nullptr) {
    const size_t n = std::min<size_t>(words.size(), 64);
    size_t least = n - 1;  // the text must hold every word (the last may be a beginning) and the gaps
    for (size_t k = 0; k < n; ++k) least += words[k].size();
    if (text.size() < least) return false;
    uint64_t alive = 0;
    uint32_t starts[64];  // where the run that reached bit k began
    bool found = false;
    fold::ForEachWord(text, kMaxWordBytes, [&](std::string_view word, uint32_t begin, uint32_t end, fold::WordKind kind) {
        if ((found && !spans) || kind == fold::WordKind::Compound) return;
        uint64_t next = 0;
        for (size_t k = n; k-- > 0;) {
            if (k > 0 && !(alive >> (k - 1) & 1)) continue;
            bool last = k + 1 == n;
            bool same = word == words[k];
            if (!(same || (last && open && StartsWith(word, words[k])))) continue;
            next |= 1ull << k;
            starts[k] = k == 0 ? begin : starts[k - 1];
            if (!last) continue;
            found = true;
            if (spans) {
                uint32_t stop = same ? end : fold::SourceEndOfWordPrefix(text, begin, words[k].size());
                spans->push_back({starts[k], stop - starts[k]});
            }
        }
        alive = next;
    });
    return found;
}

// [SECTION] Filters and facet counts ---------------------------------------------------------

enum Group : uint8_t {
    kEvidence, kConfidence, kPem, kCaseDefinitions, kPublicationTypes, kPeerReview, kReviewStatus,
    kRetracted, kYears, kTags, kSampleSizes, kSeverities, kAgeGroups, kSince,
};

template <typename Bits>
bool Has(Bits bits, int i) { return (bits >> i) & 1; }

bool HasTag(const Atlas& atlas, const Study& s, uint32_t tag) {
    for (uint32_t i = 0; i < s.tags.count; ++i)
        if (atlas.TagIndex(s.tags, i) == tag) return true;
    return false;
}

// Do a study's tags pass the query's? Any chosen tag will do (all of them with TagMatch::All), except
// that the topics chosen (`topic[k]`: the k-th chosen tag is of the topic category) form a group of
// their own that must pass too: a study of one of the chosen topics, and with one of the other tags.
// The evidence gap map leaves its rows' filter out (`skip_topics`).
// `has_tag(tag)` says whether the study has it.
template <typename HasTagFn>
bool TagsPass(HasTagFn&& has_tag, const Query& q, const std::vector<uint8_t>& topic, bool skip_topics = false) {
    const bool all = q.tag_match == TagMatch::All;
    bool topics_chosen = false, topic_found = false, others_chosen = false, other_found = false;
    for (size_t k = 0; k < q.tags.size(); ++k) {
        const bool is_topic = k < topic.size() && topic[k];
        if (is_topic && skip_topics) continue;
        const bool has = has_tag(q.tags[k]);
        if (all && !has) return false;
        (is_topic ? topics_chosen : others_chosen) = true;
        if (has) (is_topic ? topic_found : other_found) = true;
    }
    return all || ((!topics_chosen || topic_found) && (!others_chosen || other_found));
}

// [SECTION] Sorting --------------------------------------------------------------------------

// Stable counting sort of `ids` (ascending indices) by a small key: ties keep index order.
template <typename KeyOf>
void CountingSort(std::vector<uint32_t>& ids, size_t key_count, KeyOf key_of) {
    std::vector<uint32_t> start(key_count + 1, 0);
    for (uint32_t id : ids) ++start[key_of(id) + 1];
    for (size_t k = 1; k <= key_count; ++k) start[k] += start[k - 1];
    std::vector<uint32_t> sorted(ids.size());
    for (uint32_t id : ids) sorted[start[key_of(id)]++] = id;
    ids.swap(sorted);
}

}  // namespace

bool Query::HasFilters() const {
    return evidence || confidence || pem || case_definitions || publication_types || peer_review || review_status ||
           retracted != RetractionFilter::Any || year_min || year_max || !tags.empty() || sample_sizes || severities ||
           age_groups || since;
}

int SampleSizeOf(const Population* p) {
    if (!p || p->n_patients < 0) return -1;
    const int64_t n = (int64_t)p->n_patients + (p->n_controls > 0 ? p->n_controls : 0);
    return n < 20 ? (int)SampleSize::Under20 : n < 100 ? (int)SampleSize::From20To99 : n < 1000 ? (int)SampleSize::From100To999
                                                                                                   : (int)SampleSize::From1000;
}

// [SECTION] RunQuery, FindMatches -------------------------------------------------------------

namespace {

// The studies that match every needle of a query, ascending, with their relevance (BM25 over the
// weighted fields, each needle's best-matching alternative; an exact PMID or DOI adds a lot).
struct TextMatches {
    std::vector<uint32_t> studies;
    std::vector<float> scores;  // parallel to studies
};

// Is the identifier field, folded, the needle as typed? Only needles with a digit can be.
bool IdentifierEquals(std::string_view id, const std::string& needle_text, std::string& buffer) {
    if (id.size() < needle_text.size()) return false;  // folding never lengthens
    buffer.clear();
    FoldInto(id, buffer);
    return buffer == needle_text;
}

constexpr float kExactIdentifierBonus = 1000.0f;

TextMatches MatchText(const Atlas& atlas, const SearchIndex& index, std::vector<Needle> needles) {
    TextMatches out;
    const Dictionary dictionary(index);
    const uint32_t n = index.study_count;

    // Every needle word's alternatives; needles cheapest first (fewest postings), so the first
    // step decides the few candidates and later steps only confirm them.
    struct Step { std::vector<Alternative> alternatives; uint64_t cost = 0; float idf = 0; };
    struct Plan { const Needle* needle; std::vector<Step> steps; uint64_t cost = 0; };
    std::vector<Plan> plans;
    for (const Needle& needle : needles) {
        Plan plan{&needle, {}, 0};
        const size_t words = needle.IsWord() ? 1 : needle.words.size();
        for (size_t w = 0; w < words; ++w) {
            Step step{dictionary.Alternatives(needle.IsWord() ? needle.Word() : needle.words[w], WordExpansion(needle, w)), 0, 0};
            for (const Alternative& a : step.alternatives) step.cost += index.document_frequency[a.term];
            // One rarity for the word, whatever it matched: how many studies hold any of its
            // alternatives (at most), so a rare word that merely begins with it does not outrank it.
            step.idf = dictionary.Idf(std::min<uint64_t>(step.cost, n));
            if (step.alternatives.empty()) return out;  // a word found nowhere: nothing matches
            plan.cost = plan.steps.empty() ? step.cost : std::min(plan.cost, step.cost);
            plan.steps.push_back(std::move(step));
        }
        plans.push_back(std::move(plan));
    }
    std::stable_sort(plans.begin(), plans.end(), [](const Plan& a, const Plan& b) { return a.cost < b.cost; });

    // matched[s]: steps s has passed so far (a study is a candidate for step k while matched == k).
    std::vector<uint16_t> matched(n, 0);
    std::unique_ptr<float[]> best(new float[n]), total(new float[n]);
    std::vector<uint32_t> touched;
    constexpr uint16_t kFailed = 0xFFFF;
    uint16_t step_index = 0;
    for (const Plan& plan : plans) {
        for (const Step& step : plan.steps) {
            const uint16_t k = step_index, next = (uint16_t)(k + 1);
            touched.clear();
            for (const Alternative& a : step.alternatives) {
                const float scale = step.idf * a.weight;
                dictionary.ForEachPosting(a.term, [&](uint32_t s, uint8_t weighted_count) {
                    if (s >= n) return;
                    const float tf = (float)weighted_count * 0.25f;
                    const float score = scale * tf * (kBm25K1 + 1) / (tf + index.length_norm[s]);
                    if (matched[s] == k) {
                        matched[s] = next;
                        best[s] = score;
                        touched.push_back(s);
                    } else if (matched[s] == next && score > best[s]) {
                        best[s] = score;
                    }
                });
            }
            for (uint32_t s : touched) total[s] = (k == 0 ? 0.0f : total[s]) + best[s];
            ++step_index;
        }
        // Words joined in the needle must also be adjacent, in order, in one field.
        if (plan.steps.size() > 1) {
            const Needle& needle = *plan.needle;
            for (uint32_t s : touched) {
                bool found = false;
                ForEachSearchField(atlas, atlas.studies[s], [&](std::string_view text, uint32_t) {
                    found = found || HasSequence(text, needle.words, needle.open);
                });
                if (!found) matched[s] = kFailed;
            }
        }
    }
    // In index order: a scan of the step counts is cheaper than sorting the last step's studies.
    for (uint32_t s = 0; s < n; ++s)
        if (matched[s] == step_index) out.studies.push_back(s);
    out.scores.reserve(out.studies.size());
    std::vector<const Needle*> identifiers;
    for (const Needle& needle : needles)
        if (needle.text.find_first_of("0123456789") != std::string::npos) identifiers.push_back(&needle);
    std::string buffer;
    for (uint32_t s : out.studies) {
        float score = total[s];
        const Study& study = atlas.studies[s];
        for (const Needle* needle : identifiers)
            if (IdentifierEquals(atlas.Text(study.pmid), needle->text, buffer) ||
                IdentifierEquals(atlas.Text(study.doi), needle->text, buffer))
                score += kExactIdentifierBonus;
        out.scores.push_back(score);
    }
    return out;
}

// Per query, which filter groups each packed classification (and each case-definition set) fails.
struct FailureTables {
    std::vector<uint16_t> by_classes, by_case_definitions, by_population;
    explicit FailureTables(const Query& q)
        : by_classes(1u << kClassBits), by_case_definitions(1u << kCaseDefinitionCount), by_population(1u << kPopulationBits) {
        if (!q.HasFilters()) return;  // all zero
        for (uint32_t p = 0; p < by_population.size(); ++p) {
            UnpackedPopulation u = UnpackPopulation(p);
            uint16_t failed = 0;
            if (q.sample_sizes && (u.sample_size < 0 || !Has(q.sample_sizes, u.sample_size))) failed |= 1u << kSampleSizes;
            if (q.age_groups && (u.age_group < 0 || !Has(q.age_groups, u.age_group))) failed |= 1u << kAgeGroups;
            if (q.severities && !(q.severities & u.severities)) failed |= 1u << kSeverities;
            by_population[p] = failed;
        }
        for (uint32_t c = 0; c < by_classes.size(); ++c) {
            UnpackedClasses u = UnpackClasses(c);
            uint16_t failed = 0;
            if (q.evidence && !Has(q.evidence, u.evidence)) failed |= 1u << kEvidence;
            if (q.confidence && !Has(q.confidence, u.confidence)) failed |= 1u << kConfidence;
            if (q.pem && !Has(q.pem, u.pem)) failed |= 1u << kPem;
            if (q.publication_types && !Has(q.publication_types, u.publication_type)) failed |= 1u << kPublicationTypes;
            if (q.peer_review && !Has(q.peer_review, u.peer_review)) failed |= 1u << kPeerReview;
            if (q.review_status && !Has(q.review_status, u.review_status)) failed |= 1u << kReviewStatus;
            if ((q.retracted == RetractionFilter::Hide && u.retracted) || (q.retracted == RetractionFilter::Only && !u.retracted))
                failed |= 1u << kRetracted;
            by_classes[c] = failed;
        }
        for (uint32_t m = 0; m < by_case_definitions.size(); ++m)
            by_case_definitions[m] = q.case_definitions && !(q.case_definitions & m) ? 1u << kCaseDefinitions : 0;
    }
};

// Adds one study (or `times`) to the population facets from its packed population, all of them or one group.
void CountPopulation(FacetCounts& c, uint32_t packed, uint32_t times, int only_group = -1) {
    UnpackedPopulation u = UnpackPopulation(packed);
    if ((only_group < 0 || only_group == kSampleSizes) && u.sample_size >= 0) c.sample_sizes[u.sample_size] += times;
    if ((only_group < 0 || only_group == kAgeGroups) && u.age_group >= 0 && u.age_group < kAgeGroupCount)
        c.age_groups[u.age_group] += times;
    if (only_group < 0 || only_group == kSeverities)
        for (int b = 0; b < kSeverityCount; ++b)
            if (Has(u.severities, b)) c.severities[b] += times;
}

// Adds one study to the counts of one single-valued group from its packed classes.
void CountClass(FacetCounts& c, Group g, uint32_t classes, uint32_t times = 1) {
    UnpackedClasses u = UnpackClasses(classes);
    auto bump = [&](auto& counts, int i) {
        if (i >= 0 && (size_t)i < sizeof counts / sizeof counts[0]) counts[i] += times;
    };
    switch (g) {
    case kEvidence: bump(c.evidence, u.evidence); break;
    case kConfidence: bump(c.confidence, u.confidence); break;
    case kPem: bump(c.pem, u.pem); break;
    case kPublicationTypes: bump(c.publication_types, u.publication_type); break;
    case kPeerReview: bump(c.peer_review, u.peer_review); break;
    case kReviewStatus: bump(c.review_status, u.review_status); break;
    case kRetracted: c.retracted[u.retracted] += times; break;
    default: break;
    }
}

}  // namespace

QueryResult RunQuery(const Atlas& atlas, const Query& query, const std::vector<SinceVisit>* since) {
    QueryResult result;
    FacetCounts& counts = result.counts;
    const std::vector<Study>& studies = atlas.studies;
    uint32_t study_count = (uint32_t)studies.size();

    // A loading atlas is searched over what has arrived (its snapshot's studies); an atlas changed by
    // hand since it loaded gets a fresh index for this query.
    SearchIndex rebuilt;
    const SearchIndex* index = &atlas.search;
    if (index->built && index->partial && index->study_count <= study_count) {
        study_count = index->study_count;
    } else if (!index->built || index->study_count != study_count) {
        rebuilt = MakeSearchIndex(atlas);
        index = &rebuilt;
    }
    const std::vector<SearchIndex::FacetRow>& rows = index->facet_rows;

    const int min_year = index->min_year, max_year = index->max_year;
    if (study_count) {
        counts.first_year = min_year;
        counts.years.assign((size_t)(max_year - min_year + 1), 0);
        counts.years_by_level.assign(counts.years.size() * kEvidenceLevelCount, 0);
        counts.years_pem_required.assign(counts.years.size(), 0);
    }
    counts.tags.assign(atlas.tags.size(), 0);

    std::vector<Needle> needles = ParseNeedles(query.text);
    const bool has_text = !needles.empty();
    TextMatches text;
    if (has_text) text = MatchText(atlas, *index, std::move(needles));
    // With TagMatch::All the tag counts apply the selected tags too: a study that lacks one of them
    // is not counted anywhere.
    const bool tag_counts_ignore_tags = query.tag_match == TagMatch::Any;

    SortOrder sort = query.sort;
    if (sort == SortOrder::Relevance && !has_text) sort = SortOrder::Newest;
    const bool ranked = sort == SortOrder::Relevance;
    const uint32_t year_span = (uint32_t)(max_year - min_year + 1);
    auto newest_key = [&](uint32_t id) { return (uint32_t)(max_year - rows[id].year); };
    std::vector<float> scores;  // parallel to result.studies when ranked

    // Filters and facet counts over the studies the text allows (all of them without text): a
    // study that passes every filter counts in every facet (through three histograms, unpacked at
    // the end); one that fails exactly one group counts in that group's facet only. The PEM switch
    // comes first: a study it leaves out counts nowhere.
    const FailureTables fails(query);
    const bool marks = since && since->size() == study_count;
    std::vector<uint32_t> class_histogram(1u << kClassBits, 0), case_histogram(1u << kCaseDefinitionCount, 0),
        population_histogram(1u << kPopulationBits, 0);
    const bool tag_bits = !index->tag_bits.empty() && !atlas.tags.empty();
    std::vector<uint64_t> tag_counted(tag_bits ? index->TagWords() : 0, 0);  // studies the tag facet counts
    auto count_tags = [&](uint32_t i) {
        if (tag_bits) {
            tag_counted[i / 64] |= 1ull << (i % 64);
            return;
        }
        const Study& s = studies[i];
        for (uint32_t k = 0; k < s.tags.count; ++k) {
            uint32_t tag = atlas.TagIndex(s.tags, k);
            if (tag < counts.tags.size()) ++counts.tags[tag];
        }
    };
    constexpr uint32_t kPemShift = 4, kRequired = (uint32_t)PemCriterion::Required;  // PackClasses' PEM bits

    // The evidence gap map: per study its topic rows; the grids leave out their own axes' filters
    // (see FacetCounts): the topics chosen are left out of their TagsPass.
    const std::vector<uint32_t>& topic_tags = index->topic_tags;
    const uint32_t rows_count = (uint32_t)topic_tags.size();
    const bool grid = rows_count > 0 && index->study_topic_start.size() == (size_t)study_count + 1;
    // Per chosen tag: is it a topic? (TagsPass.)
    std::vector<uint8_t> chosen_topic(query.tags.size(), 0);
    bool grid_other_tags = false;  // tags outside the topic category are chosen
    for (size_t k = 0; k < query.tags.size(); ++k) {
        const uint32_t t = query.tags[k];
        const uint16_t category = t < atlas.tags.size() ? atlas.tags[t].category : UINT16_MAX;
        chosen_topic[k] = category < atlas.tag_categories.size() && atlas.tag_categories[category].id == "topic";
        grid_other_tags = grid_other_tags || !chosen_topic[k];
    }
    if (grid) {
        counts.grid_topics = topic_tags;
        counts.grid_levels.assign((size_t)rows_count * kEvidenceLevelCount, 0);
        counts.grid_levels_pem.assign((size_t)rows_count * kEvidenceLevelCount, 0);
        counts.grid_types.assign((size_t)rows_count * kPublicationTypeCount, 0);
        counts.grid_types_pem.assign((size_t)rows_count * kPublicationTypeCount, 0);
    }
    const uint32_t kLevelAxis = 1u << kEvidence, kTypeAxis = 1u << kPublicationTypes;
    const uint32_t* topic_start = grid ? index->study_topic_start.data() : nullptr;
    const uint16_t* topic_rows = grid ? index->study_topics.data() : nullptr;
    // One increment per (study, topic): a histogram per row of (level, PEM required, type), 128 keys,
    // in three parts: counted in both grids, in the level grid only, in the type grid only.
    constexpr uint32_t kGridKeys = 128;
    std::vector<uint32_t> grid_histogram(grid ? (size_t)rows_count * kGridKeys * 3 : 0, 0);
    uint32_t* grid_part[3] = {};
    for (int part = 0; grid && part < 3; ++part) grid_part[part] = grid_histogram.data() + (size_t)part * rows_count * kGridKeys;

    // Whether study i has a tag: one bit of the index's tag bit sets (no need to read the study), or
    // its tag list when the atlas has too many tags for them.
    const uint32_t tag_words = index->TagWords();
    auto has_tag_of = [&](uint32_t i) {
        return [&, i](uint32_t tag) {
            if (tag_bits) return tag < atlas.tags.size() && (index->tag_bits[(size_t)tag * tag_words + i / 64] >> (i % 64) & 1) != 0;
            return HasTag(atlas, studies[i], tag);
        };
    };
    const uint32_t candidate_count = has_text ? (uint32_t)text.studies.size() : study_count;
    if (!has_text) result.studies.reserve(study_count);
    for (uint32_t c = 0; c < candidate_count; ++c) {
        const uint32_t i = has_text ? text.studies[c] : c;
        const SearchIndex::FacetRow row = rows[i];
        const bool pem_required = (row.classes >> kPemShift & 3) == kRequired;
        if (query.pem_only && !pem_required) continue;
        uint32_t failed = fails.by_classes[row.classes] | fails.by_case_definitions[row.case_definitions & 0x1FF] |
                          fails.by_population[row.population & ((1u << kPopulationBits) - 1)];
        if ((query.year_min && row.year < query.year_min) || (query.year_max && row.year > query.year_max))
            failed |= 1u << kYears;
        const int mark = marks ? (int)(*since)[i] : 0;
        if (marks && query.since && !Has(query.since, mark)) failed |= 1u << kSince;
        if (grid && topic_start[i] != topic_start[i + 1] && !(failed & ~(kLevelAxis | kTypeAxis)) &&
            (failed & (kLevelAxis | kTypeAxis)) != (kLevelAxis | kTypeAxis) &&
            (!grid_other_tags || TagsPass(has_tag_of(i), query, chosen_topic, true))) {
            // Part 0: both grids; 1: failed the level filter, which only the level grid leaves out, so
            // that grid only; 2: failed the type filter, the type grid only.
            uint32_t* part = grid_part[(failed & kLevelAxis) ? 1 : (failed & kTypeAxis) ? 2 : 0];
            const uint32_t key = (row.classes & 3) | (uint32_t)pem_required << 2 | (row.classes >> 10 & 15) << 3;
            for (uint32_t k = topic_start[i]; k < topic_start[i + 1]; ++k) ++part[topic_rows[k] * kGridKeys + key];
        }
        if (!query.tags.empty() && !(failed & (failed - 1)) && !TagsPass(has_tag_of(i), query, chosen_topic)) failed |= 1u << kTags;
        if (failed & (failed - 1)) continue;  // fails two groups: counted nowhere
        if (marks && (!failed || failed == 1u << kSince)) ++counts.since[mark];
        if (failed == 1u << kSince) continue;
        if (failed == (1u << kTags) && !tag_counts_ignore_tags) continue;
        if (failed) {  // fails exactly one group: counted in that facet only
            if (failed == 1u << kYears) {
                ++counts.years[(size_t)(row.year - min_year)];
            } else if (failed == 1u << kTags) {
                count_tags(i);
            } else if (failed == 1u << kCaseDefinitions) {
                for (int b = 0; b < kCaseDefinitionCount; ++b)
                    if (Has(row.case_definitions, b)) ++counts.case_definitions[b];
            } else if (failed >= 1u << kSampleSizes) {
                int g = kSampleSizes;
                while (!(failed >> g & 1)) ++g;
                CountPopulation(counts, row.population, 1, g);
            } else {
                int g = 0;
                while (!(failed >> g & 1)) ++g;
                CountClass(counts, (Group)g, row.classes);
            }
            continue;
        }
        result.studies.push_back(i);
        ++class_histogram[row.classes];
        ++case_histogram[row.case_definitions & 0x1FF];
        ++population_histogram[row.population & ((1u << kPopulationBits) - 1)];
        const size_t year = (size_t)(row.year - min_year);
        ++counts.years[year];
        ++counts.years_by_level[year * kEvidenceLevelCount + (row.classes & 3)];
        counts.years_pem_required[year] += pem_required;
        count_tags(i);
        if (ranked) scores.push_back(text.scores[c]);
    }
    for (uint32_t k = 0; k < class_histogram.size(); ++k) {
        if (!class_histogram[k]) continue;
        for (Group g : {kEvidence, kConfidence, kPem, kPublicationTypes, kPeerReview, kReviewStatus, kRetracted})
            CountClass(counts, g, k, class_histogram[k]);
    }
    for (uint32_t m = 0; m < case_histogram.size(); ++m)
        for (int b = 0; b < kCaseDefinitionCount && case_histogram[m]; ++b)
            if (Has(m, b)) counts.case_definitions[b] += case_histogram[m];
    for (uint32_t p = 0; p < population_histogram.size(); ++p)
        if (population_histogram[p]) CountPopulation(counts, p, population_histogram[p]);
    for (int p = 0; p < 3 && grid; ++p) {
        for (uint32_t r = 0; r < rows_count; ++r) {
            for (uint32_t key = 0; key < kGridKeys; ++key) {
                const uint32_t n = grid_part[p][r * kGridKeys + key];
                if (!n) continue;
                const uint32_t level = key & 3, pem = key >> 2 & 1, type = std::min<uint32_t>(key >> 3, kPublicationTypeCount - 1);
                if (p != 2) {
                    counts.grid_levels[r * kEvidenceLevelCount + level] += n;
                    counts.grid_levels_pem[r * kEvidenceLevelCount + level] += pem * n;
                }
                if (p != 1) {
                    counts.grid_types[r * kPublicationTypeCount + type] += n;
                    counts.grid_types_pem[r * kPublicationTypeCount + type] += pem * n;
                }
            }
        }
    }
    if (tag_bits) {
        const uint32_t words = index->TagWords();
        for (uint32_t t = 0; t < counts.tags.size() && t < index->tag_count; ++t) {  // later tags: none yet
            const uint64_t* bits = index->tag_bits.data() + (size_t)t * words;
            uint32_t n = 0;
            for (uint32_t w = 0; w < words; ++w) n += (uint32_t)__builtin_popcountll(bits[w] & tag_counted[w]);
            counts.tags[t] = n;
        }
    }

    std::vector<uint32_t>& ids = result.studies;
    switch (sort) {
    case SortOrder::Relevance: {
        // Score descending (in 65,536 steps of the best score), then newer, then atlas order:
        // two stable counting sorts, the minor key first.
        float top = 0;
        for (float score : scores) top = std::max(top, score);
        std::vector<uint32_t> position(ids.size());
        for (uint32_t k = 0; k < (uint32_t)ids.size(); ++k) position[k] = k;
        CountingSort(position, year_span, [&](uint32_t k) { return newest_key(ids[k]); });
        const float step = top > 0 ? 65535.0f / top : 0.0f;
        CountingSort(position, 65536, [&](uint32_t k) { return (uint32_t)(65535 - std::min(65535.0f, scores[k] * step)); });
        std::vector<uint32_t> ranked_ids(ids.size());
        for (size_t k = 0; k < ids.size(); ++k) ranked_ids[k] = ids[position[k]];
        ids.swap(ranked_ids);
        break;
    }
    case SortOrder::Newest: CountingSort(ids, year_span, newest_key); break;
    case SortOrder::Oldest:
        CountingSort(ids, year_span, [&](uint32_t id) { return (uint32_t)(rows[id].year - min_year); });
        break;
    case SortOrder::EvidenceLevel:
        CountingSort(ids, year_span * kEvidenceLevelCount, [&](uint32_t id) {
            return std::min<uint32_t>(rows[id].classes & 3, kEvidenceLevelCount - 1) * year_span + newest_key(id);
        });
        break;
    }
    return result;
}

std::vector<TextSpan> FindMatches(std::string_view text, std::string_view query_text, const Atlas* atlas) {
    std::vector<TextSpan> spans;
    const std::vector<Needle> needles = ParseNeedles(query_text);
    if (needles.empty() || text.empty()) return spans;
    const bool indexed = atlas && atlas->search.built;
    std::vector<WordRule> words;  // single-word needles
    for (const Needle& needle : needles) {
        if (!needle.IsWord()) {
            HasSequence(text, needle.words, needle.open, &spans);
            continue;
        }
        Expand expand = WordExpansion(needle);
        bool typos = expand == Expand::Full && (!indexed || Dictionary(atlas->search).TyposApply(needle.Word()));
        words.emplace_back(needle.Word(), expand, typos);
    }
    if (!words.empty()) {
        fold::ForEachWord(text, kMaxWordBytes, [&](std::string_view word, uint32_t begin, uint32_t end, fold::WordKind) {
            size_t longest = 0;
            for (const WordRule& rule : words) longest = std::max(longest, rule.Match(word));
            if (!longest) return;
            uint32_t stop = longest >= word.size() ? end : fold::SourceEndOfWordPrefix(text, begin, longest);
            spans.push_back({begin, stop - begin});
        });
    }
    std::sort(spans.begin(), spans.end(), [](const TextSpan& a, const TextSpan& b) {
        return a.offset != b.offset ? a.offset < b.offset : a.length > b.length;
    });
    std::vector<TextSpan> merged;
    for (const TextSpan& span : spans) {
        if (!merged.empty() && span.offset <= merged.back().offset + merged.back().length) {
            TextSpan& last = merged.back();
            last.length = std::max(last.offset + last.length, span.offset + span.length) - last.offset;
        } else {
            merged.push_back(span);
        }
    }
    return merged;
}

}  // namespace atlas
