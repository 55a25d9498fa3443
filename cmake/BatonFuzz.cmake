# SPDX-License-Identifier: Apache-2.0
# libFuzzer targets (docs/verification.md, "Fuzzing"). The project itself may be built by GCC; a
# fuzzer is built by clang++ with -fsanitize=fuzzer,address,undefined from the sources of the
# libraries it exercises, so the whole code under test is instrumented.
#
# baton_add_fuzzer(NAME <name> SOURCES <cpp...> [FROM <library targets...>] [LIBS <link items...>]
#                  [DEFINES <macros...>] [CORPUS <dirs...>] [SEEDS <files...>] [DICT <file>]
#                  [RUNS n] [TIME s] [MAX_LEN bytes] [LABELS <labels...>] [DEPENDS <targets...>])
#   Builds <build dir>/fuzz/<name> (target <name>, not part of ALL: the ctest <name>.build, its
#   fixture, builds it) and registers the ctest <name> (labels fuzz, slow), a bounded
#   run: -runs=RUNS (20000) and -max_total_time=TIME (60 s), whichever ends first, -timeout=5 per
#   input, leak detection on. The run starts from CORPUS (committed seed directories, read only) and
#   SEEDS (files made by the build); inputs it discovers go to a scratch directory that each run
#   starts afresh. Any crash, sanitizer report, leak or slow input fails the test; the wrapper
#   prints the command that reproduces it.
#   FROM: the project libraries under test. Their sources, and those of the project libraries they
#   link, are compiled into the fuzzer; their include directories and definitions are used; the
#   imported libraries they link (fmt, zlib, libelf, ...) are linked. LIBS: further link items.
#   SOURCES: the fuzzer's own files, one of them defining LLVMFuzzerTestOneInput.
#
# Without clang++ and its libFuzzer runtime nothing is registered (a status line says so); the
# corpus replay tests (GoogleTest) still run the same checks on the seed inputs.

set(BATON_FUZZ_RUNNER "${CMAKE_CURRENT_LIST_DIR}/fuzz_run.sh")
set(BATON_FUZZ_LINKER "${CMAKE_CURRENT_LIST_DIR}/fuzz_link.sh")

if(NOT DEFINED BATON_FUZZ_CLANGXX)
  find_program(BATON_FUZZ_CLANGXX NAMES clang++ clang++-18 clang++-17 clang++-16 clang++-15 clang++-14)
endif()
set(BATON_FUZZ_AVAILABLE OFF)
if(BATON_FUZZ_CLANGXX)
  execute_process(COMMAND "${BATON_FUZZ_CLANGXX}" -print-file-name=libclang_rt.fuzzer-x86_64.a
                  OUTPUT_VARIABLE _baton_fuzzrt OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(EXISTS "${_baton_fuzzrt}")
    set(BATON_FUZZ_AVAILABLE ON)
  endif()
endif()
if(NOT BATON_FUZZ_AVAILABLE)
  message(STATUS "Baton: clang++ with libFuzzer not found; the libFuzzer tests (label fuzz) are not registered")
endif()

# Collects the sources of `tgt` and of the project libraries it links (recursively) into the
# global property _BATON_FUZZ_SRCS. Imported libraries are left to the link step.
function(_baton_fuzz_walk tgt)
  get_property(_seen GLOBAL PROPERTY _BATON_FUZZ_SEEN)
  if(tgt IN_LIST _seen)
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY _BATON_FUZZ_SEEN "${tgt}")
  get_target_property(_imported ${tgt} IMPORTED)
  if(_imported)
    return()
  endif()
  get_target_property(_type ${tgt} TYPE)
  if(_type STREQUAL "STATIC_LIBRARY" OR _type STREQUAL "OBJECT_LIBRARY")
    get_target_property(_srcs ${tgt} SOURCES)
    get_target_property(_dir ${tgt} SOURCE_DIR)
    foreach(_s IN LISTS _srcs)
      if(_s MATCHES "\\.(c|cc|cpp|cxx)$")
        cmake_path(ABSOLUTE_PATH _s BASE_DIRECTORY "${_dir}" NORMALIZE)
        set_property(GLOBAL APPEND PROPERTY _BATON_FUZZ_SRCS "${_s}")
      endif()
    endforeach()
    get_target_property(_deps ${tgt} LINK_LIBRARIES)
  elseif(_type STREQUAL "INTERFACE_LIBRARY")
    get_target_property(_deps ${tgt} INTERFACE_LINK_LIBRARIES)
  else()
    message(FATAL_ERROR "baton_add_fuzzer: ${tgt} is a ${_type}; FROM takes libraries")
  endif()
  foreach(_d IN LISTS _deps)
    if(TARGET ${_d})
      _baton_fuzz_walk(${_d})
    endif()
  endforeach()
endfunction()

