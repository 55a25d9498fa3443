// SPDX-License-Identifier: Apache-2.0
// FPGA top of the lookup controller for utilization and timing runs (fpga/flow --block lookup;
// not part of the product): baton_lookup_sys (the controller with its memories) and the four pins
// of baton_fpga_pins (every input from a serial shift register, every output registered and folded
// to one pin by a registered XOR tree), so place and route sees the controller with registered
// I/O and only its own register-to-register paths are timed.
`default_nettype none

`include "baton_assert.svh"

module baton_lookup_fpga
  import baton_lookup_pkg::*;
#(
  // Passed to baton_lookup_sys (whose defaults are the FPGA configuration); fpga/flow --param.
  parameter int unsigned BucketsPerBank = 256,
  parameter int unsigned Ways           = 2,
  parameter int unsigned StashSize      = 2,
  parameter int unsigned NumSlots       = 8,
  parameter int unsigned MaxPerFlow     = 4,
  parameter int unsigned ScratchWords   = 1024,
  parameter int unsigned TableLatency   = 2,
  parameter int unsigned StateLatency   = 2,
  parameter int unsigned TimerLatency   = 2
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic sin_i,
  output logic sout_o
);

  `ASSERT_INIT(BucketsLegal_A, BucketsPerBank >= 2)
  `ASSERT_INIT(WaysLegal_A, Ways >= 2)
  `ASSERT_INIT(StashLegal_A, StashSize >= 1)
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2)
  `ASSERT_INIT(MaxPerFlowLegal_A, MaxPerFlow >= 1)
  `ASSERT_INIT(ScratchWordsLegal_A, ScratchWords >= 2)
  `ASSERT_INIT(LatenciesLegal_A, (TableLatency >= 1) && (StateLatency >= 1) && (TimerLatency >= 1))

  typedef struct packed {
    logic [baton_pkg::TimeW-1:0] now;
    logic                        req_valid;
    lk_req_t                     req;
    logic                        cmd_valid;
    lk_cmd_t                     cmd;
    logic                        gen_valid;
    lk_gen_t                     gen;
    logic                        disp_ready;
    logic [LkLayers-1:0]         ws_ready;
    logic                        wb_valid;
    lk_wb_t                      wb;
    logic                        spad_req_valid;
    lk_spad_req_t                spad_req;
    logic                        spad_rsp_ready;
  } ins_t;

  typedef struct packed {
    logic                  init_done;
    logic                  req_ready;
    logic                  cmd_ready;
    logic                  gen_ready;
    logic                  disp_valid;
    lk_disp_t              disp;
    logic [LkLayers-1:0]   ws_valid;
    lk_ws_t [LkLayers-1:0] ws;
    logic                  wb_ready;
    logic                  spad_req_ready;
    logic                  spad_rsp_valid;
    logic [31:0]           spad_rsp;
    logic                  res_valid;
    lk_res_t               res;
    logic                  fire_valid;
    lk_expiry_t            fire;
    lk_stats_t             stats;
  } outs_t;

  ins_t  ins;
  outs_t outs;
  logic  rst_n;

  baton_fpga_pins #(
    .InW  ($bits(ins_t)),
    .OutW ($bits(outs_t))
  ) u_pins (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .sin_i  (sin_i),
    .sout_o (sout_o),
    .rst_no (rst_n),
    .ins_o  (ins),
    .outs_i (outs)
  );

  baton_lookup_sys #(
    .BucketsPerBank (BucketsPerBank),
    .Ways           (Ways),
    .StashSize      (StashSize),
    .NumSlots       (NumSlots),
    .MaxPerFlow     (MaxPerFlow),
    .ScratchWords   (ScratchWords),
    .TableLatency   (TableLatency),
    .StateLatency   (StateLatency),
    .TimerLatency   (TimerLatency)
  ) u_lookup (
    .clk_i            (clk_i),
    .rst_ni           (rst_n),
    .now_i            (ins.now),
    .init_done_o      (outs.init_done),
    .req_valid_i      (ins.req_valid),
    .req_ready_o      (outs.req_ready),
    .req_i            (ins.req),
    .cmd_valid_i      (ins.cmd_valid),
    .cmd_ready_o      (outs.cmd_ready),
    .cmd_i            (ins.cmd),
    .gen_valid_i      (ins.gen_valid),
    .gen_ready_o      (outs.gen_ready),
    .gen_i            (ins.gen),
    .disp_valid_o     (outs.disp_valid),
    .disp_ready_i     (ins.disp_ready),
    .disp_o           (outs.disp),
    .ws_valid_o       (outs.ws_valid),
    .ws_ready_i       (ins.ws_ready),
    .ws_o             (outs.ws),
    .wb_valid_i       (ins.wb_valid),
    .wb_ready_o       (outs.wb_ready),
    .wb_i             (ins.wb),
    .spad_req_valid_i (ins.spad_req_valid),
    .spad_req_ready_o (outs.spad_req_ready),
    .spad_req_i       (ins.spad_req),
    .spad_rsp_valid_o (outs.spad_rsp_valid),
    .spad_rsp_ready_i (ins.spad_rsp_ready),
    .spad_rsp_o       (outs.spad_rsp),
    .res_valid_o      (outs.res_valid),
    .res_o            (outs.res),
    .fire_valid_o     (outs.fire_valid),
    .fire_o           (outs.fire),
    .stats_o          (outs.stats)
  );

endmodule
