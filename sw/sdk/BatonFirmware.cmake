# SPDX-License-Identifier: Apache-2.0
# Firmware build helpers (docs/firmware.md). Firmware is C cross-compiled with Debian's
# riscv64-unknown-elf-gcc as custom commands: the project's host compiler builds everything else.
#
#   baton_firmware(NAME <n> SOURCES <c/S files...> [DEFINES <D=V...>] [INCLUDES <dirs...>]
#                  [MARCH <march>] [MABI <mabi>] [CFLAGS <flags...>] [LDFLAGS <flags...>])
#     Compiles and links <binary dir>/<n>.elf with sw/sdk/src/baton_rt.S, sw/sdk/link/baton.ld
#     and -Wl,-q (relocations kept for baton-ld). Target fw_<n>. Variable BATON_FW_<n>_ELF holds the path.
#
#   baton_image(NAME <n> FIRMWARE <firmware name> [ARGS <baton-ld options...>])
#     Runs baton-ld on the firmware: <binary dir>/<n>.bin, .hex and .json. Target image_<n>.

set(BATON_SDK_DIR "${CMAKE_CURRENT_LIST_DIR}" CACHE INTERNAL "Baton firmware SDK")
set(BATON_FW_MARCH "rv32im_zbb" CACHE STRING "Firmware -march (the tile has Zbb by default; rv32im without it)")

if(BATON_RV_GCC AND NOT BATON_RV_LIBGCC)
  # The rv32im_zbb multilib does not exist in Debian's toolchain; rv32im's libgcc is compatible.
  execute_process(COMMAND "${BATON_RV_GCC}" -march=rv32im -mabi=ilp32 -print-libgcc-file-name
                  OUTPUT_VARIABLE _libgcc OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc)
  if(_rc EQUAL 0 AND EXISTS "${_libgcc}")
    set(BATON_RV_LIBGCC "${_libgcc}" CACHE FILEPATH "libgcc for rv32im/ilp32")
  endif()
endif()

set(BATON_FW_CFLAGS -O2 -g -ffreestanding -nostdlib -ffunction-sections -fdata-sections
    -fno-tree-loop-distribute-patterns -mcmodel=medlow -Wall -Wextra -Werror CACHE INTERNAL "")

function(baton_firmware)
  cmake_parse_arguments(A "" "NAME;MARCH;MABI" "SOURCES;DEFINES;INCLUDES;CFLAGS;LDFLAGS" ${ARGN})
  if(NOT BATON_RV_GCC)
    message(STATUS "Baton: no riscv64-unknown-elf-gcc; firmware ${A_NAME} is not built")
    return()
  endif()
  if(NOT A_MARCH)
    set(A_MARCH "${BATON_FW_MARCH}")
  endif()
  if(NOT A_MABI)
    set(A_MABI ilp32)
  endif()
  set(_elf "${CMAKE_CURRENT_BINARY_DIR}/${A_NAME}.elf")
  set(_srcs "")
  set(_hdrs "")
  foreach(_s IN LISTS A_SOURCES)
    get_filename_component(_abs "${_s}" ABSOLUTE)
    list(APPEND _srcs "${_abs}")
    # Headers beside the sources: a custom command has no compiler dependency scan.
    get_filename_component(_dir "${_abs}" DIRECTORY)
    file(GLOB _h "${_dir}/*.h")
    list(APPEND _hdrs ${_h})
  endforeach()
  list(REMOVE_DUPLICATES _hdrs)
  set(_defs "")
  foreach(_d IN LISTS A_DEFINES)
    list(APPEND _defs "-D${_d}")
  endforeach()
  set(_incs "-I${BATON_SDK_DIR}/include")
  foreach(_i IN LISTS A_INCLUDES)
    get_filename_component(_abs "${_i}" ABSOLUTE)
    list(APPEND _incs "-I${_abs}")
  endforeach()
  set(_libgcc "")
  if(BATON_RV_LIBGCC AND A_MABI STREQUAL "ilp32")
    set(_libgcc "${BATON_RV_LIBGCC}")
  endif()
  add_custom_command(
    OUTPUT "${_elf}"
    COMMAND "${BATON_RV_GCC}" -march=${A_MARCH} -mabi=${A_MABI} ${BATON_FW_CFLAGS} ${A_CFLAGS} ${_defs} ${_incs}
            -T "${BATON_SDK_DIR}/link/baton.ld" -Wl,-q -Wl,--gc-sections ${A_LDFLAGS} ${_srcs}
            "${BATON_SDK_DIR}/src/baton_rt.S" ${_libgcc} -o "${_elf}"
    DEPENDS ${_srcs} "${BATON_SDK_DIR}/src/baton_rt.S" ${_hdrs} "${BATON_SDK_DIR}/include/baton.h" "${BATON_SDK_DIR}/include/baton_abi.h" "${BATON_SDK_DIR}/link/baton.ld"
    COMMENT "Firmware ${A_NAME}.elf"
    VERBATIM)
  add_custom_target(fw_${A_NAME} ALL DEPENDS "${_elf}")
  set(BATON_FW_${A_NAME}_ELF "${_elf}" CACHE INTERNAL "")
endfunction()

function(baton_image)
  cmake_parse_arguments(A "" "NAME;FIRMWARE" "ARGS" ${ARGN})
  if(NOT TARGET fw_${A_FIRMWARE})
    return()
  endif()
  set(_prefix "${CMAKE_CURRENT_BINARY_DIR}/${A_NAME}")
  add_custom_command(
    OUTPUT "${_prefix}.bin" "${_prefix}.hex" "${_prefix}.json"
    COMMAND baton-ld "${BATON_FW_${A_FIRMWARE}_ELF}" -o "${_prefix}" ${A_ARGS}
    DEPENDS baton-ld fw_${A_FIRMWARE} "${BATON_FW_${A_FIRMWARE}_ELF}"
    COMMENT "Image ${A_NAME} (baton-ld)"
    VERBATIM)
  add_custom_target(image_${A_NAME} ALL DEPENDS "${_prefix}.bin")
endfunction()
