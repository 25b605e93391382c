// unit-medline.cpp — PubMed MEDLINE export to study skeletons (core/src/tools/medline.cpp).
// The fixture tests/fixtures/medline/sample.nbib holds three real PubMed records (bibliographic
// facts only, no abstracts). Records written inline below with made-up content are marked synthetic.
#include <catch2/catch.hpp>

#include "atlas/load.h"
#include "atlas/medline.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using ojson = nlohmann::ordered_json;

constexpr const char* kToday = "2025-01-15";

std::string ReadFixture(const std::string& relative) {
    std::ifstream in(std::string(ATLAS_SOURCE_DIR) + "/tests/fixtures/" + relative, std::ios::binary);
    REQUIRE(in.good());
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

ojson Parse(const std::string& record) {
    ojson j = ojson::parse(record, nullptr, false);
    REQUIRE(!j.is_discarded());
    return j;
}

std::vector<std::string> Keys(const ojson& object) {
    std::vector<std::string> keys;
    for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
    return keys;
}

std::string ToCrlf(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

// One study record of the import, parsed; fails the test unless exactly one record came out.
ojson Single(const std::string& medline) {
    atlas::MedlineImport im = atlas::ImportMedline(medline, kToday);
    INFO("problems: " << (im.problems.empty() ? std::string() : im.problems.front()));
    REQUIRE(im.records.size() == 1);
    REQUIRE(im.problems.empty());
    return Parse(im.records[0]);
}

// A synthetic record with the given extra lines.
std::string Synthetic(const std::string& pmid, const std::string& lines) {
    return "PMID- " + pmid + "\nDP  - 2020 Mar\nTI  - Synthetic title for a test record.\nFAU - Doe, Jane\n" + lines;
}

void CheckSkeletonDefaults(const ojson& s) {
    CHECK(s["confidence"] == "low");
    CHECK(s["pem"] == "unclear");
    CHECK(s["case_definitions"] == ojson::array());
    CHECK(s["review_status"] == "machine_draft");
    CHECK(s["tags"] == ojson::object());
    CHECK(s["tags"].is_object());
    CHECK(s["last_updated"] == kToday);
    const ojson& sec = s["sections"];
    CHECK(Keys(sec) == std::vector<std::string>{"quick_summary", "why_it_matters", "observed_findings",
                                                "inferred_conclusions", "remaining_questions", "does_not_prove",
                                                "strengths", "limitations"});
    for (const char* key : {"quick_summary", "why_it_matters", "remaining_questions", "does_not_prove"})
        CHECK(sec[key] == "");
    for (const char* key : {"observed_findings", "inferred_conclusions", "strengths", "limitations"})
        CHECK(sec[key] == ojson::array());
}

}  // namespace

TEST_CASE("medline: the three fixture records map every field exactly") {
    atlas::MedlineImport im = atlas::ImportMedline(ReadFixture("medline/sample.nbib"), kToday);
    REQUIRE(im.problems.empty());
    REQUIRE(im.records.size() == 3);
    REQUIRE(im.slugs.size() == 3);

    // Field order as in data/FORMAT.md; doi only when the record has one.
    const std::vector<std::string> with_doi = {
        "id", "slug", "title", "authors", "journal", "year", "pmid", "doi", "evidence_level", "confidence", "pem",
        "case_definitions", "publication_type", "peer_review", "review_status", "sections", "tags",
        "last_updated", "provenance"};
    std::vector<std::string> without_doi = with_doi;
    without_doi.erase(without_doi.begin() + 7);

    SECTION("Fluge 2011, PLoS One (PMID 22039471)") {
        ojson s = Parse(im.records[0]);
        CHECK(Keys(s) == with_doi);
        CHECK(s["id"] == "786a8e2a485d4eb7");  // FNV-1a 64 of "pmid:22039471"
        CHECK(s["slug"] == "fluge-2011-benefit-b-lymphocyte-depletion");
        CHECK(im.slugs[0] == "fluge-2011-benefit-b-lymphocyte-depletion");
        CHECK(s["title"] ==
              "Benefit from B-lymphocyte depletion using the anti-CD20 antibody rituximab in chronic fatigue "
              "syndrome. A double-blind and placebo-controlled study.");
        CHECK(s["authors"] == ojson::array({"Fluge, \xC3\x98ystein", "Bruland, Ove", "Risa, Kristin",
                                            "Storstein, Anette", "Kristoffersen, Einar K", "Sapkota, Dipak",
                                            "N\xC3\xA6ss, Halvor", "Dahl, Olav", "Nyland, Harald", "Mella, Olav"}));
        CHECK(s["journal"] == "PloS one");
        CHECK(s["year"] == 2011);
        CHECK(s["year"].is_number_integer());
        CHECK(s["pmid"] == "22039471");
        CHECK(s["doi"] == "10.1371/journal.pone.0026358");
        CHECK(s["publication_type"] == "Trial-RCT");  // PT: Journal Article, Randomized Controlled Trial, ...
        CHECK(s["evidence_level"] == "E2");
        CHECK(s["peer_review"] == "peer_reviewed");
        CHECK(s["provenance"] == ojson({{"checked", kToday},
                                        {"records", {"https://pubmed.ncbi.nlm.nih.gov/22039471/"}}}));
        CheckSkeletonDefaults(s);
    }
    SECTION("Twisk and Maes 2009, Neuro Endocrinol Lett (PMID 19855350)") {
        ojson s = Parse(im.records[1]);
        CHECK(Keys(s) == without_doi);  // PubMed lists no DOI for this paper
        CHECK(s["id"] == "096efefc37011ccb");
        CHECK(s["slug"] == "twisk-2009-review-cognitive-behavorial");
        CHECK(im.slugs[1] == "twisk-2009-review-cognitive-behavorial");
        CHECK(s["title"] ==
              "A review on cognitive behavorial therapy (CBT) and graded exercise therapy (GET) in myalgic "
              "encephalomyelitis (ME) / chronic fatigue syndrome (CFS): CBT/GET is not only ineffective and "
              "not evidence-based, but also potentially harmful for many patients with ME/CFS.");
        CHECK(s["authors"] == ojson::array({"Twisk, Frank N M", "Maes, Michael"}));
        CHECK(s["journal"] == "Neuro endocrinology letters");
        CHECK(s["year"] == 2009);
        CHECK(s["pmid"] == "19855350");
        CHECK(s["publication_type"] == "Review-Narrative");
        CHECK(s["evidence_level"] == "E3");
        CHECK(s["peer_review"] == "peer_reviewed");
        CHECK(s["provenance"] == ojson({{"checked", kToday},
                                        {"records", {"https://pubmed.ncbi.nlm.nih.gov/19855350/"}}}));
        CheckSkeletonDefaults(s);
    }
    SECTION("Fukuda 1994, Ann Intern Med (PMID 7978722)") {
        ojson s = Parse(im.records[2]);
        CHECK(Keys(s) == with_doi);
        CHECK(s["id"] == "56c8694126f5a385");
        CHECK(s["slug"] == "fukuda-1994-chronic-fatigue-syndrome");
        CHECK(im.slugs[2] == "fukuda-1994-chronic-fatigue-syndrome");
        CHECK(s["title"] ==
              "The chronic fatigue syndrome: a comprehensive approach to its definition and study. "
              "International Chronic Fatigue Syndrome Study Group.");
        // Records before 2002 give initials only, in FAU as in AU.
        CHECK(s["authors"] ==
              ojson::array({"Fukuda, K", "Straus, S E", "Hickie, I", "Sharpe, M C", "Dobbins, J G", "Komaroff, A"}));
        CHECK(s["journal"] == "Annals of internal medicine");
        CHECK(s["year"] == 1994);  // DP "1994 Dec 15"
        CHECK(s["pmid"] == "7978722");
        CHECK(s["doi"] == "10.7326/0003-4819-121-12-199412150-00009");  // from AID
        CHECK(s["publication_type"] == "Other");                       // PT: Journal Article only
        CHECK(s["evidence_level"] == "E3");
        CHECK(s["peer_review"] == "peer_reviewed");
        CHECK(s["provenance"] == ojson({{"checked", kToday},
                                        {"records", {"https://pubmed.ncbi.nlm.nih.gov/7978722/"}}}));
        CheckSkeletonDefaults(s);
    }
    SECTION("records are nlohmann dump(2) text, without a trailing newline (the writer adds it)") {
        for (const std::string& r : im.records) {
            REQUIRE(!r.empty());
            CHECK(r.back() == '}');
            CHECK(r == Parse(r).dump(2));
            CHECK(r.rfind("{\n  \"id\": \"", 0) == 0);
        }
    }
}

TEST_CASE("medline: import output loads through LoadAtlas with nothing rejected") {
    atlas::MedlineImport im = atlas::ImportMedline(ReadFixture("medline/sample.nbib"), kToday);
    REQUIRE(im.records.size() == 3);
    std::string doc = std::string("{\"format\": \"mecfs-atlas\", \"format_version\": 1, \"title\": \"MEDLINE import\", ") +
                      "\"generated\": \"" + kToday + "\", \"tag_categories\": [], \"studies\": [";
    for (size_t i = 0; i < im.records.size(); ++i) doc += (i ? "," : "") + im.records[i];
    doc += "]}";

    atlas::Atlas atlas;
    atlas::LoadReport report = atlas::LoadAtlas(doc, atlas);
    std::string problems = report.fatal;
    for (const atlas::Problem& p : report.problems) problems += "\n" + atlas::FormatProblem("import", p);
    INFO(problems);
    REQUIRE(report.usable);
    CHECK(report.loaded == 3);
    CHECK(report.rejected == 0);
    CHECK(report.errors == 0);
    CHECK(report.warnings == 0);
    REQUIRE(atlas.studies.size() == 3);
    const atlas::Study& fluge = atlas.studies[0];
    CHECK(atlas.Text(fluge.slug) == "fluge-2011-benefit-b-lymphocyte-depletion");
    CHECK(fluge.publication_type == atlas::PublicationType::TrialRct);
    CHECK(fluge.evidence == atlas::EvidenceLevel::E2);
    CHECK(fluge.review_status == atlas::ReviewStatus::MachineDraft);
    CHECK(fluge.confidence == atlas::Confidence::Low);
    CHECK(fluge.pem == atlas::PemCriterion::Unclear);
    CHECK(fluge.year == 2011);
    CHECK(atlas::Byline(atlas, fluge) == "Fluge, \xC3\x98ystein, Bruland, Ove, Risa, Kristin, et al.");
    CHECK(atlas.Text(atlas.studies[1].doi).empty());
    CHECK(atlas.Text(atlas.studies[2].pmid) == "7978722");
}

TEST_CASE("medline: CRLF input gives the same records as LF input") {
    std::string lf = ReadFixture("medline/sample.nbib");
    atlas::MedlineImport from_lf = atlas::ImportMedline(lf, kToday);
    atlas::MedlineImport from_crlf = atlas::ImportMedline(ToCrlf(lf), kToday);
    CHECK(from_crlf.problems.empty());
    CHECK(from_crlf.records == from_lf.records);
    CHECK(from_crlf.slugs == from_lf.slugs);

    // Lone CR line ends and a UTF-8 byte order mark are read the same way.
    std::string cr = lf;
    for (char& c : cr)
        if (c == '\n') c = '\r';
    CHECK(atlas::ImportMedline(cr, kToday).records == from_lf.records);
    CHECK(atlas::ImportMedline("\xEF\xBB\xBF" + ToCrlf(lf), kToday).records == from_lf.records);

    // A Windows export written out by hand: CRLF everywhere, including inside a continued title.
    const char* crlf =
        "PMID- 19855350\r\n"
        "DP  - 2009\r\n"
        "TI  - A review on cognitive behavorial therapy (CBT) and graded exercise therapy (GET)\r\n"
        "      in myalgic encephalomyelitis (ME) / chronic fatigue syndrome (CFS): CBT/GET is\r\n"
        "      not only ineffective and not evidence-based, but also potentially harmful for\r\n"
        "      many patients with ME/CFS.\r\n"
        "FAU - Twisk, Frank N M\r\n"
        "AU  - Twisk FN\r\n"
        "FAU - Maes, Michael\r\n"
        "AU  - Maes M\r\n"
        "PT  - Journal Article\r\n"
        "PT  - Review\r\n"
        "TA  - Neuro Endocrinol Lett\r\n"
        "JT  - Neuro endocrinology letters\r\n"
        "\r\n";
    ojson s = Single(crlf);
    CHECK(s == Parse(from_lf.records[1]));
    CHECK(s["title"].get<std::string>().find('\r') == std::string::npos);
    CHECK(s["authors"] == ojson::array({"Twisk, Frank N M", "Maes, Michael"}));
}

TEST_CASE("medline: records without PMID and DOI, title or year are skipped with a message") {
    // Synthetic records, except the first, which is the fixture's Twisk record trimmed down.
    std::string text =
        "PMID- 19855350\nDP  - 2009\nTI  - A review on cognitive behavorial therapy (CBT).\nFAU - Twisk, Frank N M\n\n"
        "PMID- 12345678\nDP  - 2019\nFAU - Doe, Jane\nPT  - Journal Article\n\n"      // no TI
        "DP  - 2020\nTI  - Synthetic record without a PMID.\nFAU - Doe, Jane\n\n"      // no PMID, no DOI
        "TI  - Synthetic record with neither PMID nor date.\n\n"                        // no PMID, no DOI, no DP
        "PMID- 23456789\nDP  - n.d.\nTI  - Synthetic record with an undated DP.\n\n"   // DP without a year
        "PMID- 34567890\nTI  - Synthetic record without DP.\n\n"                        // no DP
        "PMID- 12AB\nDP  - 2020\nTI  - Synthetic record with a malformed PMID.\n\n"
        "PMID- 19855350\nDP  - 2009\nTI  - The same PMID again.\n\n"                   // duplicate
        "DP  - 0999 Jan\nTI  - Synthetic record with a year out of range.\nAID - 10.1000/x [doi]\n\n"
        "DP  - 2020\nTI  - Synthetic record whose DOI is not one.\nAID - 11.1000/x [doi]\n\n";
    atlas::MedlineImport im = atlas::ImportMedline(text, kToday);
    REQUIRE(im.records.size() == 1);
    CHECK(Parse(im.records[0])["pmid"] == "19855350");
    CHECK(im.problems == std::vector<std::string>{
                             "record 2 (PMID 12345678): missing TI",
                             "record 3 (PMID ?): missing PMID or DOI",
                             "record 4 (PMID ?): missing PMID or DOI, DP",
                             "record 5 (PMID 23456789): DP \"n.d.\" has no year from 1900 to 2100",
                             "record 6 (PMID 34567890): missing DP",
                             "record 7 (PMID 12AB): PMID \"12AB\" is not 1 to 9 digits",
                             "record 8 (PMID 19855350): duplicate of record 1",
                             "record 9 (DOI 10.1000/x): DP \"0999 Jan\" has no year from 1900 to 2100",
                             "record 10 (PMID ?): missing PMID or DOI",
                         });
}

TEST_CASE("medline: records without a PMID are imported by their DOI") {
    // Synthetic records: MEDLINE-format exports of other databases carry no PMID.
    SECTION("a DOI in AID: id from \"doi:<lower-case DOI>\", doi.org as provenance, no pmid field") {
        ojson s = Single("DP  - 2024 Aug 27\nTI  - Synthetic preprint without a PMID.\nFAU - Doe, Jane\n"
                         "AID - 10.1000/Synthetic.DOI-only [doi]\nJT  - medRxiv\n");
        CHECK(s["id"] == "c5d8813c9f5113ac");  // FNV-1a 64 of "doi:10.1000/synthetic.doi-only"
        CHECK(s["doi"] == "10.1000/Synthetic.DOI-only");
        CHECK(!s.contains("pmid"));
        CHECK(s["peer_review"] == "preprint");
        CHECK(s["provenance"] == ojson({{"checked", kToday}, {"records", {"https://doi.org/10.1000/Synthetic.DOI-only"}}}));
        std::vector<std::string> keys = Keys(s);
        CHECK(std::vector<std::string>(keys.begin(), keys.begin() + 8) ==
              std::vector<std::string>{"id", "slug", "title", "authors", "journal", "year", "doi", "evidence_level"});
        CheckSkeletonDefaults(s);
    }
    SECTION("a DO or DOI line, with or without a doi.org prefix") {
        CHECK(Single("DP  - 2019\nTI  - Synthetic Ovid record.\nAU  - Doe J\nDO  - 10.1000/abc.def\n")["id"] ==
              "b98fe97f382102df");
        CHECK(Single("DP  - 2019\nTI  - Synthetic record.\nAU  - Doe J\nDOI - https://doi.org/10.1000/abc.def\n")["doi"] ==
              "10.1000/abc.def");
        CHECK(Single("DP  - 2019\nTI  - Synthetic record.\nAU  - Doe J\nDO  - doi:10.1000/abc.def\n")["doi"] ==
              "10.1000/abc.def");
    }
    SECTION("with a PMID the id stays the PMID's, and the DOI-only copy of it is a duplicate") {
        atlas::MedlineImport im = atlas::ImportMedline(
            Synthetic("40", "AID - 10.1000/ABC.def [doi]\n") + "\n" +
                "DP  - 2020\nTI  - The same paper from another database.\nDO  - 10.1000/abc.DEF\n",
            kToday);
        REQUIRE(im.records.size() == 1);
        CHECK(Parse(im.records[0])["id"] == "c6a3bda15e43e42f");  // "pmid:40"
        CHECK(im.problems == std::vector<std::string>{"record 2 (DOI 10.1000/abc.DEF): duplicate of record 1"});
    }
    SECTION("invalid UTF-8 in a DOI is replaced everywhere it is written, the abstract too") {
        atlas::MedlineImport im = atlas::ImportMedline(
            "DP  - 2019\nTI  - Synthetic record.\nAU  - Doe J\nDO  - 10.1000/bad\xFF\nAB  - Synthetic abstract.\n", kToday);
        REQUIRE(im.records.size() == 1);
        CHECK(Parse(im.records[0])["doi"] == "10.1000/bad\xEF\xBF\xBD");
        CHECK(im.abstracts[0].find("(DOI 10.1000/bad\xEF\xBF\xBD)") != std::string::npos);
    }
    SECTION("two DOI-only records with the same opening words get distinct slugs") {
        atlas::MedlineImport im = atlas::ImportMedline(
            "DP  - 2020\nTI  - Synthetic title for a test record.\nFAU - Doe, Jane\nDO  - 10.1000/one\n\n"
            "DP  - 2020\nTI  - Synthetic title for a test record.\nFAU - Doe, Jane\nDO  - 10.1000/two\n",
            kToday);
        REQUIRE(im.slugs.size() == 2);
        CHECK(im.slugs[0] == "doe-2020-synthetic-title-test");
        CHECK(im.slugs[1] == "doe-2020-synthetic-title-test-" + Parse(im.records[1])["id"].get<std::string>().substr(0, 8));
    }
}

TEST_CASE("medline: the year is the first four-digit number of DP") {
    struct Case { const char* dp; int year; };
    const Case cases[] = {{"2011 Oct 19", 2011}, {"Apr 2019", 2019},       {"Spring 2019", 2019},
                          {"2019 Apr-Jun", 2019}, {"2018 Dec-2019 Jan", 2018}, {"Winter 2005/2006", 2005},
                          {"1997 Mar", 1997},     {"15 Apr 2019", 2019}};
    for (const Case& c : cases) {
        INFO(c.dp);
        CHECK(Single("PMID- 50\nDP  - " + std::string(c.dp) + "\nTI  - Synthetic.\nFAU - Doe, Jane\n")["year"] == c.year);
    }
}

TEST_CASE("medline: book chapters use the book title as their container, whole books their collection") {
    SECTION("a chapter: TI is the chapter, BTI the book") {
        // Synthetic Bookshelf-style chapter record.
        ojson s = Single("PMID- 60\nDP  - 2021\nTI  - Synthetic chapter on fatigue.\nFAU - Doe, Jane\n"
                         "BTI - Synthetic Handbook of Fatigue\nCTI - Synthetic Series\nPB  - Synthetic Press\n"
                         "PT  - Review\nPT  - Book Chapter\n");
        CHECK(s["title"] == "Synthetic chapter on fatigue.");
        CHECK(s["journal"] == "Synthetic Handbook of Fatigue");
    }
    SECTION("a whole book: BTI is the title, the collection (else the publisher) the container, CN the author") {
        ojson s = Single("PMID- 61\nDP  - 2021 Oct\nBTI - Synthetic guideline on fatigue\nCTI - Synthetic Guideline, No. 1\n"
                         "CN  - Synthetic Guideline Centre (UK)\nPB  - Synthetic Institute\nPT  - Book\n");
        CHECK(s["title"] == "Synthetic guideline on fatigue");
        CHECK(s["journal"] == "Synthetic Guideline, No. 1");
        CHECK(s["authors"] == ojson::array({"Synthetic Guideline Centre (UK)"}));
        CHECK(s["slug"] == "synthetic-guideline-centre-uk-2021-synthetic-guideline-fatigue");
        CHECK(Single("PMID- 62\nDP  - 2021\nBTI - Synthetic book\nPB  - Synthetic Press\n")["journal"] == "Synthetic Press");
    }
    SECTION("a journal article keeps its journal even with a BTI line") {
        CHECK(Single(Synthetic("63", "JT  - Synthetic Journal\nBTI - Synthetic book\n"))["journal"] == "Synthetic Journal");
    }
}

TEST_CASE("medline: the abstract comes back beside each skeleton, as a file name and a text") {
    CHECK(atlas::AbstractFileName("fluge-2011-benefit-b-lymphocyte-depletion") ==
          "fluge-2011-benefit-b-lymphocyte-depletion.abstract.txt");
    // Synthetic abstract, continued over lines as PubMed writes it; wrapped at 100 columns.
    atlas::MedlineImport im = atlas::ImportMedline(
        Synthetic("70", "AID - 10.1000/synthetic.70 [doi]\n"
                        "AB  - BACKGROUND: This synthetic abstract exists only to test the importer, and it is long\n"
                        "      enough to need wrapping. METHODS: None at all. RESULTS: Nothing. CONCLUSIONS: Wrapping\n"
                        "      works.\n") +
            "\n" + Synthetic("71", ""),
        kToday);
    REQUIRE(im.abstracts.size() == 2);
    CHECK(im.abstracts[0] ==
          "Abstract from the MEDLINE export (PMID 70; DOI 10.1000/synthetic.70), beside the skeleton so its summary can "
          "be drafted.\n"
          "Write the card in the project's own words: do not copy sentences from it. Not bundled.\n"
          "\n"
          "Synthetic title for a test record.\n"
          "\n"
          "BACKGROUND: This synthetic abstract exists only to test the importer, and it is long enough to need\n"
          "wrapping. METHODS: None at all. RESULTS: Nothing. CONCLUSIONS: Wrapping works.\n");
    CHECK(im.abstracts[1].empty());  // no AB: no file
    // The fixture's records carry no abstracts.
    for (const std::string& a : atlas::ImportMedline(ReadFixture("medline/sample.nbib"), kToday).abstracts) CHECK(a.empty());
}

TEST_CASE("medline: slugs fold diacritics to ASCII") {
    SECTION("Øystein, Næss and friends") {
        // Synthetic record: a title word and family names with Latin-1 and Latin Extended-A letters.
        ojson s = Single(
            "PMID- 1\nDP  - 2011\n"
            "TI  - \xC3\x98ystein's \xC3\xBC" "ber-gro\xC3\x9F" "e Stra\xC3\x9F" "e: caf\xC3\xA9 na\xC3\xAFve.\n"
            "FAU - N\xC3\xA6ss, Halvor\nAU  - N\xC3\xA6ss H\n");
        CHECK(s["slug"] == "naess-2011-oysteins-uber-grosse-strasse");
        CHECK(s["authors"] == ojson::array({"N\xC3\xA6ss, Halvor"}));
    }
    SECTION("Latin Extended-A family names, AU fallback") {
        // Synthetic: no FAU lines, so AU gives the authors and the family name ("Łukasiewicz-Żółć").
        ojson s = Single(
            "PMID- 2\nDP  - 1999 Jan\nTI  - \xC4\x8C" "esk\xC3\xBD \xC5\x93" "uvre of \xC5\x9A" "l\xC4\x85sk.\n"
            "AU  - \xC5\x81ukasiewicz-\xC5\xBB\xC3\xB3\xC5\x82\xC4\x87 J\nAU  - \xC3\x96zt\xC3\xBCrk A\n");
        CHECK(s["authors"] == ojson::array({"\xC5\x81ukasiewicz-\xC5\xBB\xC3\xB3\xC5\x82\xC4\x87 J",
                                            "\xC3\x96zt\xC3\xBCrk A"}));
        CHECK(s["slug"] == "lukasiewicz-zolc-1999-cesky-oeuvre-slask");
    }
    SECTION("the fixture's Fluge record: family name, not given name, starts the slug") {
        atlas::MedlineImport im = atlas::ImportMedline(ReadFixture("medline/sample.nbib"), kToday);
        REQUIRE(!im.slugs.empty());
        CHECK(im.slugs[0].rfind("fluge-2011-", 0) == 0);
    }
}

TEST_CASE("medline: slug length, uniqueness and odd input") {
    SECTION("at most 64 characters, cut at a word boundary") {
        ojson s = Single("PMID- 3\nDP  - 2020\nTI  - Synthetic title for a test record.\n"
                         "FAU - Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft, H\n");
        std::string slug = s["slug"];
        CHECK(slug.size() <= 64);
        CHECK(slug == "wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft");
    }
    SECTION("long title words: two instead of three") {
        ojson s = Single("PMID- 4\nDP  - 2016\nTI  - Mitochondrial dysfunction characterisation in a synthetic cohort.\n"
                         "FAU - Doe, Jane\n");
        CHECK(s["slug"] == "doe-2016-mitochondrial-dysfunction");
    }
    SECTION("same author, year and opening words in one export") {
        atlas::MedlineImport im = atlas::ImportMedline(Synthetic("5", "") + "\n" + Synthetic("6", ""), kToday);
        REQUIRE(im.records.size() == 2);
        CHECK(im.slugs[0] == "doe-2020-synthetic-title-test");
        CHECK(im.slugs[1] == "doe-2020-synthetic-title-test-6");
    }
    SECTION("invalid UTF-8 is replaced, not fatal") {
        ojson s = Single("PMID- 7\nDP  - 2020\nTI  - Broken \xFF\xFE bytes in a title.\nFAU - Doe, Jane\n");
        CHECK(s["title"] == "Broken \xEF\xBF\xBD\xEF\xBF\xBD bytes in a title.");
        CHECK(s["slug"] == "doe-2020-broken-bytes-title");
    }
    SECTION("an empty or blank export gives nothing") {
        CHECK(atlas::ImportMedline("", kToday).records.empty());
        CHECK(atlas::ImportMedline("\n\r\n  \n", kToday).problems.empty());
    }
}

TEST_CASE("medline: DOI from AID or LID marked [doi], never [pii]") {
    SECTION("AID [pii] before AID [doi]") {
        ojson s = Single(Synthetic("10", "AID - S0000-0000(20)00000-0 [pii]\nAID - 10.1000/synthetic.1 [doi]\n"));
        CHECK(s["doi"] == "10.1000/synthetic.1");
    }
    SECTION("LID [doi]") {
        ojson s = Single(Synthetic("11", "LID - e123\nLID - 10.1000/synthetic.2 [doi]\n"));
        CHECK(s["doi"] == "10.1000/synthetic.2");
    }
    SECTION("only a [pii]: no doi field") {
        ojson s = Single(Synthetic("12", "AID - NEL000000X00 [pii]\n"));
        CHECK(!s.contains("doi"));
    }
}

TEST_CASE("medline: publication type and provisional evidence level from PT") {
    struct Case { const char* pts; const char* type; const char* evidence; };
    const Case cases[] = {
        {"PT  - Journal Article\nPT  - Randomized Controlled Trial\nPT  - Meta-Analysis\n", "Trial-RCT", "E2"},
        {"PT  - Journal Article\nPT  - Controlled Clinical Trial\n", "Trial-Controlled", "E3"},
        {"PT  - Clinical Trial\n", "Trial-Controlled", "E3"},
        {"PT  - Review\nPT  - Systematic Review\nPT  - Meta-Analysis\n", "Meta-analysis", "E0"},
        {"PT  - Journal Article\nPT  - Systematic Review\nPT  - Review\n", "Review-Systematic", "E0"},
        {"PT  - Review\nPT  - Practice Guideline\n", "Review-Narrative", "E3"},
        {"PT  - Practice Guideline\n", "Guideline", "E0"},
        {"PT  - Guideline\n", "Guideline", "E0"},
        {"PT  - Consensus Development Conference\n", "Consensus", "E0"},
        {"PT  - Case Reports\n", "Case-Report", "E3"},
        {"PT  - Observational Study\n", "Observational-Cohort", "E3"},
        {"PT  - Journal Article\nPT  - Clinical Trial, Phase II\n", "Other", "E3"},
        {"", "Other", "E3"},
    };
    for (const Case& c : cases) {
        INFO(c.pts);
        ojson s = Single(Synthetic("20", c.pts));
        CHECK(s["publication_type"] == c.type);
        CHECK(s["evidence_level"] == c.evidence);
    }
}

TEST_CASE("medline: journal fallback and preprint servers") {
    CHECK(Single(Synthetic("30", "TA  - Neuro Endocrinol Lett\n"))["journal"] == "Neuro Endocrinol Lett");
    CHECK(Single(Synthetic("31", ""))["journal"] == "");
    ojson med = Single(Synthetic("32", "TA  - medRxiv\nJT  - medRxiv : the preprint server for health sciences\n"));
    CHECK(med["peer_review"] == "preprint");
    CHECK(med["journal"] == "medRxiv : the preprint server for health sciences");
    CHECK(Single(Synthetic("33", "JT  - bioRxiv : the preprint server for biology\n"))["peer_review"] == "preprint");
    CHECK(Single(Synthetic("34", "TA  - Res Sq\nJT  - Research square\n"))["peer_review"] == "preprint");
    CHECK(Single(Synthetic("35", "TA  - PLoS One\nJT  - PloS one\n"))["peer_review"] == "peer_reviewed");
}
