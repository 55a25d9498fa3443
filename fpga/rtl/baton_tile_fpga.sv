// SPDX-License-Identifier: Apache-2.0
// FPGA top of one baton_tile for utilization and timing runs (fpga/flow, the default top): the
// tile and the four pins of baton_fpga_pins (every tile input from a serial shift register, every
// output registered and folded to one pin by a registered XOR tree), so synthesis keeps all of
// the tile and only its own register-to-register paths are timed. Not a board design.
`default_nettype none

`include "baton_assert.svh"

module baton_tile_fpga
  import baton_abi_pkg::*;
  import baton_pkg::*;
#(
  parameter int unsigned NumThreads = 4,
  parameter bit          Zbb        = 1'b1,
  parameter int unsigned ImemBytes  = 4096
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic sin_i,
  output logic sout_o
);

  `ASSERT_INIT(NumThreadsLegal_A, NumThreads >= 1 && NumThreads <= 8)
  `ASSERT_INIT(ImemBytesLegal_A, ImemBytes >= 1024)

  localparam int unsigned InW  = 1 + CtxW + ThreadW + 1 + 1 + 1 + ThreadW + 32 + 1 + 2 + 24 + 32;
  localparam int unsigned OutW = 1 + NumThreads + 1 + $bits(thread_op_t) + 1 + 1 + 32 + 4 + 32 +
                                 ThreadW + PktHandleW + 1 + 1 + 1 + 2 + 2 * (1 + PktHandleW);

  logic            rst_n;
  logic [InW-1:0]  ins;
  logic [OutW-1:0] outs;

  baton_fpga_pins #(
    .InW  (InW),
    .OutW (OutW)
  ) u_pins (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .sin_i  (sin_i),
    .sout_o (sout_o),
    .rst_no (rst_n),
    .ins_o  (ins),
    .outs_i (outs)
  );

  logic                  ctx_valid, ctx_ready, op_valid, op_ready;
  ctx_t                  ctx;
  logic [ThreadW-1:0]    ctx_thread, rsp_thread, req_thread;
  logic [NumThreads-1:0] idle;
  thread_op_t            op;
  logic                  req_valid, req_ready, req_we, rsp_valid, rsp_ready, ld_valid, ld_ready;
  logic [31:0]           req_addr, req_wdata, rsp_rdata, ld_data;
  logic [3:0]            req_be;
  logic [PktHandleW-1:0] req_handle;
  logic [1:0]            ld_kind;
  logic [23:0]           ld_addr;
  logic                  perf_issue;
  logic [1:0]            perf_retire;
  logic                  perf_start, perf_mig;
  logic [PktHandleW-1:0] perf_start_handle, perf_mig_handle;

  assign {ctx_valid, ctx, ctx_thread, op_ready, req_ready, rsp_valid, rsp_thread, rsp_rdata, ld_valid,
          ld_kind, ld_addr, ld_data} = ins;

  baton_tile #(
    .NumThreads (NumThreads),
    .Zbb        (Zbb),
    .ImemBytes  (ImemBytes)
  ) u_tile (
    .clk_i             (clk_i),
    .rst_ni            (rst_n),
    .ctx_valid_i       (ctx_valid),
    .ctx_ready_o       (ctx_ready),
    .ctx_i             (ctx),
    .ctx_thread_i      (ctx_thread),
    .thread_idle_o     (idle),
    .op_valid_o        (op_valid),
    .op_ready_i        (op_ready),
    .op_o              (op),
    .fs_pull_valid_o   (),
    .fs_pull_ready_i   (1'b0),
    .fs_pull_o         (),
    .fs_rsp_valid_i    (1'b0),
    .fs_rsp_i          ('0),
    .fs_wb_valid_o     (),
    .fs_wb_ready_i     (1'b0),
    .fs_wb_o           (),
    .fs_cmd_valid_o    (),
    .fs_cmd_ready_i    (1'b0),
    .fs_cmd_o          (),
    .dmem_req_valid_o  (req_valid),
    .dmem_req_ready_i  (req_ready),
    .dmem_req_we_o     (req_we),
    .dmem_req_addr_o   (req_addr),
    .dmem_req_be_o     (req_be),
    .dmem_req_wdata_o  (req_wdata),
    .dmem_req_thread_o (req_thread),
    .dmem_req_handle_o (req_handle),
    .dmem_rsp_valid_i  (rsp_valid),
    .dmem_rsp_ready_o  (rsp_ready),
    .dmem_rsp_thread_i (rsp_thread),
    .dmem_rsp_rdata_i  (rsp_rdata),
    .ld_valid_i        (ld_valid),
    .ld_ready_o        (ld_ready),
    .ld_kind_i         (ld_kind),
    .ld_addr_i         (ld_addr),
    .ld_data_i         (ld_data),
    .perf_issue_o      (perf_issue),
    .perf_retire_o     (perf_retire),
    .perf_start_o      (perf_start),
    .perf_start_handle_o (perf_start_handle),
    .perf_mig_o        (perf_mig),
    .perf_mig_handle_o (perf_mig_handle)
  );

  assign outs = {ctx_ready, idle, op_valid, op, req_valid, req_we, req_addr, req_be, req_wdata,
                 req_thread, req_handle, rsp_ready, ld_ready, perf_issue, perf_retire, perf_start,
                 perf_start_handle, perf_mig, perf_mig_handle};

endmodule
