// unit-i18n.cpp — the message catalogue: every key in every language with the same placeholders and
// plural shape, English as the fallback (never a key or a blank), plural rules, numbers and dates per
// language, language tags as browsers send them, and every key the code and the page use exists.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "atlas/card.h"
#include "atlas/facets.h"
#include "atlas/i18n.h"
#include "atlas/load.h"
#include "fixtures.h"

using namespace atlas;

namespace {

std::set<std::string> Placeholders(const std::string& text) {
    std::set<std::string> out;
    static const std::regex kSlot(R"(\{[0-9n]\})");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kSlot); it != std::sregex_iterator(); ++it) out.insert(it->str());
    return out;
}

const Lang kLangs[] = {Lang::En, Lang::De, Lang::Es, Lang::Nb};

}  // namespace

TEST_CASE("i18n: every key exists in every language, with the same placeholders and plural shape") {
    std::vector<std::string> english = MessageKeys(Lang::En);
    REQUIRE(english.size() > 250);
    for (Lang lang : kLangs) {
        INFO(LangCode(lang));
        std::vector<std::string> keys = MessageKeys(lang);
        std::vector<std::string> expected;
        for (const std::string& k : english)
            if (k.rfind("test.", 0) != 0) expected.push_back(k);  // test.* keys exist only in English, on purpose
        std::vector<std::string> own;
        for (const std::string& k : keys)
            if (k.rfind("test.", 0) != 0) own.push_back(k);
        CHECK(own == expected);
        for (const std::string& key : expected) {
            INFO(key);
            CHECK_FALSE(Tr(lang, key).empty());
            CHECK(IsPluralMessage(lang, key) == IsPluralMessage(Lang::En, key));
            CHECK(Placeholders(Tr(lang, key)) == Placeholders(Tr(Lang::En, key)));
            if (IsPluralMessage(lang, key)) CHECK(Placeholders(TrN(lang, key, 1)) == Placeholders(TrN(Lang::En, key, 1)));
        }
    }
}

TEST_CASE("i18n: a missing message falls back to English, never to its key or a blank") {
    CHECK(Tr(Lang::En, "test.fallback") == "English only: a test of the fallback");
    CHECK(Tr(Lang::De, "test.fallback") == "English only: a test of the fallback");
    CHECK(TrN(Lang::Nb, "test.fallback_plural", 3) == "3 things in English");
    CHECK(Tr(Lang::De, "no.such.key").empty());  // only a key English lacks, which the test above rules out
}

TEST_CASE("i18n: plural rules, numbers and dates per language") {
    CHECK(TrN(Lang::En, "ui.studies", 1) == "1 study");
    CHECK(TrN(Lang::En, "ui.studies", 12345) == "12,345 studies");
    CHECK(TrN(Lang::De, "ui.studies", 1) == "1 Studie");
    CHECK(TrN(Lang::De, "ui.studies", 12345) == "12.345 Studien");
    CHECK(TrN(Lang::Es, "ui.studies", 0) == "0 estudios");
    CHECK(TrN(Lang::Es, "ui.studies", 1234) == "1234 estudios");  // Spanish groups from five digits
    CHECK(TrN(Lang::Nb, "ui.studies", 1) == "1 studie");
    CHECK(TrN(Lang::Nb, "ui.studies", 12345) == "12\xC2\xA0" "345 studier");
    CHECK(TrF(Lang::De, "ui.filters_count", {"3"}) == "Filter (3)");
    CHECK(FormatLongDate(Lang::En, "2026-04-07") == "7 April 2026");
    CHECK(FormatLongDate(Lang::De, "2026-03-07") == "7. M\xC3\xA4rz 2026");
    CHECK(FormatLongDate(Lang::Es, "2026-04-07") == "7 de abril de 2026");
    CHECK(FormatLongDate(Lang::Nb, "2026-12-24") == "24. desember 2026");
    CHECK(FormatLongDate(Lang::De, "not a date") == "not a date");
}

TEST_CASE("i18n: language tags as browsers send them") {
    Lang lang;
    for (auto [tag, want] : std::vector<std::pair<const char*, Lang>>{
             {"en", Lang::En}, {"en-GB", Lang::En}, {"de-AT", Lang::De}, {"DE", Lang::De}, {"es-419", Lang::Es},
             {"nb-NO", Lang::Nb}, {"no", Lang::Nb}, {"nn-NO", Lang::Nb}}) {
        INFO(tag);
        REQUIRE(ParseLang(tag, lang));
        CHECK(lang == want);
    }
    CHECK_FALSE(ParseLang("fr-FR", lang));
    CHECK_FALSE(ParseLang("", lang));
    CHECK(LangName(Lang::Nb) == "Norsk (bokm\xC3\xA5l)");
}

