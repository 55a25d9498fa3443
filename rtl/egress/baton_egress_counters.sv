// SPDX-License-Identifier: Apache-2.0
// Egress event counters: NumCnt 64-bit packet counters in one simple dual-port RAM, at most one
// increment per cycle (read-modify-write over two cycles, with forwarding when consecutive
// increments hit the same counter). A per-counter valid bit, cleared at reset and by clear_i,
// makes a never-written counter read as zero, so the RAM needs no initialisation sweep.
//
// Software reads a counter through a snapshot: writing its index (sel_we_i) starts a read; while
// the read is pending (snap_pending_o) the parent must not increment (it holds its releases for
// that one cycle); the value appears in snap_o with snap_valid_o two cycles after the write.
`default_nettype none
`include "baton_assert.svh"

module baton_egress_counters #(
  parameter int unsigned NumCnt = 512,
  parameter int unsigned CntW   = 64,
  localparam int unsigned IdxW  = baton_util_pkg::idx_w(NumCnt)
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            inc_i,
  input  logic [IdxW-1:0] inc_idx_i,
  input  logic            clear_i,
  input  logic            sel_we_i,
  input  logic [IdxW-1:0] sel_idx_i,
  output logic            snap_pending_o,
  output logic            snap_valid_o,
  output logic [CntW-1:0] snap_o
);
  `ASSERT_INIT(NumCntLegal_A, NumCnt >= 2 && (NumCnt & (NumCnt - 1)) == 0)
  `ASSERT_INIT(CntWLegal_A, CntW >= 8 && CntW <= 64)

  logic                pending_q, snap_valid_q;
  logic [IdxW-1:0]     sel_q;
  logic                s1_inc_q, s1_snap_q;
  logic [IdxW-1:0]     s1_idx_q;
  logic                fwd_q;
  logic [CntW-1:0]     fwd_data_q, snap_q;
  logic [NumCnt-1:0]   valid_q;
  logic                rd;
  logic [IdxW-1:0]     rd_idx;
  logic [CntW-1:0]     rdata, base, wdata;

  assign rd     = inc_i || pending_q;
  assign rd_idx = pending_q ? sel_q : inc_idx_i;
  assign base   = fwd_q ? fwd_data_q : (valid_q[s1_idx_q] ? rdata : '0);
  assign wdata  = base + 1'b1;

  baton_ram_2p #(.Width(CntW), .Depth(NumCnt)) u_mem (
    .clk_i    (clk_i),
    .a_req_i  (s1_inc_q),
    .a_we_i   (1'b1),
    .a_addr_i (s1_idx_q),
    .a_wdata_i(wdata),
    .a_be_i   (1'b1),
    .a_rdata_o(),
    .b_req_i  (rd),
    .b_we_i   (1'b0),
    .b_addr_i (rd_idx),
    .b_wdata_i('0),
    .b_be_i   (1'b1),
    .b_rdata_o(rdata)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pending_q    <= 1'b0;
      snap_valid_q <= 1'b0;
      s1_inc_q     <= 1'b0;
      s1_snap_q    <= 1'b0;
      fwd_q        <= 1'b0;
      valid_q      <= '0;
    end else begin
      s1_inc_q  <= inc_i && !pending_q;
      s1_snap_q <= pending_q;
      fwd_q     <= rd && s1_inc_q && s1_idx_q == rd_idx && !clear_i;
      if (sel_we_i) begin
        pending_q    <= 1'b1;
        snap_valid_q <= 1'b0;
      end else if (pending_q) begin
        pending_q <= 1'b0;
      end
      if (s1_snap_q) snap_valid_q <= 1'b1;
      if (clear_i) valid_q <= '0;
      if (s1_inc_q) valid_q[s1_idx_q] <= 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (sel_we_i) sel_q <= sel_idx_i;
    if (rd) s1_idx_q <= rd_idx;
    fwd_data_q <= wdata;
    if (s1_snap_q) snap_q <= base;
  end

  assign snap_pending_o = pending_q;
  assign snap_valid_o   = snap_valid_q;
  assign snap_o         = snap_q;

  `ASSERT_NEVER(IncrementDuringSnapshot_A, inc_i && pending_q)
endmodule
