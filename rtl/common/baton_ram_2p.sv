// SPDX-License-Identifier: Apache-2.0
// Dual-port RAM with synchronous reads and optional byte enables, one clock.
//
// TrueDualPort = 0 (simple dual port): port A writes (a_req_i && a_we_i), port B reads (b_req_i);
//                  a_rdata_o is zero, b_we_i / b_wdata_i / b_be_i are ignored.
// TrueDualPort = 1: each port reads or writes, like baton_ram_1p.
// Read data appears in the cycle after the read and stays until that port's next read.
//
// Read-during-write:
//  - same port: a write cycle does not read; that port's rdata keeps the data of its last read;
//  - other port, same address, same cycle: the read data is UNDEFINED. FPGA block RAMs do not
//    define it, and the memory carries Yosys' no_rw_check so synthesis adds no bypass logic to
//    pretend otherwise. (Verilator returns the old word; do not rely on it.) Users keep the
//    addresses apart or ignore that read;
//  - both ports writing one address in one cycle (true dual port) is illegal (assertion).
//
// ByteEn and InitFile as in baton_ram_1p. Written in the shape Yosys maps to block RAM: iCE40
// SB_RAM40_4K for the simple dual port (iCE40 block RAM has one read and one write port, so a true
// dual-port instance there becomes flops) and ECP5 DP16KD for both.
`default_nettype none

`include "baton_assert.svh"

module baton_ram_2p #(
  parameter int unsigned Width        = 32,
  parameter int unsigned Depth        = 256,
  parameter bit          ByteEn       = 1'b0,
  parameter bit          TrueDualPort = 1'b0,
  parameter              InitFile     = "",
  localparam int unsigned AddrW       = baton_util_pkg::idx_w(Depth),
  localparam int unsigned BeW         = (ByteEn != 0) ? Width / 8 : 1
) (
  input  logic             clk_i,

  input  logic             a_req_i,
  input  logic             a_we_i,
  input  logic [AddrW-1:0] a_addr_i,
  input  logic [Width-1:0] a_wdata_i,
  input  logic [BeW-1:0]   a_be_i,
  output logic [Width-1:0] a_rdata_o,

  input  logic             b_req_i,
  input  logic             b_we_i,
  input  logic [AddrW-1:0] b_addr_i,
  input  logic [Width-1:0] b_wdata_i,
  input  logic [BeW-1:0]   b_be_i,
  output logic [Width-1:0] b_rdata_o
);

  `ASSERT_INIT(WidthLegal_A, Width >= 1)
  `ASSERT_INIT(DepthLegal_A, Depth >= 2)
  `ASSERT_INIT(ByteEnWidth_A, (ByteEn == 0) || ((Width % 8) == 0))

  localparam int unsigned LaneW = (ByteEn != 0) ? 8 : Width;

  (* no_rw_check *) logic [Width-1:0] mem [Depth];
  logic [BeW-1:0]   a_lane_en, b_lane_en;

  assign a_lane_en = (ByteEn != 0) ? a_be_i : '1;
  assign b_lane_en = (ByteEn != 0) ? b_be_i : '1;

  if (TrueDualPort != 0) begin : gen_tdp
    logic [Width-1:0] a_rdata_q, b_rdata_q;

    // Both ports in one process so the memory has a single driver.
    always_ff @(posedge clk_i) begin
      if (a_req_i) begin
        if (a_we_i) begin
          for (int unsigned i = 0; i < BeW; i++) begin
            if (a_lane_en[i]) mem[a_addr_i][i*LaneW +: LaneW] <= a_wdata_i[i*LaneW +: LaneW];
          end
        end else begin
          a_rdata_q <= mem[a_addr_i];
        end
      end
      if (b_req_i) begin
        if (b_we_i) begin
          for (int unsigned i = 0; i < BeW; i++) begin
            if (b_lane_en[i]) mem[b_addr_i][i*LaneW +: LaneW] <= b_wdata_i[i*LaneW +: LaneW];
          end
        end else begin
          b_rdata_q <= mem[b_addr_i];
        end
      end
    end

    assign a_rdata_o = a_rdata_q;
    assign b_rdata_o = b_rdata_q;
  end else begin : gen_sdp
    logic [Width-1:0] b_rdata_q;

    always_ff @(posedge clk_i) begin
      if (a_req_i && a_we_i) begin
        for (int unsigned i = 0; i < BeW; i++) begin
          if (a_lane_en[i]) mem[a_addr_i][i*LaneW +: LaneW] <= a_wdata_i[i*LaneW +: LaneW];
        end
      end
      if (b_req_i) begin
        b_rdata_q <= mem[b_addr_i];
      end
    end

    assign a_rdata_o = '0;
    assign b_rdata_o = b_rdata_q;

    logic             unused_b_we;
    logic [Width-1:0] unused_b_wdata;
    logic [BeW-1:0]   unused_b_lane_en;
    assign unused_b_we      = b_we_i;
    assign unused_b_wdata   = b_wdata_i;
    assign unused_b_lane_en = b_lane_en;
  end

  if (InitFile != "") begin : gen_init
    initial $readmemh(InitFile, mem);
  end

  `ASSERT_NEVER(WriteCollision_A, (TrueDualPort != 0) && a_req_i && a_we_i && b_req_i && b_we_i &&
                (a_addr_i == b_addr_i), clk_i, 1'b1)
  `ASSERT_NEVER(AddrRangeA_A, a_req_i && (32'(a_addr_i) >= Depth), clk_i, 1'b1)
  `ASSERT_NEVER(AddrRangeB_A, b_req_i && (32'(b_addr_i) >= Depth), clk_i, 1'b1)

endmodule
