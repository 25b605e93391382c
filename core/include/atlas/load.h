// atlas/load.h — reading an atlas document (format v1, see data/FORMAT.md) into the model.
// Pure core: takes bytes, never a path. Streams the document with nlohmann's SAX parser and
// builds a small DOM for one study at a time, so memory stays near the size of the model.
// Never trusts its input: every record is validated, a bad one is rejected with a message and
// every valid one still loads; caps bound strings, lists, nesting and counts.
#pragma once
#include <cstddef>
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
LoadReport LoadAtlas(std::string_view bytes, Atlas& out, const LoadLimits& limits = {});

// "FILE: <record> <path>: <message>", the CLI's and the page's one-line form.
std::string FormatProblem(std::string_view file, const Problem& problem);

// "N loaded, M rejected, K warnings"
std::string FormatSummary(const LoadReport& report);

}  // namespace atlas
