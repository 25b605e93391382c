// unit-cite.cpp — citations (plain, BibTeX, atlas snapshot) and exports (CSV, RIS, BibTeX, CSL-JSON):
// exact strings for the seed, diacritics, escaping, quoting, and round trips through small RIS,
// BibTeX and CSV readers written here, over fixtures and over every study in data/studies.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "atlas/cite.h"
#include "atlas/load.h"
#include "fixtures.h"

using namespace atlas;
using nlohmann::json;

namespace {

using fixtures::ReadSource;
using fixtures::RealAtlasDocument;

Atlas SeedAtlas() {
    Atlas atlas;
    LoadReport r = LoadAtlas(fixtures::SeedAtlasDocument(), atlas);
    REQUIRE(r.usable);
    REQUIRE(r.loaded == 1);
    REQUIRE(r.problems.empty());
    return atlas;
}

// Every study in data/studies, in file-name order.
Atlas AllStudiesAtlas(size_t& files) {
    std::vector<std::string> paths;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(ATLAS_SOURCE_DIR) + "/data/studies"))
        if (entry.path().extension() == ".json") paths.push_back(entry.path().filename().string());
    std::sort(paths.begin(), paths.end());
    std::string studies;
    for (const std::string& p : paths) {
        if (!studies.empty()) studies += ",";
        studies += ReadSource("data/studies/" + p);
    }
    files = paths.size();
    Atlas atlas;
    LoadReport r = LoadAtlas(RealAtlasDocument(studies), atlas);
    REQUIRE(r.usable);
    REQUIRE(r.loaded == files);
    return atlas;
}

// A fixture study (tests/core/fixtures.h) with some fields replaced.
json FixtureStudy(const std::string& id, const json& changes = json::object()) {
    json j = json::parse(fixtures::Study(id));
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        if (it.value().is_null()) j.erase(it.key());
        else j[it.key()] = it.value();
    }
    return j;
}

Atlas LoadStudies(const std::vector<json>& studies) {
    std::string joined;
    for (const json& s : studies) {
        if (!joined.empty()) joined += ",";
        joined += s.dump();
    }
    Atlas atlas;
    LoadReport r = LoadAtlas(fixtures::Atlas(joined), atlas);
    REQUIRE(r.usable);
    REQUIRE(r.loaded == studies.size());
    return atlas;
}

std::vector<uint32_t> AllIndices(const Atlas& atlas) {
    std::vector<uint32_t> v;
    for (uint32_t i = 0; i < atlas.studies.size(); ++i) v.push_back(i);
    return v;
}

std::vector<std::string> Authors(const Atlas& atlas, const Study& s) {
    std::vector<std::string> out;
    for (uint32_t i = 0; i < s.authors.count; ++i) out.emplace_back(atlas.Item(s.authors, i));
    return out;
}

std::vector<std::string> SplitOn(const std::string& s, const std::string& sep) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        size_t end = s.find(sep, start);
        if (end == std::string::npos) { out.push_back(s.substr(start)); return out; }
        out.push_back(s.substr(start, end - start));
        start = end + sep.size();
    }
}

// [SECTION] A tiny RIS reader: "TAG  - value" lines (CRLF), records from TY to ER.
struct RisRecord { std::vector<std::pair<std::string, std::string>> lines; };

std::vector<RisRecord> ParseRis(const std::string& text, std::string& error) {
    std::vector<RisRecord> records;
    bool open = false;
    std::vector<std::string> lines = SplitOn(text, "\r\n");
    if (!lines.empty() && lines.back().empty()) lines.pop_back();  // after the last CRLF
    for (const std::string& line : lines) {
        if (line.find('\n') != std::string::npos || line.find('\r') != std::string::npos) { error = "bare newline"; return {}; }
        if (line.empty()) {
            if (open) { error = "blank line inside a record"; return {}; }
            continue;
        }
        if (line.size() < 6 || line.compare(2, 4, "  - ") != 0) { error = "bad line: " + line; return {}; }
        std::string tag = line.substr(0, 2), value = line.substr(6);
        if (tag == "TY") {
            if (open) { error = "TY inside a record"; return {}; }
            open = true;
            records.emplace_back();
        } else if (!open) {
            error = "line outside a record: " + line;
            return {};
        }
        records.back().lines.emplace_back(tag, value);
        if (tag == "ER") open = false;
    }
    if (open) error = "last record has no ER";
    return records;
}

std::vector<std::string> RisValues(const RisRecord& r, const std::string& tag) {
    std::vector<std::string> out;
    for (const auto& [t, v] : r.lines)
        if (t == tag) out.push_back(v);
    return out;
}

std::string RisValue(const RisRecord& r, const std::string& tag) {
    std::vector<std::string> v = RisValues(r, tag);
    return v.size() == 1 ? v[0] : "<" + std::to_string(v.size()) + " values>";
}

