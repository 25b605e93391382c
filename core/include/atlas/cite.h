// atlas/cite.h — citations and exports of studies: what a reader copies or downloads to put a
// paper in a reference manager. Pure core: returns text; the page does clipboard and downloads.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/model.h"

namespace atlas {

// The primary paper, plain text, e.g.
// "Twisk FNM, Maes M. A review on ... Neuro endocrinology letters. 2009. PMID: 19855350."
std::string CitePlain(const Atlas& atlas, const Study& study);

// One BibTeX @article entry; the key is "<family><year><firstword>" in ASCII.
std::string CiteBibtex(const Atlas& atlas, const Study& study);

// The separate line for citing the atlas's own reading of the paper on a given date (YYYY-MM-DD),
// e.g. "ME/CFS Research Atlas. Card for “<title>” (Twisk 2009), last updated 7 April 2026. Accessed 27 November 2026."
std::string CiteAtlasSnapshot(const Atlas& atlas, const Study& study, std::string_view accessed_date);

// Exports of a result set (indices into atlas.studies), each a complete file.
std::string ExportCsv(const Atlas& atlas, const std::vector<uint32_t>& studies);
std::string ExportRis(const Atlas& atlas, const std::vector<uint32_t>& studies);
std::string ExportBibtex(const Atlas& atlas, const std::vector<uint32_t>& studies);
std::string ExportCslJson(const Atlas& atlas, const std::vector<uint32_t>& studies);

}  // namespace atlas
