// unit-stream.cpp — AtlasStreamLoader: a document fed in chunks cut anywhere loads exactly as
// LoadAtlas loads it whole (same model, same report, same message texts), holding one study at a time.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "atlas/load.h"
#include "atlas/query.h"
#include "atlas/synth.h"
#include "fixtures.h"

using namespace atlas;
namespace fs = std::filesystem;

namespace {

struct Loaded {
    Atlas atlas;
    LoadReport report;
    size_t max_buffered = 0;
};

Loaded Whole(const std::string& doc) {
    Loaded l;
    l.report = LoadAtlas(doc, l.atlas);
    return l;
}

// Feeds `doc` in chunks whose sizes come from `next_size` (called until the document is used up).
Loaded Streamed(const std::string& doc, const std::function<size_t()>& next_size) {
    Loaded l;
    AtlasStreamLoader loader(l.atlas);
    for (size_t at = 0; at < doc.size();) {
        size_t n = std::min(std::max<size_t>(next_size(), 1), doc.size() - at);
        loader.Feed(std::string_view(doc).substr(at, n));
        l.max_buffered = std::max(l.max_buffered, loader.BufferedBytes());
        at += n;
    }
    CHECK(loader.BytesFed() == doc.size());
    l.report = loader.Finish();
    return l;
}

Loaded Chunked(const std::string& doc, size_t size) {
    return Streamed(doc, [size] { return size; });
}

Loaded RandomChunks(const std::string& doc, unsigned seed, size_t max_size = 4096) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<size_t> dist(1, max_size);
    return Streamed(doc, [&] { return dist(rng); });
}

// Everything the model holds, as text, so two loads compare in one CHECK with a readable diff.
std::string Describe(const Atlas& a) {
    std::ostringstream o;
    const AtlasHeader& h = a.header;
    o << "header " << h.title << '|' << h.generated << '|' << h.source << '|' << h.license << '|' << h.generator << '|'
      << h.policy_version << '|' << h.contribute_url << '|' << h.about_url << '|' << h.content_hash << '|' << h.synthetic
      << '|' << h.format_version << '\n';
    for (const EvidenceLevelText& e : h.evidence_levels) o << "level " << e.label << '|' << e.description << '\n';
    for (const TagCategory& c : a.tag_categories) o << "category " << c.id << '|' << c.name << '\n';
    for (const Tag& t : a.tags) o << "tag " << t.category << '|' << t.label << '\n';
    auto ref = [&](TextRef r) { o << r.offset << ':' << r.length << ' '; };
    auto list = [&](ListRef r) { o << r.first << '+' << r.count << ' '; };
    for (const Study& s : a.studies) {
        o << "study ";
        for (TextRef r : {s.id, s.slug, s.title, s.journal, s.pmid, s.doi, s.last_updated, s.retraction_notice,
                          s.retraction_date, s.quick_summary, s.why_it_matters, s.remaining_questions, s.does_not_prove})
            ref(r);
        for (ListRef r : {s.authors, s.observed_findings, s.inferred_conclusions, s.strengths, s.limitations, s.tags}) list(r);
        o << s.year << ' ' << (int)s.evidence << (int)s.confidence << (int)s.pem << (int)s.peer_review << (int)s.review_status
          << (int)s.publication_type << ' ' << s.case_definitions << ' ' << s.retracted << '\n';
    }
    for (TextRef r : a.list_items) ref(r);
    o << '\n';
    for (uint32_t t : a.study_tags) o << t << ' ';
    o << "\ntext " << a.text.size() << '\n' << a.text;
    return o.str();
}

std::string Describe(const LoadReport& r) {
    std::ostringstream o;
    o << "usable " << r.usable << " fatal " << r.fatal << "\n" << FormatSummary(r) << ", " << r.errors << " errors, "
      << r.problems_dropped << " dropped\n";
    for (const Problem& p : r.problems) o << FormatProblem("f.json", p) << '\n';
    return o.str();
}

void CheckSame(const Loaded& expected, const Loaded& got) {
    CHECK(Describe(got.report) == Describe(expected.report));
    CHECK(Describe(got.atlas) == Describe(expected.atlas));
}