// [SECTION] A tiny BibTeX reader: @type{key, name = {value}, ...} with brace-counted values, and the
// decoding of the escapes the writer uses.
struct BibEntry {
    std::string type, key;
    std::map<std::string, std::string> fields;  // raw, outer braces removed
    std::vector<std::string> order;
};

std::vector<BibEntry> ParseBibtex(const std::string& text, std::string& error) {
    std::vector<BibEntry> entries;
    size_t i = 0;
    auto skip_space = [&] { while (i < text.size() && std::isspace((unsigned char)text[i])) ++i; };
    for (;;) {
        skip_space();
        if (i >= text.size()) return entries;
        if (text[i] != '@') { error = "expected @ at " + std::to_string(i); return {}; }
        BibEntry e;
        size_t brace = text.find('{', i);
        size_t comma = text.find(',', brace);
        if (brace == std::string::npos || comma == std::string::npos) { error = "bad entry head"; return {}; }
        e.type = text.substr(i + 1, brace - i - 1);
        e.key = text.substr(brace + 1, comma - brace - 1);
        i = comma + 1;
        for (;;) {
            skip_space();
            if (i < text.size() && text[i] == '}') { ++i; break; }
            size_t eq = text.find('=', i);
            if (eq == std::string::npos) { error = "expected ="; return {}; }
            std::string name = text.substr(i, eq - i);
            while (!name.empty() && name.back() == ' ') name.pop_back();
            i = eq + 1;
            skip_space();
            if (i >= text.size() || text[i] != '{') { error = "expected { for " + name; return {}; }
            int depth = 0;
            size_t start = i + 1;
            for (; i < text.size(); ++i) {  // BibTeX counts every brace, escaped or not
                if (text[i] == '{') ++depth;
                else if (text[i] == '}' && --depth == 0) break;
            }
            if (i >= text.size()) { error = "unbalanced braces in " + name; return {}; }
            e.fields[name] = text.substr(start, i - start);
            e.order.push_back(name);
            ++i;
            skip_space();
            if (i < text.size() && text[i] == ',') ++i;
        }
        entries.push_back(std::move(e));
    }
}

std::string BibDecode(const std::string& v) {
    static const std::pair<const char*, const char*> kEscapes[] = {
        {"\\textbraceleft{}", "{"},   {"\\textbraceright{}", "}"},   {"\\textasciitilde{}", "~"},
        {"\\textasciicircum{}", "^"}, {"\\textbackslash{}", "\\"}, {"\\&", "&"},
        {"\\%", "%"},                 {"\\$", "$"},                  {"\\#", "#"},
        {"\\_", "_"}};
    std::string out;
    for (size_t i = 0; i < v.size();) {
        bool matched = false;
        for (const auto& [from, to] : kEscapes) {
            size_t n = std::char_traits<char>::length(from);
            if (v.compare(i, n, from) == 0) {
                out += to;
                i += n;
                matched = true;
                break;
            }
        }
        if (matched) continue;
        if (v[i] == '{' || v[i] == '}') { ++i; continue; }  // grouping braces
        out += v[i++];
    }
    return out;
}

// "A, B and {C and D}" -> names, decoded, split only at brace depth 0.
std::vector<std::string> BibAuthors(const std::string& field) {
    std::vector<std::string> out;
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '{') ++depth;
        else if (field[i] == '}') --depth;
        else if (depth == 0 && field.compare(i, 5, " and ") == 0) {
            out.push_back(BibDecode(field.substr(start, i - start)));
            start = i + 5;
            i += 4;
        }
    }
    out.push_back(BibDecode(field.substr(start)));
    return out;
}

// [SECTION] A tiny RFC 4180 reader.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text, std::string& error) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    size_t i = 0;
    bool at_field_start = true;
    while (i < text.size()) {
        char c = text[i];
        if (at_field_start && c == '"') {
            ++i;
            for (;;) {
                if (i >= text.size()) { error = "unterminated quote"; return {}; }
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') { field += '"'; i += 2; continue; }
                    ++i;
                    break;
                }
                field += text[i++];
            }
            at_field_start = false;
            continue;
        }
        if (c == ',') {
            row.push_back(field);
            field.clear();
            at_field_start = true;
            ++i;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            row.push_back(field);
            field.clear();
            rows.push_back(row);
            row.clear();
            at_field_start = true;
            i += 2;
        } else if (c == '\r' || c == '\n' || c == '"') {
            error = "bare CR, LF or quote outside a quoted field at " + std::to_string(i);
            return {};
        } else {
            field += c;
            at_field_start = false;
            ++i;
        }
    }
    if (!row.empty() || !field.empty()) error = "last row has no CRLF";
    return rows;
}

