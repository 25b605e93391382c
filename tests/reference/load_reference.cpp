// load_reference.cpp — the loader as it was before the fast scanner (commit 689f463): nlohmann's SAX
// parser, one small DOM per study, validation on that DOM. Kept, not shipped, as the reference the new
// loader is checked against (fuzz_load compares the two on every input; bench_load times both), so
// "the same validation and the same messages" is a test, not a promise. Only messages within one
// study may come in another order (the new loader reads fields in data/FORMAT.md's order).
// Do not change it to follow the new loader; change it only where the format itself changes.
#include "atlas/load.h"

#include "atlas/search_index.h"
#include "load_reference.h"
#include "text/text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace atlas {
namespace reference {
namespace {

template <typename Enum>
bool ParseAs(CodeSet set, std::string_view s, Enum& out) {
    int v = 0;
    if (!ParseCode(set, s, v)) return false;
    out = (Enum)v;
    return true;
}
bool ParseEvidenceCode(std::string_view s, EvidenceLevel& o) { return ParseAs(CodeSet::Evidence, s, o); }
bool ParseConfidenceCode(std::string_view s, Confidence& o) { return ParseAs(CodeSet::Confidence, s, o); }
bool ParsePemCode(std::string_view s, PemCriterion& o) { return ParseAs(CodeSet::Pem, s, o); }
bool ParsePeerReviewCode(std::string_view s, PeerReview& o) { return ParseAs(CodeSet::PeerReview, s, o); }
bool ParseReviewStatusCode(std::string_view s, ReviewStatus& o) { return ParseAs(CodeSet::ReviewStatus, s, o); }
bool ParsePublicationTypeCode(std::string_view s, PublicationType& o) { return ParseAs(CodeSet::PublicationType, s, o); }
bool ParseCaseDefinitionCode(std::string_view s, int& o) { return ParseAs(CodeSet::CaseDefinition, s, o); }
bool ParseRelationTypeCode(std::string_view s, RelationType& o) { return ParseAs(CodeSet::RelationType, s, o); }
bool ParseSeverityCode(std::string_view s, int& o) { return ParseAs(CodeSet::Severity, s, o); }
bool ParseAgeGroupCode(std::string_view s, AgeGroup& o) { return ParseAs(CodeSet::AgeGroup, s, o); }
bool ParseOnsetCode(std::string_view s, Onset& o) { return ParseAs(CodeSet::Onset, s, o); }

using json = nlohmann::json;

constexpr std::string_view kFormatName = "mecfs-atlas";
constexpr int kFormatVersion = 1;

std::string Quoted(std::string_view s) {
    std::string out = "\"";
    std::string_view shown = s.size() > 80 ? text::CutAtCharacter(s, 77) : s;
    for (unsigned char c : shown) {
        if (c == '"' || c == '\\') { out += '\\'; out += (char)c; }
        else if (c < 0x20) { char buf[8]; std::snprintf(buf, sizeof buf, "\\u%04x", c); out += buf; }
        else out += (char)c;
    }
    if (shown.size() < s.size()) out += "...";
    return out + "\"";
}

std::string TypeName(const json& v) {
    switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    default: return "an unsupported value";
    }
}

// What was found, for messages: strings quoted, numbers as written, containers by type.
std::string Found(const json& v) {
    if (v.is_string()) return Quoted(v.get_ref<const std::string&>());
    if (v.is_number() || v.is_boolean() || v.is_null()) return v.dump();
    return TypeName(v);
}

using text::IsDate;

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

// [SECTION] Subtree capture ------------------------------------------------------------------

struct PathPart {
    bool in_array = false;
    std::string key;     // object member being filled
    size_t index = 0;    // array items seen so far
};

class SubtreeBuilder {
public:
    static constexpr size_t kMaxKeyBytes = 256;
    static constexpr size_t kMaxItems = 100000;  // members of one object or items of one array

    void Begin(std::string base_path, const LoadLimits& limits) {
        root_ = json();
        stack_.clear();
        parts_.clear();
        base_path_ = std::move(base_path);
        limits_ = &limits;
        skipping_ = false;
        error_.clear();
        error_path_.clear();
        text_bytes_ = 0;
        open_depth_ = 0;
    }
    // Returns true when the subtree is complete.
    bool Open(json::value_t type) {
        ++open_depth_;
        if (skipping_) return false;
        if (stack_.size() >= limits_->max_depth) {
            Fail("nesting deeper than " + std::to_string(limits_->max_depth) + " levels");
            return false;
        }
        json* slot = Slot();
        if (!slot) return false;
        *slot = json(type);
        stack_.push_back(slot);
        parts_.push_back(PathPart{type == json::value_t::array, {}, 0});
        return false;
    }
    bool Close() {
        --open_depth_;
        if (!skipping_) {
            stack_.pop_back();
            parts_.pop_back();
        }
        return open_depth_ == 0;
    }
    bool Key(std::string& key) {
        if (skipping_) return false;
        // Keys count against the caps like values, and a repeated key would silently replace a value.
        parts_.back().key.clear();  // messages about this key name the object that holds it
        if (key.size() > kMaxKeyBytes) {
            Fail("object key longer than " + std::to_string(kMaxKeyBytes) + " bytes");
        } else if ((text_bytes_ += key.size()) > limits_->max_record_bytes) {
            Fail("record holds more than " + std::to_string(limits_->max_record_bytes) + " bytes of text");
        } else if (stack_.back()->contains(key)) {
            parts_.back().key = key;
            Fail("duplicate key " + Quoted(key));
        } else {
            parts_.back().key = std::move(key);
        }
        return false;
    }
    bool Value(json&& v) {
        if (!skipping_) {
            if (json* slot = Slot()) *slot = std::move(v);
        }
        return open_depth_ == 0;
    }
    bool String(std::string& s) {
        if (!skipping_) {
            size_t cap = limits_->max_string_bytes;
            if (s.size() > cap) {
                Fail("expected at most " + std::to_string(cap) + " bytes of text, got " + std::to_string(s.size()));
            } else if ((text_bytes_ += s.size()) > limits_->max_record_bytes) {
                Fail("record holds more than " + std::to_string(limits_->max_record_bytes) + " bytes of text");
            }
        }
        return Value(json(std::move(s)));
    }
    json& Root() { return root_; }
    const std::string& Error() const { return error_; }
    const std::string& ErrorPath() const { return error_path_; }

private:
    // Where the next value goes, or null when a cap was hit.
    json* Slot() {
        if (stack_.empty()) return &root_;
        json& parent = *stack_.back();
        PathPart& part = parts_.back();
        if (part.index >= kMaxItems) {
            Fail("more than " + std::to_string(kMaxItems) + " items");
            return nullptr;
        }
        ++part.index;
        if (part.in_array) {
            parent.push_back(json());
            return &parent.back();
        }
        return &parent[part.key];
    }
    void Fail(std::string message) {
        if (error_.empty()) {
            error_ = std::move(message);
            error_path_ = CurrentPath();
        }
        skipping_ = true;
    }
    std::string CurrentPath() const {
        // Outer arrays have already counted their current item; the innermost names the item being added.
        std::string path = base_path_;
        for (size_t i = 0; i < parts_.size(); ++i) {
            const PathPart& part = parts_[i];
            bool innermost = i + 1 == parts_.size();
            if (part.in_array) path += "[" + std::to_string(innermost ? part.index : part.index - 1) + "]";
            else if (!part.key.empty()) path += "." + part.key;
        }
        return path;
    }

