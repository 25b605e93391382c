// fuzz_query.cpp — atlas::ParseCommand (the page's command parser) and ApplyQueryCommand on any
// text, against a small fixed atlas. The input is split into lines; each line is one command applied
// to the same Query, as a reader's clicks and keystrokes would be. After each command:
//   - a parsed command formats back to text that parses to the same command;
//   - a refused command leaves the query exactly as it was;
//   - the query runs (RunQuery), its indices are valid and distinct, highlighting spans lie inside the text;
//   - every active-filter chip's command is accepted and removes that chip;
//   - the PEM switch leaves only PEM-required studies; every cell of the evidence gap map counts what
//     choosing it (`cell`) lists, and no more of them required PEM than it holds.
// And the tokenizer on the input's own bytes gives exactly the words of the one it replaced
// (tests/reference/fold_reference.h), at several word caps.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "atlas/command.h"
#include "atlas/facets.h"
#include "atlas/load.h"
#include "atlas/query.h"
#include "fold_reference.h"
#include "fuzz_check.h"

namespace {

const char kAtlas[] = R"({"format":"mecfs-atlas","format_version":1,"title":"Fuzz atlas","generated":"2026-01-02",
"tag_categories":[{"id":"topic","name":"Topic"},{"id":"symptom","name":"Symptom"},{"id":"biomarker","name":"Biomarker"}],
"evidence_levels":[{"code":"E0","label":"Consensus","description":"Syntheses"}],
"studies":[
{"id":"fluge-2011","slug":"fluge-2011-rituximab","title":"Benefit from B-lymphocyte depletion using rituximab in chronic fatigue syndrome",
 "authors":["Fluge, Øystein","Bruland, Ove","Risa, Kristin","Næss, Halvor"],"journal":"PloS one","year":2011,"pmid":"22039471",
 "doi":"10.1371/journal.pone.0026358","evidence_level":"E2","confidence":"moderate","pem":"unclear","case_definitions":["Fukuda"],
 "publication_type":"Trial-RCT","peer_review":"peer_reviewed","review_status":"editor_reviewed",
 "sections":{"quick_summary":"A small placebo-controlled trial of B-cell depletion; the later phase III trial did not replicate it.",
  "observed_findings":["Clinical response in 67% vs 13%"],"limitations":["Small sample"]},
 "tags":{"topic":["Treatment Trials","Immunology"],"symptom":["Fatigue","Cognitive Dysfunction"],"biomarker":["B cells"]},
 "population":{"n_patients":30,"severity":["mild","moderate"],"age_group":"adults","countries":["NO"]},"last_updated":"2026-01-02"},
{"id":"twisk-2009","slug":"twisk-2009-review","title":"A review on CBT and GET in ME/CFS","authors":["Twisk, Frank N M","Maes, Michael"],
 "journal":"Neuro endocrinology letters","year":2009,"pmid":"19855350","evidence_level":"E0","confidence":"moderate","pem":"required",
 "case_definitions":["CCC","ICC"],"publication_type":"Review-Narrative","peer_review":"peer_reviewed","review_status":"machine_draft",
 "sections":{"quick_summary":"Argues that CBT/GET are not evidence-based and may harm; ﬁrst-person reports of post-exertional malaise."},
 "tags":{"topic":["Behavioural Therapies"],"symptom":["Post-Exertional Malaise","Fatigue"]},
 "relations":[{"type":"comments_on","id":"fluge-2011"},{"type":"contradicts","pmid":"19815723"}],"last_updated":"2025-12-01"},
{"id":"retracted-2020","slug":"retracted-2020","title":"Ἀρχή: a retracted preprint with ΣΊΣΥΦΟΣ and Straße","authors":["Ødegård, Åse"],
 "journal":"medRxiv","year":2020,"evidence_level":"E3","confidence":"low","pem":"not_required","case_definitions":["Oxford","other"],
 "publication_type":"Case-Series","peer_review":"preprint","review_status":"expert_reviewed",
 "retraction":{"retracted":true,"notice":"Retracted by the authors","date":"2021-03-04"},
 "sections":{"quick_summary":"Withdrawn."},"tags":{"topic":["Immunology"],"biomarker":["Cytokines"]},
 "population":{"n_patients":1500,"n_controls":12,"severity":["very_severe"],"age_group":"mixed"},
 "relations":[{"type":"fails_to_replicate","doi":"10.1371/JOURNAL.PONE.0026358"}],"last_updated":"2024-02-29"},
{"id":"fukuda-1994","slug":"fukuda-1994-definition","title":"The chronic fatigue syndrome: a comprehensive approach","authors":[],
 "journal":"Annals of internal medicine","year":1994,"evidence_level":"E0","confidence":"high","pem":"not_required",
 "case_definitions":["Fukuda"],"publication_type":"Consensus","peer_review":"peer_reviewed","review_status":"editor_reviewed",
 "sections":{"quick_summary":""},"last_updated":"2023-01-01"}
]})";

const atlas::Atlas& FixedAtlas() {
    static atlas::Atlas a = [] {
        atlas::Atlas out;
        atlas::LoadReport r = atlas::LoadAtlas(kAtlas, out);
        FUZZ_CHECK(r.usable && r.loaded == 4 && r.rejected == 0 && r.problems.empty());
        return out;
    }();
    return a;
}

