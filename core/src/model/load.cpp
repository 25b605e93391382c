// load.cpp — streaming, validating loader for atlas format v1.
//
// A scanner made for this one document shape reads the bytes once: the top level of the document by a
// small state machine, each study (and each header field) whole into a flat tape of nodes, with the caps
// enforced while it scans, then the study is checked field by field from the table of the record
// (model.h kStudyFields) and copied into the model. Nothing is built per study that is not kept.
// A file that cannot be used (not JSON, invalid UTF-8, truncated) is described in nlohmann's words, by
// the loader this one replaced: its byte scanner and nlohmann's parser are run, from the last study
// that began, only once something is found wrong. tests/reference/ keeps that old loader whole, and
// fuzz_load checks the two agree on every input.
//
// [SECTION] Messages: quoting, type names, what was found
// [SECTION] Reading: typed readers over the tape, with the path and what was expected
// [SECTION] Loader: studies into the model, the header, the finishing step
// [SECTION] AtlasStreamLoader: chunks in, the document's top level, the same result as one chunk
#include "atlas/load.h"

#include "atlas/search_index.h"
#include "model/scanner.h"
#include "model/unusable_file.h"
#include "search/index_builder.h"
#include "text/text.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <unordered_map>

namespace atlas {
namespace {

using namespace detail;

constexpr std::string_view kFormatName = "mecfs-atlas";
constexpr int kFormatVersion = 1;
// Format rules of the optional fields (data/FORMAT.md); the hostile-input caps are in LoadLimits.
constexpr size_t kMaxRelationNoteChars = 300;
constexpr int64_t kMaxParticipants = 100000000;

// [SECTION] Messages -------------------------------------------------------------------------

bool IsCategoryId(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    return true;
}

bool IsIdentifier(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
        if (!ok) return false;
    }
    return true;
}

// [SECTION] Reading --------------------------------------------------------------------------

constexpr uint32_t kNone = 0xFFFFFFFFu;

std::string TypeName(const Tape& t, uint32_t n) {
    switch (t.nodes[n].kind) {
    case Kind::Null: return "null";
    case Kind::False: case Kind::True: return "a boolean";
    case Kind::Unsigned: case Kind::Signed: case Kind::Float: return "a number";
    case Kind::String: return "a string";
    case Kind::Array: return "an array";
    case Kind::Object: return "an object";
    }
    return "an unsupported value";
}

// What was found, for messages: strings quoted, numbers as nlohmann writes them, containers by type.
std::string Found(const Tape& t, uint32_t n) {
    const Node& node = t.nodes[n];
    switch (node.kind) {
    case Kind::String: return Quoted(t.Str(n));
    case Kind::Null: return "null";
    case Kind::False: return "false";
    case Kind::True: return "true";
    case Kind::Unsigned: return std::to_string(node.number.u);
    case Kind::Signed: return std::to_string(node.number.i);
    case Kind::Float: return JsonNumber(node.number.d);
    default: return TypeName(t, n);
    }
}

bool IsInteger(const Node& n) { return n.kind == Kind::Unsigned || n.kind == Kind::Signed; }
int64_t AsInt64(const Node& n) { return n.kind == Kind::Unsigned ? (int64_t)n.number.u : n.number.i; }
double AsDouble(const Node& n) {
    return n.kind == Kind::Unsigned ? (double)n.number.u : n.kind == Kind::Signed ? (double)n.number.i : n.number.d;
}

// The member `key` of object node `obj`, or kNone.
uint32_t Member(const Tape& t, uint32_t obj, std::string_view key) {
    uint32_t k = obj + 1;
    for (uint32_t m = 0; m < t.nodes[obj].count; ++m) {
        if (t.Str(k) == key) return k + 1;
        k = t.nodes[k + 1].next;
    }
    return kNone;
}

// An object's key nodes, in byte order of the keys (as a std::map iterates them).
std::vector<uint32_t> SortedKeys(const Tape& t, uint32_t obj) {
    std::vector<uint32_t> keys;
    keys.reserve(t.nodes[obj].count);
    for (uint32_t k = obj + 1, m = 0; m < t.nodes[obj].count; ++m, k = t.nodes[k + 1].next) keys.push_back(k);
    std::sort(keys.begin(), keys.end(), [&](uint32_t a, uint32_t b) { return t.Str(a) < t.Str(b); });
    return keys;
}

class Loader;

// A field's place in the record, for messages: built only when there is something to say.
struct Path {
    std::string_view prefix, key;
    Path(const std::string& whole) : prefix(whole) {}
    Path(const char* whole) : prefix(whole) {}
    Path(std::string_view p, std::string_view k) : prefix(p), key(k) {}
    std::string Str() const { return std::string(prefix) + std::string(key); }
};

class RecordReader {
public:
    RecordReader(Loader& loader, const Tape& tape, std::string base, std::string name, bool silent = false)
        : tape_(tape), loader_(loader), base_(std::move(base)), name_(std::move(name)), silent_(silent) {}

    bool ok() const { return ok_; }
    void Error(const Path& field, std::string message);
    void Warn(const Path& field, std::string message);
    std::string PathOf(const Path& path) const {
        std::string field = path.Str();
        if (field.empty()) return base_;
        return base_.empty() ? field : base_ + "." + field;
    }
    uint32_t At(uint32_t obj, std::string_view key) const { return obj == kNone ? kNone : Member(tape_, obj, key); }

    // The value `v` (a member, or kNone when the object has none), or kNone when absent (an optional
    // null counts as absent); says so when required.
    uint32_t Present(uint32_t v, const Path& path, bool required) {
        if (v == kNone || (!required && tape_.nodes[v].kind == Kind::Null)) {
            if (required) Error(path, "missing required field");
            return kNone;
        }
        return v;
    }
    // A string; `max_bytes` 0 means the scanner's cap (already enforced).
    bool String(uint32_t v, const Path& path, bool required, std::string_view& out, size_t max_bytes = 0,
                bool allow_empty = true) {
        if ((v = Present(v, path, required)) == kNone) return false;
        if (tape_.nodes[v].kind != Kind::String) { Error(path, "expected a string, got " + TypeName(tape_, v)); return false; }
        std::string_view s = tape_.Str(v);
        if (max_bytes && s.size() > max_bytes) {
            Error(path, "expected at most " + std::to_string(max_bytes) + " bytes of text, got " + std::to_string(s.size()));
            return false;
        }
        if (!allow_empty && s.empty()) { Error(path, "expected a non-empty string"); return false; }
        out = s;
        return true;
    }
    bool StringList(uint32_t v, const Path& path, bool required, size_t max_items, std::vector<std::string_view>& out) {
        out.clear();
        if ((v = Present(v, path, required)) == kNone) return false;
        if (tape_.nodes[v].kind != Kind::Array) { Error(path, "expected an array of strings, got " + TypeName(tape_, v)); return false; }
        if (tape_.nodes[v].count > max_items) {
            Error(path, "expected at most " + std::to_string(max_items) + " items, got " + std::to_string(tape_.nodes[v].count));
            return false;
        }
        uint32_t item = v + 1;
        for (uint32_t i = 0; i < tape_.nodes[v].count; ++i, item = tape_.nodes[item].next) {
            if (tape_.nodes[item].kind != Kind::String) {
                Error(path.Str() + "[" + std::to_string(i) + "]", "expected a string, got " + TypeName(tape_, item));
                return false;
            }
            out.push_back(tape_.Str(item));
        }
        return true;
    }
    bool Code(uint32_t v, const Path& path, CodeSet set, int& out, bool required = true) {
        std::string_view s;
        if (!String(v, path, required, s)) return false;
        if (!ParseCode(set, s, out)) { Error(path, "expected one of " + ExpectedCodes(set) + ", got " + Quoted(s)); return false; }
        return true;
    }
    bool Integer(uint32_t v, const Path& path, bool required, int64_t min, int64_t max, int64_t& out) {
        if ((v = Present(v, path, required)) == kNone) return false;
        const Node& n = tape_.nodes[v];
        if (!IsInteger(n) || AsInt64(n) < min || AsInt64(n) > max) {
            Error(path, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", got " + Found(tape_, v));
            return false;
        }
        out = AsInt64(n);
        return true;
    }
    // Fields of object `obj` not among `known`: a warning each, in key order. `prefix` names the
    // object inside the record: "" for the record itself, "sections." inside it.
    void WarnUnknown(uint32_t obj, const std::string& prefix, bool (*known)(std::string_view), const char* what = "unknown field") {
        for (uint32_t k : SortedKeys(tape_, obj))
            if (!known(tape_.Str(k))) Warn(prefix + std::string(tape_.Str(k)), std::string(what) + ", kept out of the model");
    }
    // Identifiers shared by the record and its relations' targets.
    void CheckId(const Path& path, std::string_view s) {
        if (!IsIdentifier(s)) Error(path, "expected 1-64 characters of a-z, 0-9 and '-', not starting with '-', got " + Quoted(s));
    }
    void CheckPmid(const Path& path, std::string_view s) {
        if (s.size() > 9 || !text::AllDigits(s)) Error(path, "expected a PMID of 1 to 9 digits, got " + Quoted(s));
    }
    void CheckDoi(const Path& path, std::string_view s) {
        if (s.substr(0, 3) != "10." || s.find('/') == std::string_view::npos)
            Error(path, "expected a DOI like \"10.1234/abc\" without a URL prefix, got " + Quoted(s));
    }
    void CheckDate(const Path& path, std::string_view s) {
        if (!text::IsDate(s)) Error(path, "expected a date YYYY-MM-DD, got " + Quoted(s));
    }

