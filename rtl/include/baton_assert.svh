// SPDX-License-Identifier: Apache-2.0
// Assertion macros shared by every Baton module.
//
// Concurrent assertions are one-cycle SVA (the subset Verilator 5.006 supports). They are
// compiled in simulation and compiled out when SYNTHESIS or BATON_NO_ASSERT is defined.
// In Verilator a failing assertion calls $error; the C++ harness turns that into a test failure
// that prints the seed, the cycle and a repro command.
`ifndef BATON_ASSERT_SVH
`define BATON_ASSERT_SVH

`ifdef SYNTHESIS
  `define BATON_NO_ASSERT
`endif

// Every concurrent macro takes the clock and the active-low reset as optional last arguments;
// they default to the lowRISC port names clk_i and rst_ni, so a module with those ports writes
// `ASSERT(Name_A, prop). A check on another clock or reset names them: `ASSERT(Name_A, p, clk, rst).
`ifndef ASSERT_DEFAULT_CLK
  `define ASSERT_DEFAULT_CLK clk_i
`endif
`ifndef ASSERT_DEFAULT_RST_N
  `define ASSERT_DEFAULT_RST_N rst_ni
`endif

`ifndef BATON_NO_ASSERT

// ASSERT(name, property [, clk, rst_n]): property holds on every rising edge outside reset.
`define ASSERT(__name, __prop, __clk = `ASSERT_DEFAULT_CLK, __rst_n = `ASSERT_DEFAULT_RST_N) \
  __name: assert property (@(posedge __clk) disable iff (!(__rst_n)) (__prop))        \
    else $error("assertion %s failed in %m", `"__name`");

// ASSERT_NEVER(name, expression [, clk, rst_n]): expression is never true outside reset.
`define ASSERT_NEVER(__name, __expr, __clk = `ASSERT_DEFAULT_CLK, __rst_n = `ASSERT_DEFAULT_RST_N) \
  __name: assert property (@(posedge __clk) disable iff (!(__rst_n)) !(__expr))       \
    else $error("assertion %s failed in %m", `"__name`");

// ASSERT_KNOWN(name, signal [, clk, rst_n]): no X/Z outside reset. Meaningful in 4-state
// simulators only: a 2-state simulator always passes it.
`define ASSERT_KNOWN(__name, __sig, __clk = `ASSERT_DEFAULT_CLK, __rst_n = `ASSERT_DEFAULT_RST_N) \
  __name: assert property (@(posedge __clk) disable iff (!(__rst_n)) !$isunknown(__sig)) \
    else $error("assertion %s failed in %m", `"__name`");

// ASSERT_STABLE(name, valid, ready, payload [, clk, rst_n]): the valid/ready contract of
// docs/rtl-style.md. Once valid is high without ready, valid stays high and payload stays stable
// next cycle.
`define ASSERT_STABLE(__name, __valid, __ready, __payload, __clk = `ASSERT_DEFAULT_CLK, __rst_n = `ASSERT_DEFAULT_RST_N) \
  __name``_valid_held: assert property (@(posedge __clk) disable iff (!(__rst_n))     \
      ((__valid) && !(__ready)) |=> (__valid))                                        \
    else $error("assertion %s failed in %m: valid dropped before ready", `"__name`"); \
  __name``_payload_stable: assert property (@(posedge __clk) disable iff (!(__rst_n)) \
      ((__valid) && !(__ready)) |=> $stable(__payload))                               \
    else $error("assertion %s failed in %m: payload changed before ready", `"__name`");

// COVER(name, property [, clk, rst_n]): a case the tests are expected to reach. Verilator counts
// it with --coverage-user (scripts/coverage); it never fails a simulation.
`define COVER(__name, __prop, __clk = `ASSERT_DEFAULT_CLK, __rst_n = `ASSERT_DEFAULT_RST_N) \
  __name: cover property (@(posedge __clk) disable iff (!(__rst_n)) (__prop));

`else

`define ASSERT(__name, __prop, __clk = `ASSERT_DEFAULT_CLK, __rst_n = `ASSERT_DEFAULT_RST_N)
`define ASSERT_NEVER(__name, __expr, __clk = `ASSERT_DEFAULT_CLK, __rst_n = `ASSERT_DEFAULT_RST_N)
`define ASSERT_KNOWN(__name, __sig, __clk = `ASSERT_DEFAULT_CLK, __rst_n = `ASSERT_DEFAULT_RST_N)
`define ASSERT_STABLE(__name, __valid, __ready, __payload, __clk = `ASSERT_DEFAULT_CLK, __rst_n = `ASSERT_DEFAULT_RST_N)
`define COVER(__name, __prop, __clk = `ASSERT_DEFAULT_CLK, __rst_n = `ASSERT_DEFAULT_RST_N)

`endif

// ASSERT_INIT(name, condition): parameter legality, checked at elaboration in every tool
// (simulators and synthesis alike), so an illegal configuration never builds.
`define ASSERT_INIT(__name, __cond)                                                 \
  if (!(__cond)) begin : __name                                                       \
    $error("illegal parameter value: %s", `"__cond`");                                 \
  end

`endif
