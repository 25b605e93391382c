// atlas/medline.h — PubMed MEDLINE-format export (.txt/.nbib) to study skeletons.
// Metadata (title, authors, journal, year, PMID, DOI, publication type) is filled from the record;
// text sections are left empty and review_status is "machine_draft": a person or a drafting
// pipeline writes the summaries later. Pure core: takes the export's text, not a path.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace atlas {

struct MedlineImport {
    std::vector<std::string> records;   // one study record each, pretty-printed JSON (data/studies/ form)
    std::vector<std::string> slugs;     // file name stem for each record
    std::vector<std::string> problems;  // "record N (PMID x): message" for records that were skipped
};

// `today` (YYYY-MM-DD) becomes last_updated; passed in so the core stays pure.
MedlineImport ImportMedline(std::string_view text, std::string_view today);

}  // namespace atlas
