// SPDX-License-Identifier: Apache-2.0
// FPGA top of the context manager for utilization and timing runs (fpga/flow --block cm; not part
// of the engine): baton_cm and the four pins of baton_fpga_pins (every input from a serial shift
// register, every output registered and folded to one pin by a registered XOR tree), so only the
// CM's own register-to-register paths are timed.
`default_nettype none

`include "baton_assert.svh"

module baton_cm_fpga
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
  input  logic sin_i,
  output logic sout_o
);

  `ASSERT_INIT(NumPartsLegal_A, NumParts >= 1)
  `ASSERT_INIT(CapacityLegal_A, Capacity >= 2)
  `ASSERT_INIT(NumTilesLegal_A, NumTiles >= 1)
  `ASSERT_INIT(ThreadsPerTileLegal_A, ThreadsPerTile >= 1)

  localparam int unsigned InW = NumTiles * (1 + $bits(mig_req_t) + 1 + ThreadW + 1) +
                                1 + CtxW + 1 + 1 + 1 + 1 + 16 + 32 + 4 + (2 + PartW + TileW);
  localparam int unsigned OutW = NumTiles * (1 + CtxW + ThreadW) + NumTiles + 1 +
                                 1 + CtxW + OpArgW + 1 + PartW + 2 * NumParts + 32 + 1 +
                                 NumTiles * ThreadsPerTile * (1 + PartW) + NumParts;

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

  logic                                          tiles_wr, tiles_set;
  logic [PartW-1:0]                              tiles_part;
  logic [TileW-1:0]                              tiles_tile;
  logic [NumTiles-1:0][ThreadsPerTile-1:0]       thr_busy;
  logic [NumTiles-1:0][ThreadsPerTile-1:0][PartW-1:0] thr_part;
  logic [NumParts-1:0]                           waiting;

  assign {mig_valid, mig_req, free_valid, free_thread, dlv_ready, disp_valid, disp_ctx, drop_ready,
          load_ready, reg_req, reg_we, reg_addr, reg_wdata, reg_wstrb, tiles_wr, tiles_set,
          tiles_part, tiles_tile} = ins;

  baton_cm #(
    .NumParts       (NumParts),
    .Capacity       (Capacity),
    .NumTiles       (NumTiles),
    .ThreadsPerTile (ThreadsPerTile)
  ) u_cm (
    .clk_i            (clk_i),
    .rst_ni           (rst_n),
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
    .thr_busy_o       (thr_busy),
    .thr_part_o       (thr_part),
    .waiting_o        (waiting),
    .tiles_wr_i       (tiles_wr),
    .tiles_set_i      (tiles_set),
    .tiles_part_i     (tiles_part),
    .tiles_tile_i     (tiles_tile),
    .reg_req_i        (reg_req),
    .reg_we_i         (reg_we),
    .reg_addr_i       (reg_addr),
    .reg_wdata_i      (reg_wdata),
    .reg_wstrb_i      (reg_wstrb),
    .reg_rdata_o      (reg_rdata),
    .reg_error_o      (reg_error)
  );

  assign outs = {dlv_valid, dlv_ctx, dlv_thread, mig_ready, disp_ready, drop_valid, drop_ctx, drop_reason,
                 load_valid, load_part, load_requested, imbalance, reg_rdata, reg_error, thr_busy,
                 thr_part, waiting};

endmodule