    const Tape& tape_;

private:
    Loader& loader_;
    std::string base_, name_;
    bool silent_;  // reads without a word (the header's preview while studies arrive)
    bool ok_ = true;
};

// [SECTION] Loader ---------------------------------------------------------------------------

// A study as read, before it is copied into the atlas: the strings are views of the tape.
struct StudyDraft {
    struct TextField { TextRef Study::*member; std::string_view value; };
    struct ListField { ListRef Study::*member; std::vector<std::string_view> items; };
    struct RelationDraft { Relation relation; std::string_view target, note; };
    std::string_view id, slug, pmid;
    std::vector<TextField> texts;
    std::vector<ListField> lists;          // reused: `used` of them are this study's
    size_t used = 0;
    std::vector<std::pair<std::string_view, std::vector<std::string_view>>> tags;  // category id -> labels
    size_t tags_used = 0;
    std::vector<RelationDraft> relations;
    bool has_population = false;
    Population population;
    std::string countries;                 // the codes run together
    std::vector<std::string_view> scratch;
    Study study;

    void Clear() {
        id = slug = pmid = {};
        texts.clear();
        used = tags_used = 0;
        relations.clear();
        has_population = false;
        population = Population{};
        countries.clear();
        study = Study{};
    }
    std::vector<std::string_view>& NewList(ListRef Study::*member) {
        if (used == lists.size()) lists.emplace_back();
        lists[used].member = member;
        lists[used].items.clear();
        return lists[used++].items;
    }
    std::vector<std::string_view>& NewTags(std::string_view category) {
        if (tags_used == tags.size()) tags.emplace_back();
        tags[tags_used].first = category;
        tags[tags_used].second.clear();
        return tags[tags_used++].second;
    }
};

// Studies of the atlas by one of their text fields (id, slug, PMID): an open-addressing table of study
// indices whose keys are the studies' own text in the atlas, so nothing is copied per study. Each slot
// keeps its key's hash, so a probe reads a study's text only when the hashes agree (a new key, the
// usual case, is turned away without touching any study) and growing never rereads the keys.
class StudyKeys {
public:
    explicit StudyKeys(TextRef Study::*field) : field_(field) {}
    uint32_t Find(const Atlas& atlas, std::string_view key) const {  // a study's index, or kNone
        if (slots_.empty()) return kNone;
        const uint32_t hash = Hash(key);
        const size_t mask = slots_.size() - 1;
        for (size_t i = hash & mask; slots_[i].study_plus_one; i = (i + 1) & mask)
            if (slots_[i].hash == hash && atlas.Text(atlas.studies[slots_[i].study_plus_one - 1].*field_) == key)
                return slots_[i].study_plus_one - 1;
        return kNone;
    }
    void Add(const Atlas& atlas, uint32_t study) {  // not there yet
        if ((count_ + 1) * 2 > slots_.size()) {
            std::vector<Slot> old(slots_.empty() ? 1024 : slots_.size() * 2);
            old.swap(slots_);
            count_ = 0;
            for (const Slot& slot : old)
                if (slot.study_plus_one) Place(slot);
        }
        Place({Hash(atlas.Text(atlas.studies[study].*field_)), study + 1});
    }

private:
    struct Slot {
        uint32_t hash = 0, study_plus_one = 0;  // 0: free
    };
    static uint32_t Hash(std::string_view s) {  // eight bytes at a time
        uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
        for (size_t i = 0; i < s.size(); i += 8) {
            uint64_t v = 0;
            std::memcpy(&v, s.data() + i, std::min<size_t>(s.size() - i, 8));
            h = (h ^ v) * 0xC4CEB9FE1A85EC53ull;
            h ^= h >> 29;
        }
        return (uint32_t)h;
    }
    void Place(Slot slot) {
        const size_t mask = slots_.size() - 1;
        size_t i = slot.hash & mask;
        while (slots_[i].study_plus_one) i = (i + 1) & mask;
        slots_[i] = slot;
        ++count_;
    }
    TextRef Study::*field_;
    std::vector<Slot> slots_;
    size_t count_ = 0;
};

class Loader {
public:
    Loader(Atlas& atlas, const LoadLimits& limits, LoadReport& report) : atlas_(atlas), limits_(limits), report_(report) {}

    void Problem(Severity severity, std::string record, std::string path, std::string message) {
        (severity == Severity::Error ? report_.errors : report_.warnings)++;
        if (report_.problems.size() >= limits_.max_problems) { report_.problems_dropped++; return; }
        report_.problems.push_back({severity, std::move(record), std::move(path), std::move(message)});
    }
    bool Fatal(std::string message) {
        if (report_.fatal.empty()) report_.fatal = std::move(message);
        return false;
    }
    const std::string& FatalMessage() const { return report_.fatal; }