const std::string kSeedTitle =
    "A review on cognitive behavorial therapy (CBT) and graded exercise therapy (GET) in myalgic "
    "encephalomyelitis (ME) / chronic fatigue syndrome (CFS): CBT/GET is not only ineffective and not "
    "evidence-based, but also potentially harmful for many patients with ME/CFS.";

// A study with diacritics and more than six authors.
json DiacriticStudy() {
    return FixtureStudy(
        "dia", {{"title", "Élan and fatigue in ME/CFS: a Norwegian study"},
                {"authors",
                 {"Fluge, Øystein", "Müller, Jean-Paul", "Castro-Marrero, Jesús", "Fosså, åsmund",
                  "Eaton-Fitch, Natalie", "van de Sande, M I", "Straße, Łukasz", "Cabanas, Hélène"}},
                {"journal", "Tidsskrift for Den norske legeforening"},
                {"year", 2011},
                {"pmid", "22039448"},
                {"doi", "10.1371/journal.pone.0026358"},
                {"review_status", "editor_reviewed"}});
}

}  // namespace

// [SECTION] The seed

TEST_CASE("cite: plain citation of the seed") {
    Atlas atlas = SeedAtlas();
    CHECK(CitePlain(atlas, atlas.studies[0]) ==
          "Twisk FNM, Maes M. " + kSeedTitle + " Neuro endocrinology letters. 2009. PMID: 19855350.");
}

TEST_CASE("cite: BibTeX entry of the seed") {
    Atlas atlas = SeedAtlas();
    CHECK(CiteBibtex(atlas, atlas.studies[0]) ==
          "@article{twisk2009review,\n"
          "  author = {Twisk, Frank N M and Maes, Michael},\n"
          "  title = {{" + kSeedTitle + "}},\n"
          "  journal = {Neuro endocrinology letters},\n"
          "  year = {2009},\n"
          "  pmid = {19855350}\n"
          "}\n");
}

TEST_CASE("cite: atlas snapshot of the seed") {
    Atlas atlas = SeedAtlas();
    std::string title = kSeedTitle.substr(0, kSeedTitle.size() - 1);  // without the final period
    CHECK(CiteAtlasSnapshot(atlas, atlas.studies[0], "2026-11-27") ==
          "ME/CFS Research Atlas. Card for \u201C" + title +
              "\u201D (Twisk 2009), last updated 7 April 2026. Accessed 27 November 2026.");
    CHECK(CiteAtlasSnapshot(atlas, atlas.studies[0], "") ==
          "ME/CFS Research Atlas. Card for \u201C" + title + "\u201D (Twisk 2009), last updated 7 April 2026.");
}

TEST_CASE("cite: CSV of the seed") {
    Atlas atlas = SeedAtlas();
    std::string summary(atlas.Text(atlas.studies[0].quick_summary));
    CHECK(ExportCsv(atlas, {0}) ==
          "\xEF\xBB\xBF"
          "id,slug,title,authors,journal,year,pmid,doi,evidence_level,confidence,pem,case_definitions,"
          "publication_type,peer_review,review_status,retracted,tags,last_updated,quick_summary\r\n"
          "e78271f98f1e4b0b,twisk-2009-review-cognitive,\"" + kSeedTitle + "\",\"Twisk, Frank N M; Maes, Michael\""
          ",Neuro endocrinology letters,2009,19855350,,E0,moderate,required,,Review-Narrative,peer_reviewed,"
          "editor_reviewed,false,"
          "Method Flag: PEM_DEFINED; Method Flag: PEM Not Defined; Method Flag: Weak Case Definition; "
          "Symptom: Post-Exertional Malaise; Symptom: Cognitive Dysfunction; Symptom: Pain; Symptom: Fatigue; "
          "Biomarker: Cytokines; Biomarker: Metabolomics; Biomarker: Blood Biomarker,"
          "2026-04-07,\"" + summary + "\"\r\n");
}

TEST_CASE("cite: RIS of the seed") {
    Atlas atlas = SeedAtlas();
    std::string summary(atlas.Text(atlas.studies[0].quick_summary));
    CHECK(ExportRis(atlas, {0}) ==
          "TY  - JOUR\r\n"
          "ID  - e78271f98f1e4b0b\r\n"
          "TI  - " + kSeedTitle + "\r\n"
          "AU  - Twisk, Frank N M\r\n"
          "AU  - Maes, Michael\r\n"
          "T2  - Neuro endocrinology letters\r\n"
          "JO  - Neuro endocrinology letters\r\n"
          "PY  - 2009\r\n"
          "AN  - 19855350\r\n"
          "UR  - https://pubmed.ncbi.nlm.nih.gov/19855350/\r\n"
          "N1  - Atlas evidence level: E0 Consensus; PEM required\r\n"
          "KW  - Method Flag: PEM_DEFINED\r\n"
          "KW  - Method Flag: PEM Not Defined\r\n"
          "KW  - Method Flag: Weak Case Definition\r\n"
          "KW  - Symptom: Post-Exertional Malaise\r\n"
          "KW  - Symptom: Cognitive Dysfunction\r\n"
          "KW  - Symptom: Pain\r\n"
          "KW  - Symptom: Fatigue\r\n"
          "KW  - Biomarker: Cytokines\r\n"
          "KW  - Biomarker: Metabolomics\r\n"
          "KW  - Biomarker: Blood Biomarker\r\n"
          "AB  - " + summary + "\r\n"   // editor reviewed: no machine-draft prefix
          "ER  - \r\n");
}

