// bench_simdjson.cpp — the simdjson candidate of bench_load.cpp, compiled twice (bench/CMakeLists.txt):
// generic (simdjson picks its scalar "fallback" kernel, as in wasm) and for AVX2. Every field of every
// study is read into one arena of strings (what a model needs), no checks beyond simdjson's own: the
// least a simdjson-based loader would do. The padded copy simdjson needs is part of the time.
#include <simdjson.h>

#include <string>
#include <string_view>

#ifndef ATLAS_SIMDJSON_NAME
#define ATLAS_SIMDJSON_NAME SimdjsonStudiesBuiltin
#endif

size_t ATLAS_SIMDJSON_NAME(const std::string& json) {
    using namespace simdjson;
    padded_string padded(json);
    ondemand::parser parser;
    ondemand::document doc = parser.iterate(padded);
    std::string arena;
    arena.reserve(json.size() / 2);
    size_t studies = 0;
    auto text = [&](ondemand::value v) {
        std::string_view s;
        if (v.get_string().get(s) == SUCCESS) arena.append(s);
    };
    for (auto top : doc.get_object()) {
        std::string_view key = top.unescaped_key().value();
        if (key != "studies") continue;
        for (ondemand::object study : top.value().get_array()) {
            ++studies;
            for (auto field : study) {
                ondemand::value v = field.value();
                switch (v.type().value()) {
                case ondemand::json_type::string: text(v); break;
                case ondemand::json_type::number: (void)v.get_int64(); break;
                case ondemand::json_type::array:
                    for (ondemand::value item : v.get_array()) text(item);
                    break;
                case ondemand::json_type::object:
                    for (auto member : v.get_object()) {
                        ondemand::value m = member.value();
                        ondemand::json_type t = m.type().value();
                        if (t == ondemand::json_type::array)
                            for (ondemand::value item : m.get_array()) text(item);
                        else if (t == ondemand::json_type::string) text(m);
                    }
                    break;
                default: break;
                }
            }
        }
    }
    return studies;
}

#ifndef ATLAS_SIMDJSON_HASWELL
const char* SimdjsonBuiltinName() { return simdjson::builtin_implementation()->name().c_str(); }
#endif
