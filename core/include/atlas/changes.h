// atlas/changes.h — what changed between two versions of an atlas, and what is new for one reader.
//   DiffAtlases: studies added, removed and changed (with the fields that changed), matched by id —
//                `atlas diff`, the Atom feed (atlas/feed.h) and the text version's changes page.
//   SeenSnapshot / MarksSinceVisit: every study as (id hash, content hash), so the page can remember
//                what a reader has seen (in the browser's storage only) and mark what is new or
//                changed on the next visit.
// Pure core: two loaded atlases in, plain data out; no clock, no I/O.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/model.h"
#include "atlas/query.h"

namespace atlas {

// The fields of a study that a diff names, in record order: JSON names ("evidence_level",
// "sections.quick_summary") and the words a reader sees ("Evidence level", "Quick summary").
struct StudyField { std::string_view key, label; };
const std::vector<StudyField>& StudyFields();

// Each field of `study` as canonical text (lists joined, codes as in the format), parallel to StudyFields().
std::vector<std::string> StudyFieldValues(const Atlas& atlas, const Study& study);

// FNV-1a 32 over the canonical fields: equal records give equal hashes in any atlas.
uint32_t StudyContentHash(const Atlas& atlas, const Study& study);
uint32_t StudyIdHash(std::string_view id);

struct ChangedStudy {
    uint32_t old_index = 0, new_index = 0;
    std::vector<size_t> fields;          // indices into StudyFields()
};

struct AtlasDiff {
    std::vector<uint32_t> added;         // indices into the new atlas
    std::vector<uint32_t> removed;       // indices into the old atlas
    std::vector<ChangedStudy> changed;
    size_t unchanged = 0;
    bool Empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

// The changed fields as a reader reads them: "Evidence level, Quick summary" ("Last updated" only
// when nothing else changed: every edit updates it).
std::string ChangedFieldLabels(const ChangedStudy& changed);

// Studies matched by id. Each list in the new atlas's order (the old one's for `removed`).
AtlasDiff DiffAtlases(const Atlas& old_atlas, const Atlas& new_atlas);

// `atlas diff`'s report, one line a study, then a summary:
//   added    <id>  <title>
//   removed  <id>  <title>
//   changed  <id>  <field>, <field>
//   1 added, 1 removed, 1 changed, 12 unchanged
std::string FormatDiff(const Atlas& old_atlas, const Atlas& new_atlas, const AtlasDiff& diff);

// [SECTION] Since the reader's last visit
// A snapshot is the base64 of (id hash, content hash) pairs, 8 bytes a study, little-endian.
std::string SeenSnapshot(const Atlas& atlas);
// Per study of `atlas`: Same, New (id not in the snapshot) or Changed (id there, content not).
// An empty or unreadable snapshot (a first visit) marks nothing: every study is Same.
std::vector<SinceVisit> MarksSinceVisit(const Atlas& atlas, std::string_view snapshot);

}  // namespace atlas