    // A header field, whole. Its cap error (if any) is reported with the header, at the end.
    void HeaderField(std::string key, Tape&& tape) {
        if (FindHeader(key)) {
            Problem(Severity::Error, "header", key, "duplicate key, the first value is used");
            return;
        }
        if (!tape.error.empty()) header_errors_.push_back({key, tape.error_path, tape.error});
        header_.push_back({std::move(key), std::move(tape)});
    }
    // The studies array begins: a format or version we cannot read, seen before it, stops the load now.
    bool BeginStudies() {
        if (const Tape* format = FindHeader("format"); format && (format->nodes[0].kind != Kind::String || format->Str(0) != kFormatName))
            return Fatal("\"format\" is " + Found(*format, 0) + ", expected \"mecfs-atlas\"");
        if (const Tape* version = FindHeader("format_version"); version && IsInteger(version->nodes[0]) && AsInt64(version->nodes[0]) != kFormatVersion)
            return Fatal(VersionMessage(*version));
        if (!saw_studies_) {
            PlanModel();
            ReadHeader(true);
        }
        saw_studies_ = true;
        return true;
    }
    void SetSizeHint(size_t bytes) { size_hint_ = bytes; }
    void AddStudy(const Tape& tape);
    bool Finish();
    SearchIndexBuilder& Index() { return index_; }
    size_t StudiesSeen() const { return study_index_; }
    size_t ExpectedStudies() const { return expected_studies_; }

private:
    struct HeaderError { std::string key, path, message; };
    struct HeaderValue { std::string key; Tape tape; };

    static std::string VersionMessage(const Tape& v) {
        return "unsupported format_version " + Found(v, 0) + ": this loader reads version " + std::to_string(kFormatVersion);
    }
    const Tape* FindHeader(std::string_view key) const {
        for (const HeaderValue& h : header_)
            if (h.key == key) return &h.tape;
        return nullptr;
    }
    bool HasHeaderError(const std::string& key) const {
        for (const HeaderError& e : header_errors_)
            if (e.key == key) return true;
        return false;
    }
    // Called when the studies begin. Without a study count, the text arena starts at half the
    // document (text cannot exceed the input); with one, Reserve() sizes it from the studies read.
    void PlanModel() {
        if (const Tape* counts = FindHeader("counts"); counts && counts->nodes[0].kind == Kind::Object) {
            uint32_t n = Member(*counts, 0, "studies");
            if (n != kNone && counts->nodes[n].kind == Kind::Unsigned && counts->nodes[n].number.u > 0)
                expected_studies_ = (size_t)std::min<uint64_t>(counts->nodes[n].number.u, limits_.max_studies);
        }
        if (!expected_studies_ && size_hint_) atlas_.text.reserve(size_hint_ / 2);
    }
    // Room for `more` items. Growing by doubling copies, and while it copies the old and the new
    // buffer coexist (in the browser the heap keeps that peak for good): up to three times the final
    // size. Knowing how many studies come, the buffer is sized once from the studies read so far,
    // with 10% to spare (should that prove short, it grows by a new estimate, not by doubling).
    // The count is believed only once it asks for at most 64 times what is there, so a header
    // that lies about it wastes little more than doubling would.
    template <typename Buffer>
    void Reserve(Buffer& buffer, size_t more) {
        size_t need = buffer.size() + more;
        if (need <= buffer.capacity()) return;
        size_t done = report_.loaded + 1, target = need * 2;
        if (expected_studies_ > done) {
            double estimate = (double)need / (double)done * (double)expected_studies_ * 1.1;
            if (estimate <= (double)need * 64) target = std::max(need + need / 16, (size_t)estimate);
        }
        buffer.reserve(target);
    }
    void ReadFields(RecordReader& r, uint32_t obj, const std::string& prefix, const FieldSpec* fields,
                    const char* unknown, bool (*known)(std::string_view));
    void ReadTags(RecordReader& r, uint32_t value);
    void ReadRelations(RecordReader& r, uint32_t value);
    void ReadPopulation(RecordReader& r, uint32_t value);
    void ReadHeader(bool preview = false);

    TextRef Intern(std::string_view s) {
        TextRef ref{(uint32_t)atlas_.text.size(), (uint32_t)s.size()};
        atlas_.text.append(s);
        return ref;
    }
    ListRef InternList(const std::vector<std::string_view>& items) {
        ListRef ref{(uint32_t)atlas_.list_items.size(), (uint32_t)items.size()};
        for (std::string_view s : items) atlas_.list_items.push_back(Intern(s));
        return ref;
    }
    uint16_t CategoryIndex(std::string_view id) {
        auto [it, inserted] = category_index_.try_emplace(std::string(id), (uint16_t)atlas_.tag_categories.size());
        if (inserted) atlas_.tag_categories.push_back({std::string(id), std::string(id)});
        return it->second;
    }

    Atlas& atlas_;
    const LoadLimits& limits_;
    LoadReport& report_;
    std::vector<HeaderValue> header_;          // header fields in document order
    std::vector<HeaderError> header_errors_;
    bool saw_studies_ = false;
    size_t study_index_ = 0;
    size_t size_hint_ = 0;         // the document's size, when known
    size_t expected_studies_ = 0;  // the header's counts.studies, when it has a plausible one
    StudyDraft d_;
    StudyKeys ids_{&Study::id}, slugs_{&Study::slug}, pmids_{&Study::pmid};
    std::vector<uint32_t> document_index_;  // Atlas::studies[i] is studies[document_index_[i]] in the document
    std::vector<bool> category_used_;       // by Atlas::tag_categories index: first use recorded
    std::unordered_map<std::string, uint32_t> tag_index_;       // "category\x1flabel" -> Atlas::tags
    std::unordered_map<std::string, uint16_t> category_index_;  // category id -> Atlas::tag_categories
    std::map<std::string, std::string> category_first_use_;  // id -> "record\x1fpath", sorted for stable output
    std::string tag_key_;
    SearchIndexBuilder index_;

