// synth.cpp — synthetic atlases for tests and benchmarks.
//
// Every study n (1..count) is a pure function of (seed, n): its own splitmix64 stream, so output is
// identical on every platform and standard library (no std:: distributions). Studies are written in
// bundle order (year newest first, then id), as `atlas build` writes them. JSON is appended by hand,
// minified, straight into the output string: 100k studies (~260 MB) take about half a second at -O2.
//
// [SECTION] PRNG
// [SECTION] Vocabulary
// [SECTION] JSON writing
// [SECTION] One study
// [SECTION] SynthesizeAtlas
#include "atlas/synth.h"

#include "atlas/model.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <string_view>
#include <utility>
#include <vector>

namespace atlas {
namespace {

// [SECTION] PRNG -----------------------------------------------------------------------------

uint64_t SplitMix(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

class Rng {
public:
    Rng(uint64_t seed, uint64_t n) {
        uint64_t mix = seed;
        state_ = SplitMix(mix) ^ (n * 0xD1B54A32D192ED03ull);
        SplitMix(state_);
    }
    uint64_t Next() { return SplitMix(state_); }
    // Uniform in [0, n), n < 2^32.
    uint32_t Below(uint32_t n) { return (uint32_t)(((Next() >> 32) * (uint64_t)n) >> 32); }
    int Range(int lo, int hi) { return lo + (int)Below((uint32_t)(hi - lo + 1)); }  // inclusive
    bool Chance(int percent) { return (int)Below(100) < percent; }
    bool PerMille(int per_mille) { return (int)Below(1000) < per_mille; }
    template <typename T, size_t N>
    const T& Pick(const T (&items)[N]) { return items[Below((uint32_t)N)]; }
    // Index by integer weights.
    template <size_t N>
    int Weighted(const int (&weights)[N]) {
        int total = 0;
        for (int w : weights) total += w;
        int x = (int)Below((uint32_t)total);
        for (size_t i = 0; i < N; ++i) {
            if (x < weights[i]) return (int)i;
            x -= weights[i];
        }
        return (int)N - 1;
    }

private:
    uint64_t state_ = 0;
};

// [SECTION] Vocabulary -----------------------------------------------------------------------

using sv = std::string_view;

constexpr int kFirstYear = 1988, kLastYear = 2025, kYears = kLastYear - kFirstYear + 1;

constexpr sv kFamilyNames[] = {
    "Nilsen", "Fluge", "Mella", "Øverland", "Müller", "Scheibenbogen", "Aßmus", "Jäger", "Schäfer", "Sotzny",
    "Dvořák", "Nowak", "Łukasiewicz", "Kovačević", "Öztürk", "Gómez", "Núñez", "Peña", "Fernández", "Rossi",
    "Bianchi", "Moreau", "Lefèvre", "Gagnon", "Tremblay", "O'Brien", "Murphy", "Walsh", "Smith", "Johnson",
    "Williams", "Brown", "Taylor", "Davies", "Evans", "Thomas", "Roberts", "Wilson", "Anderson", "Clark",
    "Lewis", "Walker", "Young", "King", "Wright", "Hughes", "Green", "Baker", "Hall", "Lindqvist",
    "Söderberg", "Bergström", "Sørensen", "Jørgensen", "Hansen", "de Vries", "van der Berg", "Janssen", "Bakker",
    "Visser", "Tanaka", "Suzuki", "Watanabe", "Nakamura", "Kim", "Park", "Lee", "Chen", "Wang",
    "Zhang", "Liu", "Nguyen", "Tran", "Patel", "Sharma", "Singh", "Cohen", "Levi", "Friedman",
    "Marshall-Gradisnik", "Staines", "Hornig", "Komaroff", "Lipkin", "Davis", "Montoya", "Klimas", "Jason",
};
constexpr sv kGivenNames[] = {
    "Øystein", "Jörg", "Zoë", "Søren", "François", "Inês", "José", "Mårten", "Ágnes", "Björn", "Chloé",
    "Renée", "Hélène", "Łucja", "Mária", "Göran", "Frank", "Michael", "Sarah", "Anna", "Maria", "David",
    "James", "Emma", "Olivia", "Laura", "Karen", "Peter", "Thomas", "Ingrid", "Kari", "Olav", "Carmen",
    "Lucía", "Giulia", "Marco", "Hiroshi", "Yuki", "Min-jun", "Wei", "Priya", "Rahul", "Leah", "Rachel",
    "Nancy", "Lucinda", "Ronald", "Anthony", "Leonard", "Sonya", "Madlen", "Carmen", "Claudia", "Katrin",
};
constexpr sv kInitials[] = {"A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "T", "W"};

struct Journal { sv name, doi_prefix; };
constexpr Journal kJournals[] = {
    {"Journal of Translational Medicine", "1186"}, {"Frontiers in Immunology", "3389"},
    {"Frontiers in Neurology", "3389"}, {"Frontiers in Medicine", "3389"}, {"PLoS One", "1371"},
    {"Brain, Behavior, and Immunity", "1016"}, {"Fatigue: Biomedicine, Health & Behavior", "1080"},
    {"Journal of Internal Medicine", "1111"}, {"Scientific Reports", "1038"}, {"Nature Communications", "1038"},
    {"JCI Insight", "1172"}, {"Work", "3233"}, {"Healthcare (Basel)", "3390"}, {"Medicina (Kaunas)", "3390"},
    {"International Journal of Molecular Sciences", "3390"}, {"Journal of Clinical Medicine", "3390"},
    {"BMC Neurology", "1186"}, {"BMJ Open", "1136"}, {"Clinical Medicine (London)", "7861"},
    {"Neuro endocrinology letters", "1234"}, {"Journal of Chronic Fatigue Syndrome", "1300"},
    {"American Journal of Medicine", "1016"}, {"Psychological Medicine", "1017"}, {"Lancet", "1016"},
    {"Annals of Internal Medicine", "7326"}, {"Mayo Clinic Proceedings", "1016"}, {"Metabolites", "3390"},
};
constexpr Journal kPreprintServers[] = {
    {"medRxiv", "1101"}, {"medRxiv", "1101"}, {"bioRxiv", "1101"}, {"Research Square", "21203"}, {"SSRN", "2139"},
};

// Publication types in model order, with their weights and how they are named in text.
constexpr int kTypeWeights[] = {6, 3, 4, 9, 26, 13, 3, 3, 17, 4, 2, 1, 1, 8};
constexpr sv kTypeNouns[] = {
    "randomised controlled trial", "controlled trial", "open-label study", "prospective cohort study",
    "case-control study", "cross-sectional study", "case series", "case report", "narrative review",
    "systematic review", "meta-analysis", "clinical guideline", "consensus document", "exploratory study"};
constexpr sv kTitleDesigns[] = {
    "a randomised, placebo-controlled trial", "a controlled trial", "an open-label pilot study",
    "a prospective cohort study", "a case-control study", "a cross-sectional study", "a case series",
    "a case report", "a narrative review", "a systematic review", "a systematic review and meta-analysis",
    "clinical practice guideline", "an international consensus statement", "an exploratory analysis"};

constexpr sv kMarkers[] = {
    "natural killer cell cytotoxicity", "plasma cytokine profiles", "serum metabolites",
    "mitochondrial respiration in blood cells", "cerebral blood flow", "heart rate variability",
    "red blood cell deformability", "gut microbiome composition", "autoantibodies against adrenergic receptors",
    "blood lactate after exercise", "oxidative stress markers", "extracellular vesicle cargo",
    "brainstem connectivity on MRI", "T cell exhaustion markers", "plasma sphingolipids", "endothelial function",
    "salivary cortisol rhythms", "tryptophan metabolism", "B cell subsets", "muscle energy metabolism",
    "oxygen uptake on repeated exercise testing", "small fibre nerve density", "platelet activation",
};
constexpr sv kTitleMeasures[] = {
    "Plasma profiling of", "Longitudinal assessment of", "Cross-sectional analysis of", "Proteomic analysis of",
    "Functional imaging of", "Single-cell sequencing of", "Characterisation of", "Quantification of",
    "Sex differences in", "Reduced", "Altered", "Exercise-induced changes in",
};
constexpr sv kSymptoms[] = {
    "post-exertional malaise", "cognitive fatigue", "orthostatic intolerance", "unrefreshing sleep",
    "widespread pain", "sensory sensitivity", "physical function", "fatigue severity", "orthostatic symptoms",
    "daily activity levels", "symptom flares",
};
constexpr sv kInterventions[] = {
    "low-dose naltrexone", "rintatolimod", "pacing support", "coenzyme Q10 and NADH", "intravenous immunoglobulin",
    "immunoadsorption", "rituximab", "cyclophosphamide", "compression garments", "a graded activity programme",
    "cognitive behavioural therapy", "heart-rate-monitored pacing", "mitochondrial supplements", "valganciclovir",
    "pyridostigmine", "oral rehydration",
};
constexpr sv kControls[] = {
    "healthy controls", "sedentary controls", "people with multiple sclerosis", "matched controls",
    "people with depression", "people who recovered from an acute infection",
};
constexpr sv kReviewTopics[] = {
    "immune dysfunction", "energy metabolism", "autonomic dysfunction", "neuroinflammation",
    "exercise intolerance", "treatment trials", "diagnostic criteria", "viral triggers", "paediatric illness",
    "severe and very severe illness", "biomarker research", "the overlap with long COVID",
};

constexpr sv kStrengths[] = {
    "Participants met criteria that require post-exertional malaise",
    "Objective measures alongside validated questionnaires",
    "Controls matched for age, sex and activity level",
    "Samples processed blind to diagnosis",
    "Pre-registered protocol and analysis plan",
    "Recruitment from more than one clinical site",
    "Repeated measurements over several months",
    "Includes housebound participants, often left out of research",
};
constexpr sv kLimitations[] = {
    "Small sample size",
    "No correction for multiple comparisons",
    "Healthy rather than sedentary controls",
    "Severely affected patients were not included",
    "Single time point, so changes over time are unknown",
    "Case definition does not require post-exertional malaise",
    "Self-reported outcomes only",
    "Findings not yet replicated in an independent cohort",
};

constexpr sv kMethodFlags[] = {
    "Weak Case Definition", "Small Sample", "No Control Group", "Healthy Controls", "Sedentary Controls",
    "Two-Day CPET", "Validated Questionnaires", "Blinded Assessment", "Preregistered", "Multi-site",
    "Self-report Only", "Objective Measures",
};
constexpr sv kSymptomTags[] = {
    "Post-Exertional Malaise", "Fatigue", "Cognitive Dysfunction", "Unrefreshing Sleep", "Orthostatic Intolerance",
    "Pain", "Headache", "Sensory Sensitivity", "Muscle Weakness", "Gastrointestinal Symptoms", "Flu-like Symptoms",
    "Dizziness",
};
constexpr sv kBiomarkerTags[] = {
    "Cytokines", "Metabolomics", "Blood Biomarker", "NK Cell Function", "Autoantibodies", "Mitochondrial Function",
    "Heart Rate Variability", "Cerebral Blood Flow", "Gut Microbiome", "Gene Expression", "Lactate",
    "Oxidative Stress", "Red Blood Cell Deformability", "Extracellular Vesicles", "Brain MRI",
};

// [SECTION] JSON writing ---------------------------------------------------------------------

class Writer {
public:
    explicit Writer(std::string& out) : out_(out) {}
    void Raw(sv s) { out_.append(s.data(), s.size()); }
    void Raw(char c) { out_ += c; }
    void Int(long long v) {
        char buf[24];
        int n = 0;
        bool neg = v < 0;
        unsigned long long u = neg ? 0ull - (unsigned long long)v : (unsigned long long)v;
        do { buf[n++] = (char)('0' + u % 10); u /= 10; } while (u);
        if (neg) out_ += '-';
        while (n) out_ += buf[--n];
    }
    // A JSON string: quotes, backslashes and control characters escaped; UTF-8 passed through.
    void Str(sv s) {
        out_ += '"';
        size_t start = 0;
        for (size_t i = 0; i < s.size(); ++i) {
            unsigned char c = (unsigned char)s[i];
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            out_.append(s.data() + start, i - start);
            static const char kHex[] = "0123456789abcdef";
            if (c == '"') out_ += "\\\"";
            else if (c == '\\') out_ += "\\\\";
            else if (c == '\n') out_ += "\\n";
            else { out_ += "\\u00"; out_ += kHex[c >> 4]; out_ += kHex[c & 15]; }
            start = i + 1;
        }
        out_.append(s.data() + start, s.size() - start);
        out_ += '"';
    }
    void Key(sv key) { out_ += '"'; Raw(key); out_ += "\":"; }  // keys are our own ASCII
    void Date(int year, int month, int day) {
        Int(year);
        out_ += month < 10 ? "-0" : "-";
        Int(month);
        out_ += day < 10 ? "-0" : "-";
        Int(day);
    }

private:
    std::string& out_;
};

// A small text builder for one field; reused across fields to avoid allocations.
struct Text {
    std::string s;
    Text& operator<<(sv v) { s.append(v.data(), v.size()); return *this; }
    Text& operator<<(int v) {
        char buf[16];
        int n = 0;
        unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
        do { buf[n++] = (char)('0' + u % 10); u /= 10; } while (u);
        if (v < 0) s += '-';
        while (n) s += buf[--n];
        return *this;
    }
    void Clear() { s.clear(); }
    void Capitalise(size_t at = 0) {
        if (at < s.size() && s[at] >= 'a' && s[at] <= 'z') s[at] = (char)(s[at] - 'a' + 'A');
    }
};

// [SECTION] One study ------------------------------------------------------------------------

struct YearTable {
    int cumulative[kYears];
    int total = 0;
    YearTable() {
        // Publications grow about 9% a year: 2025 is ~24x as likely as 1988.
        long long w = 1000;
        for (int i = 0; i < kYears; ++i) {
            total += (int)w;
            cumulative[i] = total;
            w = w * 109 / 100;
        }
    }
};

int PickYear(Rng& r) {
    static const YearTable table;
    int x = (int)r.Below((uint32_t)table.total);
    int i = 0;
    while (table.cumulative[i] <= x) ++i;
    return kFirstYear + i;
}

// The case definitions a study of that year could have used.
uint16_t PickCaseDefinitions(Rng& r, int year, PublicationType type) {
    bool review = type == PublicationType::ReviewNarrative || type == PublicationType::ReviewSystematic ||
                  type == PublicationType::MetaAnalysis || type == PublicationType::Guideline ||
                  type == PublicationType::Consensus;
    if (review ? r.Chance(60) : r.Chance(15)) return 0;
    struct Option { uint16_t bit; int weight; };
    Option options[9];
    int n = 0;
    auto add = [&](uint16_t bit, int weight) { options[n++] = {bit, weight}; };
    if (year < 1995) { add(CaseDefHolmes, 40); add(CaseDefOxford, year >= 1991 ? 30 : 0); add(CaseDefLondon, 10); }
    if (year >= 1994) add(CaseDefFukuda, year < 2011 ? 70 : 35);
    if (year >= 1994 && year < 2012) add(CaseDefOxford, 8);
    if (year >= 2004) add(CaseDefCcc, year < 2012 ? 25 : 30);
    if (year >= 2011) add(CaseDefIcc, 15);
    if (year >= 2015) add(CaseDefIom, 20);
    if (year >= 2007) add(CaseDefNice, 4);
    add(CaseDefOther, 4);
    int total = 0;
    for (int i = 0; i < n; ++i) total += options[i].weight;
    uint16_t bits = 0;
    int picks = r.Chance(35) ? 2 : 1;
    if (picks == 2 && r.Chance(25)) picks = 3;
    for (int p = 0; p < picks; ++p) {
        int x = (int)r.Below((uint32_t)total);
        for (int i = 0; i < n; ++i) {
            if (x < options[i].weight) { bits |= options[i].bit; break; }
            x -= options[i].weight;
        }
    }
    return bits;
}

// The topics (the evidence gap map's rows), as the bundled atlas names them.
constexpr sv kTopicTags[] = {
    "Case Definitions & Guidelines", "Epidemiology", "PEM & Exercise Physiology", "Autonomic & Cardiovascular",
    "Immunology", "Metabolism", "Microbiome", "Neuroimaging & Brain", "Genetics & Omics", "Infection & Viruses",
    "Long COVID", "Treatment Trials", "Behavioural & Rehabilitation Therapies", "Severe ME/CFS", "Children & Adolescents",
};
constexpr sv kCountries[] = {"GB", "US", "NO", "AU", "DE", "NL", "ES", "BE", "CA", "JP", "SE", "IE"};

void PickTags(Rng& r, int count, const sv* items, size_t n, std::vector<sv>& out, sv first = {}) {
    out.clear();
    if (!first.empty()) out.push_back(first);
    while ((int)out.size() < count) {
        sv t = items[r.Below((uint32_t)n)];
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
    }
}

sv Condition(Rng& r, int year) {
    if (year < 2000) return r.Chance(75) ? sv("chronic fatigue syndrome") : sv("myalgic encephalomyelitis");
    if (year < 2012) return r.Chance(55) ? sv("chronic fatigue syndrome") : sv("ME/CFS");
    static constexpr sv kRecent[] = {"myalgic encephalomyelitis/chronic fatigue syndrome", "ME/CFS", "ME/CFS",
                                     "myalgic encephalomyelitis/chronic fatigue syndrome (ME/CFS)",
                                     "chronic fatigue syndrome"};
    return r.Pick(kRecent);
}

void WriteStudy(Writer& w, Text& t, std::vector<sv>& tags, uint64_t seed, uint32_t n) {
    Rng r(seed, n);
    const int year = PickYear(r);  // first draw: the sort key uses the same draw

    const PublicationType type = (PublicationType)r.Weighted(kTypeWeights);
    const int ti = (int)type;
    const bool review = type == PublicationType::ReviewNarrative || type == PublicationType::ReviewSystematic ||
                        type == PublicationType::MetaAnalysis || type == PublicationType::Guideline ||
                        type == PublicationType::Consensus;
    const bool trial = type == PublicationType::TrialRct || type == PublicationType::TrialControlled ||
                       type == PublicationType::TrialOpenLabel;
    const bool preprint = year >= 2013 && r.Chance(year >= 2019 ? 10 : 3) && type != PublicationType::Guideline &&
                          type != PublicationType::Consensus;

    EvidenceLevel evidence;
    switch (type) {
    case PublicationType::ReviewSystematic: case PublicationType::MetaAnalysis:
    case PublicationType::Guideline: case PublicationType::Consensus:
        evidence = r.Chance(90) ? EvidenceLevel::E0 : EvidenceLevel::E1; break;
    case PublicationType::ReviewNarrative: evidence = r.Chance(40) ? EvidenceLevel::E0 : EvidenceLevel::E3; break;
    case PublicationType::TrialRct: evidence = r.Chance(35) ? EvidenceLevel::E1 : EvidenceLevel::E2; break;
    case PublicationType::TrialControlled: evidence = r.Chance(20) ? EvidenceLevel::E1 : EvidenceLevel::E2; break;
    case PublicationType::ObservationalCohort: case PublicationType::ObservationalCaseControl:
    case PublicationType::ObservationalCrossSectional: {
        int x = r.Range(0, 99);
        evidence = x < 15 ? EvidenceLevel::E1 : x < 60 ? EvidenceLevel::E2 : EvidenceLevel::E3;
        break;
    }
    case PublicationType::Other: evidence = r.Chance(30) ? EvidenceLevel::E2 : EvidenceLevel::E3; break;
    default: evidence = EvidenceLevel::E3; break;
    }
    if (preprint && evidence != EvidenceLevel::E0) evidence = EvidenceLevel::E3;

    static constexpr int kConfidenceByLevel[4][3] = {{40, 50, 10}, {30, 55, 15}, {15, 55, 30}, {5, 40, 55}};
    const Confidence confidence = (Confidence)r.Weighted(kConfidenceByLevel[(int)evidence]);

    const uint16_t defs = PickCaseDefinitions(r, year, type);
    PemCriterion pem;
    if (defs & (CaseDefCcc | CaseDefIcc | CaseDefIom)) pem = r.Chance(85) ? PemCriterion::Required : PemCriterion::Unclear;
    else if (defs & (CaseDefFukuda | CaseDefOxford)) pem = r.Chance(75) ? PemCriterion::NotRequired : PemCriterion::Unclear;
    else if (defs) pem = (PemCriterion)r.Range(0, 2);
    else pem = r.Chance(70) ? PemCriterion::Unclear : r.Chance(50) ? PemCriterion::Required : PemCriterion::NotRequired;

    static constexpr int kReviewStatusWeights[] = {82, 14, 4};
    const ReviewStatus status = (ReviewStatus)r.Weighted(kReviewStatusWeights);
    const Journal& journal = preprint ? r.Pick(kPreprintServers) : r.Pick(kJournals);
    const sv cond = Condition(r, year);
    const sv marker = r.Pick(kMarkers), marker2 = r.Pick(kMarkers), symptom = r.Pick(kSymptoms);
    const sv control = r.Pick(kControls), intervention = r.Pick(kInterventions), topic = r.Pick(kReviewTopics);
    const bool case_study = type == PublicationType::CaseReport || type == PublicationType::CaseSeries;
    const int patients = type == PublicationType::CaseReport   ? 1
                         : type == PublicationType::CaseSeries ? r.Range(3, 20)
                         : r.Chance(70)                        ? r.Range(12, 120)
                                                               : r.Range(121, 900);
    const int controls = r.Range(patients / 3 + 5, patients + 10);
    const bool has_controls = !review && !case_study && type != PublicationType::TrialOpenLabel && r.Chance(85);

    w.Raw("{\"id\":\"syn-");
    w.Int(n);
    w.Raw("\",\"slug\":\"synthetic-");
    w.Int(n);
    w.Raw("\",");

    // Title
    t.Clear();
    t << "[Synthetic] ";
    if (review) {
        static constexpr sv kLead[] = {"Current evidence on", "An update on", "Rethinking", "Advances in"};
        t << r.Pick(kLead) << " " << topic << " in " << cond << ": " << kTitleDesigns[ti];
    } else if (trial) {
        t << "Effect of " << intervention << " on " << symptom << " in " << cond << ": " << kTitleDesigns[ti];
    } else if (type == PublicationType::CaseReport || type == PublicationType::CaseSeries) {
        t << marker << " and " << symptom << " in " << cond << ": " << kTitleDesigns[ti];
        t.Capitalise(sizeof("[Synthetic] ") - 1);
    } else {
        t << r.Pick(kTitleMeasures) << " " << marker << " in " << cond
          << (has_controls ? " compared with " : "") << (has_controls ? control : sv()) << ": " << kTitleDesigns[ti];
    }
    w.Key("title");
    w.Str(t.s);

    // Authors: 1-12, most often 4-8; single authors mainly on reviews and case reports.
    static constexpr int kAuthorWeights[] = {6, 7, 9, 12, 13, 12, 11, 9, 7, 6, 4, 4};
    int authors = 1 + r.Weighted(kAuthorWeights);
    w.Raw(",\"authors\":[");
    for (int i = 0; i < authors; ++i) {
        t.Clear();
        t << r.Pick(kFamilyNames) << ", " << r.Pick(kGivenNames);
        if (r.Chance(45)) t << " " << r.Pick(kInitials);
        if (i) w.Raw(',');
        w.Str(t.s);
    }
    w.Raw("],\"journal\":");
    w.Str(journal.name);
    w.Raw(",\"year\":");
    w.Int(year);

    // Identifiers: 9-digit PMIDs (beyond the ones PubMed has issued) and DOIs with a "synthetic." suffix,
    // so no link ever points at a real paper. Both are unique: 9 YY NNNNNN, YY the year, NNNNNN = n - 1.
    if (!preprint && r.Chance(95)) {
        w.Raw(",\"pmid\":\"");
        w.Int(900000000 + (long long)(year - kFirstYear) * 1000000 + (long long)(n - 1));
        w.Raw('"');
    }
    if (preprint || r.Chance(year >= 1998 ? 92 : 35)) {
        w.Raw(",\"doi\":\"10.");
        w.Raw(journal.doi_prefix);
        w.Raw("/synthetic.");
        w.Int(year);
        w.Raw('.');
        w.Int(n);
        w.Raw('"');
    }

    w.Raw(",\"evidence_level\":\"");
    w.Raw(EvidenceCode(evidence));
    w.Raw("\",\"confidence\":\"");
    w.Raw(ConfidenceCode(confidence));
    w.Raw("\",\"pem\":\"");
    w.Raw(PemCode(pem));
    w.Raw("\",\"case_definitions\":[");
    bool first = true;
    for (int bit = 0; bit < kCaseDefinitionCount; ++bit) {
        if (!(defs & (1u << bit))) continue;
        if (!first) w.Raw(',');
        first = false;
        w.Raw('"');
        w.Raw(CaseDefinitionCode(bit));
        w.Raw('"');
    }
    w.Raw("],\"publication_type\":\"");
    w.Raw(PublicationTypeCode(type));
    w.Raw("\",\"peer_review\":\"");
    w.Raw(PeerReviewCode(preprint ? PeerReview::Preprint : PeerReview::PeerReviewed));
    w.Raw("\",\"review_status\":\"");
    w.Raw(ReviewStatusCode(status));
    w.Raw('"');

    if (r.PerMille(20)) {
        int ryear = std::min(2025, year + r.Range(1, 6));
        w.Raw(",\"retraction\":{\"retracted\":true,\"notice\":");
        static constexpr sv kReasons[] = {
            "Retracted by the journal after the authors could not provide the underlying data.",
            "Retracted at the authors' request after an error was found in the sample handling.",
            "Retracted following an investigation that found duplicated figures.",
            "Withdrawn by the preprint server at the authors' request."};
        w.Str(preprint ? kReasons[3] : kReasons[r.Below(3)]);
        w.Raw(",\"date\":\"");
        const int month = r.Range(1, 12), day = r.Range(1, 28);  // one draw per statement: argument order is unspecified
        w.Date(ryear, month, day);
        w.Raw("\"}");
    }

    // Sections
    const sv noun = kTypeNouns[ti];
    w.Raw(",\"sections\":{\"quick_summary\":");
    t.Clear();
    if (review) {
        t << "This " << noun << " brings together research on " << topic << " in " << cond << ", with a focus on "
          << marker << " and " << symptom << ". ";
        t << "It covers " << r.Range(12, 180) << " publications and weighs them by how participants were selected. ";
        t << "The authors conclude that the evidence is " << (r.Chance(50) ? "growing but uneven" : "mixed")
          << ", and that studies using criteria which require post-exertional malaise give the most consistent picture. ";
    } else if (trial) {
        t << "This " << noun << " tested " << intervention << " in " << patients << " people with " << cond << ". ";
        t << "The main outcome was " << symptom << ", measured at baseline and after " << r.Range(8, 52) << " weeks. ";
        t << "The authors report " << (r.Chance(50) ? "a modest improvement" : "no clear difference")
          << " compared with " << (type == PublicationType::TrialOpenLabel ? "baseline" : "the control group")
          << ", and " << (r.Chance(50) ? "few adverse events" : "that some participants reported worse symptoms") << ". ";
    } else if (case_study) {
        t << "This " << noun << " describes ";
        if (patients == 1) t << "one person";
        else t << patients << " people";
        t << " with " << cond << " followed for " << r.Range(3, 36) << " months, with repeated measurements of " << marker
          << ". ";
        t << "The authors report that " << symptom << " " << (r.Chance(50) ? "fluctuated with exertion" : "changed little")
          << " over that time, and that " << marker << " looked abnormal at " << (r.Chance(50) ? "most" : "some")
          << " assessments. ";
    } else {
        static constexpr sv kMethods[] = {
            "Measurements were taken at rest and 24 hours after a cardiopulmonary exercise test. ",
            "Blood samples were collected in the morning after an overnight fast. ",
            "Participants wore activity monitors for seven days before testing. ",
            "Symptoms were recorded daily for two weeks around each study visit. "};
        t << "This " << noun << " measured " << marker << " in " << patients << " people with " << cond;
        if (has_controls) t << " and " << controls << " " << control;
        t << ". " << r.Pick(kMethods);
        t << "The authors report that " << marker;
        if (r.Chance(60))
            t << " differed" << (has_controls ? " from controls" : " across severity groups") << ", and that differences were "
              << (r.Chance(50) ? "larger in more severely affected participants. " : "clearest after an exercise challenge. ");
        else
            t << " did not clearly differ" << (has_controls ? " from controls" : " across severity groups")
              << ", although a subgroup of participants showed " << (r.Chance(50) ? "lower" : "higher") << " values. ";
    }
    if (defs) {
        t << (review       ? "Most included studies used "
              : !case_study ? "Participants were selected with "
              : patients == 1 ? "The patient met "
                              : "The patients met ");
        bool f = true;
        for (int bit = 0; bit < kCaseDefinitionCount; ++bit) {
            if (!(defs & (1u << bit))) continue;
            if (!f) t << " and ";
            f = false;
            t << CaseDefinitionCode(bit);
        }
        const uint16_t requiring = CaseDefCcc | CaseDefIcc | CaseDefIom;
        t << ((defs & requiring) == defs ? " criteria, which require post-exertional malaise."
              : (defs & requiring) == 0  ? " criteria, which do not require post-exertional malaise."
                                         : " criteria, not all of which require post-exertional malaise.");
    } else {
        t << "The paper does not say which case definition was used.";
    }
    static constexpr sv kSummaryEnds[] = {
        " The sample was small and the findings need replication.",
        " Results were similar at both recruitment sites.",
        " Symptom severity was recorded with validated questionnaires.",
        " Most participants were women aged 30 to 55, which limits how far the results apply.",
        " Severely affected and housebound patients were not included."};
    static constexpr sv kReviewEnds[] = {
        " Study quality was rated with a standard checklist.", " Unpublished data and conference abstracts were not included.",
        " Only papers in English were considered, which may have left out relevant work.",
        " Few of the included studies followed patients for more than a year."};
    static constexpr sv kCaseEnds[] = {
        " A single report cannot show how common this pattern is among people with ME/CFS.",
        " The observations were made in routine care rather than under a research protocol.",
        " The report adds detail that larger studies tend to average away."};
    t << (review ? r.Pick(kReviewEnds) : case_study ? r.Pick(kCaseEnds) : r.Pick(kSummaryEnds));
    w.Str(t.s);

    w.Raw(",\"why_it_matters\":");
    t.Clear();
    static constexpr sv kRoles[] = {"a possible biomarker", "a window into disease mechanisms",
                                    "a possible target for treatment", "an objective measure of severity"};
    static constexpr sv kWhy[] = {
        "If confirmed, it could help clinicians recognise the illness earlier and more reliably.",
        "The study adds to evidence that ME/CFS involves measurable biological changes.",
        "It shows how the choice of case definition changes what a study can detect.",
        "Patients and clinicians need objective measures that track how the illness changes over time."};
    if (trial)
        t << "Few treatments for ME/CFS have been tested in controlled trials, and " << intervention
          << " is among those patients and clinicians ask about. ";
    else
        t << "Research into " << (review ? topic : marker) << " has explored its role as " << r.Pick(kRoles) << " in ME/CFS. ";
    t << r.Pick(kWhy);
    static constexpr sv kForPatients[] = {
        " For patients, it bears on how to pace activity safely.", " For patients, it bears on which tests to ask for.",
        " For clinicians, it bears on which treatments to try or to avoid.",
        " For researchers, it bears on how participants should be selected."};
    if (r.Chance(70)) t << r.Pick(kForPatients);
    w.Str(t.s);

    w.Raw(",\"observed_findings\":[");
    int findings = r.Range(2, 5);
    int pick[6] = {0, 1, 2, 3, 4, 5};  // distinct templates: a shuffled prefix
    for (int i = 5; i > 0; --i) std::swap(pick[i], pick[r.Below((uint32_t)i + 1)]);
    for (int i = 0; i < findings; ++i) {
        t.Clear();
        const int k = pick[i];
        if (review) {
            switch (k) {
            case 0: t << r.Range(2, 40) << " of the included studies used criteria that require post-exertional malaise"; break;
            case 1: t << "Studies differed widely in how " << marker << " was measured"; break;
            case 2: t << "Most included studies had fewer than 50 participants"; break;
            case 3: t << "Findings on " << marker << " were more consistent in studies using CCC or ICC"; break;
            case 4: t << "Few studies included severely affected or housebound patients"; break;
            default: t << "Sex differences in " << symptom << " were rarely reported"; break;
            }
        } else if (trial) {
            switch (k) {
            case 0: t << symptom << " scores improved by " << r.Range(1, 12) << " points with treatment and by "
                      << r.Range(0, 8) << " points without"; break;
            case 1: t << r.Range(1, patients / 4 + 1) << " participants withdrew before the end of the trial"; break;
            case 2: t << "Adverse events were reported by " << r.Range(5, 60) << "% of participants"; break;
            case 3: t << "No change was seen in " << marker; break;
            case 4: t << "Effects faded within " << r.Range(2, 12) << " weeks of stopping treatment"; break;
            default: t << "Step counts from wearable monitors did not change during the trial"; break;
            }
        } else if (case_study) {
            switch (k) {
            case 0: t << "Symptoms began " << r.Range(1, 15) << " years before diagnosis"; break;
            case 1: t << "Results for " << marker << " were outside the reference range at the first assessment"; break;
            case 2: t << "Symptoms worsened for several days after modest exertion"; break;
            case 3: t << "Onset followed a viral infection"; break;
            case 4: t << "Standard blood tests were normal"; break;
            default: t << "The main complaint was " << symptom; break;
            }
        } else {
            switch (k) {
            case 0: t << marker << " differed between patients and controls (p = 0.0" << r.Range(1, 49) << ")"; break;
            case 1: t << symptom << " scores correlated with " << marker2 << " (r = 0." << r.Range(20, 69) << ")"; break;
            case 2: t << r.Range(2, patients) << " of " << patients << " patients had abnormal " << marker; break;
            case 3: t << "Differences persisted after adjusting for age, sex and activity level"; break;
            case 4: t << "No significant difference was found in " << marker2; break;
            default: t << symptom << " worsened in " << r.Range(20, 95) << "% of patients within 48 hours of exertion"; break;
            }
        }
        t.Capitalise();
        if (i) w.Raw(',');
        w.Str(t.s);
    }
    w.Raw("],\"inferred_conclusions\":[");
    int conclusions = r.Range(1, 3);
    int conclusion[4] = {0, 1, 2, 3};
    for (int i = 3; i > 0; --i) std::swap(conclusion[i], conclusion[r.Below((uint32_t)i + 1)]);
    for (int i = 0; i < conclusions; ++i) {
        t.Clear();
        switch (conclusion[i]) {
        case 0: t << (review ? topic : marker) << " may be linked to " << symptom << " in a subgroup of patients"; break;
        case 1: t << "Further study of " << marker << " as a possible objective measure of illness severity is warranted"; break;
        case 2: t << "The findings support a biological contribution to " << symptom; break;
        default: t << "Larger studies with stricter case definitions are needed before any clinical use"; break;
        }
        t.Capitalise();
        if (i) w.Raw(',');
        w.Str(t.s);
    }
    w.Raw("],\"remaining_questions\":");
    t.Clear();
    if (r.Chance(90)) {
        t << "How exertion affects " << (trial ? symptom : marker) << ", and whether this tracks "
          << (trial ? sv("daily activity") : symptom) << " over time, remains unknown.";
        if (r.Chance(65)) t << " It is also unclear how the results apply to severely affected patients.";
    }
    w.Str(t.s);
    w.Raw(",\"does_not_prove\":");
    t.Clear();
    if (r.Chance(85)) {
        t << "This " << noun << " does not prove that ";
        if (trial)
            t << intervention << " helps or harms people with ME/CFS in general. A single trial of this size cannot "
                                 "settle whether an effect is real or lasting.";
        else if (review)
            t << "findings on " << topic << " apply to every person with ME/CFS. It summarises studies that mostly show "
                                           "associations, not cause and effect.";
        else
            t << "changes in " << marker << " drive " << symptom << ". It shows associations, not cause and effect, "
                                                                    "and needs confirmation in larger groups.";
    }
    w.Str(t.s);
    w.Raw(",\"strengths\":[");
    int strengths = r.Range(0, 4);
    PickTags(r, strengths, kStrengths, std::size(kStrengths), tags);
    for (size_t i = 0; i < tags.size(); ++i) { if (i) w.Raw(','); w.Str(tags[i]); }
    w.Raw("],\"limitations\":[");
    int limitations = r.Range(0, 4);
    PickTags(r, limitations, kLimitations, std::size(kLimitations), tags);
    for (size_t i = 0; i < tags.size(); ++i) { if (i) w.Raw(','); w.Str(tags[i]); }
    w.Raw("]}");

    // Tags: 3-8 in all, at least one symptom; the PEM flag agrees with the pem value.
    int total_tags = r.Range(3, 8);
    int method = r.Range(0, std::min(3, total_tags - 1));
    int biomarker = r.Range(0, total_tags - method - 1);
    int symptoms = total_tags - method - biomarker;
    w.Raw(",\"tags\":{");
    bool any = false;
    auto category = [&](sv id, int count, const sv* items, size_t n_items, sv first_tag) {
        if (count <= 0) return;
        PickTags(r, count, items, n_items, tags, first_tag);
        if (any) w.Raw(',');
        any = true;
        w.Key(id);
        w.Raw('[');
        for (size_t i = 0; i < tags.size(); ++i) { if (i) w.Raw(','); w.Str(tags[i]); }
        w.Raw(']');
    };
    sv pem_flag = pem == PemCriterion::Required ? sv("PEM_DEFINED") : pem == PemCriterion::Unclear && r.Chance(50) ? sv("PEM Not Defined") : sv();
    if (!pem_flag.empty() && method == 0) { method = 1; if (symptoms > 1) --symptoms; else if (biomarker > 0) --biomarker; }
    // Topics, who was studied and links come from a stream of their own, so every other field is
    // what it was before they existed (tests and benchmarks keep their studies).
    Rng extra(seed ^ 0x70F1C5EEDull, n);
    // Draws in a fixed order (not as arguments, whose order compilers choose): the same atlas everywhere.
    const int topic_count = extra.Chance(70) ? 1 : 2;
    const bool trial_topic = trial && extra.Chance(60);
    PickTags(extra, topic_count, kTopicTags, std::size(kTopicTags), tags, trial_topic ? sv("Treatment Trials") : sv());
    w.Key("topic");
    w.Raw('[');
    for (size_t i = 0; i < tags.size(); ++i) { if (i) w.Raw(','); w.Str(tags[i]); }
    w.Raw(']');
    any = true;
    category("method_flag", method, kMethodFlags, std::size(kMethodFlags), method > 0 ? pem_flag : sv());
    category("symptom", symptoms, kSymptomTags, std::size(kSymptomTags), sv());
    category("biomarker", biomarker, kBiomarkerTags, std::size(kBiomarkerTags), sv());
    w.Raw('}');

    // Who was studied: the sizes drawn above; the rest only sometimes "stated", as in real records.
    if (!review || extra.Chance(30)) {
        w.Raw(",\"population\":{\"n_patients\":");
        w.Int(review ? extra.Range(200, 20000) : patients);
        if (has_controls) {
            w.Raw(",\"n_controls\":");
            w.Int(controls);
        }
        if (extra.Chance(35)) {
            static constexpr sv kSeverities[] = {"mild", "moderate", "severe", "very_severe"};
            int first = extra.Range(0, 3), last = std::min(3, first + extra.Range(0, 1));
            w.Raw(",\"severity\":[");
            for (int k = first; k <= last; ++k) { if (k > first) w.Raw(','); w.Str(kSeverities[k]); }
            w.Raw(']');
        }
        if (extra.Chance(60)) {
            static constexpr sv kAges[] = {"adults", "adolescents", "children", "mixed"};
            static constexpr int kAgeWeights[] = {80, 8, 5, 7};
            w.Raw(",\"age_group\":");
            w.Str(kAges[extra.Weighted(kAgeWeights)]);
        }
        if (extra.Chance(50)) {
            w.Raw(",\"female_percent\":");
            w.Int(extra.Range(55, 90));
        }
        if (extra.Chance(40)) {
            w.Raw(",\"countries\":[");
            w.Str(extra.Pick(kCountries));
            w.Raw(']');
        }
        w.Raw('}');
    }
    // A few links to an earlier-numbered study (which always exists).
    if (n > 60 && extra.PerMille(25)) {
        static constexpr sv kTypes[] = {"replicates", "fails_to_replicate", "contradicts", "comments_on"};
        w.Raw(",\"relations\":[{\"type\":");
        w.Str(extra.Pick(kTypes));
        w.Raw(",\"id\":\"syn-");
        w.Int(n - (uint32_t)extra.Range(1, 60));
        w.Raw("\"}]");
    }

    // Last reviewed in the two years before the header's generated date (2026-01-01).
    w.Raw(",\"last_updated\":\"");
    const int year_updated = r.Range(2024, 2025), month_updated = r.Range(1, 12), day_updated = r.Range(1, 28);
    w.Date(year_updated, month_updated, day_updated);
    w.Raw("\"}");
}

// Bundle order: year newest first, then id as a string ("syn-10" before "syn-9").
bool IdLess(uint32_t a, uint32_t b) {
    char da[12], db[12];
    int na = 0, nb = 0;
    do { da[na++] = (char)('0' + a % 10); a /= 10; } while (a);
    do { db[nb++] = (char)('0' + b % 10); b /= 10; } while (b);
    for (int i = 0; i < na && i < nb; ++i) {
        char ca = da[na - 1 - i], cb = db[nb - 1 - i];
        if (ca != cb) return ca < cb;
    }
    return na < nb;
}

}  // namespace

// [SECTION] SynthesizeAtlas ------------------------------------------------------------------

void SynthesizeAtlas(const SynthOptions& options, std::string& out) {
    const size_t count = std::min<size_t>(options.count, 1000000);  // the loader's study cap
    std::vector<std::pair<int, uint32_t>> order(count);               // (year, n)
    for (size_t i = 0; i < count; ++i) {
        uint32_t n = (uint32_t)(i + 1);
        Rng r(options.seed, n);
        order[i] = {PickYear(r), n};
    }
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first > b.first;
        return IdLess(a.second, b.second);
    });