TEST_CASE("cite: CSL-JSON of the seed") {
    Atlas atlas = SeedAtlas();
    CHECK(ExportCslJson(atlas, {0}) ==
          "[\n"
          "  {\n"
          "    \"id\": \"e78271f98f1e4b0b\",\n"
          "    \"type\": \"article-journal\",\n"
          "    \"title\": \"" + kSeedTitle + "\",\n"
          "    \"author\": [\n"
          "      {\n"
          "        \"family\": \"Twisk\",\n"
          "        \"given\": \"Frank N M\"\n"
          "      },\n"
          "      {\n"
          "        \"family\": \"Maes\",\n"
          "        \"given\": \"Michael\"\n"
          "      }\n"
          "    ],\n"
          "    \"container-title\": \"Neuro endocrinology letters\",\n"
          "    \"issued\": {\n"
          "      \"date-parts\": [\n"
          "        [\n"
          "          2009\n"
          "        ]\n"
          "      ]\n"
          "    },\n"
          "    \"PMID\": \"19855350\",\n"
          "    \"URL\": \"https://pubmed.ncbi.nlm.nih.gov/19855350/\"\n"
          "  }\n"
          "]\n");
}

// [SECTION] Names, diacritics, keys

TEST_CASE("cite: diacritics and more than six authors") {
    Atlas atlas = LoadStudies({DiacriticStudy()});
    const Study& s = atlas.studies[0];
    CHECK(CitePlain(atlas, s) ==
          "Fluge Ø, Müller JP, Castro-Marrero J, Fosså Å, Eaton-Fitch N, van de Sande MI, et al. "
          "Élan and fatigue in ME/CFS: a Norwegian study. Tidsskrift for Den norske legeforening. 2011. "
          "doi:10.1371/journal.pone.0026358. PMID: 22039448.");
    CHECK(CiteBibtex(atlas, s) ==
          "@article{fluge2011elan,\n"
          "  author = {Fluge, Øystein and Müller, Jean-Paul and Castro-Marrero, Jesús and Fosså, åsmund and "
          "Eaton-Fitch, Natalie and van de Sande, M I and Straße, Łukasz and Cabanas, Hélène},\n"
          "  title = {{Élan and fatigue in ME/CFS: a Norwegian study}},\n"
          "  journal = {Tidsskrift for Den norske legeforening},\n"
          "  year = {2011},\n"
          "  doi = {10.1371/journal.pone.0026358},\n"
          "  pmid = {22039448}\n"
          "}\n");
    CHECK(CiteAtlasSnapshot(atlas, s, "2026-01-05") ==
          "Test atlas. Card for \u201CÉlan and fatigue in ME/CFS: a Norwegian study\u201D (Fluge et al. 2011), "
          "last updated 2 January 2026. Accessed 5 January 2026.");
}

TEST_CASE("cite: initials and BibTeX keys fold names and titles to ASCII") {
    struct Case { std::string author, title, plain_author, key; };
    const Case cases[] = {
        {"Ødegård, Åse Marie", "The effect of pacing", "Ødegård ÅM", "odegard2020effect"},
        {"Straße, Jean-Paul", "On the Straße study", "Straße JP", "strasse2020strasse"},
        {"Łukasiewicz, ł", "Őrült & Über", "Łukasiewicz Ł", "lukasiewicz2020orult"},
        {"Smith, John Jr", "Cytokines in ME/CFS", "Smith J Jr", "smith2020cytokines"},
        {"Fluge, Øystein", "B-Lymphocyte Depletion", "Fluge Ø", "fluge2020blymphocyte"},
        {"Lee, Ji-Sook", "Patients’ views", "Lee JS", "lee2020patients"},
        {"Mœller, J. R.", "A an the of", "Mœller JR", "moeller2020"},
        {"CFS/ME Working Group", "Report of a working group", "CFS/ME Working Group", "cfsmeworkinggroup2020report"},
        {"Zhang, 伟", "中文 title", "Zhang 伟", "zhang2020title"},
        {"张, 伟", "Only 中文", "张 伟", "anon2020only"},
        {"Cafe\xCC\x81, Jose\xCC\x81", "Cafe\xCC\x81 society", "Cafe\xCC\x81 J", "cafe2020cafe"},  // decomposed é
        {"O'Brien, Éamon", "Long-term outcomes", "O'Brien É", "obrien2020longterm"},
        {"Ștefănescu, Ana", "Țară", "Ștefănescu A", "stefanescu2020tara"},  // Romanian, from the one Latin table
        {"Lǚ, Wei", "Lǜ", "Lǚ W", "lu2020lu"},                            // pinyin tones
    };
    for (const Case& c : cases) {
        Atlas atlas = LoadStudies({FixtureStudy("k", {{"title", c.title}, {"authors", {c.author}}, {"pmid", nullptr}})});
        INFO(c.author);
        CHECK(CitePlain(atlas, atlas.studies[0]).rfind(c.plain_author + ". ", 0) == 0);
        std::string bib = CiteBibtex(atlas, atlas.studies[0]);
        CHECK(bib.substr(0, bib.find(',')) == "@article{" + c.key);
    }
}