std::string ReadBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Every study of data/studies in the real header.
std::string RealAtlas() {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(fs::path(ATLAS_SOURCE_DIR) / "data" / "studies")) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::string studies;
    for (const fs::path& f : files) studies += (studies.empty() ? "" : ",") + ReadBytes(f);
    return fixtures::RealAtlasDocument(studies);
}

// Escapes, multi-byte characters (2, 3 and 4 bytes), numbers of every form, whitespace and newlines.
std::string TrickyAtlas() {
    std::string tricky = R"(,"sections":{"quick_summary":"Quote \" backslash \\ slash \/ tab \t \u00e9 \ud83d\ude00 caf)"
                         "\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80"
                         R"( end","strengths":["a\nb","\u2014"]})";
    std::string a = fixtures::Study("a", R"(,"x":[1,-2,3.5,-0.25e-3,1E+2,0,true,false,null,{"k":[]}])");
    std::string b = fixtures::Study("b", tricky);
    b.erase(b.find(",\"sections\":{\"quick_summary\":\"Summary.\"}"), std::string(",\"sections\":{\"quick_summary\":\"Summary.\"}").size());
    return "\xEF\xBB\xBF{\n  " + fixtures::Header() + ",\n  \"studies\" : [ " + a + " ,\n\t" + b + "\r\n, " +
           fixtures::Study("c") + " ]\n}\n";
}

}  // namespace

TEST_CASE("stream: the real atlas in 1-byte, 7-byte and random chunks loads exactly as LoadAtlas") {
    std::string doc = RealAtlas();
    Loaded whole = Whole(doc);
    REQUIRE(whole.report.usable);
    REQUIRE(whole.report.loaded > 10);
    CheckSame(whole, Chunked(doc, 1));
    CheckSame(whole, Chunked(doc, 7));
    CheckSame(whole, Chunked(doc, 65536));
    for (unsigned seed : {1u, 2u, 3u}) CheckSame(whole, RandomChunks(doc, seed));
    CheckSame(whole, RandomChunks(doc, 4, 16));
}

TEST_CASE("stream: a synthetic atlas in random chunks loads exactly as LoadAtlas and holds one study at a time") {
    std::string doc;
    SynthesizeAtlas({2000, 7}, doc);
    Loaded whole = Whole(doc);
    REQUIRE(whole.report.loaded == 2000);
    Loaded streamed = RandomChunks(doc, 5, 65536);
    CheckSame(whole, streamed);
    // What is held back is the study being read and the rest of the last chunk, never the document.
    CHECK(streamed.max_buffered < 2 * (65536 + 16384));  // capacity: a string grows by doubling
    // Byte by byte: a study cut off is scanned again once the bytes after its start have doubled (at
    // least 4 KB), and read bytes are dropped once they are half the buffer: a few studies' worth (each
    // ~3.5 KB here), never the document (~6 MB).
    CHECK(Chunked(doc, 1).max_buffered < 32768);
}

TEST_CASE("stream: cut at every byte: strings, escapes, UTF-8, numbers and whitespace") {
    std::string doc = TrickyAtlas();
    Loaded whole = Whole(doc);
    REQUIRE(whole.report.usable);
    REQUIRE(whole.report.loaded == 3);
    CHECK(whole.atlas.Text(whole.atlas.studies[1].quick_summary) ==
          "Quote \" backslash \\ slash / tab \t \xC3\xA9 \xF0\x9F\x98\x80 caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80 end");
    for (size_t cut = 0; cut <= doc.size(); ++cut) {
        INFO("cut at " << cut);
        size_t calls = 0;
        CheckSame(whole, Streamed(doc, [&] { return calls++ == 0 ? (cut ? cut : doc.size()) : doc.size(); }));
    }
}

TEST_CASE("stream: every hostile corpus file, in 1-byte, 7-byte and random chunks, loads exactly as LoadAtlas") {
    fs::path corpus = fs::path(ATLAS_SOURCE_DIR) / "tests" / "hostile" / "corpus";
    size_t files = 0;
    for (const auto& entry : fs::directory_iterator(corpus)) {
        std::string doc = ReadBytes(entry.path());
        INFO(entry.path().filename().string());
        Loaded whole = Whole(doc);
        CheckSame(whole, Chunked(doc, 1));
        CheckSame(whole, Chunked(doc, 7));
        CheckSame(whole, RandomChunks(doc, 11, 64));
        CheckSame(whole, RandomChunks(doc, 12));
        ++files;
    }
    CHECK(files >= 30);
}

