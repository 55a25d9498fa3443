// SPDX-License-Identifier: Apache-2.0
// Synchronous FIFO with valid/ready on both sides.
//
// Depth is the capacity in entries (any value >= 1). The head entry lives in an output stage; the
// remaining Depth-1 entries live in a RAM-style array with a registered read port, so large FIFOs
// map to block RAM (iCE40 SB_RAM40_4K, ECP5 DP16KD) and small ones to LUT RAM or flops.
//
// FallThrough = 0: registered output. A push into an empty FIFO is presented one cycle later; the
//                  output data comes from registers only (no path from in_* to out_*).
// FallThrough = 1: first-word fall-through. A push into an empty FIFO is presented in the same
//                  cycle (out_valid_o follows in_valid_i combinationally); if it is not taken it is
//                  stored and presented from the output stage from the next cycle on.
//
// in_ready_o is !full_o in both modes and never depends on out_ready_i, so a pop and a push in the
// same cycle on a full FIFO only pops. count_o counts stored entries (an item that falls through
// in the same cycle is never counted).
`default_nettype none

`include "baton_assert.svh"

module baton_fifo_sync #(
  parameter int unsigned Width       = 8,
  // The payload: a struct or any packed type; Width sizes the default vector only.
  parameter type         data_t      = logic [Width-1:0],
  parameter int unsigned Depth       = 4,
  parameter bit          FallThrough = 1'b0,
  localparam int unsigned CountW     = $clog2(Depth + 1)
) (
  input  logic              clk_i,
  input  logic              rst_ni,

  input  logic              in_valid_i,
  output logic              in_ready_o,
  input  data_t             in_data_i,

  output logic              out_valid_o,
  input  logic              out_ready_i,
  output data_t             out_data_o,

  output logic [CountW-1:0] count_o,
  output logic              full_o,
  output logic              empty_o
);

  `ASSERT_INIT(WidthLegal_A, Width >= 1 && $bits(data_t) >= 1)
  `ASSERT_INIT(DepthLegal_A, Depth >= 1)

  // ---- Output stage ------------------------------------------------------------------------------
  // head_valid_q: the head entry is stored. It comes either from the RAM read register or from the
  // bypass register, which catches a push into an otherwise empty FIFO without a RAM round trip.
  logic             head_valid_q;
  logic             head_from_ram_q;
  data_t            bypass_q;
  data_t            ram_rdata;
  data_t            head_data;

  logic [CountW-1:0] count_q;
  logic              ram_empty;   // no entry behind the head
  logic              push, pop, head_free, fall_through;

  assign in_ready_o = (count_q != CountW'(Depth));
  assign push       = in_valid_i && in_ready_o;
  assign head_data  = head_from_ram_q ? ram_rdata : bypass_q;

  // An item falls through only when nothing is stored and the consumer takes it right away.
  if (FallThrough != 0) begin : gen_ft
    assign out_valid_o  = head_valid_q || in_valid_i;
    assign out_data_o   = head_valid_q ? head_data : in_data_i;
    assign fall_through = !head_valid_q && in_valid_i && out_ready_i;
  end else begin : gen_reg
    assign out_valid_o  = head_valid_q;
    assign out_data_o   = head_data;
    assign fall_through = 1'b0;
  end

  assign pop       = head_valid_q && out_ready_i;
  assign head_free = !head_valid_q || pop;

  // ---- RAM behind the head (Depth-1 entries) -----------------------------------------------------
  // A stored push goes to the bypass register when the head frees up and nothing older waits in
  // the RAM; otherwise it queues in the RAM.
  logic ram_we, ram_re, store, bypass_load;
  assign store       = push && !fall_through;
  assign bypass_load = store && head_free && ram_empty;
  assign ram_we      = store && !(head_free && ram_empty);

  if (Depth > 1) begin : gen_ram
    localparam int unsigned RamDepth = Depth - 1;
    localparam int unsigned PtrW     = baton_util_pkg::idx_w(RamDepth);
    localparam int unsigned RamCntW  = $clog2(RamDepth + 1);

    (* no_rw_check *) data_t            mem [RamDepth];
    data_t              rdata_q;
    logic [PtrW-1:0]    wptr_q, rptr_q;
    logic [RamCntW-1:0] ram_cnt_q;

    assign ram_empty = (ram_cnt_q == '0);
    // The head refills from the RAM whenever it frees up.
    assign ram_re = head_free && !ram_empty;

    function automatic logic [PtrW-1:0] ptr_inc(logic [PtrW-1:0] p);
      ptr_inc = (p == PtrW'(RamDepth - 1)) ? '0 : p + 1'b1;
    endfunction

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        wptr_q    <= '0;
        rptr_q    <= '0;
        ram_cnt_q <= '0;
      end else begin
        if (ram_we) wptr_q <= ptr_inc(wptr_q);
        if (ram_re) rptr_q <= ptr_inc(rptr_q);
        if (ram_we != ram_re) ram_cnt_q <= ram_we ? ram_cnt_q + 1'b1 : ram_cnt_q - 1'b1;
      end
    end

    // Storage and read register carry no reset so they can map to RAM blocks. A write never hits
    // the read address in the same cycle (the RAM is not full when written and a read only takes
    // an entry written in an earlier cycle), so no read-during-write behaviour is relied on.
    always_ff @(posedge clk_i) begin
      if (ram_we) mem[wptr_q] <= in_data_i;
    end
    always_ff @(posedge clk_i) begin
      if (ram_re) rdata_q <= mem[rptr_q];
    end
    assign ram_rdata = rdata_q;

    `ASSERT_NEVER(RamOverflow_A, ram_we && !ram_re && (ram_cnt_q == RamCntW'(RamDepth)))
    `ASSERT_NEVER(RamCollision_A, ram_we && ram_re && (wptr_q == rptr_q))
  end else begin : gen_no_ram
    assign ram_empty = 1'b1;
    assign ram_re    = 1'b0;
    logic unused_ram_we;
    assign unused_ram_we = ram_we;
    assign ram_rdata = bypass_q;
  end

  // ---- Head and count ----------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      head_valid_q    <= 1'b0;
      head_from_ram_q <= 1'b0;
      count_q         <= '0;
    end else begin
      if (head_free) begin
        head_valid_q <= ram_re || bypass_load;
        if (ram_re) begin
          head_from_ram_q <= 1'b1;
        end else if (bypass_load) begin
          head_from_ram_q <= 1'b0;
        end
      end
      if (store != pop) begin
        count_q <= pop ? count_q - 1'b1 : count_q + 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (bypass_load) bypass_q <= in_data_i;
  end

  assign count_o = count_q;
  assign full_o  = !in_ready_o;
  assign empty_o = (count_q == '0);

  // ---- Checks ------------------------------------------------------------------------------------
  `ASSERT(CountMax_A, count_q <= CountW'(Depth))
  // The head is refilled first, so the RAM only holds entries while the head is occupied.
  `ASSERT(HeadFirst_A, head_valid_q || ram_empty)
  `ASSERT(HeadMatchesCount_A, head_valid_q == (count_q != '0))
  // Back-pressure paths are exercised only when the FIFO fills and is pushed while full.
  `COVER(PushWhileFull_C, in_valid_i && !in_ready_o)
  `ASSERT_STABLE(OutStable_A, out_valid_o, out_ready_i, out_data_o)
  `ASSERT_KNOWN(OutValidKnown_A, out_valid_o)

endmodule