TEST_CASE("cite: plain citation punctuation, preprints, retractions and collective authors") {
    Atlas atlas = LoadStudies({
        FixtureStudy("q", {{"title", "Does pacing help?"}, {"journal", "J Transl Med."}, {"pmid", nullptr}}),
        FixtureStudy("p", {{"title", "No final stop"}, {"peer_review", "preprint"}, {"journal", "medRxiv"},
                           {"authors", {"Doe, Jane", "Roe, R", "Poe, E A"}}}),
        FixtureStudy("r", {{"retraction", {{"retracted", true}, {"notice", "Retraction notice"}, {"date", "2011-12-23"}}},
                           {"authors", {"Centers for Disease Control and Prevention"}}}),
        FixtureStudy("n", {{"authors", json::array()}}),
    });
    CHECK(CitePlain(atlas, atlas.studies[0]) == "Doe J. Does pacing help? J Transl Med. 2020.");
    std::string pmid_p(atlas.Text(atlas.studies[1].pmid));
    CHECK(CitePlain(atlas, atlas.studies[1]) ==
          "Doe J, Roe R, Poe EA. No final stop. medRxiv [Preprint]. 2020. PMID: " + pmid_p + ".");
    std::string pmid_r(atlas.Text(atlas.studies[2].pmid));
    CHECK(CitePlain(atlas, atlas.studies[2]) ==
          "Centers for Disease Control and Prevention. A study. A Journal. 2020. PMID: " + pmid_r + ". Retracted.");
    std::string pmid_n(atlas.Text(atlas.studies[3].pmid));
    CHECK(CitePlain(atlas, atlas.studies[3]) == "A study. A Journal. 2020. PMID: " + pmid_n + ".");

    std::string bib_p = CiteBibtex(atlas, atlas.studies[1]);
    CHECK(bib_p.find("  note = {Preprint}\n") != std::string::npos);
    std::string bib_r = CiteBibtex(atlas, atlas.studies[2]);
    CHECK(bib_r.find("  author = {{Centers for Disease Control and Prevention}},\n") != std::string::npos);
    CHECK(bib_r.find("  note = {Retracted}\n}\n") != std::string::npos);
    CHECK(bib_r.rfind("@article{centersfordiseasecontrolandprevention2020study,", 0) == 0);
    CHECK(CiteBibtex(atlas, atlas.studies[3]).rfind("@article{anon2020study,\n  title = ", 0) == 0);

    CHECK(CiteAtlasSnapshot(atlas, atlas.studies[0], "2026-01-02").find("(Doe 2020)") != std::string::npos);
    CHECK(CiteAtlasSnapshot(atlas, atlas.studies[0], "2026-01-02").find("\u201CDoes pacing help?\u201D") !=
          std::string::npos);
    CHECK(CiteAtlasSnapshot(atlas, atlas.studies[1], "2026-01-02").find("(Doe et al. 2020)") != std::string::npos);
    CHECK(CiteAtlasSnapshot(atlas, atlas.studies[3], "2026-01-02").find("\u201D (2020),") != std::string::npos);
}

// [SECTION] BibTeX

TEST_CASE("cite: BibTeX escapes the specials and keeps braces balanced") {
    Atlas atlas = LoadStudies({FixtureStudy(
        "esc", {{"title", "Omega-3 & B12: 50% of {CFS} patients_with $5 #1 ~x^2 a\\b"},
                {"journal", "Research & Development"},
                {"authors", {"O'Neil & Sons, Ann", "Smith, Bob and Alice", "Doe, {Jane}"}},
                {"doi", "10.1002/(SICI)1097-4679_x%2#3"}})});
    std::string bib = CiteBibtex(atlas, atlas.studies[0]);
    CHECK(bib.find("  title = {{Omega-3 \\& B12: 50\\% of \\textbraceleft{}CFS\\textbraceright{} patients\\_with "
                   "\\$5 \\#1 \\textasciitilde{}x\\textasciicircum{}2 a\\textbackslash{}b}},\n") != std::string::npos);
    CHECK(bib.find("  journal = {Research \\& Development},\n") != std::string::npos);
    CHECK(bib.find("  author = {O'Neil \\& Sons, Ann and Smith, {Bob and Alice} and "
                   "Doe, \\textbraceleft{}Jane\\textbraceright{}},\n") != std::string::npos);
    CHECK(bib.find("  doi = {10.1002/(SICI)1097-4679_x%2#3},\n") != std::string::npos);  // verbatim field
    int depth = 0, lowest = 0;
    for (char c : bib) {
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        lowest = std::min(lowest, depth);
    }
    CHECK(depth == 0);
    CHECK(lowest == 0);
    CHECK(bib.rfind("@article{oneilsons2020omega3,", 0) == 0);
}

