# messages.cmake — the message catalogue (i18n/<lang>.json) compiled into a generated source, for the
# core and for the fuzz harnesses (a project of their own). Editing a catalogue reconfigures.
#   atlas_message_catalogue(<out-file> <root> [EMPTY])   EMPTY: "{}" for every language (the page
#                                                         fetches the files and hands them to the app)
set(ATLAS_LANGS en de es nb)   # atlas::Lang order
set(ATLAS_MESSAGES_TEMPLATE "${CMAKE_CURRENT_LIST_DIR}/src/text/messages_data.cpp.in")
function(atlas_message_catalogue out_file root)
  foreach(lang IN LISTS ATLAS_LANGS)
    file(READ "${root}/i18n/${lang}.json" ATLAS_MESSAGES_${lang})
    if("EMPTY" IN_LIST ARGN)
      set(ATLAS_MESSAGES_${lang} "{}")
    endif()
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${root}/i18n/${lang}.json")
  endforeach()
  configure_file("${ATLAS_MESSAGES_TEMPLATE}" "${out_file}" @ONLY)
endfunction()
