// load_reference.h — the previous loader, kept as the reference the new one is checked against
// (load_reference.cpp). Test and benchmark code only: never linked into the app or the CLI.
#pragma once
#include <string_view>

#include "atlas/load.h"

namespace atlas {
namespace reference {

// The old atlas::LoadAtlas: the same report and model, by another road.
LoadReport LoadAtlas(std::string_view bytes, Atlas& out, const LoadLimits& limits = {});

}  // namespace reference
}  // namespace atlas
