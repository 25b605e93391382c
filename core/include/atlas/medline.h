// atlas/medline.h — MEDLINE-format exports (.txt/.nbib: PubMed, and other databases that write the
// format) to study skeletons. Metadata (title, authors, journal, year, PMID, DOI, publication type)
// is filled from the record; text sections are left empty and review_status is "machine_draft": a
// person or a drafting pipeline writes the summaries later, from the abstract handed back beside
// each skeleton. Pure core: takes the export's text, not a path.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace atlas {

struct MedlineImport {
    std::vector<std::string> records;   // one study record each, pretty-printed JSON (data/studies/ form)
    std::vector<std::string> slugs;     // file name stem for each record
    std::vector<std::string> abstracts; // for each record: its abstract as plain text (AbstractFile), or ""
    std::vector<std::string> problems;  // "record N (PMID x): message" (or "(DOI x)") for records skipped
};

// `today` (YYYY-MM-DD) becomes last_updated; passed in so the core stays pure.
// A record needs a title (TI, or BTI for a whole book), a year in DP ("2011 Oct 19", "Apr 2019",
// "Spring 2019") and a PMID or a DOI. Without a PMID the id is FNV-1a 64 of "doi:<lower-case DOI>"
// and provenance is the doi.org link. A book chapter's container (the "journal") is its book title.
MedlineImport ImportMedline(std::string_view text, std::string_view today);

// The file name written beside "<slug>.json" for a record's abstract: "<slug>.abstract.txt".
// `atlas build` bundles only *.json, so the abstract never ships.
std::string AbstractFileName(std::string_view slug);

}  // namespace atlas