TEST_CASE("stream: unusable files get the same one clear message, wherever the chunks are cut") {
    std::string good = fixtures::Study("a") + "," + fixtures::Study("b");
    std::string two = fixtures::Atlas(good);
    size_t second = two.find("{\"id\":\"b\"");
    struct Case { std::string text, message; };
    std::vector<Case> cases = {
        {"", "empty file: expected a JSON object"},
        {"  \n", "empty file: expected a JSON object"},
        {"\xEF\xBB\xBF", "empty file: expected a JSON object"},
        {"[]", "top level is an array, expected an object"},
        {"{\"format\":\"mecfs-atlas\",\"format_version\":1,\"studies\":[", "truncated: the document ends before the JSON is complete (line 1, column 55)"},
        {"{\"format\": nope}", "not valid JSON at line 1, column 13: syntax error while parsing value - invalid literal; last read: '\"format\": no'"},
        {"{\"title\":\"a\xff\"}", "invalid UTF-8 at line 1, column 12"},
        {"{\"format\":\"other\",\"format_version\":1,\"studies\":[" + fixtures::Study() + "]}", "\"format\" is \"other\", expected \"mecfs-atlas\""},
        {"{\"format\":\"mecfs-atlas\",\"format_version\":1,\"studies\":[NaN]}",
         "not valid JSON at line 1, column 55: syntax error while parsing value - invalid literal; last read: '\"studies\":[N'"},
        // In the second study (a later window): the text nlohmann last read starts inside that study.
        {two.substr(0, second) + "{\"id\":nope" + two.substr(second + 9),
         "not valid JSON at line 1, column " + std::to_string(second + 8) + ": syntax error while parsing value - invalid literal; last read: '\"id\":no'"},
        {two.substr(0, second) + "{\"id\",\"x\":1}]}", "not valid JSON at line 1, column " + std::to_string(second + 6) +
                                                ": syntax error while parsing object separator - unexpected ','; expected ':'"},
        // Cut short inside the second study, and after a comma.
        {two.substr(0, second + 20), "truncated: the document ends before the JSON is complete (line 1, column " + std::to_string(second + 21) + ")"},
        {two.substr(0, second), "truncated: the document ends before the JSON is complete (line 1, column " + std::to_string(second + 1) + ")"},
        // A syntax error early, invalid UTF-8 much later: as in LoadAtlas, the UTF-8 is what is reported.
        {"{\"format\": nope, \"studies\":[" + good + ",\"\xC0\xAF\"]}", "invalid UTF-8 at line 1, column " + std::to_string(31 + good.size())},
        // A UTF-8 character cut short by the end of the file.
        {two + "\xE2\x80", "invalid UTF-8 at line 1, column " + std::to_string(two.size() + 1)},
        // Trailing garbage after the object: nlohmann's "last read" reaches back to the last string.
        {two + " x \n", "not valid JSON at line 1, column " + std::to_string(two.size() + 2) +
                         ": syntax error while parsing value - invalid literal; last read: '\"2026-01-02\"}]} x'; expected end of input"},
        // An error at the very last byte reads as "truncated", in LoadAtlas too: the stream must wait for the end to say so.
        {two + "\n\n}", "truncated: the document ends before the JSON is complete (line 3, column 1)"},
        {two + "\n\n}\n", "not valid JSON at line 3, column 1: syntax error while parsing value - unexpected '}'; expected end of input"},
    };
    for (const Case& c : cases) {
        INFO(c.text.substr(0, 300));
        Loaded whole = Whole(c.text);
        CHECK_FALSE(whole.report.usable);
        CHECK(whole.report.fatal == c.message);
        for (size_t size : {1, 2, 3, 7, 64}) {
            INFO("chunks of " << size);
            Loaded streamed = Chunked(c.text, size);
            CHECK(streamed.report.fatal == c.message);
            CHECK(streamed.atlas.studies.empty());
            CheckSame(whole, streamed);
        }
    }
}

