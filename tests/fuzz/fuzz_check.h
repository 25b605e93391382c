// fuzz_check.h — what the harnesses share: an always-on check that aborts with a message (libFuzzer
// then saves the input as a crash), a UTF-8 validator, and the invariants of a loaded atlas.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_set>

#include "atlas/load.h"
#include "atlas/model.h"

#define FUZZ_CHECK(cond)                                                                          \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s\n", __FILE__, __LINE__, #cond);   \
            std::abort();                                                                         \
        }                                                                                         \
    } while (0)

namespace fuzz {

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
inline bool IsValidUtf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = (unsigned char)s[i];
        size_t n;
        uint32_t cp;
        if (c < 0x80) { ++i; continue; }
        if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
        else return false;
        if (i + n >= s.size()) return false;  // the sequence runs past the end
        for (size_t k = 1; k <= n; ++k) {
            unsigned char cc = (unsigned char)s[i + k];
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

inline bool IsIdentifier(std::string_view s) {
    if (s.empty() || s.size() > 64 || s[0] == '-') return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

// Everything a reader of the model may rely on after LoadAtlas, whatever the bytes were.
inline void CheckLoaded(const atlas::Atlas& a, const atlas::LoadReport& r, const atlas::LoadLimits& limits) {
    FUZZ_CHECK(r.problems.size() <= limits.max_problems);
    if (!r.usable) {
        FUZZ_CHECK(!r.fatal.empty());
        FUZZ_CHECK(a.studies.empty() && a.text.empty() && a.list_items.empty() && a.tags.empty());
        FUZZ_CHECK(r.problems.empty());
        FUZZ_CHECK(r.loaded == 0 && r.rejected == 0 && r.errors == 0 && r.warnings == 0 && r.problems_dropped == 0);
        return;
    }
    FUZZ_CHECK(r.fatal.empty());
    FUZZ_CHECK(r.loaded == a.studies.size());
    FUZZ_CHECK(a.studies.size() <= limits.max_studies);
    FUZZ_CHECK(r.problems.size() + r.problems_dropped == r.errors + r.warnings);
    size_t errors = 0, warnings = 0;
    for (const atlas::Problem& p : r.problems) {
        (p.severity == atlas::Severity::Error ? errors : warnings)++;
        FUZZ_CHECK(!p.record.empty());
        FUZZ_CHECK(!p.message.empty());
    }
    if (!r.problems_dropped) FUZZ_CHECK(errors == r.errors && warnings == r.warnings);
    // Every rejected study is named by at least one error (below the study cap, which small inputs never reach).
    if (r.loaded + r.rejected <= limits.max_studies) FUZZ_CHECK(r.rejected <= r.errors);

    const uint64_t text = a.text.size(), items = a.list_items.size(), tag_runs = a.study_tags.size();
    auto text_ok = [&](atlas::TextRef t) {
        FUZZ_CHECK((uint64_t)t.offset + t.length <= text);
        FUZZ_CHECK(IsValidUtf8(a.Text(t)));  // the parser validated it, and the arena never cuts strings
    };
    auto list_ok = [&](atlas::ListRef l, size_t cap) {
        FUZZ_CHECK((uint64_t)l.first + l.count <= items);
        FUZZ_CHECK(l.count <= cap);
        for (uint32_t i = 0; i < l.count; ++i) text_ok(a.list_items[l.first + i]);
    };
    for (const atlas::Tag& tag : a.tags) {
        FUZZ_CHECK(tag.category < a.tag_categories.size());
        FUZZ_CHECK(IsValidUtf8(tag.label));
    }
    std::unordered_set<std::string_view> ids, slugs;
    for (const atlas::Study& s : a.studies) {
        for (atlas::TextRef t : {s.id, s.slug, s.title, s.journal, s.pmid, s.doi, s.last_updated, s.retraction_notice,
                                 s.retraction_date, s.quick_summary, s.why_it_matters, s.remaining_questions,
                                 s.does_not_prove})
            text_ok(t);
        list_ok(s.authors, limits.max_authors);
        for (atlas::ListRef l : {s.observed_findings, s.inferred_conclusions, s.strengths, s.limitations})
            list_ok(l, limits.max_list_items);
        FUZZ_CHECK((uint64_t)s.tags.first + s.tags.count <= tag_runs);
        for (uint32_t i = 0; i < s.tags.count; ++i) FUZZ_CHECK(a.TagIndex(s.tags, i) < a.tags.size());
        FUZZ_CHECK(IsIdentifier(a.Text(s.id)) && IsIdentifier(a.Text(s.slug)));
        FUZZ_CHECK(ids.insert(a.Text(s.id)).second);
        FUZZ_CHECK(slugs.insert(a.Text(s.slug)).second);
        FUZZ_CHECK(!a.Text(s.title).empty() && a.Text(s.title).size() <= limits.max_title_bytes);
        FUZZ_CHECK(s.year >= 1900 && s.year <= 2100);
        FUZZ_CHECK((int)s.evidence < atlas::kEvidenceLevelCount);
        FUZZ_CHECK((int)s.confidence < 3 && (int)s.pem < 3 && (int)s.peer_review < 2 && (int)s.review_status < 3);
        FUZZ_CHECK((int)s.publication_type < atlas::kPublicationTypeCount);
        FUZZ_CHECK(s.case_definitions < (1u << atlas::kCaseDefinitionCount));
        FUZZ_CHECK(a.Text(s.last_updated).size() == 10);
        FUZZ_CHECK((uint64_t)s.relations.first + s.relations.count <= a.relations.size());
        FUZZ_CHECK(s.relations.count <= limits.max_relations);
        for (uint32_t i = 0; i < s.relations.count; ++i) {
            const atlas::Relation& rel = a.RelationAt(s.relations, i);
            text_ok(rel.target);
            text_ok(rel.note);
            FUZZ_CHECK((int)rel.type < atlas::kRelationTypeCount && (int)rel.target_kind < 3);
            FUZZ_CHECK(!a.Text(rel.target).empty());
            if (rel.study != atlas::kNoIndex) {
                FUZZ_CHECK(rel.target_kind == atlas::RelationTarget::Id && rel.study < a.studies.size());
                FUZZ_CHECK(a.Text(a.studies[rel.study].id) == a.Text(rel.target));
            }
        }
        if (const atlas::Population* p = a.PopulationOf(s)) {
            FUZZ_CHECK(s.population < a.populations.size());
            text_ok(p->countries);
            std::string_view countries = a.Text(p->countries);
            FUZZ_CHECK(countries.size() % 2 == 0);
            for (size_t k = 0; k < countries.size(); k += 2) FUZZ_CHECK(atlas::IsCountryCode(countries.substr(k, 2)));
            FUZZ_CHECK(p->n_patients >= -1 && p->n_controls >= -1);
            FUZZ_CHECK(p->female_percent == -1 || (p->female_percent >= 0 && p->female_percent <= 100));
            FUZZ_CHECK(p->severity < (1u << atlas::kSeverityCount));
            FUZZ_CHECK((int)p->age_group <= 4 && (int)p->onset <= 5);
        }
    }
    FUZZ_CHECK(a.header.format_version == 1);
    FUZZ_CHECK(IsValidUtf8(a.header.title) && a.header.title.size() <= limits.max_title_bytes);
    for (const atlas::TagCategory& c : a.tag_categories) FUZZ_CHECK(IsValidUtf8(c.id) && IsValidUtf8(c.name));
}

}  // namespace fuzz