function(baton_add_fuzzer)
  cmake_parse_arguments(A "" "NAME;DICT;RUNS;TIME;MAX_LEN"
                        "SOURCES;FROM;LIBS;DEFINES;CORPUS;SEEDS;LABELS;DEPENDS" ${ARGN})
  if(NOT BATON_FUZZ_AVAILABLE)
    return()
  endif()
  foreach(_opt RUNS:20000 TIME:60 MAX_LEN:65536)
    string(REPLACE ":" ";" _kv "${_opt}")
    list(GET _kv 0 _k)
    list(GET _kv 1 _v)
    if(NOT A_${_k})
      set(A_${_k} ${_v})
    endif()
  endforeach()

  set_property(GLOBAL PROPERTY _BATON_FUZZ_SEEN "")
  set_property(GLOBAL PROPERTY _BATON_FUZZ_SRCS "")
  foreach(_t IN LISTS A_FROM)
    _baton_fuzz_walk(${_t})
  endforeach()
  get_property(_lib_srcs GLOBAL PROPERTY _BATON_FUZZ_SRCS)
  list(REMOVE_DUPLICATES _lib_srcs)

  # Include directories and definitions as the libraries' own compiles see them (transitive).
  set(_flags -std=c++20 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
             -fno-sanitize-recover=undefined)
  foreach(_t IN LISTS A_FROM)
    # (the system directory itself would break the C++ library's #include_next)
    set(_inc "$<REMOVE_DUPLICATES:$<FILTER:$<TARGET_PROPERTY:${_t},INCLUDE_DIRECTORIES>,EXCLUDE,^/usr/include/?$>>")
    set(_def "$<REMOVE_DUPLICATES:$<TARGET_PROPERTY:${_t},COMPILE_DEFINITIONS>>")
    list(APPEND _flags "$<$<BOOL:${_inc}>:-I$<JOIN:${_inc},$<SEMICOLON>-I>>"
                       "$<$<BOOL:${_def}>:-D$<JOIN:${_def},$<SEMICOLON>-D>>")
  endforeach()
  foreach(_d IN LISTS A_DEFINES)
    list(APPEND _flags "-D${_d}")
  endforeach()

  set(_dir "${CMAKE_CURRENT_BINARY_DIR}/${A_NAME}.dir")
  set(_objs "")
  foreach(_src IN LISTS A_SOURCES _lib_srcs)
    cmake_path(ABSOLUTE_PATH _src BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    string(MD5 _h "${_src}")
    string(SUBSTRING "${_h}" 0 8 _h)
    cmake_path(GET _src STEM _stem)
    set(_obj "${_dir}/${_stem}-${_h}.o")
    file(RELATIVE_PATH _rel "${CMAKE_SOURCE_DIR}" "${_src}")
    add_custom_command(OUTPUT "${_obj}"
      COMMAND "${BATON_FUZZ_CLANGXX}" ${_flags} -MD -MF "${_obj}.d" -c "${_src}" -o "${_obj}"
      DEPENDS "${_src}" DEPFILE "${_obj}.d"
      COMMENT "clang++ (fuzzer) ${_rel}" COMMAND_EXPAND_LISTS VERBATIM)
    list(APPEND _objs "${_obj}")
  endforeach()
  # The link: an executable of the objects above that links the FROM libraries, so CMake supplies
  # their imported dependencies (whatever directory found them); fuzz_link.sh runs it with clang++
  # and the fuzzer runtime. The GCC-built archives of the FROM libraries come after the objects,
  # which already define all their symbols, so nothing is taken from them.
  set_source_files_properties(${_objs} PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)
  # Not part of ALL: instrumenting the libraries again took CI about 200 s of compiler time, and the
  # runs belong with the long suites (label slow). The corpus replay (fuzz_corpus_test) runs the same
  # checks in every regression.
  add_executable(${A_NAME} EXCLUDE_FROM_ALL ${_objs})
  target_link_libraries(${A_NAME} PRIVATE ${A_FROM} ${A_LIBS})
  set_target_properties(${A_NAME} PROPERTIES
    LINKER_LANGUAGE CXX
    RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/fuzz"
    RULE_LAUNCH_LINK "sh ${BATON_FUZZ_LINKER} ${BATON_FUZZ_CLANGXX}")
  if(A_DEPENDS)
    add_dependencies(${A_NAME} ${A_DEPENDS})
  endif()
  set(_exe "${CMAKE_BINARY_DIR}/fuzz/${A_NAME}")

  set(_args -runs=${A_RUNS} -max_total_time=${A_TIME} -timeout=5 -max_len=${A_MAX_LEN} -seed=1 -print_funcs=0
            -print_final_stats=1)
  if(A_DICT)
    cmake_path(ABSOLUTE_PATH A_DICT BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    list(APPEND _args "-dict=${A_DICT}")
  endif()
  set(_corpus "")
  foreach(_c IN LISTS A_CORPUS)
    cmake_path(ABSOLUTE_PATH _c BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    list(APPEND _corpus "${_c}")
  endforeach()
  # fuzz_run.sh <exe> <work dir> <seed files...> -- <libFuzzer args> -- <corpus dirs...>
  add_test(NAME ${A_NAME}
           COMMAND sh "${BATON_FUZZ_RUNNER}" "${_exe}" "${CMAKE_CURRENT_BINARY_DIR}/${A_NAME}.run" ${A_SEEDS}
                   -- ${_args} -- ${_corpus})
  # The budget: RUNS/TIME plus start-up, corpus loading and leak checking.
  math(EXPR _timeout "${A_TIME} * 3 + 120")
  baton_add_build_fixture(${A_NAME} ${A_NAME}_bin LABELS fuzz slow ${A_LABELS} TIMEOUT 1800)
  set_tests_properties(${A_NAME} PROPERTIES LABELS "fuzz;slow;${A_LABELS}" TIMEOUT ${_timeout}
                       FIXTURES_REQUIRED ${A_NAME}_bin)
endfunction()