TEST_CASE("stream: problems in later studies keep their paths and order") {
    std::string studies;
    for (int i = 0; i < 40; ++i) {
        std::string id = "s" + std::to_string(i);
        studies += (i ? "," : "") + (i % 7 == 3 ? fixtures::Study(id, ",\"year\":\"x\"") : fixtures::Study(id, i % 5 == 1 ? ",\"extra\":1" : ""));
    }
    std::string doc = fixtures::Atlas(studies, R"(,"odd":[[1],{"a":{"b":2}}])") ;
    Loaded whole = Whole(doc);
    REQUIRE(whole.report.usable);
    CHECK(whole.report.rejected == 6);
    CHECK(whole.report.warnings == 8);  // seven studies with an unknown field, and the header's "odd"
    CheckSame(whole, Chunked(doc, 1));
    CheckSame(whole, RandomChunks(doc, 21, 300));
}

TEST_CASE("stream: mangled documents (bytes inserted, removed, cut off) load as LoadAtlas loads them") {
    std::string base = TrickyAtlas();
    const char* pieces[] = {"{", "}", "[", "]", "\"", ",", ":", "\\", "x", "1", "\xC3", "\xA9", " ", "\n", "-", "{\"id\":\"q\"}"};
    std::mt19937 rng(17);
    for (int k = 0; k < 300; ++k) {
        std::string doc = base;
        for (int edits = 1 + (int)(rng() % 3); edits > 0; --edits) {
            size_t at = rng() % (doc.size() + 1);
            switch (rng() % 3) {
            case 0: doc.insert(at, pieces[rng() % (sizeof pieces / sizeof *pieces)]); break;
            case 1: doc.erase(at, 1 + rng() % 5); break;
            default: doc.resize(at);
            }
        }
        INFO(doc);
        Loaded whole = Whole(doc);
        CheckSame(whole, Chunked(doc, 1));
        CheckSame(whole, RandomChunks(doc, k, 32));
    }
}

TEST_CASE("stream: Finish after nothing fed is an empty file") {
    Atlas atlas;
    AtlasStreamLoader loader(atlas);
    LoadReport r = loader.Finish();
    CHECK_FALSE(r.usable);
    CHECK(r.fatal == "empty file: expected a JSON object");
}

TEST_CASE("stream: a snapshot while loading makes the studies read so far searchable, and only them") {
    std::string doc;
    SynthesizeAtlas({600, 3}, doc);
    Loaded whole = Whole(doc);
    REQUIRE(whole.report.loaded == 600);
    Query query;
    query.text = "fatigue";
    QueryResult all = RunQuery(whole.atlas, query);
    REQUIRE(!all.studies.empty());

    Atlas atlas;
    AtlasStreamLoader loader(atlas, {}, doc.size());
    CHECK(loader.Snapshot() == 0);  // nothing read yet
    CHECK(RunQuery(atlas, Query{}).studies.empty());
    loader.Feed(std::string_view(doc).substr(0, doc.size() / 2));
    CHECK(loader.ExpectedStudies() == 600);  // the bundle's counts.studies, before its studies
    size_t read = loader.Snapshot();
    REQUIRE(read > 100);
    REQUIRE(read < 600);
    CHECK(read == loader.StudiesRead());
    CHECK(atlas.search.partial);
    CHECK(atlas.header.title == whole.atlas.header.title);  // the header's preview
    REQUIRE(atlas.tag_categories.size() >= 2);
    CHECK(atlas.tag_categories[0].name == whole.atlas.tag_categories[0].name);
    // Exactly what the whole atlas answers, restricted to the studies read so far.
    QueryResult partial = RunQuery(atlas, query);
    std::vector<uint32_t> expected, got = partial.studies;
    for (uint32_t s : all.studies)
        if (s < read) expected.push_back(s);
    std::sort(expected.begin(), expected.end());
    std::sort(got.begin(), got.end());
    CHECK(got == expected);
    uint32_t counted = 0;
    for (uint32_t c : RunQuery(atlas, Query{}).counts.evidence) counted += c;
    CHECK(counted == read);  // counts cover what has arrived
    CHECK(!FindMatches(atlas.Text(atlas.studies[got.empty() ? 0 : got[0]].title), "fatigue", &atlas).empty() == !got.empty());

    // More arrives; a later snapshot covers more, and the studies already shown keep their place.
    loader.Feed(std::string_view(doc).substr(doc.size() / 2, doc.size() / 4));
    size_t later = loader.Snapshot();
    CHECK(later > read);
    for (size_t i = 0; i < read; ++i) CHECK(atlas.Text(atlas.studies[i].id) == whole.atlas.Text(whole.atlas.studies[i].id));
    loader.Feed(std::string_view(doc).substr(doc.size() / 2 + doc.size() / 4));
    LoadReport report = loader.Finish();
    CHECK(report.loaded == 600);
    CHECK(!atlas.search.partial);
    CHECK(Describe(atlas) == Describe(whole.atlas));
    CHECK(RunQuery(atlas, query).studies == all.studies);
}

