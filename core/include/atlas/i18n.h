// atlas/i18n.h — the interface in several languages from one message catalogue (i18n/<lang>.json,
// compiled in natively; the page reads the same files and hands them to the wasm build). Study text
// stays English and is marked so. A message missing in a language falls back to English, never to its
// key or a blank; plural rules, numbers and dates per language. Pure core: no locale, no clock.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace atlas {

enum class Lang : uint8_t { En, De, Es, Nb };
constexpr int kLangCount = 4;

std::string_view LangCode(Lang lang);     // "en", "de", "es", "nb" (BCP 47)
std::string_view LangName(Lang lang);     // in its own language: "Deutsch"
// A language tag as browsers give it ("de-AT", "nb-NO", "no", "nn", "es-419"); false when not offered.
bool ParseLang(std::string_view tag, Lang& out);

// The message `key` in `lang`, else in English. A key English lacks gives "" (and fails the tests).
const std::string& Tr(Lang lang, std::string_view key);
// With "{0}", "{1}", … replaced by `args`.
std::string TrF(Lang lang, std::string_view key, std::initializer_list<std::string_view> args);
// A message with plural forms ({"one": …, "other": …}) for `n`, "{n}" replaced by FormatNumber(lang, n)
// and "{0}", "{1}", … by `args`.
std::string TrN(Lang lang, std::string_view key, long long n, std::initializer_list<std::string_view> args = {});

// CLDR plural category of an integer: "one" or "other" for the languages offered.
std::string_view PluralCategory(Lang lang, long long n);
std::string FormatNumber(Lang lang, long long n);      // 12,345 · 12.345 · 12 345 (es: 1234, 12 345) · 12 345
std::string FormatLongDate(Lang lang, std::string_view iso_date);  // "2026-04-07": 7 April 2026 · 7. April 2026 · 7 de abril de 2026 · 7. april 2026

// Replaces one language's catalogue with `json` (an i18n/<lang>.json document); false when it is not a
// JSON object. The page does this in the WebAssembly build, where the catalogue is not compiled in (it
// fetches the same files anyway: the download stays within budget); natively the files are compiled in.
bool SetMessages(Lang lang, std::string_view json);

// For tests and the page: the keys of one language's own catalogue (without fallback), sorted, and
// whether a key has plural forms there.
std::vector<std::string> MessageKeys(Lang lang);
bool IsPluralMessage(Lang lang, std::string_view key);

}  // namespace atlas