    friend class RecordReader;
};

void RecordReader::Error(const Path& field, std::string message) {
    ok_ = false;
    if (!silent_) loader_.Problem(Severity::Error, name_, PathOf(field), std::move(message));
}
void RecordReader::Warn(const Path& field, std::string message) {
    if (!silent_) loader_.Problem(Severity::Warning, name_, PathOf(field), std::move(message));
}

bool IsKnown(const FieldSpec* fields, std::string_view key) {
    for (const FieldSpec* f = fields; !f->key.empty(); ++f)
        if (f->key == key) return true;
    return false;
}
bool IsStudyField(std::string_view key) { return IsKnown(kStudyFields, key); }
bool IsSection(std::string_view key) {
    for (const FieldSpec* f = kStudyFields; !f->key.empty(); ++f)
        if (f->kind == FieldKind::Object && f->key == "sections") return IsKnown(f->members, key);
    return false;
}

// The fields of object `obj` by the table, in its order; `prefix` is "" for the record, "sections."
// inside it. Members are matched to the table in one pass; `unknown` (when not null) is the warning
// each other member gets, in key order.
void Loader::ReadFields(RecordReader& r, uint32_t obj, const std::string& prefix, const FieldSpec* fields,
                        const char* unknown, bool (*known)(std::string_view)) {
    StudyDraft& d = d_;
    Study& s = d.study;
    const Tape& t = r.tape_;
    uint32_t slots[32];
    size_t count = 0;
    for (const FieldSpec* f = fields; !f->key.empty(); ++f) slots[count++] = kNone;
    bool others = false;
    for (uint32_t k = obj + 1, m = 0; m < t.nodes[obj].count; ++m, k = t.nodes[k + 1].next) {
        std::string_view key = t.Str(k);
        size_t i = 0;
        while (i < count && (fields[i].key.size() != key.size() || fields[i].key != key)) ++i;
        if (i < count) slots[i] = k + 1;
        else others = true;
    }
    if (others && unknown) r.WarnUnknown(obj, prefix, known, unknown);
    for (size_t i = 0; i < count; ++i) {
        const FieldSpec* f = &fields[i];
        const Path path(prefix, f->key);
        const uint32_t v = slots[i];
        std::string_view str;
        switch (f->kind) {
        case FieldKind::Id:
            if (r.String(v, path, f->required, str)) {
                r.CheckId(path, str);
                d.texts.push_back({f->text, str});
                (f->text == &Study::id ? d.id : d.slug) = str;
            }
            break;
        case FieldKind::Text:
            if (r.String(v, path, f->required, str)) d.texts.push_back({f->text, str});
            break;
        case FieldKind::Title:
            if (r.String(v, path, f->required, str, limits_.max_title_bytes, !f->non_empty)) d.texts.push_back({f->text, str});
            break;
        case FieldKind::TextList: {
            size_t cap = f->list == &Study::authors ? limits_.max_authors : f->max_items ? f->max_items : limits_.max_list_items;
            std::vector<std::string_view>& items = d.NewList(f->list);
            if (!r.StringList(v, path, f->required, cap, items)) --d.used;
            break;
        }
        case FieldKind::Year:
            if (uint32_t y = r.Present(v, path, f->required); y != kNone) {
                const Node& n = t.nodes[y];
                if (!IsInteger(n) || AsInt64(n) < kMinYear || AsInt64(n) > kMaxYear)
                    r.Error(path, "expected an integer from " + std::to_string(kMinYear) + " to " + std::to_string(kMaxYear) +
                                      ", got " + Found(t, y));
                else s.year = (int16_t)AsInt64(n);
            }
            break;
        case FieldKind::Pmid:
            if (r.String(v, path, f->required, str)) {
                r.CheckPmid(path, str);
                d.texts.push_back({f->text, str});
                d.pmid = str;
            }
            break;
        case FieldKind::Doi:
            if (r.String(v, path, f->required, str)) {
                r.CheckDoi(path, str);
                d.texts.push_back({f->text, str});
            }
            break;
        case FieldKind::Date:
            if (r.String(v, path, f->required, str)) {
                r.CheckDate(path, str);
                d.texts.push_back({f->text, str});
            }
            break;
        case FieldKind::Bool:
            if (uint32_t b = r.Present(v, path, f->required); b != kNone) {
                Kind k = t.nodes[b].kind;
                if (k != Kind::True && k != Kind::False) r.Error(path, "expected true or false, got " + Found(t, b));
                else s.*(f->flag) = k == Kind::True;
            }
            break;
        case FieldKind::Code: {
            int code = 0;
            if (!r.Code(v, path, f->codes, code, f->required)) break;
            switch (f->codes) {
            case CodeSet::Evidence: s.evidence = (EvidenceLevel)code; break;
            case CodeSet::Confidence: s.confidence = (Confidence)code; break;
            case CodeSet::Pem: s.pem = (PemCriterion)code; break;
            case CodeSet::PeerReview: s.peer_review = (PeerReview)code; break;
            case CodeSet::ReviewStatus: s.review_status = (ReviewStatus)code; break;
            case CodeSet::PublicationType: s.publication_type = (PublicationType)code; break;
            default: break;
            }
            break;
        }
        case FieldKind::CodeList: {
            std::vector<std::string_view>& codes = d.scratch;
            if (!r.StringList(v, path, f->required, f->max_items, codes)) break;
            for (size_t k = 0; k < codes.size(); ++k) {
                int bit = 0;
                if (!ParseCode(f->codes, codes[k], bit))
                    r.Error(path.Str() + "[" + std::to_string(k) + "]",
                            "expected one of " + ExpectedCodes(f->codes) + ", got " + Quoted(codes[k]));
                else s.case_definitions |= (uint16_t)(1u << bit);
            }
            break;
        }
        case FieldKind::Object:
            if (uint32_t o = r.Present(v, path, f->required); o != kNone) {
                if (t.nodes[o].kind != Kind::Object) { r.Error(path, "expected an object, got " + TypeName(t, o)); break; }
                bool sections = f->key == "sections";  // unknown members of "retraction" were never reported
                ReadFields(r, o, path.Str() + ".", f->members, sections ? "unknown section" : nullptr, IsSection);
            }
            break;
        case FieldKind::Tags:
            if (uint32_t o = r.Present(v, path, f->required); o != kNone) ReadTags(r, o);
            break;
        case FieldKind::Relations:
            if (uint32_t o = r.Present(v, path, f->required); o != kNone) ReadRelations(r, o);
            break;
        case FieldKind::Population:
            if (uint32_t o = r.Present(v, path, f->required); o != kNone) ReadPopulation(r, o);
            break;
        case FieldKind::Unread: break;
        }
    }
}

void Loader::ReadTags(RecordReader& r, uint32_t v) {
    const Tape& t = r.tape_;
    if (t.nodes[v].kind != Kind::Object) { r.Error("tags", "expected an object of tag lists, got " + TypeName(t, v)); return; }
    // A std::map's order, as before: by category key.
    bool sorted = true;
    for (uint32_t k = v + 1, m = 0; m + 1 < t.nodes[v].count; ++m) {
        uint32_t next = t.nodes[k + 1].next;
        sorted &= t.Str(k) < t.Str(next);
        k = next;
    }
    std::vector<uint32_t> keys;
    if (!sorted) keys = SortedKeys(t, v);
    for (uint32_t k = v + 1, m = 0; m < t.nodes[v].count; ++m, k = t.nodes[k + 1].next) {
        uint32_t key = sorted ? k : keys[m];
        std::string_view category = t.Str(key);
        const Path path("tags.", category);
        if (!IsCategoryId(category)) {
            r.Error(path, "expected a tag category id of a-z, 0-9, '-' and '_'");
            continue;
        }
        std::vector<std::string_view>& labels = d_.NewTags(category);
        if (!r.StringList(key + 1, path, true, limits_.max_tags_per_category, labels)) --d_.tags_used;
    }
}

bool IsRelationKey(std::string_view k) { return k == "type" || k == "id" || k == "doi" || k == "pmid" || k == "note"; }
bool IsPopulationKey(std::string_view k) {
    return k == "n_patients" || k == "n_controls" || k == "severity" || k == "age_group" || k == "female_percent" ||
           k == "onset" || k == "countries";
}

void Loader::ReadRelations(RecordReader& r, uint32_t rels) {
    const Tape& t = r.tape_;
    if (t.nodes[rels].kind != Kind::Array) { r.Error("relations", "expected an array of relations, got " + TypeName(t, rels)); return; }
    if (t.nodes[rels].count > limits_.max_relations) {
        r.Error("relations", "expected at most " + std::to_string(limits_.max_relations) + " items, got " +
                                 std::to_string(t.nodes[rels].count));
        return;
    }
    uint32_t item = rels + 1;
    for (uint32_t i = 0; i < t.nodes[rels].count; ++i, item = t.nodes[item].next) {
        std::string path = "relations[" + std::to_string(i) + "]";
        if (t.nodes[item].kind != Kind::Object) { r.Error(path, "expected an object, got " + TypeName(t, item)); continue; }
        r.WarnUnknown(item, path + ".", IsRelationKey);
        StudyDraft::RelationDraft rd;
        int type = 0;
        if (r.Code(r.At(item, "type"), path + ".type", CodeSet::RelationType, type)) rd.relation.type = (RelationType)type;
        RelationTarget given[3];
        int count = 0;
        for (RelationTarget kind : {RelationTarget::Id, RelationTarget::Doi, RelationTarget::Pmid}) {
            uint32_t m = r.At(item, RelationTargetKey(kind));
            if (m != kNone && t.nodes[m].kind != Kind::Null) given[count++] = kind;
        }
        if (count != 1) {
            std::string got = count == 0 ? "none" : "";
            for (int k = 0; k < count; ++k)
                got += (k == 0 ? "\"" : k + 1 == count ? " and \"" : ", \"") + std::string(RelationTargetKey(given[k])) + "\"";
            r.Error(path, "expected exactly one target, \"id\", \"doi\" or \"pmid\", got " + got);
            continue;
        }
        rd.relation.target_kind = given[0];
        std::string_view key = RelationTargetKey(given[0]);
        std::string target_path = path + "." + std::string(key);
        if (!r.String(r.At(item, key), target_path, true, rd.target)) continue;
        switch (given[0]) {
        case RelationTarget::Id: r.CheckId(target_path, rd.target); break;
        case RelationTarget::Doi: r.CheckDoi(target_path, rd.target); break;
        case RelationTarget::Pmid: r.CheckPmid(target_path, rd.target); break;
        }
        if (r.String(r.At(item, "note"), path + ".note", false, rd.note)) {
            size_t chars = text::CountCharacters(rd.note);
            if (chars > kMaxRelationNoteChars)
                r.Error(path + ".note", "expected at most " + std::to_string(kMaxRelationNoteChars) + " characters, got " +
                                            std::to_string(chars));
        }
        d_.relations.push_back(rd);
    }
}

void Loader::ReadPopulation(RecordReader& r, uint32_t pop) {
    const Tape& t = r.tape_;
    if (t.nodes[pop].kind != Kind::Object) { r.Error("population", "expected an object, got " + TypeName(t, pop)); return; }
    Population& p = d_.population;
    d_.has_population = true;
    r.WarnUnknown(pop, "population.", IsPopulationKey);
    int64_t n = 0;
    if (r.Integer(r.At(pop, "n_patients"), "population.n_patients", false, 0, kMaxParticipants, n)) p.n_patients = (int32_t)n;
    if (r.Integer(r.At(pop, "n_controls"), "population.n_controls", false, 0, kMaxParticipants, n)) p.n_controls = (int32_t)n;
    if (uint32_t f = r.Present(r.At(pop, "female_percent"), "population.female_percent", false); f != kNone) {
        const Node& node = t.nodes[f];
        bool number = IsInteger(node) || node.kind == Kind::Float;
        if (!number || !(AsDouble(node) >= 0 && AsDouble(node) <= 100))
            r.Error("population.female_percent", "expected a number from 0 to 100, got " + Found(t, f));
        else p.female_percent = AsDouble(node);
    }
    int code = 0;
    if (r.Code(r.At(pop, "age_group"), "population.age_group", CodeSet::AgeGroup, code, false)) p.age_group = (AgeGroup)code;
    if (r.Code(r.At(pop, "onset"), "population.onset", CodeSet::Onset, code, false)) p.onset = (Onset)code;
    std::vector<std::string_view>& items = d_.scratch;
    if (r.StringList(r.At(pop, "severity"), "population.severity", false, limits_.max_list_items, items)) {
        for (size_t i = 0; i < items.size(); ++i) {
            std::string path = "population.severity[" + std::to_string(i) + "]";
            int bit = 0;
            if (!ParseCode(CodeSet::Severity, items[i], bit))
                r.Error(path, "expected one of " + ExpectedCodes(CodeSet::Severity) + ", got " + Quoted(items[i]));
            else if (p.severity & (1u << bit)) r.Error(path, "duplicate value " + Quoted(items[i]));
            else p.severity |= (uint8_t)(1u << bit);
        }
    }
    if (r.StringList(r.At(pop, "countries"), "population.countries", false, limits_.max_list_items, items)) {
        for (size_t i = 0; i < items.size(); ++i) {
            std::string path = "population.countries[" + std::to_string(i) + "]";
            bool duplicate = false;
            for (size_t k = 0; k + 1 < d_.countries.size(); k += 2) duplicate |= d_.countries.compare(k, 2, items[i]) == 0;
            if (!IsCountryCode(items[i]))
                r.Error(path, "expected an ISO 3166-1 alpha-2 country code such as \"GB\", got " + Quoted(items[i]));
            else if (duplicate) r.Error(path, "duplicate value " + Quoted(items[i]));
            else d_.countries.append(items[i]);
        }
    }
}

void Loader::AddStudy(const Tape& tape) {
    size_t index = study_index_++;
    if (index >= limits_.max_studies) {
        if (index == limits_.max_studies)
            Problem(Severity::Error, "#" + std::to_string(index), "studies",
                    "more than " + std::to_string(limits_.max_studies) + " studies: the rest are ignored");
        report_.rejected++;
        return;
    }
    std::string base = "studies[" + std::to_string(index) + "]";
    std::string name = tape.has_id && IsIdentifier(tape.id) ? tape.id : "#" + std::to_string(index);
    if (!tape.error.empty()) {
        Problem(Severity::Error, name, tape.error_path, tape.error);
        report_.rejected++;
        return;
    }
    RecordReader r(*this, tape, base, name);
    if (tape.nodes[0].kind != Kind::Object) {
        r.Error("", "expected a study object, got " + TypeName(tape, 0));
        report_.rejected++;
        return;
    }
    StudyDraft& d = d_;
    d.Clear();
    ReadFields(r, 0, "", kStudyFields, "unknown field", IsStudyField);

    if (r.ok()) {
        if (uint32_t prior = ids_.Find(atlas_, d.id); prior != kNone)
            r.Error("id", "duplicate id " + Quoted(d.id) + " (first used by studies[" + std::to_string(document_index_[prior]) + "])");
        else if (uint32_t prior_slug = slugs_.Find(atlas_, d.slug); prior_slug != kNone)
            r.Error("slug", "duplicate slug " + Quoted(d.slug) + " (first used by studies[" + std::to_string(document_index_[prior_slug]) + "])");
    }
    if (!r.ok()) {
        report_.rejected++;
        return;
    }
    // The same paper twice is legal JSON but almost always a mistake: say so, keep both.
    bool new_pmid = true;
    if (!d.pmid.empty()) {
        if (uint32_t prior = pmids_.Find(atlas_, d.pmid); prior != kNone) {
            new_pmid = false;
            r.Warn("pmid", "PMID " + std::string(d.pmid) + " is also used by studies[" + std::to_string(document_index_[prior]) + "]");
        }
    }

    size_t text = d.countries.size(), items = 0, tag_count = 0;
    for (const StudyDraft::TextField& f : d.texts) text += f.value.size();
    for (size_t i = 0; i < d.used; ++i) {
        items += d.lists[i].items.size();
        for (std::string_view v : d.lists[i].items) text += v.size();
    }
    for (size_t i = 0; i < d.tags_used; ++i) tag_count += d.tags[i].second.size();
    for (const StudyDraft::RelationDraft& rd : d.relations) text += rd.target.size() + rd.note.size();
    Reserve(atlas_.text, text);
    Reserve(atlas_.list_items, items);
    Reserve(atlas_.study_tags, tag_count);
    Reserve(atlas_.studies, 1);
    atlas::Study& s = d.study;
    for (const StudyDraft::TextField& f : d.texts) s.*(f.member) = Intern(f.value);
    for (size_t i = 0; i < d.used; ++i) s.*(d.lists[i].member) = InternList(d.lists[i].items);
    s.tags.first = (uint32_t)atlas_.study_tags.size();
    for (size_t i = 0; i < d.tags_used; ++i) {
        std::string_view category = d.tags[i].first;
        uint16_t cat = CategoryIndex(category);
        if (cat >= category_used_.size()) category_used_.resize(cat + 1u, false);
        if (!category_used_[cat]) {
            category_used_[cat] = true;
            category_first_use_.emplace(std::string(category), name + '\x1f' + base + ".tags." + std::string(category));
        }
        for (std::string_view label : d.tags[i].second) {
            tag_key_.assign(category);
            tag_key_ += '\x1f';
            tag_key_.append(label);
            auto [it, inserted] = tag_index_.try_emplace(tag_key_, (uint32_t)atlas_.tags.size());
            if (inserted) atlas_.tags.push_back({cat, std::string(label)});
            atlas_.study_tags.push_back(it->second);
        }
    }
    s.tags.count = (uint32_t)atlas_.study_tags.size() - s.tags.first;
    s.relations = {(uint32_t)atlas_.relations.size(), (uint32_t)d.relations.size()};
    for (StudyDraft::RelationDraft& rd : d.relations) {
        rd.relation.target = Intern(rd.target);
        rd.relation.note = Intern(rd.note);
        atlas_.relations.push_back(rd.relation);
    }
    if (d.has_population) {
        d.population.countries = Intern(d.countries);
        s.population = (uint32_t)atlas_.populations.size();
        atlas_.populations.push_back(d.population);
    }
    atlas_.studies.push_back(s);
    const uint32_t added = (uint32_t)atlas_.studies.size() - 1;
    document_index_.push_back((uint32_t)index);
    ids_.Add(atlas_, added);
    slugs_.Add(atlas_, added);
    if (!d.pmid.empty() && new_pmid) pmids_.Add(atlas_, added);
    report_.loaded++;
    // Its words are counted while the rest of the atlas is still arriving, a batch of studies at a time:
    // reading and counting in turns of one study each would keep evicting each other's memory.
    if (atlas_.studies.size() - index_.Studies() >= kIndexBatch) index_.CatchUp(atlas_);
}

// `preview`: when the studies begin, the header read so far, without a word: its title, evidence level
// texts and declared tag categories (in their order) serve a search over what has arrived. The whole
// header is read again, with its problems, at the end.
void Loader::ReadHeader(bool preview) {
    AtlasHeader& h = atlas_.header;
    static constexpr std::string_view kKnown[] = {
        "format", "format_version", "title", "generated", "source", "license", "generator", "policy_version",
        "synthetic", "contribute_url", "about_url", "tag_categories", "evidence_levels", "counts", "content_hash"};
    if (!preview)
        for (const HeaderError& e : header_errors_) Problem(Severity::Error, "header", e.path, e.message);
    // The header as one object, in a tape of its own: each usable field's value under its key.
    Tape header;
    header.nodes.push_back(Node{Kind::Object});
    for (const HeaderValue& field : header_) {
        if (HasHeaderError(field.key)) continue;
        if (std::find(std::begin(kKnown), std::end(kKnown), field.key) == std::end(kKnown)) {
            if (!preview) Problem(Severity::Warning, "header", field.key, "unknown field, kept out of the model");
            continue;
        }
        uint32_t key = (uint32_t)header.nodes.size();
        header.nodes.push_back(Node{Kind::String});
        header.nodes[key].offset = (uint32_t)header.text.size();
        header.nodes[key].length = (uint32_t)field.key.size();
        header.nodes[key].next = key + 1;
        header.text += field.key;
        uint32_t shift = (uint32_t)header.nodes.size(), text_shift = (uint32_t)header.text.size();
        for (Node n : field.tape.nodes) {
            n.next += shift;
            if (n.kind == Kind::String) n.offset += text_shift;
            header.nodes.push_back(n);
        }
        header.text += field.tape.text;
        header.nodes[0].count++;
    }
    header.nodes[0].next = (uint32_t)header.nodes.size();
    RecordReader r(*this, header, "", "header", preview);
    std::string_view text;
    h.format_version = kFormatVersion;
    if (r.String(r.At(0, "title"), "title", true, text, limits_.max_title_bytes)) h.title = text;
    else h.title = "Untitled atlas";
    if (r.String(r.At(0, "generated"), "generated", true, text)) {
        if (!text::IsDate(text)) r.Error("generated", "expected a date YYYY-MM-DD, got " + Quoted(text));
        else h.generated = text;
    }
    if (r.String(r.At(0, "source"), "source", false, text)) h.source = text;
    if (r.String(r.At(0, "license"), "license", false, text)) h.license = text;
    if (r.String(r.At(0, "generator"), "generator", false, text)) h.generator = text;
    if (r.String(r.At(0, "policy_version"), "policy_version", false, text)) h.policy_version = text;
    if (r.String(r.At(0, "content_hash"), "content_hash", false, text)) h.content_hash = text;
    for (const char* key : {"contribute_url", "about_url"}) {
        if (!r.String(r.At(0, key), key, false, text)) continue;
        bool safe = text.rfind("https://", 0) == 0 || text.rfind("http://", 0) == 0 || text.rfind("mailto:", 0) == 0;
        if (!safe) r.Error(key, "expected an https:, http: or mailto: link, got " + Quoted(text));
        else (std::string_view(key) == "about_url" ? h.about_url : h.contribute_url) = text;
    }
    if (uint32_t syn = r.Present(r.At(0, "synthetic"), "synthetic", false); syn != kNone) {
        Kind k = header.nodes[syn].kind;
        if (k != Kind::True && k != Kind::False) r.Error("synthetic", "expected true or false, got " + Found(header, syn));
        else h.synthetic = k == Kind::True;
    }
    for (int i = 0; i < kEvidenceLevelCount; ++i) h.evidence_levels[i] = DefaultEvidenceLevelText((EvidenceLevel)i);
    if (uint32_t levels = r.Present(r.At(0, "evidence_levels"), "evidence_levels", false); levels != kNone) {
        if (header.nodes[levels].kind != Kind::Array) r.Error("evidence_levels", "expected an array, got " + TypeName(header, levels));
        else {
            uint32_t item = levels + 1;
            for (uint32_t i = 0; i < header.nodes[levels].count; ++i, item = header.nodes[item].next) {
                std::string path = "evidence_levels[" + std::to_string(i) + "]";
                if (header.nodes[item].kind != Kind::Object) { r.Error(path, "expected an object, got " + TypeName(header, item)); continue; }
                int level = 0;
                std::string_view label, description;
                if (!r.Code(r.At(item, "code"), path + ".code", CodeSet::Evidence, level)) continue;
                if (r.String(r.At(item, "label"), path + ".label", true, label)) h.evidence_levels[level].label = label;
                if (r.String(r.At(item, "description"), path + ".description", true, description))
                    h.evidence_levels[level].description = description;
            }
        }
    }
    // Declared categories come first, in the header's order; categories only seen in studies follow.
    std::vector<TagCategory> declared;
    if (uint32_t cats = r.Present(r.At(0, "tag_categories"), "tag_categories", true); cats != kNone) {
        if (header.nodes[cats].kind != Kind::Array) r.Error("tag_categories", "expected an array, got " + TypeName(header, cats));
        else {
            uint32_t item = cats + 1;
            for (uint32_t i = 0; i < header.nodes[cats].count; ++i, item = header.nodes[item].next) {
                std::string path = "tag_categories[" + std::to_string(i) + "]";
                if (header.nodes[item].kind != Kind::Object) { r.Error(path, "expected an object, got " + TypeName(header, item)); continue; }
                std::string_view id, name;
                if (r.String(r.At(item, "id"), path + ".id", true, id, 64, false) &&
                    r.String(r.At(item, "name"), path + ".name", true, name, 200, false))
                    declared.push_back({std::string(id), std::string(name)});
            }
        }
    }
    for (const TagCategory& cat : declared) atlas_.tag_categories[CategoryIndex(cat.id)].name = cat.name;
    if (preview) return;  // the declared categories now come first, in order: later tags get their final index
    for (auto& [id, use] : category_first_use_) {
        bool is_declared = false;
        for (const TagCategory& cat : declared) is_declared |= cat.id == id;
        if (!is_declared) {
            size_t sep = use.find('\x1f');
            Problem(Severity::Warning, use.substr(0, sep), use.substr(sep + 1),
                    "tag category " + Quoted(id) + " is not declared in the header's tag_categories");
        }
    }
    // Reorder categories: declared first. Remap tag category indices accordingly.
    std::vector<uint16_t> new_index(atlas_.tag_categories.size());
    std::vector<TagCategory> ordered;
    for (const TagCategory& cat : declared) {
        uint16_t old = category_index_[cat.id];
        bool seen = false;
        for (const TagCategory& o : ordered) seen |= o.id == cat.id;
        if (seen) continue;
        new_index[old] = (uint16_t)ordered.size();
        ordered.push_back(atlas_.tag_categories[old]);
    }
    for (size_t old = 0; old < atlas_.tag_categories.size(); ++old) {
        bool placed = false;
        for (const TagCategory& o : ordered) placed |= o.id == atlas_.tag_categories[old].id;
        if (placed) continue;
        new_index[old] = (uint16_t)ordered.size();
        ordered.push_back(atlas_.tag_categories[old]);
    }
    atlas_.tag_categories = std::move(ordered);
    for (Tag& tag : atlas_.tags) tag.category = new_index[tag.category];
}

bool Loader::Finish() {
    if (!report_.fatal.empty()) return false;
    const Tape* format = FindHeader("format");
    if (!format) return Fatal("missing \"format\": expected \"mecfs-atlas\"");
    if (format->nodes[0].kind != Kind::String || format->Str(0) != kFormatName)
        return Fatal("\"format\" is " + Found(*format, 0) + ", expected \"mecfs-atlas\"");
    const Tape* version = FindHeader("format_version");
    if (!version) return Fatal("missing \"format_version\": expected 1");
    if (!IsInteger(version->nodes[0]) || AsInt64(version->nodes[0]) != kFormatVersion) return Fatal(VersionMessage(*version));
    if (!saw_studies_) return Fatal("missing \"studies\" array");
    ReadHeader();
    for (Relation& rel : atlas_.relations) {
        if (rel.target_kind != RelationTarget::Id) continue;
        rel.study = ids_.Find(atlas_, atlas_.Text(rel.target));  // kNone (kNoIndex) when not in the atlas
    }
    return true;
}

// The one finishing step of every load (LoadAtlas and AtlasStreamLoader alike): the header is
// checked and read, then the model is either complete, with its search index (whose words were
// counted as each study arrived), or emptied.
void FinishLoad(Loader& loader, Atlas& out, LoadReport& report) {
    report.usable = loader.Finish();
    if (report.usable) out.search = loader.Index().Finish(out);
    if (!report.usable) {
        out = Atlas{};
        report.problems.clear();
        report.loaded = report.rejected = report.errors = report.warnings = report.problems_dropped = 0;
    }
}

}  // namespace

