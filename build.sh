#!/usr/bin/env bash
# build.sh — one entry point for people and CI. Each verb sets up what it needs first.
#   ./build.sh serve   install what is missing, build the atlas site, serve it on localhost
#   ./build.sh test    install what is missing, build, run every test (native, browser, sanitizers, fuzzers)
#   ./build.sh site    build build/site/ (static files) without serving
#   ./build.sh native  build the core, the `atlas` CLI and the native tests
#   ./build.sh bench   build natively and print the benchmark figures
#   ./build.sh deps    only install/cache dependencies (tools/setup-deps.sh)
set -euo pipefail
cd "$(dirname "$0")"
export NODE_PATH=/usr/share/nodejs   # Debian's em++ needs Debian's acorn for its JS optimizer
JOBS=$(nproc 2>/dev/null || echo 2)

deps()   { bash tools/setup-deps.sh; }
native() {
  cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build/native -j "$JOBS"
}
wasm() {
  # MinSizeRel: the download matters on cheap phones; the core itself is built -O3 (core/CMakeLists.txt).
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null
  cmake --build build/wasm -j "$JOBS"
}
fonts() {  # Inter (Debian fonts-inter), subset to what the atlas draws (ui/atlas_ui.h kGlyphRanges): ~45 KB, not ~260 KB
  mkdir -p .deps/fonts
  for weight in Regular Bold; do
    out=.deps/fonts/Inter-$weight.atlas.otf
    [ -f "$out" ] || /usr/bin/python3 -m fontTools.subset "/usr/share/fonts/opentype/inter/Inter-$weight.otf" \
      --unicodes=U+0020-007E,U+00A0-017F,U+0391-03A9,U+03B1-03C9,U+2010-205E,U+2190-2193,U+2212,U+2318 --layout-features=kern,liga \
      --output-file="$out"
  done
}
site() {
  native; wasm; fonts
  rm -rf build/site && mkdir -p build/site/fonts
  cp -R web/. build/site/   # web/ holds exactly the page's files (benchmark pages live in bench/web/)
  cp build/wasm/wasm/atlas_app.js build/wasm/wasm/atlas_app.wasm build/site/
  cp .deps/fonts/Inter-Regular.atlas.otf build/site/fonts/Inter-Regular.otf
  cp .deps/fonts/Inter-Bold.atlas.otf build/site/fonts/Inter-Bold.otf
  # The message catalogue, one file per language: the page reads it and hands it to the app (the wasm
  # build has no catalogue compiled in).
  mkdir -p build/site/i18n && cp i18n/*.json build/site/i18n/
  # The feed (feed.xml) needs the address the site is served at: ATLAS_BASE_URL (default: what
  # `./build.sh serve` prints). ATLAS_PREVIOUS: the atlas.json this build replaces (the one deployed
  # now); with it the feed and the text version's "Changes in this version" list exactly what changed.
  local previous=()
  [ -n "${ATLAS_PREVIOUS:-}" ] && previous=(--previous "$ATLAS_PREVIOUS")
  build/native/cli/atlas build data/studies -o build/site/atlas.json --base-url "${ATLAS_BASE_URL:-http://localhost:8080/}" "${previous[@]}"
  # The text version: readable without WebGL or WebAssembly, searchable, good for search engines.
  build/native/cli/atlas html build/site/atlas.json -o build/site/text --language-links "${previous[@]}" >/dev/null
  for lang in de es nb; do   # the same pages with German, Spanish and Norwegian words (study text stays English)
    build/native/cli/atlas html build/site/atlas.json -o "build/site/text/$lang" --base ../../ --lang "$lang" --language-links \
      "${previous[@]}" >/dev/null
  done
  # The page's scripts minified (web/ keeps the readable sources), then last: content-hashed names for
  # long-lived assets (references rewritten), version.json, sw.js stamped.
  node tools/minify-site.mjs build/site
  node tools/stamp-site.mjs build/site
  echo "site: build/site ($(du -sh build/site | cut -f1))" >&2
}
serve() { site; exec node tools/serve.mjs build/site --port "${PORT:-8080}"; }
run_tests() {
  site
  (cd build/native && ctest --output-on-failure -j "$JOBS")
  node tests/browser/run.mjs
  bash tools/sanitize.sh            # the native tests again under AddressSanitizer + UBSan
  bash tools/fuzz.sh "${FUZZ_SECONDS:-60}"   # loader, MEDLINE importer, command parser
}

case "${1:-}" in
  deps) deps ;;
  native) deps; native ;;
  site) deps; site ;;
  serve) deps; serve ;;
  test) deps; run_tests ;;
  bench) deps; site; build/native/bench/atlas_bench_query
         node tools/bench-browser.mjs --native build/native/bench/atlas_bench_load --update BENCHMARKS.md ;;
  *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
