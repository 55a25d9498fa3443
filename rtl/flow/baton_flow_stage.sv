// SPDX-License-Identifier: Apache-2.0
// Workspace staging of the engine's flow state (SP5, SP7, SP8; docs/flow-state.md "Engine
// integration"): per lookup-controller slot, the flow index, each layer's private portion and the
// shared portion of the event in process. The controller's workspace beats fill a slot before
// its event is dispatched; every write-back from a tile is applied here as well as in the
// controller, so a migration's next tile pulls the state as the previous thread left it (a shared
// byte keeps its first write of the event, as the controller keeps it). Tiles pull a slot's
// workspace before delivery; the answer leaves one cycle after the pull is taken.
//
// Memories: one two-port RAM per portion and one for the flow index (port A writes, port B
// reads). A workspace beat and a write-back are never applied in the same cycle: write-backs wait
// (wb_ready_o low) while a beat is written.
`default_nettype none
`include "baton_assert.svh"

module baton_flow_stage
  import baton_pkg::*;
  import baton_lookup_pkg::*;
#(
  parameter int unsigned NumSlots = 64,
  localparam int unsigned SIdxW   = $clog2(NumSlots)
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  // The partition -> layer table (bit p: layer of partition p)
  input  logic [255:0]                  part_layer_i,
  // Workspace beats from the controller (always taken)
  input  logic [LkLayers-1:0]           ws_valid_i,
  input  lk_ws_t [LkLayers-1:0]         ws_i,
  // Write-backs (applied here; the caller forwards the same beat to the controller)
  input  logic                          wb_valid_i,
  output logic                          wb_ready_o,
  input  lk_wb_t                        wb_i,
  // Pulls (one per cycle) and their answers
  input  logic                          pull_valid_i,
  input  lk_pull_t                      pull_i,
  output logic                          rsp_valid_o,
  output lk_pull_rsp_t                  rsp_o
);

  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2 && NumSlots <= (1 << LkSlotW) &&
                                (NumSlots & (NumSlots - 1)) == 0)
  `ASSERT_INIT(TwoLayers_A, LkLayers == 2)

  localparam int unsigned PB = LkPortionBytes;

  logic any_ws, wb_take;
  assign any_ws     = |ws_valid_i;
  assign wb_ready_o = !any_ws;
  assign wb_take    = wb_valid_i && !any_ws;

  // ---- Shared bytes claimed by the event in process (first write wins) -------------------------
  logic [NumSlots-1:0][PB-1:0] claimed_q;
  logic [SIdxW-1:0]            wb_s, ws_s;
  lk_ws_t                      ws_one;  // a beat of this cycle: slot, flow and shared are every layer's
  logic [PB-1:0]               sh_eff;
  assign wb_s   = SIdxW'(wb_i.slot);
  assign ws_one = ws_valid_i[0] ? ws_i[0] : ws_i[1];
  assign ws_s   = SIdxW'(ws_one.slot);
  assign sh_eff = wb_i.shared_be & ~claimed_q[wb_s];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      claimed_q <= '0;
    end else if (any_ws) begin
      claimed_q[ws_s] <= '0;  // a new event of the slot
    end else if (wb_take) begin
      claimed_q[wb_s] <= claimed_q[wb_s] | sh_eff;
    end
  end

  // ---- Memories -----------------------------------------------------------------------------
  logic [SIdxW-1:0]      rd_s;
  logic [LkLayers-1:0][LkPortionW-1:0] priv_rdata;
  logic [LkPortionW-1:0] shared_rdata;
  logic [FlowW-1:0]      flow_rdata;
  assign rd_s = SIdxW'(pull_i.slot);

  for (genvar l = 0; l < LkLayers; l++) begin : gen_priv
    logic            we;
    logic [PB-1:0]   be;
    logic [LkPortionW-1:0] wdata, unused_a;
    assign we    = ws_valid_i[l] || (wb_take && (wb_i.layer == LkLayerW'(l)));
    assign be    = ws_valid_i[l] ? '1 : wb_i.priv_be;
    assign wdata = ws_valid_i[l] ? ws_i[l].priv : wb_i.priv;
    baton_ram_2p #(.Width(LkPortionW), .Depth(NumSlots), .ByteEn(1'b1)) u_priv (
      .clk_i     (clk_i),
      .a_req_i   (we),
      .a_we_i    (1'b1),
      .a_addr_i  (ws_valid_i[l] ? SIdxW'(ws_i[l].slot) : wb_s),
      .a_wdata_i (wdata),
      .a_be_i    (be),
      .a_rdata_o (unused_a),
      .b_req_i   (pull_valid_i),
      .b_we_i    (1'b0),
      .b_addr_i  (rd_s),
      .b_wdata_i ('0),
      .b_be_i    ('0),
      .b_rdata_o (priv_rdata[l])
    );
    logic unused_priv_a;
    assign unused_priv_a = ^unused_a;
  end

  logic [LkPortionW-1:0] sh_wdata, unused_sh_a;
  logic [PB-1:0]         sh_be;
  assign sh_wdata = any_ws ? ws_one.shared : wb_i.shared;
  assign sh_be    = any_ws ? '1 : sh_eff;
  baton_ram_2p #(.Width(LkPortionW), .Depth(NumSlots), .ByteEn(1'b1)) u_shared (
    .clk_i     (clk_i),
    .a_req_i   (any_ws || wb_take),
    .a_we_i    (1'b1),
    .a_addr_i  (any_ws ? ws_s : wb_s),
    .a_wdata_i (sh_wdata),
    .a_be_i    (sh_be),
    .a_rdata_o (unused_sh_a),
    .b_req_i   (pull_valid_i),
    .b_we_i    (1'b0),
    .b_addr_i  (rd_s),
    .b_wdata_i ('0),
    .b_be_i    ('0),
    .b_rdata_o (shared_rdata)
  );

  logic [FlowW-1:0] unused_fl_a;
  baton_ram_2p #(.Width(FlowW), .Depth(NumSlots)) u_flow (
    .clk_i     (clk_i),
    .a_req_i   (any_ws),
    .a_we_i    (1'b1),
    .a_addr_i  (ws_s),
    .a_wdata_i (ws_one.flow),
    .a_be_i    ('1),
    .a_rdata_o (unused_fl_a),
    .b_req_i   (pull_valid_i),
    .b_we_i    (1'b0),
    .b_addr_i  (rd_s),
    .b_wdata_i ('0),
    .b_be_i    ('0),
    .b_rdata_o (flow_rdata)
  );

  // ---- Answer ------------------------------------------------------------------------------------
  logic                rsp_valid_q;
  logic [TileW-1:0]    rsp_tile_q;
  logic [ThreadW-1:0]  rsp_thread_q;
  logic [LkLayerW-1:0] rsp_layer_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) rsp_valid_q <= 1'b0;
    else         rsp_valid_q <= pull_valid_i;
  end
  always_ff @(posedge clk_i) begin
    if (pull_valid_i) begin
      rsp_tile_q   <= pull_i.tile;
      rsp_thread_q <= pull_i.thread;
      rsp_layer_q  <= LkLayerW'(part_layer_i[pull_i.part]);
    end
  end

  assign rsp_valid_o   = rsp_valid_q;
  assign rsp_o.tile    = rsp_tile_q;
  assign rsp_o.thread  = rsp_thread_q;
  assign rsp_o.flow    = flow_rdata;
  assign rsp_o.layer   = rsp_layer_q;
  assign rsp_o.priv    = priv_rdata[rsp_layer_q];
  assign rsp_o.shared  = shared_rdata;

  logic unused_bits;
  assign unused_bits = ^{wb_i.slot, wb_i.done, pull_i.slot, ws_i[0].tile, ws_i[1].tile,
                         ws_one.tile, ws_one.priv};

  // The controller writes both layers' beats of an event in the same cycle or names one slot.
  `ASSERT_NEVER(WsSlotsAgree_A, ws_valid_i[0] && ws_valid_i[1] && (ws_i[0].slot != ws_i[1].slot))
  // A pull reads a slot after the write-back that precedes it in the event was written.
  `ASSERT_NEVER(PullMeetsWb_A, pull_valid_i && wb_take && (rd_s == wb_s))

endmodule