TEST_CASE("stream: every snapshot answers each of its words as the whole atlas does, while the lists grow chunk by chunk") {
    // 2,500 studies: the commonest words' postings outgrow their first chunks and reach the largest
    // (4 KB), and snapshots fall both inside a chunk and just after one was closed.
    std::string doc;
    SynthesizeAtlas({2500, 11}, doc);
    Loaded whole = Whole(doc);
    REQUIRE(whole.report.loaded == 2500);
    const SearchIndex& full = whole.atlas.search;
    std::vector<uint32_t> by_frequency(full.TermCount());
    for (uint32_t t = 0; t < full.TermCount(); ++t) by_frequency[t] = t;
    std::sort(by_frequency.begin(), by_frequency.end(),
              [&](uint32_t a, uint32_t b) { return full.document_frequency[a] > full.document_frequency[b]; });
    REQUIRE(full.document_frequency[by_frequency[0]] == 2500);
    std::vector<std::string> words;
    for (size_t k = 0; k < by_frequency.size(); k += k < 30 ? 1 : by_frequency.size() / 40)
        words.emplace_back(full.Term(by_frequency[k]));
    auto studies_with = [](const Atlas& atlas, const std::string& word, size_t below) {
        Query query;
        query.text = word;
        std::vector<uint32_t> found;
        for (uint32_t s : RunQuery(atlas, query).studies)
            if (s < below) found.push_back(s);
        std::sort(found.begin(), found.end());
        return found;
    };

    Atlas atlas;
    AtlasStreamLoader loader(atlas, {}, doc.size());
    int snapshots = 0;
    for (size_t at = 0, chunk = 0; at < doc.size(); at += 64 * 1024, ++chunk) {
        loader.Feed(std::string_view(doc).substr(at, 64 * 1024));
        if (chunk % 9 != 4) continue;
        const size_t read = loader.Snapshot();
        REQUIRE(read == loader.StudiesRead());
        ++snapshots;
        for (const std::string& word : words) {
            bool known = false;  // a word not met yet would be read as a typo of another
            for (uint32_t t = 0; t < atlas.search.TermCount() && !known; ++t) known = atlas.search.Term(t) == word;
            if (known) CHECK(studies_with(atlas, word, read) == studies_with(whole.atlas, word, read));
        }
    }
    CHECK(snapshots >= 5);
    loader.Finish();
    for (const std::string& word : words) {
        Query query;
        query.text = word;
        CHECK(RunQuery(atlas, query).studies == RunQuery(whole.atlas, query).studies);  // order (scores) too
    }
}

TEST_CASE("stream: a loader destroyed while loading leaves no snapshot behind") {
    std::string doc;
    SynthesizeAtlas({50, 3}, doc);
    Atlas atlas;
    {
        AtlasStreamLoader loader(atlas);
        loader.Feed(std::string_view(doc).substr(0, doc.size() / 2));
        CHECK(loader.Snapshot() > 0);
        CHECK(atlas.search.partial);
    }
    CHECK(!atlas.search.partial);
    CHECK(!atlas.search.built);
}

TEST_CASE("stream: a NUL byte after the document ends it, as nlohmann reads it; its UTF-8 is still checked") {
    std::string doc = fixtures::Atlas(fixtures::Study());
    Loaded l = Whole(doc + std::string(1, '\0') + "anything");
    CHECK(l.report.usable);
    CHECK(l.report.loaded == 1);
    CheckSame(l, Chunked(doc + std::string(1, '\0') + "anything", 3));
    l = Whole(doc + std::string(1, '\0') + "\xff");
    CHECK(l.report.fatal == "invalid UTF-8 at line 1, column " + std::to_string(doc.size() + 2));
}
