// SPDX-License-Identifier: Apache-2.0
// Register file of all threads of a tile: x1..x31 per thread in two block-RAM copies (one per
// read port, both written together), read in the decode stage, written in the write-back stage.
//
// A delivery must start a thread with every register zero except the ones it sets. Clearing 31
// RAM words would take 31 write cycles, so each register has a "written since delivery" bit
// instead: clr_i drops all bits of one thread in one cycle and a register whose bit is low (or
// x0) reads as zero.
//
// Read data (and the zero masking) appears in the cycle after the read. A thread never reads and
// writes in the same cycle (one instruction per thread in flight), so no bypass is needed.
`default_nettype none

`include "baton_assert.svh"

module baton_tile_regfile #(
  parameter int unsigned NumThreads = 4,
  localparam int unsigned ThrW      = baton_util_pkg::idx_w(NumThreads)
) (
  input  logic            clk_i,
  input  logic            rst_ni,

  input  logic [ThrW-1:0] rthread_i,
  input  logic [4:0]      raddr1_i,
  input  logic [4:0]      raddr2_i,
  output logic [31:0]     rdata1_o,
  output logic [31:0]     rdata2_o,

  input  logic            we_i,
  input  logic [ThrW-1:0] wthread_i,
  input  logic [4:0]      waddr_i,
  input  logic [31:0]     wdata_i,

  input  logic            clr_i,
  input  logic [ThrW-1:0] clr_thread_i
);

  `ASSERT_INIT(NumThreadsLegal_A, NumThreads >= 1 && NumThreads <= 8)

  localparam int unsigned Depth = NumThreads * 32;
  localparam int unsigned AddrW = $clog2(Depth);

  function automatic logic [AddrW-1:0] rf_addr(input logic [ThrW-1:0] t, input logic [4:0] r);
    rf_addr = AddrW'((32'(t) << 5) | 32'(r));
  endfunction

  logic [31:0] ram1_rdata, ram2_rdata;
  logic [31:0] unused_a1_data, unused_a2_data;  // write-only ports

  baton_ram_2p #(
    .Width (32),
    .Depth (Depth)
  ) u_ram1 (
    .clk_i     (clk_i),
    .a_req_i   (we_i),
    .a_we_i    (1'b1),
    .a_addr_i  (rf_addr(wthread_i, waddr_i)),
    .a_wdata_i (wdata_i),
    .a_be_i    (1'b1),
    .a_rdata_o (unused_a1_data),
    .b_req_i   (1'b1),
    .b_we_i    (1'b0),
    .b_addr_i  (rf_addr(rthread_i, raddr1_i)),
    .b_wdata_i ('0),
    .b_be_i    (1'b1),
    .b_rdata_o (ram1_rdata)
  );

  baton_ram_2p #(
    .Width (32),
    .Depth (Depth)
  ) u_ram2 (
    .clk_i     (clk_i),
    .a_req_i   (we_i),
    .a_we_i    (1'b1),
    .a_addr_i  (rf_addr(wthread_i, waddr_i)),
    .a_wdata_i (wdata_i),
    .a_be_i    (1'b1),
    .a_rdata_o (unused_a2_data),
    .b_req_i   (1'b1),
    .b_we_i    (1'b0),
    .b_addr_i  (rf_addr(rthread_i, raddr2_i)),
    .b_wdata_i ('0),
    .b_be_i    (1'b1),
    .b_rdata_o (ram2_rdata)
  );

  // ---- Written-since-delivery bits -----------------------------------------------------------
  logic [NumThreads-1:0][31:0] wr_q;
  logic                        v1_q, v2_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_q <= '0;
      v1_q <= 1'b0;
      v2_q <= 1'b0;
    end else begin
      for (int unsigned t = 0; t < NumThreads; t++) begin
        if (clr_i && (clr_thread_i == ThrW'(t))) begin
          wr_q[t] <= '0;
        end else if (we_i && (wthread_i == ThrW'(t))) begin
          wr_q[t][waddr_i] <= 1'b1;
        end
      end
      v1_q <= (raddr1_i != 5'd0) && wr_q[rthread_i][raddr1_i];
      v2_q <= (raddr2_i != 5'd0) && wr_q[rthread_i][raddr2_i];
    end
  end

  assign rdata1_o = v1_q ? ram1_rdata : 32'd0;
  assign rdata2_o = v2_q ? ram2_rdata : 32'd0;

  `ASSERT_NEVER(WriteX0_A, we_i && (waddr_i == 5'd0))
  `ASSERT_NEVER(ThreadRange_A, we_i && (32'(wthread_i) >= NumThreads))

endmodule
