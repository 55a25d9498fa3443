# SPDX-License-Identifier: Apache-2.0
# baton_add_test(NAME <exe> SOURCES <cpp...> [LIBS <targets...>] LABELS <labels...> [TIMEOUT s])
#   A GoogleTest executable; every TEST() in it becomes one ctest test carrying LABELS, so
#   `ctest -L unit` or `ctest -L slow` selects suites. Tests run from the build directory.
include(GoogleTest)

function(baton_add_test)
  cmake_parse_arguments(A "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  if(NOT A_TIMEOUT)
    set(A_TIMEOUT 600)
  endif()
  add_executable(${A_NAME} ${A_SOURCES})
  target_link_libraries(${A_NAME} PRIVATE ${A_LIBS} baton_tb GTest::gtest baton_warnings)
  # A test's own source is mostly gtest macros and stimulus set-up; at -O1 it compiles in about a
  # quarter less time than at -O2 (ingress_rtl_test.cpp: 24 s, 33 s). Its libraries and models keep
  # their own levels.
  target_compile_options(${A_NAME} PRIVATE $<$<CONFIG:RelWithDebInfo,Release>:-O1>)
  gtest_discover_tests(${A_NAME}
    TEST_PREFIX "${A_NAME}."
    DISCOVERY_MODE PRE_TEST
    PROPERTIES TIMEOUT ${A_TIMEOUT})
  # gtest_discover_tests (CMake 3.25) flattens list-valued PROPERTIES, so a second label or
  # environment entry would become a property name. Set those from a script that ctest runs after
  # discovery, on the list of discovered tests (${A_NAME}_TESTS), with proper quoting.
  set(_props "${CMAKE_CURRENT_BINARY_DIR}/${A_NAME}_properties.cmake")
  file(GENERATE OUTPUT "${_props}" CONTENT
"if(DEFINED ${A_NAME}_TESTS)
  set_tests_properties(\${${A_NAME}_TESTS} PROPERTIES
    LABELS \"${A_LABELS}\"
    ENVIRONMENT \"BATON_SOURCE_DIR=${CMAKE_SOURCE_DIR};BATON_SHARED_DIR=${BATON_SHARED_DIR};BATON_TEST_EXE=$<TARGET_FILE:${A_NAME}>\")
endif()
")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${_props}")
endfunction()

# baton_add_scaled_test(OBJECT <name> SOURCES <cpp...> LIBS <targets...>
#                       RUN <exe> <scale> <label,label...> [TIMEOUT s] [RUN ...]...)
#   A randomized suite whose size is a run length (tests/common/random_scale.hpp): its sources are
#   compiled once (object library <name>) and linked into one executable per RUN, each registered
#   like baton_add_test() and linking random_scale.cpp built with BATON_RANDOM_SCALE=<scale>.
#   Compiling a 25 s test source three times for three scales was a minute of CI for nothing.
function(baton_add_scaled_test)
  cmake_parse_arguments(A "" "OBJECT" "SOURCES;LIBS;RUN" ${ARGN})
  add_library(${A_OBJECT} OBJECT ${A_SOURCES})
  target_link_libraries(${A_OBJECT} PRIVATE ${A_LIBS} baton_tb GTest::gtest baton_warnings)
  target_include_directories(${A_OBJECT} PRIVATE "${CMAKE_SOURCE_DIR}/tests/common")
  target_compile_options(${A_OBJECT} PRIVATE $<$<CONFIG:RelWithDebInfo,Release>:-O1>)
  set(_runs ${A_RUN})
  while(_runs)
    list(POP_FRONT _runs _exe _scale _labels)
    set(_timeout 600)
    list(LENGTH _runs _n)
    if(_n GREATER 1)
      list(GET _runs 0 _kw)
      if(_kw STREQUAL "TIMEOUT")
        list(POP_FRONT _runs _kw _timeout)
      endif()
    endif()
    string(REPLACE "," ";" _labels "${_labels}")
    baton_add_test(NAME ${_exe} SOURCES "${CMAKE_SOURCE_DIR}/tests/common/random_scale.cpp"
                   LIBS ${A_OBJECT} ${A_LIBS} LABELS ${_labels} TIMEOUT ${_timeout})
    target_compile_definitions(${_exe} PRIVATE BATON_RANDOM_SCALE=${_scale})
  endwhile()
endfunction()

# baton_add_build_fixture(<target> <fixture> LABELS <labels...> [TIMEOUT s])
#   The ctest <target>.build, which builds <target> (one left out of ALL because only long suites
#   need it) and sets up fixture <fixture>: tests with FIXTURES_REQUIRED <fixture> then run from a
#   fresh tree. Every such build holds RESOURCE_LOCK baton_build_dir, so `ctest -j N` never runs
#   two builds of one build directory at once.
function(baton_add_build_fixture target fixture)
  cmake_parse_arguments(A "" "TIMEOUT" "LABELS" ${ARGN})
  if(NOT A_TIMEOUT)
    set(A_TIMEOUT 3600)
  endif()
  add_test(NAME ${target}.build COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target ${target})
  set_tests_properties(${target}.build PROPERTIES LABELS "${A_LABELS}" TIMEOUT ${A_TIMEOUT}
                       FIXTURES_SETUP ${fixture} RESOURCE_LOCK baton_build_dir)
endfunction()