    json root_;
    std::vector<json*> stack_;
    std::vector<PathPart> parts_;
    std::string base_path_;
    const LoadLimits* limits_ = nullptr;
    bool skipping_ = false;
    std::string error_, error_path_;
    size_t text_bytes_ = 0;
    size_t open_depth_ = 0;
};

// [SECTION] Record validation ----------------------------------------------------------------

class Loader;

class RecordReader {
public:
    RecordReader(Loader& loader, const json& record, std::string base, std::string name)
        : loader_(loader), record_(record), base_(std::move(base)), name_(std::move(name)) {}

    bool ok() const { return ok_; }
    void Error(const std::string& field, std::string message);
    void Warn(const std::string& field, std::string message);
    std::string PathOf(const std::string& field) const {
        if (field.empty()) return base_;
        return base_.empty() ? field : base_ + "." + field;
    }

    const json* Field(const json& obj, const std::string& path_in_record, const char* key, bool required) {
        auto it = obj.find(key);
        if (it == obj.end() || (it->is_null() && !required)) {
            if (required) Error(path_in_record, "missing required field");
            return nullptr;
        }
        return &*it;
    }
    // A string field; `max_bytes` 0 means the loader's string cap (already enforced).
    bool String(const json& obj, const std::string& path, const char* key, bool required, std::string_view& out,
                size_t max_bytes = 0, bool allow_empty = true) {
        const json* v = Field(obj, path, key, required);
        if (!v) return false;
        if (!v->is_string()) { Error(path, "expected a string, got " + TypeName(*v)); return false; }
        const std::string& s = v->get_ref<const std::string&>();
        if (max_bytes && s.size() > max_bytes) {
            Error(path, "expected at most " + std::to_string(max_bytes) + " bytes of text, got " + std::to_string(s.size()));
            return false;
        }
        if (!allow_empty && s.empty()) { Error(path, "expected a non-empty string"); return false; }
        out = s;
        return true;
    }
    bool StringList(const json& obj, const std::string& path, const char* key, bool required, size_t max_items,
                    std::vector<std::string_view>& out) {
        out.clear();
        const json* v = Field(obj, path, key, required);
        if (!v) return false;
        if (!v->is_array()) { Error(path, "expected an array of strings, got " + TypeName(*v)); return false; }
        if (v->size() > max_items) {
            Error(path, "expected at most " + std::to_string(max_items) + " items, got " + std::to_string(v->size()));
            return false;
        }
        for (size_t i = 0; i < v->size(); ++i) {
            const json& item = (*v)[i];
            if (!item.is_string()) {
                Error(path + "[" + std::to_string(i) + "]", "expected a string, got " + TypeName(item));
                return false;
            }
            out.push_back(item.get_ref<const std::string&>());
        }
        return true;
    }
    template <typename Enum>
    bool Code(const json& obj, const std::string& path, const char* key, bool (*parse)(std::string_view, Enum&),
              const char* expected, Enum& out, bool required = true) {
        std::string_view s;
        if (!String(obj, path, key, required, s)) return false;
        if (!parse(s, out)) { Error(path, std::string("expected one of ") + expected + ", got " + Quoted(s)); return false; }
        return true;
    }
    bool Integer(const json& obj, const std::string& path, const char* key, bool required, int64_t min, int64_t max,
                 int64_t& out) {
        const json* v = Field(obj, path, key, required);
        if (!v) return false;
        if (!v->is_number_integer() || v->get<int64_t>() < min || v->get<int64_t>() > max) {
            Error(path, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", got " + Found(*v));
            return false;
        }
        out = v->get<int64_t>();
        return true;
    }
    // Fields of `obj` not in `known`: a warning each, as for the record's own fields.
    void WarnUnknown(const json& obj, const std::string& path, std::initializer_list<std::string_view> known) {
        for (auto it = obj.begin(); it != obj.end(); ++it)
            if (std::find(known.begin(), known.end(), it.key()) == known.end())
                Warn(path + "." + it.key(), "unknown field, kept out of the model");
    }
    // Identifiers shared by the record and its relations' targets.
    void CheckId(const std::string& path, std::string_view s) {
        if (!IsIdentifier(s)) Error(path, "expected 1-64 characters of a-z, 0-9 and '-', not starting with '-', got " + Quoted(s));
    }
    void CheckPmid(const std::string& path, std::string_view s) {
        bool digits = !s.empty() && s.size() <= 9 && s.find_first_not_of("0123456789") == std::string_view::npos;
        if (!digits) Error(path, "expected a PMID of 1 to 9 digits, got " + Quoted(s));
    }
    void CheckDoi(const std::string& path, std::string_view s) {
        if (s.substr(0, 3) != "10." || s.find('/') == std::string_view::npos)
            Error(path, "expected a DOI like \"10.1234/abc\" without a URL prefix, got " + Quoted(s));
    }

    Loader& loader_;
    const json& record_;

private:
    std::string base_, name_;
    bool ok_ = true;
};

// Format rules of the optional fields (data/FORMAT.md); the hostile-input caps are in LoadLimits.
constexpr size_t kMaxRelationNoteChars = 300;
constexpr int64_t kMaxParticipants = 100000000;

struct RelationDraft {
    Relation relation;
    std::string_view target, note;
};

// The study as read, before it is copied into the atlas.
struct StudyDraft {
    std::vector<RelationDraft> relations;
    bool has_population = false;
    Population population;
    std::string countries;  // the codes run together
    std::string_view id, slug, title, journal, pmid, doi, last_updated;
    std::string_view retraction_notice, retraction_date;
    std::string_view quick_summary, why_it_matters, remaining_questions, does_not_prove;
    std::vector<std::string_view> authors, observed_findings, inferred_conclusions, strengths, limitations;
    std::vector<std::pair<std::string, std::vector<std::string_view>>> tags;  // category id -> labels
    Study study;
};

// [SECTION] Loader (SAX handler) -------------------------------------------------------------

class Loader {
public:
    Loader(Atlas& atlas, const LoadLimits& limits, LoadReport& report)
        : atlas_(atlas), limits_(limits), report_(report) {}