// [SECTION] AtlasStreamLoader ----------------------------------------------------------------
//
// The document's top level is read by a small state machine; each value inside it (a header field, a
// study) is scanned whole by the Scanner. A value cut by the end of what has arrived is scanned again
// once at least twice as many bytes are there (so a study read in 1-byte chunks costs a few passes, a
// 20 MB string a few dozen, never one per chunk). Only the bytes from the last study that began are
// kept: that is where the unusable-file path would start.

struct AtlasStreamLoader::Impl {
    Impl(Atlas& out_, const LoadLimits& limits_, size_t size_hint)
        : out(out_), limits(limits_), unlimited(Unlimited(limits_)), loader(out_, limits, report), scanner(limits),
          whole(unlimited) {
        out = Atlas{};
        loader.SetSizeHint(size_hint);
    }
    static LoadLimits Unlimited(LoadLimits l) {
        l.max_string_bytes = l.max_record_bytes = SIZE_MAX;
        return l;
    }

    enum class State {
        kStart,            // before the document (a byte-order mark, whitespace)
        kKeyOrEnd,         // after '{' of the top object: a key or '}'
        kKey,              // after ',' in the top object
        kColon,            // after a top-level key
        kValue,            // a top-level value
        kCommaOrEnd,       // after a top-level value
        kStudyOrEnd,       // after '[' of studies
        kStudy,            // after ',' in studies
        kStudyCommaOrEnd,  // after a study
        kDone,             // after the top object: only whitespace
    };

