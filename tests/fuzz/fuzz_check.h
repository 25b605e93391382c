// fuzz_check.h — what the harnesses share: an always-on check that aborts with a message (libFuzzer
// then saves the input as a crash), a UTF-8 validator, and the invariants of a loaded atlas.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <algorithm>
#include <unordered_set>
#include <vector>

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

// The same document read by two loaders (the new one and tests/reference/'s) must give the same
// report and the same model. Problems are compared as a sorted list (messages of one study may come
// in another field order), and only when none were dropped (which ones are kept then depends on it).
inline void CheckSameLoad(const atlas::Atlas& a, const atlas::LoadReport& ra, const atlas::Atlas& b,
                          const atlas::LoadReport& rb) {
    FUZZ_CHECK(ra.usable == rb.usable);
    FUZZ_CHECK(ra.fatal == rb.fatal);
    FUZZ_CHECK(ra.loaded == rb.loaded && ra.rejected == rb.rejected);
    FUZZ_CHECK(ra.errors == rb.errors && ra.warnings == rb.warnings && ra.problems_dropped == rb.problems_dropped);
    FUZZ_CHECK(ra.problems.size() == rb.problems.size());
    if (!ra.problems_dropped) {
        std::vector<std::string> pa, pb;
        for (const atlas::Problem& p : ra.problems) pa.push_back(atlas::FormatProblem("f", p));
        for (const atlas::Problem& p : rb.problems) pb.push_back(atlas::FormatProblem("f", p));
        std::sort(pa.begin(), pa.end());
        std::sort(pb.begin(), pb.end());
        FUZZ_CHECK(pa == pb);
    }
    FUZZ_CHECK(a.studies.size() == b.studies.size());
    FUZZ_CHECK(a.text.size() == b.text.size());
    FUZZ_CHECK(a.tags.size() == b.tags.size() && a.tag_categories.size() == b.tag_categories.size());
    for (size_t i = 0; i < a.tags.size() && i < b.tags.size(); ++i)
        FUZZ_CHECK(a.tags[i].label == b.tags[i].label && a.tags[i].category == b.tags[i].category);
    for (size_t i = 0; i < a.tag_categories.size() && i < b.tag_categories.size(); ++i)
        FUZZ_CHECK(a.tag_categories[i].id == b.tag_categories[i].id && a.tag_categories[i].name == b.tag_categories[i].name);
    FUZZ_CHECK(a.relations.size() == b.relations.size() && a.populations.size() == b.populations.size());
    for (size_t i = 0; i < a.studies.size() && i < b.studies.size(); ++i) {
        const atlas::Study &x = a.studies[i], &y = b.studies[i];
        for (atlas::TextRef atlas::Study::*f : {&atlas::Study::id, &atlas::Study::slug, &atlas::Study::title, &atlas::Study::journal,
                                                &atlas::Study::pmid, &atlas::Study::doi, &atlas::Study::last_updated,
                                                &atlas::Study::retraction_notice, &atlas::Study::retraction_date,
                                                &atlas::Study::quick_summary, &atlas::Study::why_it_matters,
                                                &atlas::Study::remaining_questions, &atlas::Study::does_not_prove})
            FUZZ_CHECK(a.Text(x.*f) == b.Text(y.*f));
        for (atlas::ListRef atlas::Study::*f : {&atlas::Study::authors, &atlas::Study::observed_findings,
                                                &atlas::Study::inferred_conclusions, &atlas::Study::strengths,
                                                &atlas::Study::limitations}) {
            FUZZ_CHECK((x.*f).count == (y.*f).count);
            for (uint32_t k = 0; k < (x.*f).count && k < (y.*f).count; ++k) FUZZ_CHECK(a.Item(x.*f, k) == b.Item(y.*f, k));
        }
        FUZZ_CHECK(x.year == y.year && x.evidence == y.evidence && x.confidence == y.confidence && x.pem == y.pem);
        FUZZ_CHECK(x.peer_review == y.peer_review && x.review_status == y.review_status);
        FUZZ_CHECK(x.publication_type == y.publication_type && x.case_definitions == y.case_definitions);
        FUZZ_CHECK(x.retracted == y.retracted);
        FUZZ_CHECK(x.tags.count == y.tags.count);
        for (uint32_t k = 0; k < x.tags.count && k < y.tags.count; ++k) FUZZ_CHECK(a.TagIndex(x.tags, k) == b.TagIndex(y.tags, k));
        FUZZ_CHECK(x.relations.count == y.relations.count);
        for (uint32_t k = 0; k < x.relations.count && k < y.relations.count; ++k) {
            const atlas::Relation &p = a.RelationAt(x.relations, k), &q = b.RelationAt(y.relations, k);
            FUZZ_CHECK(p.type == q.type && p.target_kind == q.target_kind && p.study == q.study);
            FUZZ_CHECK(a.Text(p.target) == b.Text(q.target) && a.Text(p.note) == b.Text(q.note));
        }
        const atlas::Population *p = a.PopulationOf(x), *q = b.PopulationOf(y);
        FUZZ_CHECK((p == nullptr) == (q == nullptr));
        if (p && q) {
            FUZZ_CHECK(p->n_patients == q->n_patients && p->n_controls == q->n_controls);
            FUZZ_CHECK(p->female_percent == q->female_percent && p->severity == q->severity);
            FUZZ_CHECK(p->age_group == q->age_group && p->onset == q->onset);
            FUZZ_CHECK(a.Text(p->countries) == b.Text(q->countries));
        }
    }
    const atlas::AtlasHeader &h = a.header, &g = b.header;
    FUZZ_CHECK(h.title == g.title && h.generated == g.generated && h.source == g.source && h.license == g.license);
    FUZZ_CHECK(h.generator == g.generator && h.policy_version == g.policy_version && h.content_hash == g.content_hash);
    FUZZ_CHECK(h.contribute_url == g.contribute_url && h.about_url == g.about_url && h.synthetic == g.synthetic);
    for (int i = 0; i < atlas::kEvidenceLevelCount; ++i)
        FUZZ_CHECK(h.evidence_levels[i].label == g.evidence_levels[i].label &&
                   h.evidence_levels[i].description == g.evidence_levels[i].description);
}

}  // namespace fuzz
