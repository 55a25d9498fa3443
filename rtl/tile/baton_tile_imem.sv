// SPDX-License-Identifier: Apache-2.0
// Instruction memory of a tile and its page map (PM2, PM14).
//
// Engine mode: IMEM holds ImemBytes / PageBytes page slots. Each slot has a tag, the number of
// the code-window page it holds, and a resident bit; a fetch hits when its pc lies in the code
// window and some resident slot holds its page (docs/abi.md section 4). The lookup is a small
// fully associative compare, so any page can go in any slot.
// Bare mode: IMEM is the code window itself, [0, ImemBytes), and every word is fetchable.
//
// The loader writes IMEM words (word index into IMEM) and page-map slots. The fetch lookup is
// combinational (hit_o in the fetch cycle); the instruction word arrives in the next cycle.
`default_nettype none

`include "baton_assert.svh"

module baton_tile_imem
  import baton_abi_pkg::*;
#(
  parameter bit          BareMode  = 1'b0,
  parameter int unsigned CodeBytes = WinCodeBytes,
  parameter int unsigned PageBytes = TileDefPageBytes,
  parameter int unsigned ImemBytes = 4096,
  localparam int unsigned Words    = ImemBytes / 4,
  localparam int unsigned WordW    = baton_util_pkg::idx_w(Words),
  localparam int unsigned Slots    = (BareMode != 0) ? 1 : ImemBytes / PageBytes,
  localparam int unsigned SlotW    = baton_util_pkg::idx_w(Slots),
  localparam int unsigned PageBits = $clog2(PageBytes),
  localparam int unsigned CodeBits = $clog2(CodeBytes),
  localparam int unsigned TagW     = (CodeBits > PageBits) ? CodeBits - PageBits : 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,

  input  logic [31:0]      fetch_pc_i,
  output logic             hit_o,
  output logic [31:0]      rdata_o,

  input  logic             wr_i,
  input  logic [WordW-1:0] wr_word_i,
  input  logic [31:0]      wr_data_i,

  input  logic             map_i,
  input  logic [SlotW-1:0] map_slot_i,
  input  logic             map_resident_i,
  input  logic [TagW-1:0]  map_page_i
);

  `ASSERT_INIT(PageBytesLegal_A, PageBytes >= 64 && (PageBytes & (PageBytes - 1)) == 0)
  `ASSERT_INIT(CodeBytesLegal_A, CodeBytes >= PageBytes && CodeBytes <= (32'd1 << WindowShift) &&
                                 (CodeBytes & (CodeBytes - 1)) == 0)
  `ASSERT_INIT(ImemBytesLegal_A, ImemBytes >= 8 && (ImemBytes % 4) == 0 &&
                                 ImemBytes <= (32'd1 << WindowShift))
  `ASSERT_INIT(ImemPagesLegal_A, BareMode != 0 ||
                                 ((ImemBytes % PageBytes) == 0 && ImemBytes >= PageBytes))

  logic [WordW-1:0] rd_word;

  if (BareMode != 0) begin : gen_bare
    assign hit_o   = (fetch_pc_i < 32'(ImemBytes));
    assign rd_word = WordW'(fetch_pc_i >> 2);

    logic             unused_map;
    logic [SlotW-1:0] unused_map_slot;
    logic [TagW-1:0]  unused_map_page;
    assign unused_map      = map_i ^ map_resident_i;
    assign unused_map_slot = map_slot_i;
    assign unused_map_page = map_page_i;
  end else begin : gen_paged
    logic [Slots-1:0]           res_q;
    logic [Slots-1:0][TagW-1:0] tag_q;
    logic [Slots-1:0]           match;
    logic [SlotW-1:0]           slot;
    logic                       in_window;
    logic [TagW-1:0]            page;

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        res_q <= '0;
      end else if (map_i) begin
        res_q[map_slot_i] <= map_resident_i;
      end
    end

    always_ff @(posedge clk_i) begin
      if (map_i) tag_q[map_slot_i] <= map_page_i;
    end

    assign in_window = (fetch_pc_i[31:WindowShift] == WinCodeSel) &&
                       (32'(fetch_pc_i[WindowShift-1:0]) < 32'(CodeBytes));
    assign page      = TagW'(fetch_pc_i[WindowShift-1:0] >> PageBits);

    always_comb begin
      slot = '0;
      for (int unsigned s = 0; s < Slots; s++) begin
        match[s] = res_q[s] && (tag_q[s] == page);
        if (match[s]) slot = SlotW'(s);
      end
    end

    assign hit_o   = in_window && (|match);
    assign rd_word = WordW'((32'(slot) << (PageBits - 2)) |
                            32'(fetch_pc_i[PageBits-1:2]));

    `ASSERT(OnePageOneSlot_A, $onehot0(match))
    `ASSERT_NEVER(MapSlotRange_A, map_i && (32'(map_slot_i) >= Slots))
  end

  logic [31:0] unused_a_rdata;

  baton_ram_2p #(
    .Width (32),
    .Depth (Words)
  ) u_ram (
    .clk_i     (clk_i),
    .a_req_i   (wr_i),
    .a_we_i    (1'b1),
    .a_addr_i  (wr_word_i),
    .a_wdata_i (wr_data_i),
    .a_be_i    (1'b1),
    .a_rdata_o (unused_a_rdata),
    .b_req_i   (hit_o),
    .b_we_i    (1'b0),
    .b_addr_i  (rd_word),
    .b_wdata_i ('0),
    .b_be_i    (1'b1),
    .b_rdata_o (rdata_o)
  );

  `ASSERT_NEVER(WrRange_A, wr_i && (32'(wr_word_i) >= Words))

endmodule