    out.reserve(out.size() + 1024 + count * 2800);
    Writer w(out);
    w.Raw("{\"format\":\"mecfs-atlas\",\"format_version\":1,\"title\":\"Synthetic atlas (");
    w.Int((long long)count);
    w.Raw(" studies, seed ");
    char seed[24];
    int ns = 0;
    uint64_t s = options.seed;
    do { seed[ns++] = (char)('0' + s % 10); s /= 10; } while (s);
    while (ns) w.Raw(seed[--ns]);
    w.Raw(") \xE2\x80\x94 for tests and benchmarks only\",\"generated\":\"2026-01-01\","
          "\"source\":\"Generated by atlas::SynthesizeAtlas; every study is invented\","
          "\"generator\":\"atlas synth\",\"synthetic\":true,"
          "\"tag_categories\":[{\"id\":\"topic\",\"name\":\"Topic\"},{\"id\":\"method_flag\",\"name\":\"Method Flag\"},"
          "{\"id\":\"symptom\",\"name\":\"Symptom\"},{\"id\":\"biomarker\",\"name\":\"Biomarker\"}],"
          "\"counts\":{\"studies\":");
    w.Int((long long)count);  // as `atlas build` writes it: the loader sizes the model from it
    w.Raw("},\"studies\":[");
    Text text;
    text.s.reserve(2048);
    std::vector<sv> tags;
    tags.reserve(16);
    for (size_t i = 0; i < count; ++i) {
        if (i) w.Raw(',');
        WriteStudy(w, text, tags, options.seed, order[i].second);
    }
    w.Raw("]}");
}

}  // namespace atlas