TEST_CASE("cite: BibTeX export joins entries and disambiguates duplicate keys") {
    Atlas atlas = LoadStudies({FixtureStudy("d1"), FixtureStudy("d2"), FixtureStudy("d3", {{"title", "Studya"}}),
                               FixtureStudy("d4"), FixtureStudy("d5", {{"title", "Other"}})});
    std::string all = ExportBibtex(atlas, AllIndices(atlas));
    std::string error;
    std::vector<BibEntry> entries = ParseBibtex(all, error);
    REQUIRE(error.empty());
    std::vector<std::string> keys;
    for (const BibEntry& e : entries) keys.push_back(e.key);
    // d3's own key is "doe2020studya", so the second duplicate skips it.
    CHECK(keys == std::vector<std::string>{"doe2020study", "doe2020studyb", "doe2020studya", "doe2020studyc",
                                           "doe2020other"});
    CHECK(all.find("}\n\n@article{doe2020studyb,\n") != std::string::npos);
    CHECK(all.substr(all.size() - 2) == "}\n");
    CHECK(all.find("\n\n\n") == std::string::npos);
    CHECK(ExportBibtex(atlas, {}) == "");
    CHECK(ExportBibtex(atlas, {0, 99}) == CiteBibtex(atlas, atlas.studies[0]));  // out-of-range index skipped
}

// [SECTION] CSV

TEST_CASE("cite: CSV quotes commas, quotes and newlines, with a BOM and CRLF rows") {
    Atlas atlas = LoadStudies({
        FixtureStudy("c1", {{"title", "He said \"hi\", then\nleft"},
                            {"authors", {"Fluge, Øystein", "Doe, Jane"}},
                            {"case_definitions", {"CCC", "Fukuda"}},
                            {"retraction", {{"retracted", true}}},
                            {"tags", {{"method_flag", {"Small, n"}}, {"symptom", {"Fatigue", "Pain"}}}}}),
        FixtureStudy("c2", {{"title", "Plain"}, {"pmid", nullptr}, {"doi", "10.1/x"}}),
    });
    std::string csv = ExportCsv(atlas, AllIndices(atlas));
    REQUIRE(csv.rfind("\xEF\xBB\xBF" "id,slug,title,", 0) == 0);
    CHECK(csv.find("c1,c1-slug,\"He said \"\"hi\"\", then\nleft\",\"Fluge, Øystein; Doe, Jane\",") != std::string::npos);
    CHECK(csv.find(",true,\"Symptom: Fatigue; Symptom: Pain; Method Flag: Small, n\",") != std::string::npos);
    CHECK(csv.find(",CCC; Fukuda,Trial-RCT,peer_reviewed,machine_draft,true,") != std::string::npos);
    CHECK(csv.find("\r\nc2,c2-slug,Plain,\"Doe, Jane\",A Journal,2020,,10.1/x,E2,high,required,CCC,") !=
          std::string::npos);
    CHECK(csv.substr(csv.size() - 2) == "\r\n");

    std::string error;
    auto rows = ParseCsv(csv.substr(3), error);
    REQUIRE(error.empty());
    REQUIRE(rows.size() == 3);
    for (const auto& row : rows) CHECK(row.size() == 19);
    CHECK(rows[0][0] == "id");
    CHECK(rows[0][18] == "quick_summary");
    CHECK(rows[1][2] == "He said \"hi\", then\nleft");
    CHECK(rows[1][3] == "Fluge, Øystein; Doe, Jane");
    CHECK(rows[1][15] == "true");
    CHECK(rows[2][15] == "false");
    CHECK(rows[2][18] == "Summary.");
    CHECK(ExportCsv(atlas, {}) == "\xEF\xBB\xBF" "id,slug,title,authors,journal,year,pmid,doi,evidence_level,"
                                  "confidence,pem,case_definitions,publication_type,peer_review,review_status,"
                                  "retracted,tags,last_updated,quick_summary\r\n");
}

// [SECTION] RIS