    // SAX interface
    bool null() { return Value(json(nullptr)); }
    bool boolean(bool v) { return Value(json(v)); }
    bool number_integer(json::number_integer_t v) { return Value(json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return Value(json(v)); }
    bool number_float(json::number_float_t v, const std::string&) { return Value(json(v)); }
    bool binary(json::binary_t&) { return true; }
    bool string(std::string& v) {
        if (capturing_) { if (sub_.String(v)) FinishCapture(); return true; }
        if (depth_ == 0 || (depth_ == 1 && top_key_ == "studies")) return Value(json(std::move(v)));
        StartCapture();  // a header string or a bare string in "studies": the caps apply to it too
        if (sub_.String(v)) FinishCapture();
        return true;
    }
    bool key(std::string& k) {
        if (capturing_) { sub_.Key(k); return true; }
        if (depth_ == 1) top_key_ = std::move(k);
        return true;
    }
    bool start_object(std::size_t) { return Open(json::value_t::object); }
    bool start_array(std::size_t) { return Open(json::value_t::array); }
    bool end_object() { return Close(); }
    bool end_array() { return Close(); }
    // Syntax errors never reach the loader: WindowSax (below) keeps them until the whole document
    // has been seen, because their message depends on where the document ends.

    void Problem(Severity severity, std::string record, std::string path, std::string message) {
        (severity == Severity::Error ? report_.errors : report_.warnings)++;
        if (report_.problems.size() >= limits_.max_problems) { report_.problems_dropped++; return; }
        report_.problems.push_back({severity, std::move(record), std::move(path), std::move(message)});
    }

    // Checks after the document ended; false when the file is unusable.
    bool Finish();

private:
    bool Open(json::value_t type) {
        if (capturing_) { sub_.Open(type); return true; }
        if (depth_ == 0) {
            if (type != json::value_t::object) return Fatal("top level is an array, expected an object");
            depth_ = 1;
            return true;
        }
        if (depth_ == 1 && top_key_ == "studies") {
            if (type != json::value_t::array) return Fatal("\"studies\" is an object, expected an array");
            if (!CheckVersionSoFar()) return false;
            in_studies_ = true;
            if (!saw_studies_) PlanModel();
            saw_studies_ = true;
            depth_ = 2;
            return true;
        }
        StartCapture();
        sub_.Open(type);
        return true;
    }
    bool Close() {
        if (capturing_) {
            if (sub_.Close()) FinishCapture();
            return true;
        }
        if (depth_ == 2) in_studies_ = false;
        --depth_;
        return true;
    }
    bool Value(json&& v) {
        if (capturing_) {
            if (sub_.Value(std::move(v))) FinishCapture();
            return true;
        }
        if (depth_ == 0) return Fatal("top level is " + TypeName(v) + ", expected an object");
        if (depth_ == 1 && top_key_ == "studies") return Fatal("\"studies\" is " + TypeName(v) + ", expected an array");
        StartCapture();
        if (sub_.Value(std::move(v))) FinishCapture();
        return true;
    }
    bool Fatal(std::string message) {
        if (report_.fatal.empty()) report_.fatal = std::move(message);
        return false;
    }
    void StartCapture() {
        capturing_ = true;
        if (in_studies_) sub_.Begin("studies[" + std::to_string(study_index_) + "]", limits_);
        else sub_.Begin(top_key_, limits_);
    }
    void FinishCapture() {
        capturing_ = false;
        if (in_studies_) {
            size_t index = study_index_++;
            if (index >= limits_.max_studies) {
                if (index == limits_.max_studies)
                    Problem(Severity::Error, "#" + std::to_string(index), "studies",
                            "more than " + std::to_string(limits_.max_studies) + " studies: the rest are ignored");
                report_.rejected++;
                return;
            }
            AcceptStudy(index);
        } else {
            if (HeaderField(top_key_)) {
                Problem(Severity::Error, "header", top_key_, "duplicate key, the first value is used");
                return;
            }
            header_fields_.emplace_back(top_key_, std::move(sub_.Root()));
            if (!sub_.Error().empty()) header_errors_.push_back({top_key_, sub_.ErrorPath(), sub_.Error()});
        }
    }
    bool CheckVersionSoFar() {
        // A format or version we cannot read, seen before the studies, stops the load before any work.
        const json* format = HeaderField("format");
        if (format && (!format->is_string() || format->get_ref<const std::string&>() != kFormatName))
            return Fatal("\"format\" is " + Found(*format) + ", expected \"mecfs-atlas\"");
        const json* version = HeaderField("format_version");
        if (version && version->is_number_integer() && version->get<int64_t>() != kFormatVersion)
            return Fatal(VersionMessage(*version));
        return true;
    }
    static std::string VersionMessage(const json& v) {
        return "unsupported format_version " + Found(v) + ": this loader reads version " + std::to_string(kFormatVersion);
    }
    void AcceptStudy(size_t index);
    void ReadHeader();

    Atlas& atlas_;
    const LoadLimits& limits_;
    LoadReport& report_;
    SubtreeBuilder sub_;
    bool capturing_ = false;
    size_t depth_ = 0;
    std::string top_key_;
    bool in_studies_ = false, saw_studies_ = false;
    size_t study_index_ = 0;
    size_t size_hint_ = 0;         // the document's size, when known
    size_t expected_studies_ = 0;  // the header's counts.studies, when it has a plausible one

public:
    void SetSizeHint(size_t bytes) { size_hint_ = bytes; }

private:
    // Called when the studies begin. Without a study count, the text arena starts at half the
    // document (text cannot exceed the input); with one, Reserve() sizes it from the studies read.
    void PlanModel() {
        const json* counts = HeaderField("counts");
        if (counts && counts->is_object()) {
            auto n = counts->find("studies");
            if (n != counts->end() && n->is_number_unsigned() && n->get<uint64_t>() > 0)
                expected_studies_ = (size_t)std::min<uint64_t>(n->get<uint64_t>(), limits_.max_studies);
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
    // Header fields and their cap errors in document order (messages come out in a stable order).
    std::vector<std::pair<std::string, json>> header_fields_;
    struct HeaderError { std::string key, path, message; };
    std::vector<HeaderError> header_errors_;
    const json* HeaderField(const std::string& key) const {
        for (const auto& [k, v] : header_fields_)
            if (k == key) return &v;
        return nullptr;
    }
    bool HasHeaderError(const std::string& key) const {
        for (const HeaderError& e : header_errors_)
            if (e.key == key) return true;
        return false;
    }
    struct IdUse { size_t document = 0; uint32_t model = 0; };  // studies[document], Atlas::studies[model]
    std::unordered_map<std::string, IdUse> ids_;
    std::unordered_map<std::string, size_t> slugs_, pmids_;
    std::unordered_map<std::string, uint32_t> tag_index_;       // "category\x1flabel" -> Atlas::tags
    std::unordered_map<std::string, uint16_t> category_index_;  // category id -> Atlas::tag_categories
    std::map<std::string, std::string> category_first_use_;  // id -> "record\x1fpath", sorted for stable output

    friend class RecordReader;
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
    uint16_t CategoryIndex(const std::string& id) {
        auto [it, inserted] = category_index_.try_emplace(id, (uint16_t)atlas_.tag_categories.size());
        if (inserted) atlas_.tag_categories.push_back({id, id});
        return it->second;
    }
};

void RecordReader::Error(const std::string& field, std::string message) {
    ok_ = false;
    loader_.Problem(Severity::Error, name_, PathOf(field), std::move(message));
}
void RecordReader::Warn(const std::string& field, std::string message) {
    loader_.Problem(Severity::Warning, name_, PathOf(field), std::move(message));
}

// A syntax error as nlohmann reported it, placed in the whole document.
struct SyntaxError {
    bool found = false;
    size_t position = 0;         // nlohmann's position: the offending byte's offset + 1
    size_t line = 1, column = 1;  // of byte position - 1, the way an editor counts (characters, not bytes)
    std::string what;
};

// The message for a syntax error. `size` is the whole document's, `body_blank` whether it holds
// nothing but whitespace after an optional byte-order mark.
std::string DescribeParseError(const SyntaxError& e, size_t size, bool body_blank) {
    std::string where = "line " + std::to_string(e.line) + ", column " + std::to_string(e.column);
    std::string_view what = e.what;
    if (body_blank) return "empty file: expected a JSON object";
    if (what.find("ill-formed UTF-8") != std::string_view::npos) return "invalid UTF-8 at " + where;
    if (e.position >= size) return "truncated: the document ends before the JSON is complete (" + where + ")";
    if (what.find("number overflow") != std::string_view::npos)
        return "number too large at " + where + ": numbers must fit in a 64-bit floating-point value";
    // Keep nlohmann's own description but drop its "[json.exception...] parse error at ...:" prefix,
    // and shorten what it last read: it can be a whole multi-megabyte string.
    std::string_view detail = what;
    size_t bracket = detail.find("] ");
    if (bracket != std::string_view::npos) detail.remove_prefix(bracket + 2);
    size_t colon = detail.find(": ");
    if (colon != std::string_view::npos && detail.substr(0, 6) == "parse ") detail.remove_prefix(colon + 2);
    std::string text(detail);
    size_t last_read = text.find("; last read: '");
    if (last_read != std::string::npos && text.size() - last_read > 80) {
        size_t keep = last_read + 14 + 40;
        while (keep > last_read && ((unsigned char)text[keep] & 0xC0) == 0x80) --keep;
        text = text.substr(0, keep) + "...'";
    }
    return "not valid JSON at " + where + ": " + text;
}

void Loader::AcceptStudy(size_t index) {
    const json& rec = sub_.Root();
    std::string base = "studies[" + std::to_string(index) + "]";
    std::string name = "#" + std::to_string(index);
    if (rec.is_object()) {
        auto id = rec.find("id");
        if (id != rec.end() && id->is_string() && IsIdentifier(id->get_ref<const std::string&>()))
            name = id->get_ref<const std::string&>();
    }
    if (!sub_.Error().empty()) {
        Problem(Severity::Error, name, sub_.ErrorPath(), sub_.Error());
        report_.rejected++;
        return;
    }
    RecordReader r(*this, rec, base, name);
    if (!rec.is_object()) {
        r.Error("", "expected a study object, got " + TypeName(rec));
        report_.rejected++;
        return;
    }

    StudyDraft d;
    Study& s = d.study;
    static const std::unordered_set<std::string> known = {
        "id", "slug", "title", "authors", "journal", "year", "pmid", "doi", "evidence_level", "confidence", "pem",
        "case_definitions", "publication_type", "peer_review", "review_status", "retraction", "sections", "tags",
        "last_updated", "provenance", "relations", "population"};
    for (auto it = rec.begin(); it != rec.end(); ++it)
        if (!known.count(it.key())) r.Warn(it.key(), "unknown field, kept out of the model");

    if (r.String(rec, "id", "id", true, d.id)) r.CheckId("id", d.id);
    if (r.String(rec, "slug", "slug", true, d.slug)) r.CheckId("slug", d.slug);
    r.String(rec, "title", "title", true, d.title, limits_.max_title_bytes, false);
    r.StringList(rec, "authors", "authors", true, limits_.max_authors, d.authors);
    r.String(rec, "journal", "journal", true, d.journal, limits_.max_title_bytes);
    if (const json* y = r.Field(rec, "year", "year", true)) {
        if (!y->is_number_integer() || y->get<int64_t>() < kMinYear || y->get<int64_t>() > kMaxYear)
            r.Error("year", "expected an integer from " + std::to_string(kMinYear) + " to " + std::to_string(kMaxYear) +
                                ", got " + Found(*y));
        else s.year = (int16_t)y->get<int64_t>();
    }
    if (r.String(rec, "pmid", "pmid", false, d.pmid)) r.CheckPmid("pmid", d.pmid);
    if (r.String(rec, "doi", "doi", false, d.doi)) r.CheckDoi("doi", d.doi);
    r.Code(rec, "evidence_level", "evidence_level", ParseEvidenceCode, "E0, E1, E2, E3", s.evidence);
    r.Code(rec, "confidence", "confidence", ParseConfidenceCode, "high, moderate, low", s.confidence);
    r.Code(rec, "pem", "pem", ParsePemCode, "required, not_required, unclear", s.pem);
    r.Code(rec, "publication_type", "publication_type", ParsePublicationTypeCode,
           "Trial-RCT, Trial-Controlled, Trial-Open-label, Observational-Cohort, Observational-Case-control, "
           "Observational-Cross-sectional, Case-Series, Case-Report, Review-Narrative, Review-Systematic, "
           "Meta-analysis, Guideline, Consensus, Other",
           s.publication_type);
    r.Code(rec, "peer_review", "peer_review", ParsePeerReviewCode, "peer_reviewed, preprint", s.peer_review);
    r.Code(rec, "review_status", "review_status", ParseReviewStatusCode,
           "machine_draft, editor_reviewed, expert_reviewed", s.review_status);
    std::vector<std::string_view> codes;
    if (r.StringList(rec, "case_definitions", "case_definitions", true, 16, codes)) {
        for (size_t i = 0; i < codes.size(); ++i) {
            int bit = 0;
            if (!ParseCaseDefinitionCode(codes[i], bit))
                r.Error("case_definitions[" + std::to_string(i) + "]",
                        "expected one of CCC, ICC, IOM, Fukuda, Oxford, Holmes, London, NICE, other, got " + Quoted(codes[i]));
            else s.case_definitions |= (uint16_t)(1u << bit);
        }
    }
    if (r.String(rec, "last_updated", "last_updated", true, d.last_updated) && !IsDate(d.last_updated))
        r.Error("last_updated", "expected a date YYYY-MM-DD, got " + Quoted(d.last_updated));

    if (const json* ret = r.Field(rec, "retraction", "retraction", false)) {
        if (!ret->is_object()) r.Error("retraction", "expected an object, got " + TypeName(*ret));
        else {
            if (const json* flag = r.Field(*ret, "retraction.retracted", "retracted", true)) {
                if (!flag->is_boolean()) r.Error("retraction.retracted", "expected true or false, got " + Found(*flag));
                else s.retracted = flag->get<bool>();
            }
            r.String(*ret, "retraction.notice", "notice", false, d.retraction_notice);
            if (r.String(*ret, "retraction.date", "date", false, d.retraction_date) && !IsDate(d.retraction_date))
                r.Error("retraction.date", "expected a date YYYY-MM-DD, got " + Quoted(d.retraction_date));
        }
    }

    if (const json* sec = r.Field(rec, "sections", "sections", true)) {
        if (!sec->is_object()) r.Error("sections", "expected an object, got " + TypeName(*sec));
        else {
            static const std::unordered_set<std::string> known_sections = {
                "quick_summary", "why_it_matters", "observed_findings", "inferred_conclusions",
                "remaining_questions", "does_not_prove", "strengths", "limitations"};
            for (auto it = sec->begin(); it != sec->end(); ++it)
                if (!known_sections.count(it.key())) r.Warn("sections." + it.key(), "unknown section, kept out of the model");
            size_t n = limits_.max_list_items;
            r.String(*sec, "sections.quick_summary", "quick_summary", true, d.quick_summary);
            r.String(*sec, "sections.why_it_matters", "why_it_matters", false, d.why_it_matters);
            r.String(*sec, "sections.remaining_questions", "remaining_questions", false, d.remaining_questions);
            r.String(*sec, "sections.does_not_prove", "does_not_prove", false, d.does_not_prove);
            r.StringList(*sec, "sections.observed_findings", "observed_findings", false, n, d.observed_findings);
            r.StringList(*sec, "sections.inferred_conclusions", "inferred_conclusions", false, n, d.inferred_conclusions);
            r.StringList(*sec, "sections.strengths", "strengths", false, n, d.strengths);
            r.StringList(*sec, "sections.limitations", "limitations", false, n, d.limitations);
        }
    }

    if (const json* tags = r.Field(rec, "tags", "tags", false)) {
        if (!tags->is_object()) r.Error("tags", "expected an object of tag lists, got " + TypeName(*tags));
        else {
            for (auto it = tags->begin(); it != tags->end(); ++it) {
                std::vector<std::string_view> labels;
                std::string path = "tags." + it.key();
                if (!IsCategoryId(it.key())) {
                    r.Error(path, "expected a tag category id of a-z, 0-9, '-' and '_'");
                    continue;
                }
                if (r.StringList(*tags, path, it.key().c_str(), true, limits_.max_tags_per_category, labels))
                    d.tags.emplace_back(it.key(), std::move(labels));
            }
        }
    }

    if (const json* rels = r.Field(rec, "relations", "relations", false)) {
        if (!rels->is_array()) r.Error("relations", "expected an array of relations, got " + TypeName(*rels));
        else if (rels->size() > limits_.max_relations)
            r.Error("relations", "expected at most " + std::to_string(limits_.max_relations) + " items, got " +
                                 std::to_string(rels->size()));
        else for (size_t i = 0; i < rels->size(); ++i) {
            const json& item = (*rels)[i];
            std::string path = "relations[" + std::to_string(i) + "]";
            if (!item.is_object()) { r.Error(path, "expected an object, got " + TypeName(item)); continue; }
            r.WarnUnknown(item, path, {"type", "id", "doi", "pmid", "note"});
            RelationDraft rd;
            r.Code(item, path + ".type", "type", ParseRelationTypeCode,
                   "replicates, fails_to_replicate, contradicts, supersedes, comments_on, retraction_of, correction_of",
                   rd.relation.type);
            std::vector<RelationTarget> given;  // target keys present (not null), in the order id, doi, pmid
            for (RelationTarget kind : {RelationTarget::Id, RelationTarget::Doi, RelationTarget::Pmid}) {
                auto it = item.find(std::string(RelationTargetKey(kind)));
                if (it != item.end() && !it->is_null()) given.push_back(kind);
            }
            if (given.size() != 1) {
                std::string got = given.empty() ? "none" : "";
                for (size_t k = 0; k < given.size(); ++k)
                    got += (k == 0 ? "\"" : k + 1 == given.size() ? " and \"" : ", \"") +
                           std::string(RelationTargetKey(given[k])) + "\"";
                r.Error(path, "expected exactly one target, \"id\", \"doi\" or \"pmid\", got " + got);
                continue;
            }
            rd.relation.target_kind = given[0];
            std::string key(RelationTargetKey(given[0]));
            std::string target_path = path + "." + key;
            if (!r.String(item, target_path, key.c_str(), true, rd.target)) continue;
            switch (rd.relation.target_kind) {
            case RelationTarget::Id: r.CheckId(target_path, rd.target); break;
            case RelationTarget::Doi: r.CheckDoi(target_path, rd.target); break;
            case RelationTarget::Pmid: r.CheckPmid(target_path, rd.target); break;
            }
            if (r.String(item, path + ".note", "note", false, rd.note)) {
                size_t chars = text::CountCharacters(rd.note);
                if (chars > kMaxRelationNoteChars)
                    r.Error(path + ".note", "expected at most " + std::to_string(kMaxRelationNoteChars) +
                                                " characters, got " + std::to_string(chars));
            }
            d.relations.push_back(rd);
        }
    }

    if (const json* pop = r.Field(rec, "population", "population", false)) {
        if (!pop->is_object()) r.Error("population", "expected an object, got " + TypeName(*pop));
        else {
            Population& p = d.population;
            d.has_population = true;
            r.WarnUnknown(*pop, "population",
                          {"n_patients", "n_controls", "severity", "age_group", "female_percent", "onset", "countries"});
            int64_t n = 0;
            if (r.Integer(*pop, "population.n_patients", "n_patients", false, 0, kMaxParticipants, n)) p.n_patients = (int32_t)n;
            if (r.Integer(*pop, "population.n_controls", "n_controls", false, 0, kMaxParticipants, n)) p.n_controls = (int32_t)n;
            if (const json* f = r.Field(*pop, "population.female_percent", "female_percent", false)) {
                if (!f->is_number() || !(f->get<double>() >= 0 && f->get<double>() <= 100))
                    r.Error("population.female_percent", "expected a number from 0 to 100, got " + Found(*f));
                else p.female_percent = f->get<double>();
            }
            r.Code(*pop, "population.age_group", "age_group", ParseAgeGroupCode, "adults, adolescents, children, mixed",
                   p.age_group, false);
            r.Code(*pop, "population.onset", "onset", ParseOnsetCode, "infectious, sudden, gradual, mixed, unknown",
                   p.onset, false);
            std::vector<std::string_view> items;
            if (r.StringList(*pop, "population.severity", "severity", false, limits_.max_list_items, items)) {
                for (size_t i = 0; i < items.size(); ++i) {
                    std::string path = "population.severity[" + std::to_string(i) + "]";
                    int bit = 0;
                    if (!ParseSeverityCode(items[i], bit))
                        r.Error(path, "expected one of mild, moderate, severe, very_severe, got " + Quoted(items[i]));
                    else if (p.severity & (1u << bit)) r.Error(path, "duplicate value " + Quoted(items[i]));
                    else p.severity |= (uint8_t)(1u << bit);
                }
            }
            if (r.StringList(*pop, "population.countries", "countries", false, limits_.max_list_items, items)) {
                for (size_t i = 0; i < items.size(); ++i) {
                    std::string path = "population.countries[" + std::to_string(i) + "]";
                    bool duplicate = false;
                    for (size_t k = 0; k + 1 < d.countries.size(); k += 2) duplicate |= d.countries.compare(k, 2, items[i]) == 0;
                    if (!IsCountryCode(items[i]))
                        r.Error(path, "expected an ISO 3166-1 alpha-2 country code such as \"GB\", got " + Quoted(items[i]));
                    else if (duplicate) r.Error(path, "duplicate value " + Quoted(items[i]));
                    else d.countries.append(items[i]);
                }
            }
        }
    }

    if (r.ok()) {
        if (auto prior = ids_.find(std::string(d.id)); prior != ids_.end())
            r.Error("id", "duplicate id " + Quoted(d.id) + " (first used by studies[" + std::to_string(prior->second.document) + "])");
        else if (auto prior_slug = slugs_.find(std::string(d.slug)); prior_slug != slugs_.end())
            r.Error("slug", "duplicate slug " + Quoted(d.slug) + " (first used by studies[" + std::to_string(prior_slug->second) + "])");
    }
    if (!r.ok()) {
        report_.rejected++;
        return;
    }
    ids_.emplace(d.id, IdUse{index, (uint32_t)atlas_.studies.size()});
    slugs_.emplace(d.slug, index);
    // The same paper twice is legal JSON but almost always a mistake: say so, keep both.
    if (!d.pmid.empty()) {
        auto [prior, inserted] = pmids_.try_emplace(std::string(d.pmid), index);
        if (!inserted)
            r.Warn("pmid", "PMID " + std::string(d.pmid) + " is also used by studies[" + std::to_string(prior->second) + "]");
    }

    size_t text = 0, items = 0, tag_count = 0;
    for (std::string_view v : {d.id, d.slug, d.title, d.journal, d.pmid, d.doi, d.last_updated, d.retraction_notice,
                               d.retraction_date, d.quick_summary, d.why_it_matters, d.remaining_questions, d.does_not_prove})
        text += v.size();
    for (const auto* list : {&d.authors, &d.observed_findings, &d.inferred_conclusions, &d.strengths, &d.limitations}) {
        items += list->size();
        for (std::string_view v : *list) text += v.size();
    }
    for (const auto& category : d.tags) tag_count += category.second.size();
    for (const RelationDraft& rd : d.relations) text += rd.target.size() + rd.note.size();
    text += d.countries.size();
    Reserve(atlas_.text, text);
    Reserve(atlas_.list_items, items);
    Reserve(atlas_.study_tags, tag_count);
    Reserve(atlas_.studies, 1);
    s.id = Intern(d.id);
    s.slug = Intern(d.slug);
    s.title = Intern(d.title);
    s.journal = Intern(d.journal);
    s.pmid = Intern(d.pmid);
    s.doi = Intern(d.doi);
    s.last_updated = Intern(d.last_updated);
    s.retraction_notice = Intern(d.retraction_notice);
    s.retraction_date = Intern(d.retraction_date);
    s.quick_summary = Intern(d.quick_summary);
    s.why_it_matters = Intern(d.why_it_matters);
    s.remaining_questions = Intern(d.remaining_questions);
    s.does_not_prove = Intern(d.does_not_prove);
    s.authors = InternList(d.authors);
    s.observed_findings = InternList(d.observed_findings);
    s.inferred_conclusions = InternList(d.inferred_conclusions);
    s.strengths = InternList(d.strengths);
    s.limitations = InternList(d.limitations);
    s.tags.first = (uint32_t)atlas_.study_tags.size();
    for (auto& [category, labels] : d.tags) {
        uint16_t cat = CategoryIndex(category);
        category_first_use_.try_emplace(category, name + '\x1f' + base + ".tags." + category);
        for (std::string_view label : labels) {
            std::string key = category + '\x1f' + std::string(label);
            auto [it, inserted] = tag_index_.try_emplace(key, (uint32_t)atlas_.tags.size());
            if (inserted) atlas_.tags.push_back({cat, std::string(label)});
            atlas_.study_tags.push_back(it->second);
        }
    }
    s.tags.count = (uint32_t)atlas_.study_tags.size() - s.tags.first;
    s.relations = {(uint32_t)atlas_.relations.size(), (uint32_t)d.relations.size()};
    for (RelationDraft& rd : d.relations) {
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
    report_.loaded++;
}

// [SECTION] Header validation ----------------------------------------------------------------

void Loader::ReadHeader() {
    AtlasHeader& h = atlas_.header;
    static const std::unordered_set<std::string> known = {
        "format", "format_version", "title", "generated", "source", "license", "generator", "policy_version",
        "synthetic", "contribute_url", "about_url", "tag_categories", "evidence_levels", "counts", "content_hash"};
    for (const HeaderError& e : header_errors_) Problem(Severity::Error, "header", e.path, e.message);
    json header = json::object();
    for (auto& [key, value] : header_fields_) {
        if (HasHeaderError(key)) continue;
        if (!known.count(key)) Problem(Severity::Warning, "header", key, "unknown field, kept out of the model");
        else header[key] = std::move(value);
    }
    RecordReader r(*this, header, "", "header");
    std::string_view text;
    h.format_version = kFormatVersion;
    if (r.String(header, "title", "title", true, text, limits_.max_title_bytes)) h.title = text;
    else h.title = "Untitled atlas";
    if (r.String(header, "generated", "generated", true, text)) {
        if (!IsDate(text)) r.Error("generated", "expected a date YYYY-MM-DD, got " + Quoted(text));
        else h.generated = text;
    }
    if (r.String(header, "source", "source", false, text)) h.source = text;
    if (r.String(header, "license", "license", false, text)) h.license = text;
    if (r.String(header, "generator", "generator", false, text)) h.generator = text;
    if (r.String(header, "policy_version", "policy_version", false, text)) h.policy_version = text;
    if (r.String(header, "content_hash", "content_hash", false, text)) h.content_hash = text;
    for (const char* key : {"contribute_url", "about_url"}) {
        if (!r.String(header, key, key, false, text)) continue;
        bool safe = text.rfind("https://", 0) == 0 || text.rfind("http://", 0) == 0 || text.rfind("mailto:", 0) == 0;
        if (!safe) r.Error(key, "expected an https:, http: or mailto: link, got " + Quoted(text));
        else (std::string_view(key) == "about_url" ? h.about_url : h.contribute_url) = text;
    }
    if (const json* syn = r.Field(header, "synthetic", "synthetic", false)) {
        if (!syn->is_boolean()) r.Error("synthetic", "expected true or false, got " + Found(*syn));
        else h.synthetic = syn->get<bool>();
    }
    for (int i = 0; i < kEvidenceLevelCount; ++i) h.evidence_levels[i] = DefaultEvidenceLevelText((EvidenceLevel)i);
    if (const json* levels = r.Field(header, "evidence_levels", "evidence_levels", false)) {
        if (!levels->is_array()) r.Error("evidence_levels", "expected an array, got " + TypeName(*levels));
        else for (size_t i = 0; i < levels->size(); ++i) {
            const json& item = (*levels)[i];
            std::string path = "evidence_levels[" + std::to_string(i) + "]";
            if (!item.is_object()) { r.Error(path, "expected an object, got " + TypeName(item)); continue; }
            EvidenceLevel level;
            std::string_view label, description;
            if (!r.Code(item, path + ".code", "code", ParseEvidenceCode, "E0, E1, E2, E3", level)) continue;
            if (r.String(item, path + ".label", "label", true, label)) h.evidence_levels[(int)level].label = label;
            if (r.String(item, path + ".description", "description", true, description))
                h.evidence_levels[(int)level].description = description;
        }
    }
    // Declared categories come first, in the header's order; categories only seen in studies follow.
    std::vector<TagCategory> declared;
    if (const json* cats = r.Field(header, "tag_categories", "tag_categories", true)) {
        if (!cats->is_array()) r.Error("tag_categories", "expected an array, got " + TypeName(*cats));
        else for (size_t i = 0; i < cats->size(); ++i) {
            const json& item = (*cats)[i];
            std::string path = "tag_categories[" + std::to_string(i) + "]";
            if (!item.is_object()) { r.Error(path, "expected an object, got " + TypeName(item)); continue; }
            std::string_view id, name;
            if (r.String(item, path + ".id", "id", true, id, 64, false) &&
                r.String(item, path + ".name", "name", true, name, 200, false))
                declared.push_back({std::string(id), std::string(name)});
        }
    }
    for (const TagCategory& cat : declared) atlas_.tag_categories[CategoryIndex(cat.id)].name = cat.name;
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
    const json* format = HeaderField("format");
    if (!format) return Fatal("missing \"format\": expected \"mecfs-atlas\"");
    if (!format->is_string() || format->get_ref<const std::string&>() != kFormatName)
        return Fatal("\"format\" is " + Found(*format) + ", expected \"mecfs-atlas\"");
    const json* version = HeaderField("format_version");
    if (!version) return Fatal("missing \"format_version\": expected 1");
    if (!version->is_number_integer() || version->get<int64_t>() != kFormatVersion) return Fatal(VersionMessage(*version));
    if (!saw_studies_) return Fatal("missing \"studies\" array");
    ReadHeader();
    for (Relation& rel : atlas_.relations) {
        if (rel.target_kind != RelationTarget::Id) continue;
        auto it = ids_.find(std::string(atlas_.Text(rel.target)));
        if (it != ids_.end()) rel.study = it->second.model;
    }
    return true;
}

}  // namespace

// [SECTION] Windows: the document a piece at a time -----------------------------------------
//
// nlohmann's SAX parser runs to the end of its input: it cannot wait for bytes still on the network.
// So the document is cut into windows that are parsed one after another by the same Loader. A cut
// falls just before the first key of an object at depth 3 inside an array at depth 2 (in an atlas:
// the "id" of every study). There the parser's whole state is "inside { [ {, after the {" and the
// next token is a string, which starts nlohmann's "last read" text afresh. Each window after the
// first is parsed behind a synthetic prefix that recreates that state (its events are dropped). A
// window other than the last ends where the parser wants that first key: the end of input it meets
// there is the cut, not an error. The loader thus sees exactly the events of one parse of the whole
// document, and a syntax error inside a window gets the text it would get in the whole document; its
// place (line, column, "ends before the JSON is complete") is worked out against the whole document
// once all of it has arrived.

namespace {

constexpr std::string_view kResumePrefix = "{\"\":[{";
constexpr int kResumePrefixEvents = 4;  // start_object, key, start_array, start_object

// Forwards the events of the window's own bytes to the loader: all but those of the prefix.
// Keeps the syntax error, if any, for the caller to place in the whole document.
class WindowSax {
public:
    WindowSax(Loader& loader, int skip) : loader_(loader), skip_(skip) {}
    bool null() { return Skip() || loader_.null(); }
    bool boolean(bool v) { return Skip() || loader_.boolean(v); }
    bool number_integer(json::number_integer_t v) { return Skip() || loader_.number_integer(v); }
    bool number_unsigned(json::number_unsigned_t v) { return Skip() || loader_.number_unsigned(v); }
    bool number_float(json::number_float_t v, const std::string& s) { return Skip() || loader_.number_float(v, s); }
    bool string(std::string& v) { return Skip() || loader_.string(v); }
    bool binary(json::binary_t& v) { return Skip() || loader_.binary(v); }
    bool key(std::string& k) { return Skip() || loader_.key(k); }
    bool start_object(std::size_t n) { return Skip() || loader_.start_object(n); }
    bool start_array(std::size_t n) { return Skip() || loader_.start_array(n); }
    bool end_object() { return Skip() || loader_.end_object(); }
    bool end_array() { return Skip() || loader_.end_array(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
        failed = true;
        error_position = position;
        what = ex.what();
        return false;
    }
    bool failed = false;
    size_t error_position = 0;
    std::string what;

private:
    bool Skip() { return skip_ > 0 && skip_-- > 0; }
    Loader& loader_;
    int skip_;
};

// The one finishing step of every load (LoadAtlas and AtlasStreamLoader alike): the header is
// checked and read, then the model is either complete or emptied. Work that needs the whole atlas
// (indexes built after the last study) belongs here, so that every way of loading gets it.
void FinishLoad(Loader& loader, Atlas& out, LoadReport& report) {
    report.usable = loader.Finish();
    if (report.usable) BuildSearchIndex(out);
    if (!report.usable) {
        out = Atlas{};
        report.problems.clear();
        report.loaded = report.rejected = report.errors = report.warnings = report.problems_dropped = 0;
    }
}

// Printable ASCII but '"' and '\\': what a string is mostly made of, skipped in a tight loop.
struct PlainTable {
    bool plain[256] = {};
    constexpr PlainTable() {
        for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
    }
};
constexpr PlainTable kPlain;

}  // namespace

// [SECTION] AtlasStreamLoader ----------------------------------------------------------------

struct StreamImpl {
    StreamImpl(Atlas& out_, const LoadLimits& limits_, size_t size_hint) : out(out_), limits(limits_), loader(out_, limits, report) {
        out = Atlas{};
        loader.SetSizeHint(size_hint);
    }

    Atlas& out;
    LoadLimits limits;
    LoadReport report;
    Loader loader;
    bool finished = false;

    // Everything fed so far: its size, its first bytes, whether it is blank.
    size_t total = 0;
    unsigned char first3[3] = {};
    bool seen_nonblank = false;  // a byte other than JSON whitespace and those of U+FEFF
    size_t bom_bytes = 0;        // bytes EF, BB, BF while nothing else but whitespace came
    // Where the next byte is, as an editor counts (lines, characters).
    size_t line = 1, column = 1;
    // UTF-8, checked before any byte is parsed (LoadAtlas's rule: invalid anywhere, unusable).
    int utf8_need = 0;  // continuation bytes still expected
    unsigned char utf8_lo = 0x80, utf8_hi = 0xBF;
    size_t seq_line = 1, seq_column = 1;
    bool utf8_bad = false;
    size_t bad_line = 0, bad_column = 0;
    // Framing: brackets open outside strings, and the last byte outside strings that is not whitespace.
    std::string stack;
    bool in_string = false, escape = false;
    unsigned char previous = 0;
    // The window being gathered: it starts at `window_start` (line/column there) and holds `pending`.
    std::string pending;
    size_t window_start = 0, window_line = 1, window_column = 1;
    bool stopped = false;  // parsing is over: a syntax error, or the loader found the file unusable
    SyntaxError syntax;

    void Bad(size_t at_line, size_t at_column) {
        utf8_bad = true;
        bad_line = at_line;
        bad_column = at_column;
        stopped = true;
        std::string().swap(pending);
    }

    // Checks and frames `chunk`; returns the offset in it of the last cut, or npos.
    size_t Scan(std::string_view chunk, size_t& cut_line, size_t& cut_column) {
        const unsigned char* p = reinterpret_cast<const unsigned char*>(chunk.data());
        size_t n = chunk.size(), cut = std::string_view::npos;
        for (size_t i = 0; i < n; ++i) {
            if (in_string && !escape && utf8_need == 0) {
                size_t j = i;
                while (j < n && kPlain.plain[p[j]]) ++j;
                column += j - i;
                i = j;
                if (i == n) break;
            }
            unsigned char c = p[i];
            if (!seen_nonblank) {
                if (c == 0xEF || c == 0xBB || c == 0xBF) ++bom_bytes;
                else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') seen_nonblank = true;
            }
            if (utf8_need) {
                if (c < utf8_lo || c > utf8_hi) { Bad(seq_line, seq_column); return std::string_view::npos; }
                utf8_lo = 0x80;
                utf8_hi = 0xBF;
                --utf8_need;
                continue;
            }
            if (c >= 0x80) {
                int extra;
                unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte (RFC 3629)
                if (c >= 0xC2 && c <= 0xDF) extra = 1;
                else if (c == 0xE0) extra = 2, lo = 0xA0;
                else if (c >= 0xE1 && c <= 0xEC) extra = 2;
                else if (c == 0xED) extra = 2, hi = 0x9F;
                else if (c >= 0xEE && c <= 0xEF) extra = 2;
                else if (c == 0xF0) extra = 3, lo = 0x90;
                else if (c >= 0xF1 && c <= 0xF3) extra = 3;
                else if (c == 0xF4) extra = 3, hi = 0x8F;
                else { Bad(line, column); return std::string_view::npos; }
                seq_line = line;
                seq_column = column;
                ++column;
                utf8_need = extra;
                utf8_lo = lo;
                utf8_hi = hi;
                if (in_string) escape = false;
                else previous = c;
                continue;
            }
            size_t here_column = column;
            if (c == '\n') { ++line; column = 1; }
            else ++column;
            if (in_string) {
                if (escape) escape = false;
                else if (c == '\\') escape = true;
                else if (c == '"') in_string = false;
                continue;
            }
            switch (c) {
            case ' ': case '\t': case '\n': case '\r': break;
            case '"':
                if (previous == '{' && stack.size() == 3 && stack[0] == '{' && stack[1] == '[' && stack[2] == '{') {
                    cut = i;
                    cut_line = line;
                    cut_column = here_column;
                }
                in_string = true;
                previous = c;
                break;
            case '{': case '[': stack.push_back((char)c); previous = c; break;
            case '}': case ']':
                if (!stack.empty()) stack.pop_back();
                previous = c;
                break;
            default: previous = c;
            }
        }
        return cut;
    }

    // Parses the window that starts at `window_start`: `bytes`, behind `prefix` bytes of kResumePrefix.
    void ParseWindow(std::string_view bytes, size_t prefix, bool last) {
        WindowSax sax(loader, prefix ? kResumePrefixEvents : 0);
        bool ok = json::sax_parse(bytes.begin(), bytes.end(), &sax, json::input_format_t::json, true);
        size_t size = bytes.size() - prefix;
        if (sax.failed && !last && sax.error_position > bytes.size()) return;  // the cut: more to come
        if (sax.failed) {
            syntax.found = true;
            syntax.what = std::move(sax.what);
            size_t in_window = sax.error_position > prefix ? sax.error_position - prefix : 1;
            syntax.position = window_start + in_window;
            // nlohmann names the byte after the offending token; count lines and characters up to it.
            size_t upto = std::min(in_window - 1, size);
            syntax.line = window_line;
            syntax.column = window_column;
            for (char c : bytes.substr(prefix, upto)) {
                if (c == '\n') { ++syntax.line; syntax.column = 1; }
                else if (((unsigned char)c & 0xC0) != 0x80) ++syntax.column;
            }
        }
        if (!ok || sax.failed) stopped = true;
    }

    void Feed(std::string_view chunk) {
        if (finished) return;
        if (utf8_bad) { total += chunk.size(); return; }
        for (size_t i = 0; total + i < 3 && i < chunk.size(); ++i) first3[total + i] = (unsigned char)chunk[i];
        size_t cut_line = 0, cut_column = 0;
        size_t cut = Scan(chunk, cut_line, cut_column);
        if (utf8_bad) { total += chunk.size(); return; }
        if (!stopped) {
            if (cut != std::string_view::npos) {
                // The window is parsed from one run of bytes: straight from the chunk when it is the
                // first (LoadAtlas's case: all but the last study), else gathered behind the prefix.
                if (window_start == 0 && pending.empty()) {
                    ParseWindow(chunk.substr(0, cut), 0, false);
                } else {
                    pending.append(chunk.substr(0, cut));
                    ParseWindow(pending, window_start ? kResumePrefix.size() : 0, false);
                }
                window_start = total + cut;
                window_line = cut_line;
                window_column = cut_column;
                pending.assign(kResumePrefix);
                pending.append(chunk.substr(cut));
            } else {
                pending.append(chunk);
            }
            if (stopped) std::string().swap(pending);
        }
        total += chunk.size();
    }

    LoadReport Finish() {
        if (finished) return report;
        finished = true;
        if (!utf8_bad && utf8_need) Bad(seq_line, seq_column);  // cut short at the end
        if (utf8_bad) {
            report.fatal = "invalid UTF-8 at line " + std::to_string(bad_line) + ", column " + std::to_string(bad_column);
        } else {
            if (!stopped) ParseWindow(pending, window_start ? kResumePrefix.size() : 0, true);
            std::string().swap(pending);
            bool bom = first3[0] == 0xEF && first3[1] == 0xBB && first3[2] == 0xBF && total >= 3;
            bool body_blank = !seen_nonblank && bom_bytes == (bom ? 3u : 0u);
            if (syntax.found && report.fatal.empty()) report.fatal = DescribeParseError(syntax, total, body_blank);
            if (report.fatal.empty() && !seen_nonblank) report.fatal = "empty file: expected a JSON object";
        }
        FinishLoad(loader, out, report);
        return std::move(report);
    }
};

LoadReport LoadAtlas(std::string_view bytes, Atlas& out, const LoadLimits& limits) {
    StreamImpl loader(out, limits, bytes.size());
    loader.Feed(bytes);
    return loader.Finish();
}

}  // namespace reference
}  // namespace atlas