TEST_CASE("i18n: the card, the facets and the labels speak the interface language; the study text stays English") {
    Atlas atlas;
    REQUIRE(LoadAtlas(fixtures::SeedAtlasDocument(), atlas).loaded == 1);
    Card de = BuildCard(atlas, atlas.studies[0], 2026, ReadingDepth::Full, Lang::De);
    Card en = BuildCard(atlas, atlas.studies[0], 2026, ReadingDepth::Full, Lang::En);
    CHECK(de.sections[0].heading == "Kurzfassung");
    CHECK(de.sections[0].text == en.sections[0].text);
    CHECK(de.badges[0].text == "E0 Konsens");
    CHECK(de.badges[2].text == "PEM erforderlich");
    CHECK(de.metadata.back().value == "7. April 2026");
    CHECK(Facets(atlas, Lang::Es)[0].name == "Nivel de evidencia");
    // Every label built from a code has a message in every language.
    for (Lang lang : kLangs) {
        for (int i = 0; i < 3; ++i) CHECK_FALSE(ConfidenceLabel((Confidence)i, lang).empty());
        for (int i = 0; i < 3; ++i) CHECK_FALSE(PemLabel((PemCriterion)i, lang).empty());
        for (int i = 0; i < 2; ++i) CHECK_FALSE(PeerReviewLabel((PeerReview)i, lang).empty());
        for (int i = 0; i < 3; ++i) CHECK_FALSE(ReviewStatusBadge((ReviewStatus)i, lang).empty());
        for (int i = 0; i < kCaseDefinitionCount; ++i) CHECK_FALSE(CaseDefinitionLabel(i, lang).empty());
        for (int i = 0; i < kPublicationTypeCount; ++i) CHECK_FALSE(PublicationTypeLabel((PublicationType)i, lang).empty());
        for (int i = 0; i < 4; ++i) CHECK_FALSE(SortLabel((SortOrder)i, lang).empty());
        for (const Facet& f : Facets(atlas, lang)) {
            CHECK_FALSE(f.name.empty());
            for (const FacetOption& o : f.options) CHECK_FALSE(o.label.empty());
        }
    }
}

TEST_CASE("i18n: every key the code and the page ask for is in the catalogue") {
    std::set<std::string> english;
    for (const std::string& k : MessageKeys(Lang::En)) english.insert(k);
    const char* files[] = {"ui/atlas_ui.cpp", "ui/card.cpp", "ui/filters.cpp", "ui/results.cpp", "ui/widgets.cpp", "ui/commands.cpp",
                           "ui/page_state.cpp", "ui/gallery.cpp", "core/src/view/card.cpp", "core/src/view/command.cpp",
                           "core/src/view/mirror.cpp", "core/src/view/read_aloud.cpp", "core/src/tools/static_site.cpp",
                           "web/app.js", "web/speech.js", "web/embed.js", "web/offline.js", "web/index.html"};
    // T("k"), TF("k", …), TN("k", …), Tr(lang, "k"), TrF/TrN(lang, "k", …), t('k'), tn('k', …), data-i18n*="k".
    static const std::regex kUse(R"((?:\bT[FN]?\(|\bTr[FN]?\([a-z_.]+, |\bt[n]?\(|data-i18n(?:-[a-z-]+)?=)["']([a-z_]+\.[a-z0-9_.]*[a-z0-9_])["'])");  // built keys ("pem." + code) are checked above
    size_t found = 0;
    for (const char* file : files) {
        std::string text = fixtures::ReadSource(file);
        INFO(file);
        REQUIRE_FALSE(text.empty());
        for (auto it = std::sregex_iterator(text.begin(), text.end(), kUse); it != std::sregex_iterator(); ++it) {
            std::string key = (*it)[1];
            INFO(key);
            CHECK(english.count(key) == 1);
            ++found;
        }
    }
    CHECK(found > 200);
}

TEST_CASE("i18n: a catalogue handed over at run time replaces the language's own (the page's way in wasm)") {
    CHECK_FALSE(SetMessages(Lang::Nb, "not json"));
    CHECK_FALSE(SetMessages(Lang::Nb, "[1, 2]"));
    CHECK(Tr(Lang::Nb, "page.results") != "Results");  // untouched by the refused documents
    REQUIRE(SetMessages(Lang::Nb, R"({"_comment": "x", "page.results": "Treff"})"));
    CHECK(Tr(Lang::Nb, "page.results") == "Treff");
    CHECK(Tr(Lang::Nb, "page.filters") == Tr(Lang::En, "page.filters"));  // missing: English
    REQUIRE(SetMessages(Lang::Nb, fixtures::ReadSource("i18n/nb.json")));  // as the other tests expect it
    CHECK(Tr(Lang::Nb, "page.results") == "Resultater");
}
