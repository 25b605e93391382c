#include <catch2/catch.hpp>
#include "atlas/load.h"
TEST_CASE("placeholder") { atlas::Atlas a; auto r = atlas::LoadAtlas("{}", a); CHECK(!r.usable); }
