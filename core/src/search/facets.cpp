// facets.cpp — the facet table: names, options, and how each maps onto a Query and its counts.
#include "atlas/facets.h"

namespace atlas {
namespace {

template <typename Bits>
bool BitSet(Bits bits, int i) { return (bits >> i) & 1; }
template <typename Bits>
void FlipBit(Bits& bits, int i) { bits = (Bits)(bits ^ (Bits)(1u << i)); }

// Publication types as a reader names them; the codes (card badges, URLs, the format) stay as they are.
constexpr std::string_view kPublicationTypeLabels[] = {
    "Randomised controlled trial", "Controlled trial", "Open-label trial", "Cohort study", "Case-control study",
    "Cross-sectional study", "Case series", "Case report", "Narrative review", "Systematic review", "Meta-analysis",
    "Guideline", "Consensus statement", "Other"};
static_assert(std::size(kPublicationTypeLabels) == kPublicationTypeCount);

constexpr std::string_view kSortCodes[] = {"relevance", "newest", "oldest", "evidence"};
constexpr std::string_view kSortLabels[] = {"Relevance", "Newest first", "Oldest first", "Evidence level"};

}  // namespace

std::string_view SortCode(SortOrder s) { return kSortCodes[(int)s]; }
std::string_view SortLabel(SortOrder s) { return kSortLabels[(int)s]; }
bool ParseSortCode(std::string_view code, SortOrder& out) {
    for (int i = 0; i < 4; ++i)
        if (kSortCodes[i] == code) { out = (SortOrder)i; return true; }
    return false;
}

std::vector<Facet> Facets(const Atlas& atlas) {
    std::vector<Facet> facets;
    Facet evidence{FacetId::Evidence, "evidence", "Evidence level", {}};
    for (int i = 0; i < kEvidenceLevelCount; ++i)
        evidence.options.push_back({std::string(EvidenceCode((EvidenceLevel)i)),
                                    std::string(EvidenceCode((EvidenceLevel)i)) + " " + atlas.LevelText((EvidenceLevel)i).label});
    facets.push_back(std::move(evidence));
    Facet pem{FacetId::Pem, "pem", "PEM criterion", {}};
    for (int i = 0; i < 3; ++i) pem.options.push_back({std::string(PemCode((PemCriterion)i)), std::string(PemLabel((PemCriterion)i))});
    facets.push_back(std::move(pem));
    Facet type{FacetId::PublicationType, "type", "Publication type", {}};
    for (int i = 0; i < kPublicationTypeCount; ++i) {
        type.options.push_back({std::string(PublicationTypeCode((PublicationType)i)), std::string(kPublicationTypeLabels[i])});
    }
    facets.push_back(std::move(type));
    Facet casedef{FacetId::CaseDefinition, "casedef", "Case definition", {}};
    for (int i = 0; i < kCaseDefinitionCount; ++i)
        casedef.options.push_back({std::string(CaseDefinitionCode(i)), std::string(CaseDefinitionLabel(i))});
    facets.push_back(std::move(casedef));
    Facet confidence{FacetId::Confidence, "confidence", "Confidence", {}};
    for (int i = 0; i < 3; ++i)
        confidence.options.push_back({std::string(ConfidenceCode((Confidence)i)), std::string(ConfidenceLabel((Confidence)i))});
    facets.push_back(std::move(confidence));
    Facet peer{FacetId::PeerReview, "peer", "Peer review", {}};
    for (int i = 0; i < 2; ++i) peer.options.push_back({std::string(PeerReviewCode((PeerReview)i)), std::string(PeerReviewLabel((PeerReview)i))});
    facets.push_back(std::move(peer));
    Facet review{FacetId::ReviewStatus, "review", "Review status", {}};
    for (int i = 0; i < 3; ++i)
        review.options.push_back({std::string(ReviewStatusCode((ReviewStatus)i)), std::string(ReviewStatusLabel((ReviewStatus)i))});
    facets.push_back(std::move(review));
    facets.push_back({FacetId::Retracted, "retracted", "Retraction", {{"no", "Not retracted"}, {"yes", "Retracted"}}});
    facets.push_back({FacetId::Since, "since", "Since your last visit", {{"new", "New since your last visit"}, {"changed", "Changed since your last visit"}}});
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