TEST_CASE("cite: RIS records start with TY, end with ER, one AU per author") {
    Atlas atlas = LoadStudies({
        DiacriticStudy(),
        FixtureStudy("pre", {{"peer_review", "preprint"}, {"journal", "medRxiv"}, {"pmid", nullptr},
                             {"title", "Two\nlines\r\n  here"},
                             {"sections", {{"quick_summary", "First.\nSecond."}}},
                             {"retraction", {{"retracted", true}}}}),
    });
    std::string ris = ExportRis(atlas, AllIndices(atlas));
    std::string error;
    std::vector<RisRecord> records = ParseRis(ris, error);
    REQUIRE(error.empty());
    REQUIRE(records.size() == 2);
    for (const RisRecord& r : records) {
        CHECK(r.lines.front().first == "TY");
        CHECK(r.lines.back().first == "ER");
        CHECK(r.lines.back().second == "");
    }
    CHECK(ris.find("ER  - \r\n\r\nTY  - UNPB\r\n") != std::string::npos);
    CHECK(RisValue(records[0], "TY") == "JOUR");
    CHECK(RisValues(records[0], "AU") == Authors(atlas, atlas.studies[0]));
    CHECK(RisValues(records[0], "AU").size() == 8);
    CHECK(RisValue(records[0], "UR") == "https://pubmed.ncbi.nlm.nih.gov/22039448/");
    CHECK(RisValue(records[0], "AN") == "22039448");
    CHECK(RisValue(records[0], "DO") == "10.1371/journal.pone.0026358");
    CHECK(RisValue(records[0], "N1") == "Atlas evidence level: E2 Controlled; PEM required");
    CHECK(RisValue(records[0], "AB") == "Summary.");  // editor reviewed
    CHECK(RisValues(records[0], "KW") == std::vector<std::string>{"Symptom: Fatigue"});

    CHECK(RisValue(records[1], "TY") == "UNPB");
    CHECK(RisValue(records[1], "TI") == "Two lines here");
    CHECK(RisValue(records[1], "T2") == "medRxiv");
    CHECK(RisValues(records[1], "AN").empty());
    CHECK(RisValues(records[1], "UR").empty());
    CHECK(RisValue(records[1], "N1") == "Atlas evidence level: E2 Controlled; PEM required; Retracted");
    CHECK(RisValue(records[1], "AB") == "Atlas summary (machine-drafted): First. Second.");
    CHECK(ExportRis(atlas, {}) == "");
}

// [SECTION] CSL-JSON

TEST_CASE("cite: CSL-JSON parses back with the fields present") {
    Atlas atlas = LoadStudies({
        DiacriticStudy(),
        FixtureStudy("pre", {{"peer_review", "preprint"}, {"pmid", nullptr}, {"doi", "10.1101/2024.08.26.24312606"},
                             {"authors", {"Doe, Jane", "CFS/ME Working Group", "Mononym,"}},
                             {"retraction", {{"retracted", true}}}}),
    });
    std::string text = ExportCslJson(atlas, AllIndices(atlas));
    json items = json::parse(text);
    REQUIRE(items.is_array());
    REQUIRE(items.size() == 2);
    const json& a = items[0];
    CHECK(a["id"] == "dia");
    CHECK(a["type"] == "article-journal");
    CHECK(a["title"] == "Élan and fatigue in ME/CFS: a Norwegian study");
    REQUIRE(a["author"].size() == 8);
    CHECK(a["author"][0] == json({{"family", "Fluge"}, {"given", "Øystein"}}));
    CHECK(a["author"][5] == json({{"family", "van de Sande"}, {"given", "M I"}}));
    CHECK(a["container-title"] == "Tidsskrift for Den norske legeforening");
    CHECK(a["issued"] == json({{"date-parts", {{2011}}}}));
    CHECK(a["DOI"] == "10.1371/journal.pone.0026358");
    CHECK(a["PMID"] == "22039448");
    CHECK(a["URL"] == "https://pubmed.ncbi.nlm.nih.gov/22039448/");
    CHECK(!a.contains("note"));
    const json& b = items[1];
    CHECK(b["type"] == "article");
    CHECK(b["author"][1] == json({{"literal", "CFS/ME Working Group"}}));
    CHECK(b["author"][2] == json({{"family", "Mononym"}}));
    CHECK(b["DOI"] == "10.1101/2024.08.26.24312606");
    CHECK(!b.contains("PMID"));
    CHECK(!b.contains("URL"));
    CHECK(b["note"] == "Retracted");
    CHECK(text.find("Øystein") != std::string::npos);  // UTF-8, not \u escapes
    CHECK(ExportCslJson(atlas, {}) == "[]\n");
}

// [SECTION] Round trips

