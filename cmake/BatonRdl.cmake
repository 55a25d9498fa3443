# SPDX-License-Identifier: Apache-2.0
# Register generation from SystemRDL (docs/registers.md).
#
#   baton_rdl(RDL <file.rdl> [ADDR_WIDTH <bits>] [DOC <doc.md>])
#     Runs scripts/rdl-gen on <file.rdl> (top address map <top>) into build/rdl/: the register
#     block <top>.sv with its package <top>_pkg.sv, the C header <top>.h and the register tables
#     <top>.md, plus for each entry layout <entry> in the file (the registers of one element of
#     an array the block implements itself) the package <entry>_pkg.sv and the header <entry>.h. It runs while CMake configures, because verilate() and baton_rtl_library() read
#     the sources then; the RDL file and the generator are configure dependencies, so the build
#     reruns it (and rebuilds what uses the outputs) whenever either changes. Unchanged outputs
#     are not rewritten. Sets BATON_RDL_<top>_SOURCES (the packages, then the module) in the caller's scope.
#     With DOC, the test docs.registers.<top> fails when DOC's generated section differs from
#     <top>.md (scripts/rdl-gen --doc-update rewrites it).
#
# The target baton_rdl_headers carries build/rdl as include directory for C and C++ users.

set(BATON_RDL_DIR "${CMAKE_BINARY_DIR}/rdl")
if(NOT BATON_VENV_PYTHON)
  message(FATAL_ERROR "Baton: the register blocks are generated with PeakRDL from .tools/venv (run scripts/setup)")
endif()
add_library(baton_rdl_headers INTERFACE)
target_include_directories(baton_rdl_headers INTERFACE "${BATON_RDL_DIR}")

function(baton_rdl)
  cmake_parse_arguments(A "" "RDL;ADDR_WIDTH;DOC" "" ${ARGN})
  get_filename_component(_rdl "${A_RDL}" ABSOLUTE)
  get_filename_component(_top "${_rdl}" NAME_WE)
  set(_gen "${CMAKE_SOURCE_DIR}/scripts/rdl-gen")
  set(_args --rdl "${_rdl}" --out "${BATON_RDL_DIR}")
  if(A_ADDR_WIDTH)
    list(APPEND _args --addr-width ${A_ADDR_WIDTH})
  endif()
  execute_process(COMMAND "${BATON_VENV_PYTHON}" "${_gen}" ${_args}
                  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "baton_rdl: generating from ${_rdl} failed:\n${_out}")
  endif()
  foreach(_f "${BATON_RDL_DIR}/${_top}.sv" "${BATON_RDL_DIR}/${_top}_pkg.sv")
    if(NOT EXISTS "${_f}")
      message(FATAL_ERROR "baton_rdl: ${_rdl} must hold an address map named ${_top} (no ${_f})")
    endif()
  endforeach()
  set_property(DIRECTORY "${CMAKE_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_rdl}" "${_gen}")
  # For the FuseSoC cores (scripts/fusesoc-cores): which RDL file gives these generated sources.
  set_property(GLOBAL APPEND PROPERTY BATON_RDL_MANIFEST "rdl|${_top}|${_rdl}|${A_ADDR_WIDTH}")
  # rdl-gen lists what it wrote in compile order: entry-layout packages, then the block.
  file(STRINGS "${BATON_RDL_DIR}/${_top}.files" _files)
  set(_sources "")
  foreach(_f IN LISTS _files)
    list(APPEND _sources "${BATON_RDL_DIR}/${_f}")
  endforeach()
  set(BATON_RDL_${_top}_SOURCES ${_sources} PARENT_SCOPE)
  if(A_DOC)
    get_filename_component(_doc "${A_DOC}" ABSOLUTE BASE_DIR "${CMAKE_SOURCE_DIR}")
    add_test(NAME docs.registers.${_top}
             COMMAND "${BATON_VENV_PYTHON}" "${_gen}" --doc-check "${BATON_RDL_DIR}/${_top}.md" "${_doc}")
    set_tests_properties(docs.registers.${_top} PROPERTIES LABELS "lint;smoke" TIMEOUT 60)
  endif()
endfunction()
