// SPDX-License-Identifier: Apache-2.0
// Single-port RAM with synchronous read and optional byte enables.
//
// One access per cycle when req_i is high: a write (we_i) or a read. Read data appears on rdata_o
// in the next cycle and stays there until the next read.
// Read-during-write: a write cycle does not read; rdata_o keeps the data of the last read.
//
// ByteEn = 1: Width must be a multiple of 8 and be_i[i] enables byte i (bits 8i+7..8i) of a write.
// ByteEn = 0: be_i is ignored (keep it 1 wide, tie it to 1) and a write replaces the whole word.
// InitFile: if not empty, the memory starts with the contents of that $readmemh file (simulation
// and FPGA block RAM initialisation); otherwise the contents are undefined. No reset.
//
// Written in the shape Yosys maps to block RAM (iCE40 SB_RAM40_4K, ECP5 DP16KD).
`default_nettype none

`include "baton_assert.svh"

module baton_ram_1p #(
  parameter int unsigned Width    = 32,
  parameter int unsigned Depth    = 256,
  parameter bit          ByteEn   = 1'b0,
  parameter              InitFile = "",
  localparam int unsigned AddrW   = baton_util_pkg::idx_w(Depth),
  localparam int unsigned BeW     = (ByteEn != 0) ? Width / 8 : 1
) (
  input  logic             clk_i,

  input  logic             req_i,
  input  logic             we_i,
  input  logic [AddrW-1:0] addr_i,
  input  logic [Width-1:0] wdata_i,
  input  logic [BeW-1:0]   be_i,
  output logic [Width-1:0] rdata_o
);

  `ASSERT_INIT(WidthLegal_A, Width >= 1)
  `ASSERT_INIT(DepthLegal_A, Depth >= 2)
  `ASSERT_INIT(ByteEnWidth_A, (ByteEn == 0) || ((Width % 8) == 0))

  // Lanes: bytes with byte enables, otherwise one lane spanning the word.
  localparam int unsigned LaneW = (ByteEn != 0) ? 8 : Width;

  logic [Width-1:0] mem [Depth];
  logic [Width-1:0] rdata_q;
  logic [BeW-1:0]   lane_en;

  assign lane_en = (ByteEn != 0) ? be_i : '1;

  always_ff @(posedge clk_i) begin
    if (req_i) begin
      if (we_i) begin
        for (int unsigned i = 0; i < BeW; i++) begin
          if (lane_en[i]) mem[addr_i][i*LaneW +: LaneW] <= wdata_i[i*LaneW +: LaneW];
        end
      end else begin
        rdata_q <= mem[addr_i];
      end
    end
  end

  assign rdata_o = rdata_q;

  if (InitFile != "") begin : gen_init
    initial $readmemh(InitFile, mem);
  end

  `ASSERT_NEVER(AddrRange_A, req_i && (32'(addr_i) >= Depth), clk_i, 1'b1)

endmodule
