// atlas/load.h — reading an atlas document (format v1, see data/FORMAT.md) into the model.
// Pure core: takes bytes, never a path. A scanner made for this document reads one study at a time
// into a flat tape, checks it by the record's field table and copies it into the model, so memory
// stays near the size of the model; the document itself may arrive in chunks (AtlasStreamLoader)
// and is then never held whole.
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
// the bytes of the study being read are kept, and each study's words are counted for the search index
// as it arrives. Whatever the chunks (cut inside strings, escapes, UTF-8 characters or numbers), `out`
// and the report end exactly as LoadAtlas on the whole document. The page shows "searching 23,000 of
// 100,000 studies — loading" with Snapshot(), StudiesRead() and ExpectedStudies().
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

    // Results before the end. Makes `out` searchable over the studies read so far and returns their
    // number: they are final (the first StudiesRead() of what Finish leaves), `out.search` becomes a
    // partial index over them (SearchIndex::partial; RunQuery and FindMatches answer over those
    // studies, and counts grow as later snapshots cover more), and the header's title, evidence level
    // texts and declared tag categories apply as soon as they have arrived (a bundle has them first).
    // Costs the sort of the words met so far (not the text: that was counted as each study arrived),
    // so call it when a reader is waiting, not after every chunk. Returns 0 once the file is found
    // unusable. Finish() replaces it with the whole atlas; destroying the loader unfinished drops it.
    size_t Snapshot();
    size_t StudiesRead() const;         // studies accepted so far
    size_t ExpectedStudies() const;     // the header's counts.studies (given before the studies), or 0

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// "FILE: <record> <path>: <message>", the CLI's and the page's one-line form.
std::string FormatProblem(std::string_view file, const Problem& problem);

// "N loaded, M rejected, K warnings"
std::string FormatSummary(const LoadReport& report);

}  // namespace atlas
