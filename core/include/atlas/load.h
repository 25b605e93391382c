// atlas/load.h — reading an atlas document (format v1, see data/FORMAT.md) into the model.
// Pure core: takes bytes, never a path. Streams the document with nlohmann's SAX parser and
// builds a small DOM for one study at a time, so memory stays near the size of the model; the
// document itself may arrive in chunks (AtlasStreamLoader) and is then never held whole.
// Relations naming a study of the atlas by id are resolved (Relation::study) once all have arrived.
// Never trusts its input: every record is validated, a bad one is rejected with a message and
// every valid one still loads; caps bound strings, lists, nesting and counts.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/model.h"

namespace atlas {

enum class Severity { Error, Warning };

struct Problem {
    Severity severity = Severity::Error;
    std::string record;   // study id, "#index" when it has none, or "header"
    std::string path;     // JSON path inside the document, e.g. "studies[3].year"
    std::string message;  // what was expected and what was found
};

struct LoadLimits {
    size_t max_string_bytes = 64 * 1024;
    size_t max_title_bytes = 2 * 1024;
    size_t max_list_items = 200;
    size_t max_authors = 500;
    size_t max_tags_per_category = 100;
    size_t max_relations = 50;              // of one study
    size_t max_record_bytes = 1024 * 1024;  // all text of one study together
    size_t max_depth = 16;                  // nesting inside one study or header field
    size_t max_studies = 1000000;
    size_t max_problems = 10000;            // beyond this, problems are counted but not kept
};

struct LoadReport {
    bool usable = false;      // false: the file cannot be used at all; `fatal` says why
    std::string fatal;
    std::vector<Problem> problems;
    size_t loaded = 0, rejected = 0, errors = 0, warnings = 0;
    size_t problems_dropped = 0;  // problems past LoadLimits::max_problems
};

// Replaces `out` with the studies of `bytes`. On an unusable file, `out` is left empty.
// The same as one AtlasStreamLoader fed `bytes` in one chunk.
LoadReport LoadAtlas(std::string_view bytes, Atlas& out, const LoadLimits& limits = {});

// Reads a document that arrives in pieces (a network stream) without ever holding all of it: only
// the bytes of the study being read are kept. Whatever the chunks (cut inside strings, escapes,
// UTF-8 characters or numbers), `out` and the report end exactly as LoadAtlas on the whole document.
class AtlasStreamLoader {
public:
    // Empties `out` now and fills it as studies arrive. `size_hint`: the document's size in bytes
    // if known (0 if not), used to size the text arena once.
    explicit AtlasStreamLoader(Atlas& out, const LoadLimits& limits = {}, size_t size_hint = 0);
    ~AtlasStreamLoader();
    AtlasStreamLoader(const AtlasStreamLoader&) = delete;
    AtlasStreamLoader& operator=(const AtlasStreamLoader&) = delete;

    void Feed(std::string_view chunk);  // the next bytes of the document, any number
    LoadReport Finish();                // after the last chunk; call once
    size_t BufferedBytes() const;       // memory held now for the window being read (a study or so)
    size_t BytesFed() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// "FILE: <record> <path>: <message>", the CLI's and the page's one-line form.
std::string FormatProblem(std::string_view file, const Problem& problem);

// "N loaded, M rejected, K warnings"
std::string FormatSummary(const LoadReport& report);

}  // namespace atlas
