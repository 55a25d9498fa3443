// SPDX-License-Identifier: Apache-2.0
// FPGA top of the pager for utilization and timing runs (fpga/flow --block pager; not part of the
// engine): baton_pager with the engine's default geometry and the four pins of baton_fpga_pins
// (every input from a serial shift register, every output registered and folded to one pin by a
// registered XOR tree), so only the pager's own register-to-register paths are timed.
`default_nettype none

`include "baton_assert.svh"

module baton_pager_fpga
  import baton_abi_pkg::*;
  import baton_pkg::*;
#(
  parameter int unsigned NumTiles       = EngineDefNumTiles,
  parameter int unsigned ThreadsPerTile = EngineDefThreadsPerTile,
  parameter int unsigned NumParts       = EngineDefNumParts,
  parameter int unsigned ImemBytes      = EngineDefImemBytes,
  parameter int unsigned PageBytes      = EngineDefPageBytes,
  parameter int unsigned PartSlots      = EngineDefPartSlots,
  parameter int unsigned PtabWords      = EngineDefPtabWords,
  parameter int unsigned StoreBytes     = EngineDefCodeStoreBytes
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic sin_i,
  output logic sout_o
);

  `ASSERT_INIT(NumTilesLegal_A, NumTiles >= 1)
  `ASSERT_INIT(ThreadsPerTileLegal_A, ThreadsPerTile >= 1)
  `ASSERT_INIT(NumPartsLegal_A, NumParts >= 1)
  `ASSERT_INIT(StoreBytesLegal_A, StoreBytes >= 4)

  localparam int unsigned StoreAw = $clog2(StoreBytes / 4);
  localparam int unsigned LdAddrW = 24;
  localparam int unsigned InW  = 1 + StoreAw + 32 + 1 + PartW + NumTiles * ThreadsPerTile * (1 + PartW) +
                                 2 * NumParts + NumTiles * (1 + PartW) + 1 + 1 + 16 + 32 + 4;
  localparam int unsigned OutW = 1 + 1 + 1 + PartW + TileW + NumTiles + 2 + LdAddrW + 32 + 1 + 32 + 1;

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

  logic                                               cs_wr, load_valid, load_ready;
  logic [StoreAw-1:0]                                 cs_word;
  logic [31:0]                                        cs_wdata;
  logic [PartW-1:0]                                   load_part;
  logic [NumTiles-1:0][ThreadsPerTile-1:0]            thr_busy;
  logic [NumTiles-1:0][ThreadsPerTile-1:0][PartW-1:0] thr_part;
  logic [NumParts-1:0]                                waiting, imbalance;
  logic [NumTiles-1:0]                                dlv;
  logic [NumTiles-1:0][PartW-1:0]                     dlv_part;
  logic                                               tiles_wr, tiles_set, busy;
  logic [PartW-1:0]                                   tiles_part;
  logic [TileW-1:0]                                   tiles_tile;
  logic [NumTiles-1:0]                                tl_valid;
  logic [1:0]                                         tl_kind;
  logic [LdAddrW-1:0]                                 tl_addr;
  logic [31:0]                                        tl_data;
  logic                                               reg_req, reg_we, reg_error;
  logic [15:0]                                        reg_addr;
  logic [31:0]                                        reg_wdata, reg_rdata;
  logic [3:0]                                         reg_wstrb;

  assign {cs_wr, cs_word, cs_wdata, load_valid, load_part, thr_busy, thr_part, waiting, imbalance, dlv,
          dlv_part, reg_req, reg_we, reg_addr, reg_wdata, reg_wstrb} = ins;

  baton_pager #(
    .NumTiles       (NumTiles),
    .ThreadsPerTile (ThreadsPerTile),
    .NumParts       (NumParts),
    .ImemBytes      (ImemBytes),
    .PageBytes      (PageBytes),
    .PartSlots      (PartSlots),
    .PtabWords      (PtabWords),
    .StoreBytes     (StoreBytes)
  ) u_pager (
    .clk_i        (clk_i),
    .rst_ni       (rst_n),
    .cs_wr_i      (cs_wr),
    .cs_word_i    (cs_word),
    .cs_wdata_i   (cs_wdata),
    .load_valid_i (load_valid),
    .load_ready_o (load_ready),
    .load_part_i  (load_part),
    .thr_busy_i   (thr_busy),
    .thr_part_i   (thr_part),
    .waiting_i    (waiting),
    .imbalance_i  (imbalance),
    .tiles_wr_o   (tiles_wr),
    .tiles_set_o  (tiles_set),
    .tiles_part_o (tiles_part),
    .tiles_tile_o (tiles_tile),
    .dlv_i        (dlv),
    .dlv_part_i   (dlv_part),
    .tl_valid_o   (tl_valid),
    .tl_kind_o    (tl_kind),
    .tl_addr_o    (tl_addr),
    .tl_data_o    (tl_data),
    .busy_o       (busy),
    .reg_req_i    (reg_req),
    .reg_we_i     (reg_we),
    .reg_addr_i   (reg_addr),
    .reg_wdata_i  (reg_wdata),
    .reg_wstrb_i  (reg_wstrb),
    .reg_rdata_o  (reg_rdata),
    .reg_error_o  (reg_error)
  );

  assign outs = {load_ready, tiles_wr, tiles_set, tiles_part, tiles_tile, tl_valid, tl_kind, tl_addr,
                 tl_data, busy, reg_rdata, reg_error};

endmodule
