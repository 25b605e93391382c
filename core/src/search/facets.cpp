// facets.cpp — the facet table: names, options, and how each maps onto a Query and its counts.
#include "atlas/facets.h"

namespace atlas {
namespace {

template <typename Bits>
bool BitSet(Bits bits, int i) { return (bits >> i) & 1; }
template <typename Bits>
void FlipBit(Bits& bits, int i) { bits = (Bits)(bits ^ (Bits)(1u << i)); }

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
    struct Coded { FacetId id; const char* key; CodeSet codes; };
    static constexpr Coded kCoded[] = {
        {FacetId::Pem, "pem", CodeSet::Pem},
        {FacetId::PublicationType, "type", CodeSet::PublicationType},
        {FacetId::CaseDefinition, "casedef", CodeSet::CaseDefinition},
        {FacetId::Confidence, "confidence", CodeSet::Confidence},
        {FacetId::PeerReview, "peer", CodeSet::PeerReview},
        {FacetId::ReviewStatus, "review", CodeSet::ReviewStatus},
    };
    for (const Coded& c : kCoded) {
        Facet facet{c.id, c.key, name(c.key), {}};
        for (int i = 0; i < CodeCount(c.codes); ++i)
            facet.options.push_back({std::string(Code(c.codes, i)), std::string(Label(c.codes, i, lang))});
        facets.push_back(std::move(facet));
    }
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
    case FacetId::Since: return c.since[i + 1];
    }
    return 0;
}

bool FindFacet(std::string_view key, FacetId& out) {
    static const std::pair<std::string_view, FacetId> kKeys[] = {
        {"evidence", FacetId::Evidence}, {"pem", FacetId::Pem}, {"type", FacetId::PublicationType},
        {"casedef", FacetId::CaseDefinition}, {"confidence", FacetId::Confidence}, {"peer", FacetId::PeerReview},
        {"review", FacetId::ReviewStatus}, {"retracted", FacetId::Retracted}, {"since", FacetId::Since}};
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
