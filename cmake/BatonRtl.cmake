# SPDX-License-Identifier: Apache-2.0
# RTL build helpers.
#
#   baton_rtl_library(NAME <n> SOURCES <sv...> [DEPS <rtl libs...>] [TOPS <modules...>] [NO_SYNTH]
#                     [SYNTH_CI <top>:<Name>=<value>[,<Name>=<value>...] ...])
#     An RTL library: an INTERFACE target rtl_<n> that carries its ordered source list (dependencies
#     first) and include directories, and a file list build/rtl/<n>.f readable by other simulators
#     and the FPGA flows. Every module named in TOPS is linted (label lint) and synthesized
#     (label synth) as its own top, and slang gives a second opinion on the whole library
#     (lint.slang.<n>); NO_SYNTH is for test-only RTL under tb/. SYNTH_CI gives a top whose
#     default size takes many minutes in synthesis a smaller parameter set for synth.<top> (the
#     default regression), and adds synth.<top>.full at its defaults under label slow.
#
#   baton_verilate(NAME <n> LIB <rtl lib> TOP <module> [PARAMS <-GName=value...>] [ARGS <...>])
#     Verilates the top once into the static library vm_<n> (class V<n>, FST tracing, assertions,
#     -Wall); any number of test executables link it. With BATON_COVERAGE the model also gets
#     BATON_COVERAGE_FLAGS (line coverage by default) and VM_COVERAGE=1, and every
#     tb::Sim writes its model's counters when BATON_COVERAGE_DIR is set (scripts/coverage).
#
#   baton_verilate(... FAST)
#     The same top built for speed, for the main job and the benchmarks (docs/performance.md,
#     "Simulation speed"): no assertions, no tracing, X values resolved the cheap way, -O3 on the
#     generated code. The regression keeps the checked models; a FAST model never gets coverage.

set(BATON_RTL_INCLUDE_DIR "${CMAKE_SOURCE_DIR}/rtl/include")
# Read before every library's own sources: elaboration helpers such as idx_w().
set(BATON_RTL_UTIL_PKG "${CMAKE_SOURCE_DIR}/rtl/pkg/baton_util_pkg.sv")
set(BATON_VERILATOR_WAIVERS "${CMAKE_SOURCE_DIR}/rtl/lint/baton.vlt")
# -fno-const-bit-op-tree: Verilator 5.006 mis-evaluates some XOR/AND/NOT trees with that
# optimization (verilator#4059, fixed in 5.010; see docs/rtl-subset.md). Checksums and hashes are
# exactly such trees.
set(BATON_VERILATOR_FLAGS -Wall --assert -O3 -fno-const-bit-op-tree --x-assign unique --x-initial unique
    "+incdir+${BATON_RTL_INCLUDE_DIR}" "${BATON_VERILATOR_WAIVERS}")
# FAST models: what the checked flags add at run time is left out. -fno-const-bit-op-tree stays: it is
# a correctness work-around, not a check.
set(BATON_VERILATOR_FAST_FLAGS -O3 -fno-const-bit-op-tree --x-assign fast --x-initial fast
    "+incdir+${BATON_RTL_INCLUDE_DIR}" "${BATON_VERILATOR_WAIVERS}")

# The Verilator runtime is compiled once and shared by every model.
function(_baton_verilated_runtime)
  if(TARGET baton_vlrt)
    return()
  endif()
  set(_inc "${VERILATOR_ROOT}/include")
  set(_cov_src "")
  set(_cov 0)
  if(BATON_COVERAGE)
    set(_cov_src "${_inc}/verilated_cov.cpp")
    set(_cov 1)
  endif()
  add_library(baton_vlrt STATIC "${_inc}/verilated.cpp" "${_inc}/verilated_fst_c.cpp"
                                "${_inc}/verilated_threads.cpp" ${_cov_src})
  target_include_directories(baton_vlrt SYSTEM PUBLIC "${_inc}" "${_inc}/vltstd")
  target_compile_definitions(baton_vlrt PUBLIC VM_TRACE=1 VM_TRACE_FST=1 VM_COVERAGE=${_cov} VM_SC=0
                                               VM_TRACE_VCD=0)
  target_compile_options(baton_vlrt PRIVATE -w)
  target_link_libraries(baton_vlrt PUBLIC ZLIB::ZLIB Threads::Threads)
