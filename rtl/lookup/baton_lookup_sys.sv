// SPDX-License-Identifier: Apache-2.0
// The lookup controller with its memories: baton_lookup plus two flow-table bank memories, the
// flow-state memory and the timer memory (baton_lookup_mem, fixed read latency). This is what the
// testbench and the benchmark simulate, and what an FPGA build instantiates (block RAM).
// Defaults are the FPGA configuration (1,026 flows, every memory with a register behind its block
// RAM); the default simulation configuration
// (tests/unit/lookup, tb/bench/lookup) sets BucketsPerBank = 8192, Ways = 4 for 65,544 flows.
`default_nettype none
`include "baton_assert.svh"

module baton_lookup_sys
  import baton_lookup_pkg::*;
#(
  parameter int unsigned BucketsPerBank = 256,
  parameter int unsigned Ways           = 2,
  parameter int unsigned StashSize      = 2,
  parameter bit          HashKind       = 1'b0,
  parameter int unsigned NumSlots       = 8,
  parameter int unsigned MaxPerFlow     = 4,
  parameter int unsigned TableLatency   = 2,
  parameter int unsigned StateLatency   = 2,
  parameter int unsigned TimerLatency   = 2,
  parameter int unsigned ScratchWords   = 1024
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  logic [baton_pkg::TimeW-1:0] now_i,
  output logic                        init_done_o,
  input  logic                        req_valid_i,
  output logic                        req_ready_o,
  input  lk_req_t                     req_i,
  input  logic                        cmd_valid_i,
  output logic                        cmd_ready_o,
  input  lk_cmd_t                     cmd_i,
  input  logic                        gen_valid_i,
  output logic                        gen_ready_o,
  input  lk_gen_t                     gen_i,
  output logic                        disp_valid_o,
  input  logic                        disp_ready_i,
  output lk_disp_t                    disp_o,
  output logic [LkLayers-1:0]         ws_valid_o,
  input  logic [LkLayers-1:0]         ws_ready_i,
  output lk_ws_t [LkLayers-1:0]       ws_o,
  input  logic                        wb_valid_i,
  output logic                        wb_ready_o,
  input  lk_wb_t                      wb_i,
  input  logic                        spad_req_valid_i,
  output logic                        spad_req_ready_o,
  input  lk_spad_req_t                spad_req_i,
  output logic                        spad_rsp_valid_o,
  input  logic                        spad_rsp_ready_i,
  output logic [31:0]                 spad_rsp_o,
  output logic                        res_valid_o,
  output lk_res_t                     res_o,
  output logic                        fire_valid_o,
  output lk_expiry_t                  fire_o,
  output lk_stats_t                   stats_o
);

  localparam int unsigned BktW     = $clog2(BucketsPerBank);
  localparam int unsigned BucketW  = Ways * LkEntryW;
  localparam int unsigned NumFlows = 2 * BucketsPerBank * Ways + StashSize;
  localparam int unsigned FlowAw   = $clog2(NumFlows);
  localparam int unsigned TimerW   = $bits(lk_timer_t);

  `ASSERT_INIT(BucketsLegal_A, BucketsPerBank >= 2)
  `ASSERT_INIT(WaysLegal_A, Ways >= 2)
  `ASSERT_INIT(StashLegal_A, StashSize >= 1)
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2)
  `ASSERT_INIT(MaxPerFlowLegal_A, MaxPerFlow >= 1)
  `ASSERT_INIT(LatenciesLegal_A, (TableLatency >= 1) && (StateLatency >= 1) && (TimerLatency >= 1))
  `ASSERT_INIT(ScratchWordsLegal_A, ScratchWords >= 2)

  logic [1:0]               tbl_rd_req, tbl_wr_req;
  logic [1:0][BktW-1:0]     tbl_rd_addr, tbl_wr_addr;
  logic [1:0][BucketW-1:0]  tbl_rd_data, tbl_wr_data;
  logic [1:0][Ways-1:0]     tbl_wr_be;
  logic                     st_rd_req, st_wr_req;
  logic [FlowAw-1:0]        st_rd_addr, st_wr_addr;
  logic [LkBlockW-1:0]      st_rd_data, st_wr_data;
  logic [LkBlockBytes-1:0]  st_wr_be;
  logic                     tm_rd_req, tm_wr_req;
  logic [FlowAw-1:0]        tm_rd_addr, tm_wr_addr;
  logic [TimerW-1:0]        tm_rd_data, tm_wr_data;

  baton_lookup #(
    .BucketsPerBank (BucketsPerBank),
    .Ways           (Ways),
    .StashSize      (StashSize),
    .HashKind       (HashKind),
    .NumSlots       (NumSlots),
    .MaxPerFlow     (MaxPerFlow),
    .TableLatency   (TableLatency),
    .StateLatency   (StateLatency),
    .TimerLatency   (TimerLatency),
    .ScratchWords   (ScratchWords)
  ) u_lookup (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .now_i            (now_i),
    .init_done_o      (init_done_o),
    .req_valid_i      (req_valid_i),
    .req_ready_o      (req_ready_o),
    .req_i            (req_i),
    .cmd_valid_i      (cmd_valid_i),
    .cmd_ready_o      (cmd_ready_o),
    .cmd_i            (cmd_i),
    .gen_valid_i      (gen_valid_i),
    .gen_ready_o      (gen_ready_o),
    .gen_i            (gen_i),
    .disp_valid_o     (disp_valid_o),
    .disp_ready_i     (disp_ready_i),
    .disp_o           (disp_o),
    .ws_valid_o       (ws_valid_o),
    .ws_ready_i       (ws_ready_i),
    .ws_o             (ws_o),
    .wb_valid_i       (wb_valid_i),
    .wb_ready_o       (wb_ready_o),
    .wb_i             (wb_i),
    .spad_req_valid_i (spad_req_valid_i),
    .spad_req_ready_o (spad_req_ready_o),
    .spad_req_i       (spad_req_i),
    .spad_rsp_valid_o (spad_rsp_valid_o),
    .spad_rsp_ready_i (spad_rsp_ready_i),
    .spad_rsp_o       (spad_rsp_o),
    .res_valid_o      (res_valid_o),
    .res_o            (res_o),
    .fire_valid_o     (fire_valid_o),
    .fire_o           (fire_o),
    .stats_o          (stats_o),
    .tbl_rd_req_o     (tbl_rd_req),
    .tbl_rd_addr_o    (tbl_rd_addr),
    .tbl_rd_data_i    (tbl_rd_data),
    .tbl_wr_req_o     (tbl_wr_req),
    .tbl_wr_addr_o    (tbl_wr_addr),
    .tbl_wr_data_o    (tbl_wr_data),
    .tbl_wr_be_o      (tbl_wr_be),
    .st_rd_req_o      (st_rd_req),
    .st_rd_addr_o     (st_rd_addr),
    .st_rd_data_i     (st_rd_data),
    .st_wr_req_o      (st_wr_req),
    .st_wr_addr_o     (st_wr_addr),
    .st_wr_data_o     (st_wr_data),
    .st_wr_be_o       (st_wr_be),
    .tm_rd_req_o      (tm_rd_req),
    .tm_rd_addr_o     (tm_rd_addr),
    .tm_rd_data_i     (tm_rd_data),
    .tm_wr_req_o      (tm_wr_req),
    .tm_wr_addr_o     (tm_wr_addr),
    .tm_wr_data_o     (tm_wr_data)
  );

  for (genvar k = 0; k < 2; k++) begin : gen_bank
    baton_lookup_mem #(
      .Width   (BucketW),
      .Depth   (BucketsPerBank),
      .Lanes   (Ways),
      .Latency (TableLatency)
    ) u_bank (
      .clk_i     (clk_i),
      .rd_req_i  (tbl_rd_req[k]),
      .rd_addr_i (tbl_rd_addr[k]),
      .rd_data_o (tbl_rd_data[k]),
      .wr_req_i  (tbl_wr_req[k]),
      .wr_addr_i (tbl_wr_addr[k]),
      .wr_data_i (tbl_wr_data[k]),
      .wr_be_i   (tbl_wr_be[k])
    );
  end

  baton_lookup_mem #(
    .Width   (LkBlockW),
    .Depth   (NumFlows),
    .Lanes   (LkBlockBytes),
    .Latency (StateLatency)
  ) u_state (
    .clk_i     (clk_i),
    .rd_req_i  (st_rd_req),
    .rd_addr_i (st_rd_addr),
    .rd_data_o (st_rd_data),
    .wr_req_i  (st_wr_req),
    .wr_addr_i (st_wr_addr),
    .wr_data_i (st_wr_data),
    .wr_be_i   (st_wr_be)
  );

  baton_lookup_mem #(
    .Width   (TimerW),
    .Depth   (NumFlows),
    .Lanes   (1),
    .Latency (TimerLatency)
  ) u_timers (
    .clk_i     (clk_i),
    .rd_req_i  (tm_rd_req),
    .rd_addr_i (tm_rd_addr),
    .rd_data_o (tm_rd_data),
    .wr_req_i  (tm_wr_req),
    .wr_addr_i (tm_wr_addr),
    .wr_data_i (tm_wr_data),
    .wr_be_i   (1'b1)
  );

endmodule