TEST_CASE("cite: RIS and BibTeX round trips keep title, authors, year and DOI exactly") {
    Atlas atlas = LoadStudies({
        DiacriticStudy(),
        FixtureStudy("esc", {{"title", "Omega-3 & B12: 50% of {CFS} patients_with $5 #1 ~x^2 a\\b {unbalanced"},
                             {"authors", {"O'Neil & Sons, Ann", "Smith, Bob and Alice", "Doe, {Jane}",
                                          "Centers for Disease Control and Prevention", "Ødegård, Åse"}},
                             {"doi", "10.1002/(SICI)1097-4679_x%2#3"}}),
        FixtureStudy("d1"),
        FixtureStudy("d2"),
    });
    std::vector<uint32_t> all = AllIndices(atlas);

    std::string error;
    std::vector<RisRecord> ris = ParseRis(ExportRis(atlas, all), error);
    REQUIRE(error.empty());
    REQUIRE(ris.size() == atlas.studies.size());
    std::vector<BibEntry> bib = ParseBibtex(ExportBibtex(atlas, all), error);
    REQUIRE(error.empty());
    REQUIRE(bib.size() == atlas.studies.size());

    for (size_t i = 0; i < atlas.studies.size(); ++i) {
        const Study& s = atlas.studies[i];
        INFO(atlas.Text(s.id));
        CHECK(RisValue(ris[i], "TI") == atlas.Text(s.title));
        CHECK(RisValues(ris[i], "AU") == Authors(atlas, s));
        CHECK(RisValue(ris[i], "PY") == std::to_string(s.year));
        CHECK(RisValues(ris[i], "DO") ==
              (s.doi.length ? std::vector<std::string>{std::string(atlas.Text(s.doi))} : std::vector<std::string>{}));

        const BibEntry& e = bib[i];
        CHECK(e.type == "article");
        CHECK(BibDecode(e.fields.at("title")) == atlas.Text(s.title));
        CHECK(BibAuthors(e.fields.at("author")) == Authors(atlas, s));
        CHECK(e.fields.at("year") == std::to_string(s.year));
        if (s.doi.length) CHECK(e.fields.at("doi") == atlas.Text(s.doi));
        else CHECK(e.fields.count("doi") == 0);
        CHECK(BibDecode(e.fields.at("journal")) == atlas.Text(s.journal));
        std::vector<std::string> order{"author", "title", "journal", "year"};
        if (s.doi.length) order.push_back("doi");
        if (s.pmid.length) order.push_back("pmid");
        CHECK(e.order == order);
    }
    CHECK(bib[2].key == "doe2020study");
    CHECK(bib[3].key == "doe2020studya");
}

TEST_CASE("cite: every study in data/studies exports and round-trips") {
    size_t files = 0;
    Atlas atlas = AllStudiesAtlas(files);
    REQUIRE(files > 0);
    std::vector<uint32_t> all = AllIndices(atlas);

    std::string error;
    std::vector<RisRecord> ris = ParseRis(ExportRis(atlas, all), error);
    REQUIRE(error.empty());
    REQUIRE(ris.size() == files);
    std::vector<BibEntry> bib = ParseBibtex(ExportBibtex(atlas, all), error);
    REQUIRE(error.empty());
    REQUIRE(bib.size() == files);
    auto rows = ParseCsv(ExportCsv(atlas, all).substr(3), error);
    REQUIRE(error.empty());
    REQUIRE(rows.size() == files + 1);
    json csl = json::parse(ExportCslJson(atlas, all));
    REQUIRE(csl.size() == files);

    std::vector<std::string> keys;
    for (size_t i = 0; i < files; ++i) {
        const Study& s = atlas.studies[i];
        INFO(atlas.Text(s.id));
        CHECK(RisValue(ris[i], "TI") == atlas.Text(s.title));
        CHECK(RisValues(ris[i], "AU") == Authors(atlas, s));
        CHECK(RisValue(ris[i], "PY") == std::to_string(s.year));
        CHECK(BibDecode(bib[i].fields.at("title")) == atlas.Text(s.title));
        CHECK(BibAuthors(bib[i].fields.at("author")) == Authors(atlas, s));
        if (s.doi.length) CHECK(bib[i].fields.at("doi") == atlas.Text(s.doi));
        CHECK(rows[i + 1].size() == 19);
        CHECK(rows[i + 1][2] == atlas.Text(s.title));
        CHECK(csl[i]["title"] == atlas.Text(s.title));
        CHECK(csl[i]["author"].size() == s.authors.count);
        keys.push_back(bib[i].key);
        for (char c : bib[i].key) CHECK(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')));
        std::string plain = CitePlain(atlas, s);
        CHECK(plain.find('\n') == std::string::npos);
        CHECK((s.retracted == (plain.size() >= 11 && plain.substr(plain.size() - 11) == " Retracted.")));
    }
    std::sort(keys.begin(), keys.end());
    CHECK(std::adjacent_find(keys.begin(), keys.end()) == keys.end());
}
