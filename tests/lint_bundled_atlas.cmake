# lint_bundled_atlas.cmake — the CTest test of that name (tests/CMakeLists.txt): builds the bundle from
# data/studies as `atlas build` does for the page, then lints it; any note but those the seed card is
# expected to carry (data/lint-expected.tsv) fails the test.
#   cmake -DATLAS=<atlas CLI> -DSOURCE=<source dir> -DOUT=<bundle path> -P lint_bundled_atlas.cmake
execute_process(COMMAND "${ATLAS}" build "${SOURCE}/data/studies" -o "${OUT}" RESULT_VARIABLE build_result)
if(NOT build_result EQUAL 0)
  message(FATAL_ERROR "atlas build exited ${build_result}: the studies do not build into a clean bundle")
endif()
execute_process(COMMAND "${ATLAS}" lint "${OUT}" --expected "${SOURCE}/data/lint-expected.tsv"
                RESULT_VARIABLE lint_result)
if(NOT lint_result EQUAL 0)
  message(FATAL_ERROR "atlas lint exited ${lint_result}: notes other than data/lint-expected.tsv lists (see above)")
endif()
