// SPDX-License-Identifier: Apache-2.0
// Timing wrapper for place-and-route of baton_cm (FPGA utilization and Fmax figures only; not
// part of the engine). Every input of the context manager comes from a flop of a long shift
// register fed by one pin, and every output is registered and folded into one pin through a
// pipelined XOR tree, so the measured paths are the design's own register-to-register paths.
`default_nettype none

module baton_cm_timing_wrap
  import baton_abi_pkg::*;
  import baton_pkg::*;
#(
  parameter int unsigned NumParts       = 16,
  parameter int unsigned Capacity       = 64,
  parameter int unsigned NumTiles       = 4,
  parameter int unsigned ThreadsPerTile = 4
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic si_i,
  output logic so_o
);

  localparam int unsigned InW = NumTiles * (1 + $bits(mig_req_t) + 1 + ThreadW + 1) +
                                1 + CtxW + 1 + 1 + 1 + 1 + 16 + 32 + 4;
  localparam int unsigned OutW = NumTiles * (1 + CtxW + ThreadW) + NumTiles + 1 +
                                 1 + CtxW + OpArgW + 1 + PartW + 2 * NumParts + 32 + 1;

  logic [InW-1:0] sr_q;
  always_ff @(posedge clk_i) sr_q <= {sr_q[InW-2:0], si_i};

  logic [NumTiles-1:0]                mig_valid, mig_ready, free_valid, dlv_valid, dlv_ready;
  mig_req_t [NumTiles-1:0]            mig_req;
  logic [NumTiles-1:0][ThreadW-1:0]   free_thread, dlv_thread;
  ctx_t [NumTiles-1:0]                dlv_ctx;
  logic                               disp_valid, disp_ready, drop_valid, drop_ready;
  logic                               load_valid, load_ready, reg_req, reg_we, reg_error;
  ctx_t                               disp_ctx, drop_ctx;
  drop_reason_e                       drop_reason;
  logic [PartW-1:0]                   load_part;
  logic [NumParts-1:0]                load_requested, imbalance;
  logic [15:0]                        reg_addr;
  logic [31:0]                        reg_wdata, reg_rdata;
  logic [3:0]                         reg_wstrb;

  assign {mig_valid, mig_req, free_valid, free_thread, dlv_ready, disp_valid, disp_ctx, drop_ready,
          load_ready, reg_req, reg_we, reg_addr, reg_wdata, reg_wstrb} = sr_q;

  baton_cm #(
    .NumParts       (NumParts),
    .Capacity       (Capacity),
    .NumTiles       (NumTiles),
    .ThreadsPerTile (ThreadsPerTile)
  ) u_cm (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .mig_valid_i      (mig_valid),
    .mig_ready_o      (mig_ready),
    .mig_req_i        (mig_req),
    .disp_valid_i     (disp_valid),
    .disp_ready_o     (disp_ready),
    .disp_ctx_i       (disp_ctx),
    .free_valid_i     (free_valid),
    .free_thread_i    (free_thread),
    .dlv_valid_o      (dlv_valid),
    .dlv_ready_i      (dlv_ready),
    .dlv_ctx_o        (dlv_ctx),
    .dlv_thread_o     (dlv_thread),
    .drop_valid_o     (drop_valid),
    .drop_ready_i     (drop_ready),
    .drop_ctx_o       (drop_ctx),
    .drop_reason_o    (drop_reason),
    .load_valid_o     (load_valid),
    .load_ready_i     (load_ready),
    .load_part_o      (load_part),
    .load_requested_o (load_requested),
    .imbalance_o      (imbalance),
    .reg_req_i        (reg_req),
    .reg_we_i         (reg_we),
    .reg_addr_i       (reg_addr),
    .reg_wdata_i      (reg_wdata),
    .reg_wstrb_i      (reg_wstrb),
    .reg_rdata_o      (reg_rdata),
    .reg_error_o      (reg_error)
  );

  logic [OutW-1:0] out_q;
  always_ff @(posedge clk_i) begin
    out_q <= {dlv_valid, dlv_ctx, dlv_thread, mig_ready, disp_ready, drop_valid, drop_ctx,
              drop_reason, load_valid, load_part, load_requested, imbalance, reg_rdata, reg_error};
  end

  // Fold 16 bits per level, one register per level.
  localparam int unsigned L1 = (OutW + 15) / 16;
  localparam int unsigned L2 = (L1 + 15) / 16;
  logic [L1*16-1:0] pad1;
  logic [L1-1:0]    x1_q;
  logic [L2*16-1:0] pad2;
  logic [L2-1:0]    x2_q;
  assign pad1 = (L1*16)'(out_q);
  assign pad2 = (L2*16)'(x1_q);
  always_ff @(posedge clk_i) begin
    for (int unsigned i = 0; i < L1; i++) x1_q[i] <= ^pad1[16*i +: 16];
    for (int unsigned i = 0; i < L2; i++) x2_q[i] <= ^pad2[16*i +: 16];
    so_o <= ^x2_q;
  end

endmodule
