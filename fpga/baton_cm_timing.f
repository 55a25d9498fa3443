// SPDX-License-Identifier: Apache-2.0
// Sources of the context-manager timing wrapper (tb/bench/cm), in dependency order (paths relative
// to this file): fpga/flow --target ecp5 --top baton_cm_timing_wrap --tile-top baton_cm ...
+incdir+../rtl/include
../rtl/pkg/baton_util_pkg.sv
../rtl/pkg/baton_abi_pkg.sv
../rtl/pkg/baton_pkg.sv
../rtl/common/baton_prio_enc.sv
../rtl/common/baton_rr_arb.sv
../rtl/common/baton_ram_2p.sv
../rtl/cm/baton_cm_rr_pick.sv
../rtl/cm/baton_cm_min_search.sv
../rtl/cm/baton_cm_csr.sv
../rtl/cm/baton_cm.sv
../tb/bench/cm/baton_cm_timing_wrap.sv
