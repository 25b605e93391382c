#!/usr/bin/env bash
# Installs and caches everything the build and the tests need, from Debian's and npm's registries only.
# Idempotent: a second run finds everything in place and returns in seconds.
# Cached builds live in .deps/ (ignored by git): Debian source packages and the SDL2 wasm build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
deps="$root/.deps"
mkdir -p "$deps"

apt_packages=(emscripten cmake ninja-build g++ clang nlohmann-json3-dev catch2 fonts-inter
              chromium dpkg-dev patch gzip python3 python3-fonttools libclang-rt-14-dev
              poppler-utils)   # pdftoppm, pdfinfo, pdftotext: the printed page in tests/browser/print.test.mjs
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done

need_sources=0
[ -d "$deps/src/imgui" ] || need_sources=1
[ -f "$deps/sdl2-wasm-video/lib/libSDL2.a" ] || need_sources=1

sudo_cmd=""
[ "$(id -u)" = 0 ] || sudo_cmd="sudo"

if [ ${#missing[@]} -gt 0 ] || [ $need_sources = 1 ]; then
  # Source packages (imgui, libsdl2) need a deb-src entry mirroring the machine's binary one.
  src_list=/etc/apt/sources.list.d/atlas-deb-src.sources
  if [ ! -f "$src_list" ] && [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $sudo_cmd tee "$src_list" >/dev/null
  fi
  echo "setup: apt-get update" >&2
  $sudo_cmd apt-get update -qq || { echo "setup: apt-get update failed: are Debian's package mirrors reachable?" >&2; exit 1; }
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "setup: could not install: ${missing[*]}" >&2; exit 1; }
fi

# Debian source packages: Dear ImGui 1.86 and SDL2 2.26.5.
mkdir -p "$deps/src"
fetch_source() { # name folder-glob target
  local name=$1 target=$2
  [ -d "$deps/src/$target" ] && return 0
  echo "setup: fetching Debian source package $name" >&2
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && apt-get source -qq "$name" >/dev/null 2>&1) \
    || { echo "setup: 'apt-get source $name' failed (is the deb-src entry present?)" >&2; rm -rf "$tmp"; exit 1; }
  local dir; dir=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  mv "$dir" "$deps/src/$target"
  rm -rf "$tmp"
}
fetch_source imgui imgui
fetch_source libsdl2 sdl2

# SDL2 built for wasm with emcmake: about 3 minutes on 2 cores, so it is cached. Only what the app uses
# (video, events, timers; the browser's own cursors): audio, joystick, haptics, sensors, power, HIDAPI,
# the 2D renderer, the dummy and offscreen video drivers and bitmap cursors would otherwise be linked
# through SDL's driver tables and cost the reader ~55 KB gzip. Built from a patched copy: the cached
# Debian source stays as it came.
sdl_dir="$deps/sdl2-wasm-video"
if [ ! -f "$sdl_dir/lib/libSDL2.a" ]; then
  echo "setup: building SDL2 for WebAssembly (once, about 3 minutes)" >&2
  export NODE_PATH=/usr/share/nodejs
  rm -rf "$deps/sdl2-build" "$deps/sdl2-patched"
  cp -R "$deps/src/sdl2" "$deps/sdl2-patched"
  patch -d "$deps/sdl2-patched" -p1 --batch --forward --quiet \
    <"$root/tools/patches/sdl2-2.26-emscripten-system-cursors-only.patch" \
    || { echo "setup: could not patch SDL2 (is it 2.26?)" >&2; exit 1; }
  emcmake cmake -S "$deps/sdl2-patched" -B "$deps/sdl2-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$sdl_dir" -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF \
    -DSDL_AUDIO=OFF -DSDL_JOYSTICK=OFF -DSDL_HAPTIC=OFF -DSDL_SENSOR=OFF -DSDL_POWER=OFF -DSDL_HIDAPI=OFF \
    -DSDL_RENDER=OFF -DSDL_LOCALE=OFF -DSDL_MISC=OFF -DSDL_LOADSO=OFF -DSDL_FILE=OFF -DSDL_FILESYSTEM=OFF \
    -DSDL_DUMMYVIDEO=OFF -DSDL_OFFSCREEN=OFF \
    >"$deps/sdl2-build.log" 2>&1 || { echo "setup: SDL2 configure failed, see $deps/sdl2-build.log" >&2; exit 1; }
  cmake --build "$deps/sdl2-build" --target install >>"$deps/sdl2-build.log" 2>&1 \
    || { echo "setup: SDL2 build failed, see $deps/sdl2-build.log" >&2; exit 1; }
fi

# Browser tests: playwright-core from npm, driving Debian's Chromium.
# Every dependency named in package.json must be installed (a new one added later counts too).
npm_missing=$(cd "$root/tests/browser" && node -e '
  const deps = Object.keys(require("./package.json").dependencies || {});
  const fs = require("fs");
  console.log(deps.filter((d) => !fs.existsSync("node_modules/" + d + "/package.json")).join(" "));')
if [ -n "$npm_missing" ]; then
  echo "setup: npm install (tests/browser)" >&2
  (cd "$root/tests/browser" && npm install --no-audit --no-fund --loglevel=error >/dev/null) \
    || { echo "setup: npm install failed in tests/browser" >&2; exit 1; }
fi
echo "setup: dependencies ready" >&2
