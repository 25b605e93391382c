// i18n.cpp — the message catalogue (i18n/<lang>.json: compiled in by core/CMakeLists.txt natively,
// handed over by the page in wasm through SetMessages), plural rules, numbers and dates per language.
#include "atlas/i18n.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace atlas {
namespace messages_data {
extern const std::string_view kCatalogues[kLangCount];
}
namespace {

struct Message {
    std::string text;          // the message; for plural messages, the "other" form
    std::string one;           // plural messages: the "one" form
    bool plural = false;
};
using Catalogue = std::map<std::string, Message, std::less<>>;

bool Parse(std::string_view bytes, Catalogue& out) {
    nlohmann::json doc = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (!doc.is_object()) return false;  // a broken file: everything falls back to English (and tests fail)
    out.clear();
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        if (!it.key().empty() && it.key()[0] == '_') continue;  // "_comment" and the like
        Message m;
        if (it->is_string()) {
            m.text = it->get<std::string>();
        } else if (it->is_object() && it->contains("one") && it->contains("other") && (*it)["one"].is_string() &&
                   (*it)["other"].is_string()) {
            m.plural = true;
            m.one = (*it)["one"].get<std::string>();
            m.text = (*it)["other"].get<std::string>();
        } else {
            continue;
        }
        if (!m.text.empty()) out.emplace(it.key(), std::move(m));
    }
    return true;
}

std::vector<Catalogue>& Catalogues() {
    static std::vector<Catalogue> catalogues = [] {
        std::vector<Catalogue> all(kLangCount);
        for (int l = 0; l < kLangCount; ++l) Parse(messages_data::kCatalogues[l], all[l]);
        return all;
    }();
    return catalogues;
}

const Message* Find(Lang lang, std::string_view key) {
    const Catalogue& c = Catalogues()[(int)lang];
    auto it = c.find(key);
    if (it != c.end()) return &it->second;
    if (lang != Lang::En) return Find(Lang::En, key);
    return nullptr;
}

void Replace(std::string& text, std::string_view from, std::string_view to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

std::string Fill(std::string text, std::initializer_list<std::string_view> args) {
    int i = 0;
    for (std::string_view arg : args) Replace(text, "{" + std::to_string(i++) + "}", arg);
    return text;
}

constexpr std::string_view kCodes[kLangCount] = {"en", "de", "es", "nb"};
constexpr std::string_view kNames[kLangCount] = {"English", "Deutsch", "Espa\xC3\xB1ol", "Norsk (bokm\xC3\xA5l)"};

}  // namespace

bool SetMessages(Lang lang, std::string_view json) {
    Catalogue parsed;
    if (!Parse(json, parsed)) return false;
    Catalogues()[(int)lang] = std::move(parsed);
    return true;
}

std::string_view LangCode(Lang lang) { return kCodes[(int)lang]; }
std::string_view LangName(Lang lang) { return kNames[(int)lang]; }

bool ParseLang(std::string_view tag, Lang& out) {
    std::string primary;
    for (char c : tag.substr(0, tag.find_first_of("-_"))) primary += (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (primary == "no" || primary == "nn") primary = "nb";  // Norwegian: bokmål is what is offered
    for (int l = 0; l < kLangCount; ++l)
        if (kCodes[l] == primary) { out = (Lang)l; return true; }
    return false;
}

const std::string& Tr(Lang lang, std::string_view key) {
    static const std::string kEmpty;
    const Message* m = Find(lang, key);
    return m ? m->text : kEmpty;
}

std::string TrF(Lang lang, std::string_view key, std::initializer_list<std::string_view> args) { return Fill(Tr(lang, key), args); }

std::string_view PluralCategory(Lang, long long n) {
    // English, German, Spanish and Norwegian Bokmål: "one" for exactly 1 (integers), else "other".
    return n == 1 ? "one" : "other";
}

std::string TrN(Lang lang, std::string_view key, long long n, std::initializer_list<std::string_view> args) {
    const Message* m = Find(lang, key);
    if (!m) return {};
    std::string text = m->plural && PluralCategory(lang, n) == "one" ? m->one : m->text;
    Replace(text, "{n}", FormatNumber(lang, n));
    return Fill(std::move(text), args);
}

std::string FormatNumber(Lang lang, long long n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string sep = lang == Lang::En ? "," : lang == Lang::De ? "." : lang == Lang::Es ? "." : "\xC2\xA0";
    // Spanish groups only from five digits (CLDR minimumGroupingDigits 2): 1234, 12.345.
    size_t min_digits = lang == Lang::Es ? 5 : 4;
    std::string out;
    if (digits.size() >= min_digits) {
        for (size_t i = 0; i < digits.size(); ++i) {
            if (i && (digits.size() - i) % 3 == 0) out += sep;
            out += digits[i];
        }
    } else {
        out = digits;
    }
    return n < 0 ? "-" + out : out;
}

std::string FormatLongDate(Lang lang, std::string_view d) {
    static const char* const kMonths[kLangCount][12] = {
        {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
        {"Januar", "Februar", "M\xC3\xA4rz", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
        {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
        {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}};
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return std::string(d);
    int month = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::string(d);
    std::string year(d.substr(0, 4)), m = kMonths[(int)lang][month - 1], dd = std::to_string(day);
    switch (lang) {
    case Lang::De:
    case Lang::Nb: return dd + ". " + m + " " + year;
    case Lang::Es: return dd + " de " + m + " de " + year;
    default: return dd + " " + m + " " + year;
    }
}

std::vector<std::string> MessageKeys(Lang lang) {
    std::vector<std::string> keys;
    for (const auto& [key, m] : Catalogues()[(int)lang]) keys.push_back(key);
    return keys;
}

bool IsPluralMessage(Lang lang, std::string_view key) {
    const Catalogue& c = Catalogues()[(int)lang];
    auto it = c.find(key);
    return it != c.end() && it->second.plural;
}

}  // namespace atlas