    Atlas& out;
    LoadLimits limits, unlimited;
    LoadReport report;
    Loader loader;
    Scanner scanner;                 // studies and header fields, with the caps
    Scanner whole;                   // top-level keys and scalars, whose caps do not apply
    Tape tape;
    Place place;
    bool finished = false;

    State state = State::kStart;
    std::string key;                 // the top-level key being read
    std::string buffer;              // bytes from `buffer_start` on, still needed
    size_t buffer_start = 0;         // document offset of buffer[0]
    size_t position = 0;             // document offset of the next byte to read
    size_t total = 0;                // bytes fed
    size_t retry_at = 0;             // a value cut by the end of the bytes is scanned again once `total` gets here
    ResumePoint resume;              // where the unusable-file scan would start
    std::unique_ptr<UnusableFile> unusable;
    bool unusable_parse = false;     // it looks for the syntax error too (else only for invalid UTF-8)
    std::string_view current;        // the bytes being read, from document offset `current_origin`
    size_t current_origin = 0;

    // Scans the value at p with `with`; the place is counted again if it must be scanned again.
    Scan ScanAt(Scanner& with, const char* p, const char* end, bool final, std::string_view base, const char*& stop) {
        Place before = place;
        Scan s = with.Value(p, end, position, final, base, tape, place, stop);
        if (s != Scan::Done) place = before;
        return s;
    }

