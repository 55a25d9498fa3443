// SPDX-License-Identifier: Apache-2.0
// Write-back merge (SP5, SP7, SP8).
//
// While an event is in process its tiles write back their modified workspace bytes, each
// write-back carrying a byte mask per portion; the controller merges them per slot into a staging
// block. A layer's private portion takes every masked byte (a tile may write its own portion more
// than once; the last write wins). A byte of the shared portion can be written once per event:
// the first write-back that masks it claims it, and a later write-back's mask bit for a claimed
// byte is dropped and counted as a conflict (conflict_o), so no core overwrites what another core
// changed.
//
// On done the staged block leaves as one contiguous block write two cycles later (blk_valid_o):
// blk_be_o names every byte written during the event, blk_data_o holds those bytes and zero
// elsewhere. The caller writes with blk_be_o, or with every byte enabled for a new flow.
`default_nettype none
`include "baton_assert.svh"

module baton_lookup_wb
  import baton_lookup_pkg::*;
#(
  parameter int unsigned NumSlots = 64
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    wb_valid_i,   // an accepted write-back to a slot in process
  input  lk_wb_t                  wb_i,
  output logic                    conflict_o,
  output logic                    blk_valid_o,
  output logic [LkSlotW-1:0]      blk_slot_o,
  output logic [LkBlockW-1:0]     blk_data_o,
  output logic [LkBlockBytes-1:0] blk_be_o
);

  localparam int unsigned SIdxW = $clog2(NumSlots);
  localparam int unsigned PB    = LkPortionBytes;

  `ASSERT_INIT(NumSlotsLegal_A, (NumSlots >= 2) && (NumSlots <= (1 << LkSlotW)))

  logic [LkBlockBytes-1:0] claimed_q [NumSlots];

  // ---- W1: place the portions, merge the masks, stage the bytes -----------------------------------
  logic [SIdxW-1:0]        w1_s;
  logic [PB-1:0]           sh_claimed, sh_eff;
  logic [LkBlockBytes-1:0] be_blk;
  logic [LkBlockW-1:0]     data_blk;

  assign w1_s       = wb_i.slot[SIdxW-1:0];
  assign sh_claimed = claimed_q[w1_s][LkLayers*PB +: PB];
  assign sh_eff     = wb_i.shared_be & ~sh_claimed;

  always_comb begin
    be_blk   = '0;
    data_blk = '0;
    for (int unsigned l = 0; l < LkLayers; l++) begin
      if (wb_i.layer == LkLayerW'(l)) begin
        be_blk[l*PB +: PB]               = wb_i.priv_be;
        data_blk[l*LkPortionW +: LkPortionW] = wb_i.priv;
      end
    end
    be_blk[LkLayers*PB +: PB]            = sh_eff;
    data_blk[LkSharedLsb +: LkPortionW]  = wb_i.shared;
  end

  assign conflict_o = wb_valid_i && (|(wb_i.shared_be & sh_claimed));

  // ---- W2/W3: read the staged block after done ----------------------------------------------------
  logic             w2_valid_q, w3_valid_q;
  logic [SIdxW-1:0] w2_s_q, w3_s_q;
  logic [LkBlockW-1:0] stage_rdata, unused_a_rdata;

  baton_ram_2p #(
    .Width        (LkBlockW),
    .Depth        (NumSlots),
    .ByteEn       (1),
    .TrueDualPort (0)
  ) u_stage (
    .clk_i     (clk_i),
    .a_req_i   (wb_valid_i),
    .a_we_i    (1'b1),
    .a_addr_i  (w1_s),
    .a_wdata_i (data_blk),
    .a_be_i    (be_blk),
    .a_rdata_o (unused_a_rdata),
    .b_req_i   (w2_valid_q),
    .b_we_i    (1'b0),
    .b_addr_i  (w2_s_q),
    .b_wdata_i ('0),
    .b_be_i    ('0),
    .b_rdata_o (stage_rdata)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      w2_valid_q <= 1'b0;
      w3_valid_q <= 1'b0;
      for (int unsigned i = 0; i < NumSlots; i++) claimed_q[i] <= '0;
    end else begin
      w2_valid_q <= wb_valid_i && wb_i.done;
      w3_valid_q <= w2_valid_q;
      if (wb_valid_i) claimed_q[w1_s] <= claimed_q[w1_s] | be_blk;
      if (w3_valid_q) claimed_q[w3_s_q] <= '0;
    end
  end
  always_ff @(posedge clk_i) begin
    w2_s_q <= w1_s;
    w3_s_q <= w2_s_q;
  end

  always_comb begin
    blk_be_o = claimed_q[w3_s_q];
    for (int unsigned b = 0; b < LkBlockBytes; b++) begin
      blk_data_o[b*8 +: 8] = blk_be_o[b] ? stage_rdata[b*8 +: 8] : 8'h00;
    end
  end
  assign blk_valid_o = w3_valid_q;
  always_comb begin
    blk_slot_o            = '0;
    blk_slot_o[SIdxW-1:0] = w3_s_q;
  end

  logic unused_wb_bits;
  assign unused_wb_bits = ^wb_i.slot;

  // A slot is written back only while in process: never after its done.
  `ASSERT_NEVER(WriteBackAfterDone_A, wb_valid_i && ((w2_valid_q && (w2_s_q == w1_s)) ||
                (w3_valid_q && (w3_s_q == w1_s))))

endmodule