endfunction()

define_property(TARGET PROPERTY BATON_RTL_SOURCES BRIEF_DOCS "ordered RTL sources" FULL_DOCS "x")
set_property(GLOBAL PROPERTY BATON_RTL_TOPS "")

function(baton_rtl_library)
  cmake_parse_arguments(A "NO_SYNTH" "NAME" "SOURCES;DEPS;TOPS;SYNTH_CI" ${ARGN})
  foreach(_ci IN LISTS A_SYNTH_CI)
    if(NOT _ci MATCHES "^([A-Za-z_][A-Za-z0-9_]*):(.+)$")
      message(FATAL_ERROR "baton_rtl_library(${A_NAME}): SYNTH_CI entry '${_ci}' is not <top>:<Name>=<value>,...")
    endif()
    set(_top "${CMAKE_MATCH_1}")
    if(NOT _top IN_LIST A_TOPS)
      message(FATAL_ERROR "baton_rtl_library(${A_NAME}): SYNTH_CI names '${_top}', which is not in TOPS")
    endif()
    string(REPLACE "," ";" _ci_params_${_top} "${CMAKE_MATCH_2}")
  endforeach()
  set(_srcs "${BATON_RTL_UTIL_PKG}")
  foreach(_dep IN LISTS A_DEPS)
    if(NOT TARGET rtl_${_dep})
      message(FATAL_ERROR "baton_rtl_library(${A_NAME}): unknown dependency '${_dep}'")
    endif()
    get_target_property(_dsrcs rtl_${_dep} BATON_RTL_SOURCES)
    list(APPEND _srcs ${_dsrcs})
  endforeach()
  foreach(_s IN LISTS A_SOURCES)
    get_filename_component(_abs "${_s}" ABSOLUTE)
    if(NOT EXISTS "${_abs}")
      message(FATAL_ERROR "baton_rtl_library(${A_NAME}): missing source ${_abs}")
    endif()
    list(APPEND _srcs "${_abs}")
  endforeach()
  list(REMOVE_DUPLICATES _srcs)
  if(NOT A_NO_SYNTH)
    # For the FuseSoC cores (scripts/fusesoc-cores): lib | name | tops | deps | own sources | all sources.
    set(_own "")
    foreach(_s IN LISTS A_SOURCES)
      get_filename_component(_abs "${_s}" ABSOLUTE)
      list(APPEND _own "${_abs}")
    endforeach()
    string(JOIN "," _m_tops ${A_TOPS})
    string(JOIN "," _m_deps ${A_DEPS})
    string(JOIN "," _m_own ${_own})
    string(JOIN "," _m_all ${_srcs})
    set_property(GLOBAL APPEND PROPERTY BATON_RTL_MANIFEST
                 "lib|${A_NAME}|${_m_tops}|${_m_deps}|${_m_own}|${_m_all}")
  endif()
  add_library(rtl_${A_NAME} INTERFACE)
  set_property(TARGET rtl_${A_NAME} PROPERTY BATON_RTL_SOURCES "${_srcs}")

  set(_f "${CMAKE_BINARY_DIR}/rtl/${A_NAME}.f")
  string(REPLACE ";" "\n" _lines "+incdir+${BATON_RTL_INCLUDE_DIR};${_srcs}")
  file(GENERATE OUTPUT "${_f}" CONTENT "${_lines}\n")

  if(A_TOPS AND BATON_VENV_PYTHON)
    # Second opinion from slang on the same sources, all tops of the library at once.
    set(_slang_tops "")
    foreach(_top IN LISTS A_TOPS)
      list(APPEND _slang_tops --top ${_top})
    endforeach()
    add_test(NAME lint.slang.${A_NAME}
             COMMAND "${BATON_VENV_PYTHON}" "${CMAKE_SOURCE_DIR}/scripts/slang-lint" --filelist "${_f}"
                     ${_slang_tops})
    set_tests_properties(lint.slang.${A_NAME} PROPERTIES LABELS "lint" TIMEOUT 300)
  endif()

  foreach(_top IN LISTS A_TOPS)
    set_property(GLOBAL APPEND PROPERTY BATON_RTL_TOPS "${_top}")
    add_test(NAME lint.${_top}
             COMMAND "${BATON_VERILATOR}" --lint-only -Wall "+incdir+${BATON_RTL_INCLUDE_DIR}"
                     "${BATON_VERILATOR_WAIVERS}"
                     --top-module ${_top} ${_srcs})
    set_tests_properties(lint.${_top} PROPERTIES LABELS "lint;smoke" TIMEOUT 120)
    if(BATON_SYNTH AND BATON_YOSYS AND NOT A_NO_SYNTH)
      set(_cmd "${CMAKE_SOURCE_DIR}/scripts/synth" --yosys "${BATON_YOSYS}" --filelist "${_f}" --top ${_top})
      set(_params "")
      foreach(_p IN LISTS _ci_params_${_top})
        list(APPEND _params --param ${_p})
      endforeach()
      add_test(NAME synth.${_top} COMMAND ${_cmd} ${_params} --out "${CMAKE_BINARY_DIR}/synth/${_top}")
      set_tests_properties(synth.${_top} PROPERTIES LABELS "synth" TIMEOUT 1800
                           RESOURCE_LOCK yosys_${_top})
      if(_params)
        add_test(NAME synth.${_top}.full COMMAND ${_cmd} --out "${CMAKE_BINARY_DIR}/synth/${_top}.full")
        set_tests_properties(synth.${_top}.full PROPERTIES LABELS "synth;slow" TIMEOUT 3600
                             RESOURCE_LOCK yosys_${_top})
      endif()
    endif()
  endforeach()