    // Reads what it can of `current`; `final`: nothing comes after it.
    void Run(bool final) {
        const char* data = current.data();
        const char* end = data + current.size();
        for (;;) {
            const char* p = data + (position - current_origin);
            while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) {
                if (*p == '\n') {
                    place.line++;
                    place.line_start = current_origin + (size_t)(p - data) + 1;
                    place.continuation_at_line_start = place.continuation;
                }
                ++p;
            }
            position = current_origin + (size_t)(p - data);
            if (p >= end) {
                if (final && state != State::kDone) Broken();
                return;
            }
            if (state == State::kStart && position == 0 && (unsigned char)*p == 0xEF) {
                // nlohmann skips a byte-order mark at the very start.
                size_t have = std::min<size_t>(3, (size_t)(end - p));
                if (std::memcmp(p, "\xEF\xBB\xBF", have) != 0) return Broken();
                if (have < 3) return Wait(final);
                position += 3;
                place.continuation += 2;  // one character, as an editor counts it
                continue;
            }
            char c = *p;
            const char* stop = nullptr;
            switch (state) {
            case State::kStart:
                if (c == '{') { state = State::kKeyOrEnd; ++position; continue; }
                if (c == '[') return Stop("top level is an array, expected an object");
                // A scalar: its type is the message, once it is known to be a whole, valid token.
                switch (ScanAt(whole, p, end, final, "", stop)) {
                case Scan::More: return Wait(final);
                case Scan::Wrong: return Broken();
                case Scan::Done: return Stop("top level is " + TypeName(tape, 0) + ", expected an object");
                }
                return;
            case State::kKeyOrEnd:
            case State::kKey:
                if (c == '}' && state == State::kKeyOrEnd) { state = State::kDone; ++position; continue; }
                if (c != '"') return Broken();
                switch (ScanAt(whole, p, end, final, "", stop)) {
                case Scan::More: return Wait(final);
                case Scan::Wrong: return Broken();
                case Scan::Done: break;
                }
                key.assign(tape.Str(0));
                position = current_origin + (size_t)(stop - data);
                state = State::kColon;
                continue;
            case State::kColon:
                if (c != ':') return Broken();
                ++position;
                state = State::kValue;
                continue;
            case State::kValue:
                if (key == "studies") {
                    if (c == '[') {
                        if (!loader.BeginStudies()) return Stop(std::string());
                        ++position;
                        state = State::kStudyOrEnd;
                        continue;
                    }
                    if (c == '{') return Stop("\"studies\" is an object, expected an array");
                    switch (ScanAt(whole, p, end, final, "", stop)) {
                    case Scan::More: return Wait(final);
                    case Scan::Wrong: return Broken();
                    case Scan::Done: return Stop("\"studies\" is " + TypeName(tape, 0) + ", expected an array");
                    }
                }
                switch (ScanAt(scanner, p, end, final, key, stop)) {
                case Scan::More: return Wait(final);
                case Scan::Wrong: return Broken();
                case Scan::Done: break;
                }
                position = current_origin + (size_t)(stop - data);
                loader.HeaderField(key, std::move(tape));
                tape = Tape();
                state = State::kCommaOrEnd;
                continue;
            case State::kCommaOrEnd:
                if (c == ',') { state = State::kKey; ++position; continue; }
                if (c == '}') { state = State::kDone; ++position; continue; }
                return Broken();
            case State::kStudyOrEnd:
            case State::kStudy: {
                if (c == ']' && state == State::kStudyOrEnd) { state = State::kCommaOrEnd; ++position; continue; }
                std::string base = "studies[" + std::to_string(loader.StudiesSeen()) + "]";
                Scan s = ScanAt(scanner, p, end, final, base, stop);
                if (s == Scan::More) return Wait(final);
                if (tape.first_key != std::string::npos)  // an unusable-file scan would start here from now on
                    resume = {tape.first_key, tape.first_key_line, tape.first_key_column, true};
                if (s == Scan::Wrong) return Broken();
                position = current_origin + (size_t)(stop - data);
                loader.AddStudy(tape);
                state = State::kStudyCommaOrEnd;
                continue;
            }
            case State::kStudyCommaOrEnd:
                if (c == ',') { state = State::kStudy; ++position; continue; }
                if (c == ']') { state = State::kCommaOrEnd; ++position; continue; }
                return Broken();
            case State::kDone:
                // nlohmann takes a NUL byte for the end of the input: what follows is not read, but
                // its UTF-8 is still checked, as everywhere.
                if (c == '\0') return StartUnusable(false);
                return Broken();  // something after the document
            }
        }
    }

    // A value is cut by the end of what has arrived: scan it again once the bytes have doubled.
    void Wait(bool final) {
        if (final) return Broken();
        retry_at = total + std::max<size_t>(total - position, 4096);
    }
    // The document is broken: from here on only the unusable-file scan runs.
    void Broken() { StartUnusable(true); }
    // The loader stopped with a message (empty: it has set one itself); only UTF-8 is still checked.
    void Stop(std::string message) {
        if (!message.empty()) loader.Fatal(std::move(message));
        StartUnusable(false);
    }
    void StartUnusable(bool parse) {
        unusable_parse = parse;
        unusable.reset(new UnusableFile(resume, parse));
        unusable->Feed(current.substr(resume.offset - current_origin));  // every byte from the resume point on
    }

    void Feed(std::string_view chunk) {
        if (finished) return;
        if (unusable) {
            unusable->Feed(chunk);
            total += chunk.size();
            return;
        }
        bool direct = buffer.empty();
        if (direct) {
            // Read straight from the chunk (LoadAtlas's case: all of it); keep only what is still needed.
            buffer_start = total;
            current = chunk;
        } else {
            buffer.append(chunk);
            current = buffer;
        }
        current_origin = buffer_start;
        total += chunk.size();
        if (total >= retry_at) Run(false);
        if (unusable) {
            std::string().swap(buffer);
            return;
        }
        size_t keep = std::min(resume.offset, position);  // the resume point, or the value being read
        if (direct) {
            buffer.assign(chunk.substr(keep - buffer_start));
            buffer_start = keep;
        } else if (keep > buffer_start && (keep - buffer_start >= buffer.size() / 2 || keep - buffer_start >= (1u << 20))) {
            buffer.erase(0, keep - buffer_start);
            buffer_start = keep;
        }
    }

    LoadReport Finish() {
        if (finished) return report;
        finished = true;
        if (!unusable) {
            current = buffer;
            current_origin = buffer_start;
            Run(true);
        }
        std::string().swap(buffer);
        if (unusable) {
            std::string message = unusable->Finish();
            if (message.rfind("invalid UTF-8", 0) == 0) report.fatal = message;  // wins over everything
            else if (unusable_parse && report.fatal.empty()) report.fatal = message.empty() ? "not valid JSON" : message;
            unusable.reset();
        }
        FinishLoad(loader, out, report);
        return std::move(report);
    }
};

