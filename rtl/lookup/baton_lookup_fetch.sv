// SPDX-License-Identifier: Apache-2.0
// State fetch, workspace copy (SP5) and dispatch of admitted events.
//
// A picked slot (the pick is registered first) reads its flow's state block (LkBlockBytes, one
// word of the state memory) unless the flow is new (a zero block, no read) or the event has no
// flow. Together with the event's payload (tag, tiles, context) the block enters a return FIFO and
// a skid register behind it; credits keep reads in flight plus queued entries within the FIFO's
// depth, so data returning from the fixed-latency memory always has room. At the head each layer's
// portion goes to that layer's tile on its own workspace channel, together with the shared portion
// (all layers in parallel, each channel with its own ready). Only when every layer's beat has been
// taken does the event enter the dispatch register, so a tile never sees an event before its
// workspace. Events without a flow skip the workspace channels.
// Throughput: one event per cycle.
`default_nettype none
`include "baton_assert.svh"

module baton_lookup_fetch
  import baton_lookup_pkg::*;
#(
  parameter int unsigned NumSlots = 64,
  parameter int unsigned NumFlows = 65544,
  parameter int unsigned Latency  = 2,
  localparam int unsigned FlowAw  = $clog2(NumFlows)
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  // Payload of a newly admitted request, written when its slot is allocated.
  input  logic                        pl_we_i,
  input  logic [LkSlotW-1:0]          pl_slot_i,
  input  lk_payload_t                 pl_i,
  // Pick from the slot scheduler.
  input  logic                        pick_valid_i,
  output logic                        pick_ready_o,
  input  logic [LkSlotW-1:0]          pick_slot_i,
  input  logic [baton_pkg::FlowW-1:0] pick_flow_i,
  input  lk_status_e                  pick_status_i,
  input  logic                        pick_read_i,
  // State memory read port.
  output logic                        st_rd_req_o,
  output logic [FlowAw-1:0]           st_rd_addr_o,
  input  logic [LkBlockW-1:0]         st_rd_data_i,
  // Workspace channels, one per layer.
  output logic [LkLayers-1:0]         ws_valid_o,
  input  logic [LkLayers-1:0]         ws_ready_i,
  output lk_ws_t [LkLayers-1:0]       ws_o,
  // Dispatch channel.
  output logic                        disp_valid_o,
  input  logic                        disp_ready_i,
  output lk_disp_t                    disp_o,
  output logic                        disp_fire_o
);

  localparam int unsigned FlowW    = baton_pkg::FlowW;
  localparam int unsigned RetDepth = Latency + 5;
  localparam int unsigned CntW     = $clog2(RetDepth + 1);
  localparam int unsigned SIdxW    = $clog2(NumSlots);

  `ASSERT_INIT(NumSlotsLegal_A, (NumSlots >= 2) && (NumSlots <= (1 << LkSlotW)))
  `ASSERT_INIT(NumFlowsLegal_A, (NumFlows >= 2) && (NumFlows <= (1 << FlowW)))
  `ASSERT_INIT(LatencyLegal_A, (Latency >= 1) && (Latency <= 16))

  typedef struct packed {
    logic [LkSlotW-1:0] slot;
    logic [FlowW-1:0]   flow;
    lk_status_e         status;
    logic               read;
  } meta_t;

  typedef struct packed {
    meta_t               meta;
    lk_payload_t         pl;
    logic [LkBlockW-1:0] data;
  } ret_t;

  // ---- P: the pick, registered ---------------------------------------------------------------------
  // The state read and the payload read are issued from a register, one cycle after the pick, so
  // that the slot scheduler's choice does not drive the memories' address pins.
  logic        pick_fire;
  logic        p_valid_q;
  meta_t       p_q;
  logic        unused_slot_bits;
  assign unused_slot_bits = ^{pl_slot_i, p_q.slot};
  assign pick_fire = pick_valid_i && pick_ready_o;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) p_valid_q <= 1'b0;
    else         p_valid_q <= pick_fire;
  end
  always_ff @(posedge clk_i) begin
    if (pick_fire) begin
      p_q <= '{slot: pick_slot_i, flow: pick_flow_i, status: pick_status_i, read: pick_read_i};
    end
  end

  // ---- Payload store --------------------------------------------------------------------------------
  lk_payload_t pl_rdata, unused_a_rdata;

  baton_ram_2p #(
    .Width        ($bits(lk_payload_t)),
    .Depth        (NumSlots),
    .ByteEn       (0),
    .TrueDualPort (0)
  ) u_payload (
    .clk_i     (clk_i),
    .a_req_i   (pl_we_i),
    .a_we_i    (1'b1),
    .a_addr_i  (pl_slot_i[SIdxW-1:0]),
    .a_wdata_i (pl_i),
    .a_be_i    (1'b1),
    .a_rdata_o (unused_a_rdata),
    .b_req_i   (p_valid_q),
    .b_we_i    (1'b0),
    .b_addr_i  (p_q.slot[SIdxW-1:0]),
    .b_wdata_i ('0),
    .b_be_i    (1'b0),
    .b_rdata_o (pl_rdata)
  );

  // ---- State read and the pipeline beside it -----------------------------------------------------------
  assign st_rd_req_o  = p_valid_q && p_q.read;
  assign st_rd_addr_o = FlowAw'(p_q.flow);

  logic [Latency-1:0]          m_valid_q;
  meta_t [Latency-1:0]         m_q;
  lk_payload_t                 pl_at_ret;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      m_valid_q <= '0;
    end else begin
      m_valid_q[0] <= p_valid_q;
      for (int unsigned s = 1; s < Latency; s++) m_valid_q[s] <= m_valid_q[s-1];
    end
  end
  always_ff @(posedge clk_i) begin
    m_q[0] <= p_q;
    for (int unsigned s = 1; s < Latency; s++) m_q[s] <= m_q[s-1];
  end

  // The payload store answers after one cycle; delay it to meet the state data.
  if (Latency > 1) begin : gen_pl_delay
    lk_payload_t [Latency-2:0] pl_q;
    always_ff @(posedge clk_i) begin
      pl_q[0] <= pl_rdata;
      for (int unsigned s = 1; s < Latency - 1; s++) pl_q[s] <= pl_q[s-1];
    end
    assign pl_at_ret = pl_q[Latency-2];
  end else begin : gen_pl_direct
    assign pl_at_ret = pl_rdata;
  end

  // ---- Return FIFO with credits -------------------------------------------------------------------------
  ret_t            ret_in, fifo_out, head;
  logic            ret_in_ready, fifo_valid, fifo_pop, head_valid, head_pop;
  logic [CntW-1:0] cnt_q;
  logic [$clog2(RetDepth + 1)-1:0] unused_count;
  logic            unused_full, unused_empty;

  assign ret_in = '{meta: m_q[Latency-1], pl: pl_at_ret,
                    data: m_q[Latency-1].read ? st_rd_data_i : '0};

  baton_fifo_sync #(
    .data_t      (ret_t),
    .Depth       (RetDepth),
    .FallThrough (0)
  ) u_ret (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .in_valid_i  (m_valid_q[Latency-1]),
    .in_ready_o  (ret_in_ready),
    .in_data_i   (ret_in),
    .out_valid_o (fifo_valid),
    .out_ready_i (fifo_pop),
    .out_data_o  (fifo_out),
    .count_o     (unused_count),
    .full_o      (unused_full),
    .empty_o     (unused_empty)
  );

  // A skid register behind the FIFO: the workspace and dispatch readies reach only its output
  // register, not the FIFO's read side. Credits cover the FIFO and this register.
  baton_spill_reg #(
    .Width ($bits(ret_t))
  ) u_head (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .in_valid_i  (fifo_valid),
    .in_ready_o  (fifo_pop),
    .in_data_i   (fifo_out),
    .out_valid_o (head_valid),
    .out_ready_i (head_pop),
    .out_data_o  (head)
  );

  assign pick_ready_o = (cnt_q < CntW'(RetDepth));

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q <= '0;
    end else if (pick_fire != (head_valid && head_pop)) begin
      cnt_q <= pick_fire ? cnt_q + 1'b1 : cnt_q - 1'b1;
    end
  end

  // ---- Workspace beats, then dispatch ------------------------------------------------------------------
  logic                has_ws, all_sent, disp_in_ready;
  logic [LkLayers-1:0] sent_q, ws_fire;
  lk_disp_t            disp_in;

  assign has_ws = (head.meta.status == LkHit) || (head.meta.status == LkInserted) ||
                  (head.meta.status == LkTimeout) || (head.meta.status == LkGenerated);

  always_comb begin
    for (int unsigned l = 0; l < LkLayers; l++) begin
      ws_valid_o[l] = head_valid && has_ws && !sent_q[l];
      ws_o[l]       = '{tile:   head.pl.tiles[l],
                        slot:   head.meta.slot,
                        flow:   head.meta.flow,
                        priv:   head.data[l*LkPortionW +: LkPortionW],
                        shared: head.data[LkSharedLsb +: LkPortionW]};
    end
  end
  assign ws_fire  = ws_valid_o & ws_ready_i;
  assign all_sent = !has_ws || (&(sent_q | ws_fire));
  assign head_pop = all_sent && disp_in_ready;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sent_q <= '0;
    end else if (head_valid) begin
      sent_q <= head_pop ? '0 : (sent_q | ws_fire);
    end
  end

  always_comb begin
    disp_in        = '{slot: head.meta.slot, status: head.meta.status, tag: head.pl.tag,
                       tiles: head.pl.tiles, ctx: head.pl.ctx};
    disp_in.ctx.flow = (has_ws || (head.meta.status == LkBusy)) ? head.meta.flow : '0;
  end

  baton_spill_reg #(
    .Width ($bits(lk_disp_t))
  ) u_disp (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .in_valid_i  (head_valid && all_sent),
    .in_ready_o  (disp_in_ready),
    .in_data_i   (disp_in),
    .out_valid_o (disp_valid_o),
    .out_ready_i (disp_ready_i),
    .out_data_o  (disp_o)
  );

  assign disp_fire_o = disp_valid_o && disp_ready_i;

  // ---- Checks -------------------------------------------------------------------------------------------
  `ASSERT_NEVER(ReturnOverflow_A, m_valid_q[Latency-1] && !ret_in_ready)
  `ASSERT(CreditsInRange_A, cnt_q <= CntW'(RetDepth))
  `ASSERT_STABLE(DispStable_A, disp_valid_o, disp_ready_i, disp_o)
  for (genvar l = 0; l < LkLayers; l++) begin : gen_ws_checks
    `ASSERT_STABLE(WsStable_A, ws_valid_o[l], ws_ready_i[l], ws_o[l])
  end

endmodule