endfunction()

function(baton_verilate)
  cmake_parse_arguments(A "FAST" "NAME;LIB;TOP" "PARAMS;ARGS" ${ARGN})
  _baton_verilated_runtime()
  get_target_property(_srcs rtl_${A_LIB} BATON_RTL_SOURCES)
  set(_cov_args "")
  if(BATON_COVERAGE AND NOT A_FAST)
    set(_cov_args ${BATON_COVERAGE_FLAGS})
  endif()
  add_library(vm_${A_NAME} STATIC)
  if(A_FAST)
    verilate(vm_${A_NAME} PREFIX V${A_NAME} TOP_MODULE ${A_TOP}
             SOURCES ${_srcs}
             VERILATOR_ARGS ${BATON_VERILATOR_FAST_FLAGS} ${A_PARAMS} ${A_ARGS}
             OPT_FAST -O3 OPT_SLOW -O1)
  else()
    verilate(vm_${A_NAME} PREFIX V${A_NAME} TOP_MODULE ${A_TOP} TRACE_FST
             SOURCES ${_srcs}
             VERILATOR_ARGS ${BATON_VERILATOR_FLAGS} ${A_PARAMS} ${A_ARGS} ${_cov_args}
             OPT_FAST -O2 OPT_SLOW -O1)
  endif()
  if(BATON_COVERAGE AND NOT A_FAST)
    # verilate() defines VM_COVERAGE from this property; baton_vlrt's public definition agrees.
    set_property(TARGET vm_${A_NAME} PROPERTY VERILATOR_COVERAGE ON)
  endif()
  # Drop the per-model copy of the runtime that verilate() adds; baton_vlrt carries one for all.
  get_target_property(_all vm_${A_NAME} SOURCES)
  list(FILTER _all EXCLUDE REGEX "^${VERILATOR_ROOT}/include/.*\\.cpp$")
  set_property(TARGET vm_${A_NAME} PROPERTY SOURCES ${_all})
  set_property(TARGET vm_${A_NAME} PROPERTY POSITION_INDEPENDENT_CODE OFF)
  # No debug information in generated code: with -g the trace function of an engine alone took
  # 150 s to compile instead of 21 s.
  target_compile_options(vm_${A_NAME} PRIVATE -w -g0)
  # Models with little generated code (every block; the engines have 13 MB and more) are compiled as
  # one translation unit, as Verilator's own makefile does without VM_PARALLEL_BUILDS: each of
  # their 10 to 25 files spent most of its time parsing the same headers (lzc_w64_trail: 27 s in 9
  # objects, 4 s in one). The engines keep an object per file, which compile in parallel, each at
  # its own optimization level (one engine as a single unit took longer than its 58 files).
  set(_gen "")
  set(_bytes 0)
  foreach(_src IN LISTS _all)
    if(_src MATCHES "\\.cpp$" AND EXISTS "${_src}")
      list(APPEND _gen "${_src}")
      file(SIZE "${_src}" _size)
      math(EXPR _bytes "${_bytes} + ${_size}")
    endif()
  endforeach()
  if(_gen AND _bytes LESS 8000000)
    set(_unit "${CMAKE_CURRENT_BINARY_DIR}/vm_${A_NAME}_all.cpp")
    set(_lines "// Generated by baton_verilate(): the model V${A_NAME} as one translation unit.\n")
    foreach(_src IN LISTS _gen)
      string(APPEND _lines "#include \"${_src}\"\n")
    endforeach()
    file(CONFIGURE OUTPUT "${_unit}" CONTENT "${_lines}" @ONLY)
    # The generated files stay sources of the target (so the verilating command stays attached)
    # but are not compiled on their own.
    set_source_files_properties(${_gen} PROPERTIES HEADER_FILE_ONLY ON)
    target_sources(vm_${A_NAME} PRIVATE "${_unit}")
    # Checked block models at -O1: their tests run for seconds, and -O1 compiles in 57 % of the
    # time of -O2 (vm_ingress_p4: 29 s instead of 51 s of CPU; the 73 block models about 420 s
    # instead of about 700 s). FAST models keep -O3. (Compiling the run-once __Slow files as a
    # second unit at -O0 cost more than it saved: 526 s for the 73, each parsing the headers twice.)
    if(A_FAST)
      set(_opt -O3)
    else()
      set(_opt -O1)
    endif()
    set_source_files_properties("${_unit}" PROPERTIES COMPILE_OPTIONS "${_opt}" OBJECT_DEPENDS "${_gen}")
  else()
    # The trace functions run only when waves are written: -O1 (an engine's, 12 s instead of 21 s).
    # The __Slow files run once (construction, initial blocks, settling, declaring the traced
    # signals): -O0 (an engine's trace declarations 10 s instead of 27 s; its __Slow files together
    # about 72 s instead of 100 s).
    foreach(_src IN LISTS _gen)
      if(_src MATCHES "__Trace__[0-9]+\\.cpp$")
        set_property(SOURCE "${_src}" APPEND_STRING PROPERTY COMPILE_FLAGS " -O1")
      elseif(_src MATCHES "__Slow\\.cpp$")
        set_property(SOURCE "${_src}" APPEND_STRING PROPERTY COMPILE_FLAGS " -O0")
      endif()
    endforeach()
  endif()
  target_link_libraries(vm_${A_NAME} PUBLIC baton_vlrt)
