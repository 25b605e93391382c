// facets.cpp — the facet table: names, options, and how each maps onto a Query and its counts.
#include "atlas/facets.h"

namespace atlas {
namespace {

template <typename Bits>
bool BitSet(Bits bits, int i) { return (bits >> i) & 1; }
template <typename Bits>
void FlipBit(Bits& bits, int i) { bits = (Bits)(bits ^ (Bits)(1u << i)); }

// Who was studied: sample size bands (patients and controls together; labels "size.<code>" in the
// catalogue); severities and age groups are codes of the record's table (model.h).
constexpr std::string_view kSampleSizeCodes[] = {"under20", "20-99", "100-999", "1000plus"};
static_assert(std::size(kSampleSizeCodes) == kSampleSizeCount);

constexpr std::string_view kSortCodes[] = {"relevance", "newest", "oldest", "evidence"};

}  // namespace

std::string_view SortCode(SortOrder s) { return kSortCodes[(int)s]; }
std::string_view SortLabel(SortOrder s, Lang lang) { return Tr(lang, "sort." + std::string(kSortCodes[(int)s])); }
bool ParseSortCode(std::string_view code, SortOrder& out) {
    for (int i = 0; i < 4; ++i)
        if (kSortCodes[i] == code) { out = (SortOrder)i; return true; }
    return false;
}

std::vector<Facet> Facets(const Atlas& atlas, Lang lang) {
    std::vector<Facet> facets;
    auto name = [&](const char* key) { return Tr(lang, std::string("facet.") + key); };
    Facet evidence{FacetId::Evidence, "evidence", name("evidence"), {}};
    for (int i = 0; i < kEvidenceLevelCount; ++i)
        evidence.options.push_back({std::string(EvidenceCode((EvidenceLevel)i)),
                                    std::string(EvidenceCode((EvidenceLevel)i)) + " " + LevelTextIn(atlas, (EvidenceLevel)i, lang).label});
    facets.push_back(std::move(evidence));
    // The others: every code of the record's table (model.h), with its label in the reader's language.
    auto coded = [&](FacetId id, const char* key, CodeSet codes) {
        Facet facet{id, key, name(key), {}};
        for (int i = 0; i < CodeCount(codes); ++i)
            if (!Code(codes, i).empty()) facet.options.push_back({std::string(Code(codes, i)), std::string(Label(codes, i, lang))});
        facets.push_back(std::move(facet));
    };
    coded(FacetId::Pem, "pem", CodeSet::Pem);
    coded(FacetId::PublicationType, "type", CodeSet::PublicationType);
    coded(FacetId::CaseDefinition, "casedef", CodeSet::CaseDefinition);
    Facet size{FacetId::SampleSize, "size", name("size"), {}};
    for (int i = 0; i < kSampleSizeCount; ++i)
        size.options.push_back({std::string(kSampleSizeCodes[i]), Tr(lang, "size." + std::string(kSampleSizeCodes[i]))});
    facets.push_back(std::move(size));
    coded(FacetId::Severity, "severity", CodeSet::Severity);
    coded(FacetId::AgeGroup, "age", CodeSet::AgeGroup);   // its unstated 0 has no code: no option
    coded(FacetId::Confidence, "confidence", CodeSet::Confidence);
    coded(FacetId::PeerReview, "peer", CodeSet::PeerReview);
    coded(FacetId::ReviewStatus, "review", CodeSet::ReviewStatus);
    facets.push_back({FacetId::Retracted, "retracted", name("retracted"), {{"no", name("retracted.no")}, {"yes", name("retracted.yes")}}});
    facets.push_back({FacetId::Since, "since", name("since"), {{"new", name("since.new")}, {"changed", name("since.changed")}}});
    return facets;
}

bool FacetSelected(const Query& q, FacetId facet, int i) {
    switch (facet) {
    case FacetId::Evidence: return BitSet(q.evidence, i);
    case FacetId::Confidence: return BitSet(q.confidence, i);
    case FacetId::Pem: return BitSet(q.pem, i);
    case FacetId::CaseDefinition: return BitSet(q.case_definitions, i);
    case FacetId::PublicationType: return BitSet(q.publication_types, i);
    case FacetId::PeerReview: return BitSet(q.peer_review, i);
    case FacetId::ReviewStatus: return BitSet(q.review_status, i);
    case FacetId::Retracted:
        return i == 0 ? q.retracted == RetractionFilter::Hide : q.retracted == RetractionFilter::Only;
    case FacetId::SampleSize: return BitSet(q.sample_sizes, i);
    case FacetId::Severity: return BitSet(q.severities, i);
    case FacetId::AgeGroup: return BitSet(q.age_groups, i);
    case FacetId::Since: return BitSet(q.since, i + 1);  // options: New, Changed
    }
    return false;
}

void ToggleFacet(Query& q, FacetId facet, int i) {
    switch (facet) {
    case FacetId::Evidence: FlipBit(q.evidence, i); break;
    case FacetId::Confidence: FlipBit(q.confidence, i); break;
    case FacetId::Pem: FlipBit(q.pem, i); break;
    case FacetId::CaseDefinition: FlipBit(q.case_definitions, i); break;
    case FacetId::PublicationType: FlipBit(q.publication_types, i); break;
    case FacetId::PeerReview: FlipBit(q.peer_review, i); break;
    case FacetId::ReviewStatus: FlipBit(q.review_status, i); break;
    case FacetId::SampleSize: FlipBit(q.sample_sizes, i); break;
    case FacetId::Severity: FlipBit(q.severities, i); break;
    case FacetId::AgeGroup: FlipBit(q.age_groups, i); break;
    case FacetId::Retracted: {
        // Two options over one three-way filter: choosing both or neither means "any".
        bool hide = q.retracted == RetractionFilter::Hide, only = q.retracted == RetractionFilter::Only;
        if (i == 0) hide = !hide; else only = !only;
        q.retracted = hide == only ? RetractionFilter::Any : hide ? RetractionFilter::Hide : RetractionFilter::Only;
        break;
    }
    case FacetId::Since: FlipBit(q.since, i + 1); break;
    }
}

uint32_t FacetCount(const FacetCounts& c, FacetId facet, int i) {
    switch (facet) {
    case FacetId::Evidence: return c.evidence[i];
    case FacetId::Confidence: return c.confidence[i];
    case FacetId::Pem: return c.pem[i];
    case FacetId::CaseDefinition: return c.case_definitions[i];
    case FacetId::PublicationType: return c.publication_types[i];
    case FacetId::PeerReview: return c.peer_review[i];
    case FacetId::ReviewStatus: return c.review_status[i];
    case FacetId::Retracted: return c.retracted[i];
    case FacetId::SampleSize: return c.sample_sizes[i];
    case FacetId::Severity: return c.severities[i];
    case FacetId::AgeGroup: return c.age_groups[i];
    case FacetId::Since: return c.since[i + 1];
    }
    return 0;
}

std::vector<int> GridColumns(const FacetCounts& c, GridAxis axis, const Query& q) {
    std::vector<int> columns;
    if (axis == GridAxis::Level) {
        for (int i = 0; i < kEvidenceLevelCount; ++i) columns.push_back(i);
        return columns;
    }
    const size_t rows = c.grid_topics.size();
    for (int t = 0; t < kPublicationTypeCount; ++t) {
        bool any = BitSet(q.publication_types, t);
        for (size_t r = 0; r < rows && !any; ++r) any = c.grid_types[r * kPublicationTypeCount + t] > 0;
        if (any) columns.push_back(t);
    }
    return columns;
}

GridCell GridCellAt(const FacetCounts& c, GridAxis axis, size_t row, int column) {
    if (row >= c.grid_topics.size() || column < 0) return {};
    if (axis == GridAxis::Level) {
        if (column >= kEvidenceLevelCount) return {};
        size_t at = row * kEvidenceLevelCount + (size_t)column;
        return {c.grid_levels[at], c.grid_levels_pem[at]};
    }
    if (column >= kPublicationTypeCount) return {};
    size_t at = row * kPublicationTypeCount + (size_t)column;
    return {c.grid_types[at], c.grid_types_pem[at]};
}

std::string GridColumnLabel(const Atlas& atlas, GridAxis axis, int column) {
    if (axis == GridAxis::Level)
        return std::string(EvidenceCode((EvidenceLevel)column)) + " " + atlas.LevelText((EvidenceLevel)column).label;
    return std::string(PublicationTypeLabel((PublicationType)column));
}

std::string_view GridColumnCode(GridAxis axis, int column) {
    return axis == GridAxis::Level ? EvidenceCode((EvidenceLevel)column) : PublicationTypeCode((PublicationType)column);
}

std::string PemShare(uint32_t count, uint32_t pem) {
    if (!count) return {};
    uint32_t percent = (uint32_t)(((uint64_t)pem * 200 + count) / (2 * (uint64_t)count));  // rounded half up
    if (pem && !percent) return "<1% PEM";
    if (pem < count && percent == 100) percent = 99;   // not all of them: never "100%"
    return std::to_string(percent) + "% PEM";
}

std::string GridCellSentence(GridCell cell) {
    if (!cell.count) return "no studies";
    std::string out = std::to_string(cell.count) + (cell.count == 1 ? " study" : " studies");
    if (!cell.pem) return out + ", none in cohorts that required PEM";
    if (cell.pem == cell.count) return out + (cell.count == 1 ? ", in a cohort that required PEM" : ", all in cohorts that required PEM");
    std::string share = PemShare(cell.count, cell.pem);
    return out + ", " + std::to_string(cell.pem) + " of them (" + share.substr(0, share.find(' ')) + ") in cohorts that required PEM";
}

bool FindFacet(std::string_view key, FacetId& out) {
    static const std::pair<std::string_view, FacetId> kKeys[] = {
        {"evidence", FacetId::Evidence}, {"pem", FacetId::Pem}, {"type", FacetId::PublicationType},
        {"casedef", FacetId::CaseDefinition}, {"confidence", FacetId::Confidence}, {"peer", FacetId::PeerReview},
        {"review", FacetId::ReviewStatus}, {"retracted", FacetId::Retracted}, {"size", FacetId::SampleSize},
        {"severity", FacetId::Severity}, {"age", FacetId::AgeGroup}, {"since", FacetId::Since}};
    for (const auto& [k, id] : kKeys)
        if (k == key) { out = id; return true; }
    return false;
}

int FindFacetOption(const Facet& facet, std::string_view code) {
    for (size_t i = 0; i < facet.options.size(); ++i)
        if (facet.options[i].code == code) return (int)i;
    return -1;
}

}  // namespace atlas