bool Same(const atlas::Query& a, const atlas::Query& b) {
    return a.text == b.text && a.sort == b.sort && a.evidence == b.evidence && a.confidence == b.confidence &&
           a.pem == b.pem && a.case_definitions == b.case_definitions && a.publication_types == b.publication_types &&
           a.peer_review == b.peer_review && a.review_status == b.review_status && a.retracted == b.retracted &&
           a.year_min == b.year_min && a.year_max == b.year_max && a.tags == b.tags && a.tag_match == b.tag_match &&
           a.sample_sizes == b.sample_sizes && a.severities == b.severities && a.age_groups == b.age_groups &&
           a.pem_only == b.pem_only;
}

void CheckQuery(const atlas::Atlas& a, const atlas::Query& q) {
    atlas::QueryResult result = atlas::RunQuery(a, q);
    std::unordered_set<uint32_t> seen;
    for (uint32_t i : result.studies) {
        FUZZ_CHECK(i < a.studies.size());
        FUZZ_CHECK(seen.insert(i).second);
    }
    FUZZ_CHECK(result.counts.tags.size() == a.tags.size());
    // No filter, no text and the PEM switch off (it is not a filter chip: HasFilters leaves it out): everything.
    if (!q.HasFilters() && q.text.empty() && !q.pem_only) FUZZ_CHECK(result.studies.size() == a.studies.size());
    for (uint32_t t : q.tags) FUZZ_CHECK(t < a.tags.size());
    for (const atlas::Study& s : a.studies) {
        for (atlas::TextRef field : {s.title, s.quick_summary}) {
            std::string_view text = a.Text(field);
            uint64_t end = 0;
            for (atlas::TextSpan span : atlas::FindMatches(text, q.text)) {
                FUZZ_CHECK(span.offset >= end);  // sorted, not overlapping
                end = (uint64_t)span.offset + span.length;
                FUZZ_CHECK(end <= text.size());
            }
        }
    }
    // Each chip removes its own filter, and only when it is there.
    std::vector<atlas::FilterChip> chips = atlas::ActiveFilterChips(a, q);
    for (const atlas::FilterChip& chip : chips) {
        FUZZ_CHECK(!chip.label.empty());
        atlas::Query removed = q;
        FUZZ_CHECK(atlas::ApplyQueryCommand(a, removed, chip.remove));
        FUZZ_CHECK(atlas::ActiveFilterChips(a, removed).size() < chips.size());
    }
    if (chips.empty()) FUZZ_CHECK(!q.HasFilters());
    if (q.pem_only)
        for (uint32_t i : result.studies) FUZZ_CHECK(a.studies[i].pem == atlas::PemCriterion::Required);
    // The evidence gap map: three topics; each cell is what choosing it lists.
    const atlas::FacetCounts& c = result.counts;
    FUZZ_CHECK(c.grid_topics.size() == 3);
    for (atlas::GridAxis axis : {atlas::GridAxis::Level, atlas::GridAxis::Type})
        for (size_t row = 0; row < c.grid_topics.size(); ++row)
            for (int column : atlas::GridColumns(c, axis, q)) {
                atlas::GridCell cell = atlas::GridCellAt(c, axis, row, column);
                FUZZ_CHECK(cell.pem <= cell.count);
                atlas::Query chosen = q;
                if (atlas::CellSelected(q, c.grid_topics[row], axis, column)) continue;  // choosing it again clears it
                FUZZ_CHECK(atlas::ApplyQueryCommand(a, chosen, atlas::Command::SelectCell(c.grid_topics[row], axis, column)));
                FUZZ_CHECK(atlas::RunQuery(a, chosen).studies.size() == cell.count);
            }
}

}  // namespace

// The words (text, place, kind) of `text` by the tokenizer and by its reference must be the same.
void SameWords(std::string_view text, size_t max_bytes) {
    struct Word { std::string text; uint32_t begin, end; int kind; };
    std::vector<Word> got, expected;
    atlas::fold::ForEachWord(text, max_bytes, [&](std::string_view w, uint32_t b, uint32_t e, atlas::fold::WordKind k) {
        got.push_back({std::string(w), b, e, (int)k});
    });
    atlas::fold::ForEachWordReference(text, max_bytes, [&](std::string_view w, uint32_t b, uint32_t e, atlas::fold::WordKind k) {
        expected.push_back({std::string(w), b, e, (int)k});
    });
    FUZZ_CHECK(got.size() == expected.size());
    for (size_t i = 0; i < got.size() && i < expected.size(); ++i) {
        FUZZ_CHECK(got[i].text == expected[i].text && got[i].kind == expected[i].kind);
        FUZZ_CHECK(got[i].begin == expected[i].begin && got[i].end == expected[i].end);
    }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const atlas::Atlas& a = FixedAtlas();
    std::string_view input(reinterpret_cast<const char*>(data), size);
    for (size_t max_bytes : {1, 5, 9, 64, 300}) SameWords(input, max_bytes);
    atlas::Query q;
    for (int n = 0; n < 32 && !input.empty(); ++n) {
        size_t end = input.find('\n');
        std::string_view command = input.substr(0, end);
        input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
        atlas::Query before = q;
        std::optional<atlas::Command> parsed = atlas::ParseCommand(a, command);
        if (parsed) {
            std::optional<atlas::Command> again = atlas::ParseCommand(a, atlas::FormatCommand(a, *parsed));
            FUZZ_CHECK(again && again->kind == parsed->kind && again->facet == parsed->facet &&
                       again->value == parsed->value && again->value2 == parsed->value2 && again->text == parsed->text);
        }
        bool applied = parsed && atlas::ApplyQueryCommand(a, q, *parsed);
        if (!applied) FUZZ_CHECK(Same(before, q));
        CheckQuery(a, q);
    }
    return 0;
}