endfunction()

# Every module under rtl/ must be registered as a lint/synth top; this test keeps it so.
function(baton_rtl_check_coverage)
  get_property(_tops GLOBAL PROPERTY BATON_RTL_TOPS)
  string(REPLACE ";" "," _csv "${_tops}")
  add_test(NAME lint.every_module_registered
           COMMAND "${CMAKE_SOURCE_DIR}/scripts/check-rtl-tops" "${CMAKE_SOURCE_DIR}/rtl" "${_csv}")
  set_tests_properties(lint.every_module_registered PROPERTIES LABELS "lint;smoke")
endfunction()

# Writes build/rtl/libraries.txt: every synthesizable RTL library ("lib|...", see
# baton_rtl_library) and every SystemRDL register block ("rdl|<top>|<file>|<address bits>", see
# baton_rdl), from which scripts/fusesoc-cores generates the FuseSoC core files.
function(baton_rtl_write_manifest out)
  get_property(_lines GLOBAL PROPERTY BATON_RTL_MANIFEST)
  get_property(_rdl GLOBAL PROPERTY BATON_RDL_MANIFEST)
  list(APPEND _lines ${_rdl})
  string(REPLACE ";" "\n" _text "${_lines}")
  file(WRITE "${out}" "${_text}\n")
endfunction()
