// SPDX-License-Identifier: Apache-2.0
// Sources of the FPGA tile wrapper, in dependency order (paths relative to this file).
+incdir+../rtl/include
../rtl/pkg/baton_util_pkg.sv
../rtl/pkg/baton_abi_pkg.sv
../rtl/pkg/baton_pkg.sv
../rtl/common/baton_prio_enc.sv
../rtl/common/baton_ram_1p.sv
../rtl/common/baton_ram_2p.sv
../rtl/common/baton_rst_sync.sv
../rtl/tile/baton_tile_pkg.sv
../rtl/tile/baton_tile_decode.sv
../rtl/tile/baton_tile_alu.sv
../rtl/tile/baton_tile_mdu.sv
../rtl/tile/baton_tile_regfile.sv
../rtl/tile/baton_tile_imem.sv
../rtl/tile/baton_tile_deliver.sv
../rtl/tile/baton_tile_opout.sv
../rtl/tile/baton_tile_core.sv
../rtl/tile/baton_tile.sv
rtl/baton_tile_fpga.sv
