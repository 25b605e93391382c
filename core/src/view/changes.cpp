// changes.cpp — diffs between atlas versions, content hashes, and the reader's "since last visit".
#include "atlas/changes.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

namespace atlas {
namespace {

constexpr char kSep = '\x1f';  // joins list items: a unit separator never appears in study text

uint32_t Fnv32(std::string_view bytes, uint32_t h = 2166136261u) {
    for (unsigned char c : bytes) { h ^= c; h *= 16777619u; }
    return h;
}

std::string Number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

constexpr const char* kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(const std::vector<uint8_t>& bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (size_t i = 0; i < bytes.size(); i += 3) {
        uint32_t v = (uint32_t)bytes[i] << 16;
        if (i + 1 < bytes.size()) v |= (uint32_t)bytes[i + 1] << 8;
        if (i + 2 < bytes.size()) v |= bytes[i + 2];
        out += kBase64[(v >> 18) & 63];
        out += kBase64[(v >> 12) & 63];
        out += i + 1 < bytes.size() ? kBase64[(v >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? kBase64[v & 63] : '=';
    }
    return out;
}

bool Unbase64(std::string_view text, std::vector<uint8_t>& out) {
    if (text.size() % 4) return false;
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    out.clear();
    out.reserve(text.size() / 4 * 3);
    for (size_t i = 0; i < text.size(); i += 4) {
        uint32_t v = 0;
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            char c = text[i + k];
            if (c == '=' && i + 4 == text.size() && k >= 2) { ++pad; v <<= 6; continue; }
            int d = value(c);
            if (d < 0 || pad) return false;
            v = (v << 6) | (uint32_t)d;
        }
        out.push_back((uint8_t)(v >> 16));
        if (pad < 2) out.push_back((uint8_t)(v >> 8));
        if (pad < 1) out.push_back((uint8_t)v);
    }
    return true;
}

}  // namespace

const std::vector<StudyField>& StudyFields() {
    static const std::vector<StudyField> kFields = {
        {"slug", "Address (slug)"},
        {"title", "Title"},
        {"authors", "Authors"},
        {"journal", "Journal"},
        {"year", "Year"},
        {"pmid", "PMID"},
        {"doi", "DOI"},
        {"evidence_level", "Evidence level"},
        {"confidence", "Confidence"},
        {"pem", "PEM criterion"},
        {"case_definitions", "Case definitions"},
        {"publication_type", "Publication type"},
        {"peer_review", "Peer review"},
        {"review_status", "Review status"},
        {"retraction", "Retraction"},
        {"sections.quick_summary", "Quick summary"},
        {"sections.why_it_matters", "Why it matters"},
        {"sections.observed_findings", "Observed findings"},
        {"sections.inferred_conclusions", "Inferred conclusions"},
        {"sections.remaining_questions", "Remaining questions"},
        {"sections.does_not_prove", "What this study does not prove"},
        {"sections.strengths", "Strengths"},
        {"sections.limitations", "Limitations"},
        {"tags", "Tags"},
        {"relations", "Relations"},
        {"population", "Population"},
        {"last_updated", "Last updated"},
    };
    return kFields;
}

namespace {

// Each field of a study as canonical text, handed over in pieces: out.Add(piece) any number of times,
// then out.End() after each field. StudyFieldValues collects the pieces into strings; StudyContentHash
// hashes them as they come, with no string per field (the page hashes every study at start-up).
template <typename Out>
void WriteStudyFields(const Atlas& a, const Study& s, Out& out) {
    const std::string_view sep(&kSep, 1);
    auto field = [&](std::string_view value) { out.Add(value); out.End(); };
    auto text = [&](TextRef r) { field(a.Text(r)); };
    auto list = [&](ListRef l) {
        for (uint32_t i = 0; i < l.count; ++i) {
            if (i) out.Add(sep);
            out.Add(a.Item(l, i));
        }
        out.End();
    };
    char number[32];
    auto integer = [&](long long v) { out.Add(std::string_view(number, (size_t)std::snprintf(number, sizeof number, "%lld", v))); };
    text(s.slug);
    text(s.title);
    list(s.authors);
    text(s.journal);
    integer(s.year);
    out.End();
    text(s.pmid);
    text(s.doi);
    field(EvidenceCode(s.evidence));
    field(ConfidenceCode(s.confidence));
    field(PemCode(s.pem));
    bool first = true;
    for (int bit = 0; bit < kCaseDefinitionCount; ++bit)
        if (s.case_definitions & (1u << bit)) {
            if (!first) out.Add(",");
            out.Add(CaseDefinitionCode(bit));
            first = false;
        }
    out.End();
    field(PublicationTypeCode(s.publication_type));
    field(PeerReviewCode(s.peer_review));
    field(ReviewStatusCode(s.review_status));
    if (s.retracted) {
        out.Add("retracted");
        out.Add(sep);
        out.Add(a.Text(s.retraction_date));
        out.Add(sep);
        out.Add(a.Text(s.retraction_notice));
    }
    out.End();
    text(s.quick_summary);
    text(s.why_it_matters);
    list(s.observed_findings);
    list(s.inferred_conclusions);
    text(s.remaining_questions);
    text(s.does_not_prove);
    list(s.strengths);
    list(s.limitations);
    // Tags by category id and label, sorted: the order of categories in a header is not the study's.
    std::vector<std::string> tags;
    tags.reserve(s.tags.count);
    for (uint32_t i = 0; i < s.tags.count; ++i) {
        const Tag& tag = a.tags[a.TagIndex(s.tags, i)];
        tags.push_back(a.tag_categories[tag.category].id + ":" + tag.label);
    }
    std::sort(tags.begin(), tags.end());
    for (size_t i = 0; i < tags.size(); ++i) {
        if (i) out.Add(sep);
        out.Add(tags[i]);
    }
    out.End();
    for (uint32_t i = 0; i < s.relations.count; ++i) {
        const Relation& r = a.RelationAt(s.relations, i);
        if (i) out.Add("\n");
        out.Add(RelationTypeCode(r.type));
        out.Add(sep);
        out.Add(RelationTargetKey(r.target_kind));
        out.Add(sep);
        out.Add(a.Text(r.target));
        out.Add(sep);
        out.Add(a.Text(r.note));
    }
    out.End();
    if (const Population* p = a.PopulationOf(s)) {
        integer(p->n_patients);
        out.Add(sep);
        integer(p->n_controls);
        out.Add(sep);
        out.Add(Number(p->female_percent));
        out.Add(sep);
        integer(p->severity);
        out.Add(sep);
        out.Add(AgeGroupCode(p->age_group));
        out.Add(sep);
        out.Add(OnsetCode(p->onset));
        out.Add(sep);
        out.Add(a.Text(p->countries));
    }
    out.End();
    text(s.last_updated);
}

}  // namespace

std::vector<std::string> StudyFieldValues(const Atlas& a, const Study& s) {
    struct Collect {
        std::vector<std::string> values{std::string()};
        void Add(std::string_view piece) { values.back() += piece; }
        void End() { values.emplace_back(); }
    } out;
    out.values.reserve(StudyFields().size() + 1);
    WriteStudyFields(a, s, out);
    out.values.pop_back();
    return std::move(out.values);
}

uint32_t StudyContentHash(const Atlas& atlas, const Study& study) {
    struct Hash {
        uint32_t h = 2166136261u;
        void Add(std::string_view piece) { h = Fnv32(piece, h); }
        void End() { h = Fnv32(std::string_view("\x1e", 1), h); }  // a record separator between fields
    } out;
    WriteStudyFields(atlas, study, out);
    return out.h;
}

uint32_t StudyIdHash(std::string_view id) { return Fnv32(id); }

std::string ChangedFieldLabels(const ChangedStudy& changed) {
    std::string out;
    for (size_t f : changed.fields)
        if (StudyFields()[f].key != "last_updated" || changed.fields.size() == 1)
            out += (out.empty() ? "" : ", ") + std::string(StudyFields()[f].label);
    return out;
}

AtlasDiff DiffAtlases(const Atlas& old_atlas, const Atlas& new_atlas) {
    AtlasDiff diff;
    std::unordered_map<std::string_view, uint32_t> old_by_id, new_by_id;
    for (uint32_t i = 0; i < old_atlas.studies.size(); ++i) old_by_id.emplace(old_atlas.Text(old_atlas.studies[i].id), i);
    for (uint32_t i = 0; i < new_atlas.studies.size(); ++i) new_by_id.emplace(new_atlas.Text(new_atlas.studies[i].id), i);
    for (uint32_t i = 0; i < new_atlas.studies.size(); ++i) {
        const Study& now = new_atlas.studies[i];
        auto it = old_by_id.find(new_atlas.Text(now.id));
        if (it == old_by_id.end()) { diff.added.push_back(i); continue; }
        std::vector<std::string> before = StudyFieldValues(old_atlas, old_atlas.studies[it->second]);
        std::vector<std::string> after = StudyFieldValues(new_atlas, now);
        ChangedStudy changed{it->second, i, {}};
        for (size_t f = 0; f < after.size(); ++f)
            if (before[f] != after[f]) changed.fields.push_back(f);
        if (changed.fields.empty()) ++diff.unchanged;
        else diff.changed.push_back(std::move(changed));
    }
    for (uint32_t i = 0; i < old_atlas.studies.size(); ++i)
        if (!new_by_id.count(old_atlas.Text(old_atlas.studies[i].id))) diff.removed.push_back(i);
    return diff;
}

std::string FormatDiff(const Atlas& old_atlas, const Atlas& new_atlas, const AtlasDiff& diff) {
    std::string out;
    auto line = [&](const char* what, const Atlas& a, uint32_t index, const std::string& rest) {
        out += what;
        out += std::string(a.Text(a.studies[index].id)) + "  " + rest + "\n";
    };
    for (uint32_t i : diff.added) line("added    ", new_atlas, i, std::string(new_atlas.Text(new_atlas.studies[i].title)));
    for (uint32_t i : diff.removed) line("removed  ", old_atlas, i, std::string(old_atlas.Text(old_atlas.studies[i].title)));
    for (const ChangedStudy& c : diff.changed) {
        std::string fields;
        for (size_t f : c.fields) fields += (fields.empty() ? "" : ", ") + std::string(StudyFields()[f].key);
        line("changed  ", new_atlas, c.new_index, fields);
    }
    out += std::to_string(diff.added.size()) + " added, " + std::to_string(diff.removed.size()) + " removed, " +
           std::to_string(diff.changed.size()) + " changed, " + std::to_string(diff.unchanged) + " unchanged\n";
    return out;
}

std::string SeenSnapshot(const Atlas& atlas) {
    std::vector<uint8_t> bytes;
    bytes.reserve(atlas.studies.size() * 8);
    auto put = [&](uint32_t v) {
        for (int k = 0; k < 4; ++k) bytes.push_back((uint8_t)(v >> (8 * k)));
    };
    for (const Study& s : atlas.studies) {
        put(StudyIdHash(atlas.Text(s.id)));
        put(StudyContentHash(atlas, s));
    }
    return Base64(bytes);
}

std::vector<SinceVisit> MarksSinceVisit(const Atlas& atlas, std::string_view snapshot) {
    std::vector<SinceVisit> marks(atlas.studies.size(), SinceVisit::Same);
    std::vector<uint8_t> bytes;
    if (snapshot.empty() || !Unbase64(snapshot, bytes) || bytes.size() % 8) return marks;
    std::unordered_map<uint32_t, std::vector<uint32_t>> seen;  // id hash -> content hashes seen with it
    auto get = [&](size_t at) {
        uint32_t v = 0;
        for (int k = 0; k < 4; ++k) v |= (uint32_t)bytes[at + k] << (8 * k);
        return v;
    };
    for (size_t at = 0; at < bytes.size(); at += 8) seen[get(at)].push_back(get(at + 4));
    for (size_t i = 0; i < atlas.studies.size(); ++i) {
        const Study& s = atlas.studies[i];
        auto it = seen.find(StudyIdHash(atlas.Text(s.id)));
        if (it == seen.end()) marks[i] = SinceVisit::New;
        else if (std::find(it->second.begin(), it->second.end(), StudyContentHash(atlas, s)) == it->second.end())
            marks[i] = SinceVisit::Changed;
    }
    return marks;
}

}  // namespace atlas