AtlasStreamLoader::AtlasStreamLoader(Atlas& out, const LoadLimits& limits, size_t size_hint)
    : impl_(new Impl(out, limits, size_hint)) {}
AtlasStreamLoader::~AtlasStreamLoader() {
    // A snapshot reads this loader's postings: it must not outlive them.
    if (!impl_->finished && impl_->out.search.partial) impl_->out.search = SearchIndex{};
}
size_t AtlasStreamLoader::Snapshot() {
    Impl& m = *impl_;
    if (m.finished || m.unusable) return m.finished ? m.out.studies.size() : 0;
    m.loader.Index().Snapshot(m.out, m.out.search);
    return m.out.search.study_count;
}
size_t AtlasStreamLoader::StudiesRead() const { return impl_->out.studies.size(); }
size_t AtlasStreamLoader::ExpectedStudies() const { return impl_->loader.ExpectedStudies(); }
void AtlasStreamLoader::Feed(std::string_view chunk) { impl_->Feed(chunk); }
LoadReport AtlasStreamLoader::Finish() { return impl_->Finish(); }
size_t AtlasStreamLoader::BufferedBytes() const {
    return impl_->buffer.capacity() + (impl_->unusable ? impl_->unusable->BufferedBytes() : 0);
}
size_t AtlasStreamLoader::BytesFed() const { return impl_->total; }

// [SECTION] LoadAtlas ------------------------------------------------------------------------

LoadReport LoadAtlas(std::string_view bytes, Atlas& out, const LoadLimits& limits) {
    // The whole document is one chunk: read straight from `bytes`, nothing copied but the model.
    AtlasStreamLoader loader(out, limits, bytes.size());
    loader.Feed(bytes);
    return loader.Finish();
}

std::string FormatProblem(std::string_view file, const Problem& p) {
    std::string line(file);
    line += ": ";
    line += p.record;
    line += ' ';
    line += p.path.empty() ? "." : p.path;
    line += ": ";
    if (p.severity == Severity::Warning) line += "warning: ";
    line += p.message;
    return line;
}

std::string FormatSummary(const LoadReport& r) {
    return std::to_string(r.loaded) + " loaded, " + std::to_string(r.rejected) + " rejected, " +
           std::to_string(r.warnings) + " warnings";
}

}  // namespace atlas
