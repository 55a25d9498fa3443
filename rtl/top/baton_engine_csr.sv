// SPDX-License-Identifier: Apache-2.0
// Baton engine CSR block: the engine's register bus into baton_engine_regs, the register block
// PeakRDL generates from rtl/top/baton_engine_regs.rdl (the map, the address decoder to the
// context manager, ingress and egress windows, and the error responses), plus what the generated
// block does not hold: the cycle counter, the per-tile counters (NumTiles of the 64 the map
// reserves) and the forwarding of the windows to the blocks' own register buses.
// The register map is in docs/engine.md, generated from the RDL; docs/registers.md says how.
`default_nettype none

`include "baton_assert.svh"

module baton_engine_csr #(
  parameter int unsigned NumTiles       = 4,
  parameter int unsigned ThreadsPerTile = 4,
  parameter int unsigned NumPorts       = 4,
  parameter int unsigned NumSlots       = 64
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,

  // Register bus from the AXI4-Lite adapter
  input  logic                       reg_req_i,
  input  logic                       reg_we_i,
  input  logic [19:0]                reg_addr_i,
  input  logic [31:0]                reg_wdata_i,
  input  logic [3:0]                 reg_wstrb_i,
  output logic [31:0]                reg_rdata_o,
  output logic                       reg_error_o,

  // Targets: 0 context manager, 1 ingress, 2 egress, 3 pager, 4 flow state
  output logic [4:0]                 tgt_req_o,
  output logic                       tgt_we_o,
  output logic [15:0]                tgt_addr_o,
  output logic [31:0]                tgt_wdata_o,
  output logic [3:0]                 tgt_wstrb_o,
  input  logic [4:0][31:0]           tgt_rdata_i,
  input  logic [4:0]                 tgt_error_i,

  // Events counted here
  input  logic [NumTiles-1:0]        tile_issue_i,
  input  logic [NumTiles-1:0][1:0]   tile_retire_i,
  input  logic                       cpl_i,
  input  logic [NumTiles-1:0]        mig_i,
  input  logic                       load_req_i,
  output logic [31:0]                now_o
);
  import baton_engine_regs_pkg::*;

  // The map reserves 64 tiles (TILES_LO: 0..31, TILES_HI: 32..63).
  `ASSERT_INIT(NumTilesLegal_A, NumTiles >= 1 && NumTiles <= 64)
  `ASSERT_INIT(ThreadsLegal_A, ThreadsPerTile >= 1 && ThreadsPerTile <= 8)
  `ASSERT_INIT(NumPortsLegal_A, NumPorts >= 1 && NumPorts <= 16)
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2 && NumSlots <= 65536)

  localparam int unsigned SlotsLog = $clog2(NumSlots);
  localparam int unsigned TileW    = baton_util_pkg::idx_w(NumTiles);

  baton_engine_regs__in_t  hwif_in;
  baton_engine_regs__out_t hwif_out;
  logic        rd_ack, rd_err, wr_ack, wr_err;
  logic        stall_rd, stall_wr;
  logic [31:0] rd_data, wr_biten;

  assign wr_biten = {{8{reg_wstrb_i[3]}}, {8{reg_wstrb_i[2]}}, {8{reg_wstrb_i[1]}}, {8{reg_wstrb_i[0]}}};

  // Word addresses: the bus ignores the byte offset inside a word, as every Baton block does.
  baton_engine_regs u_regs (
    .clk                  (clk_i),
    .arst_n               (rst_ni),
    .s_cpuif_req          (reg_req_i),
    .s_cpuif_req_is_wr    (reg_we_i),
    .s_cpuif_addr         ({reg_addr_i[19:2], 2'b00}),
    .s_cpuif_wr_data      (reg_wdata_i),
    .s_cpuif_wr_biten     (wr_biten),
    .s_cpuif_req_stall_wr (stall_wr),
    .s_cpuif_req_stall_rd (stall_rd),
    .s_cpuif_rd_ack       (rd_ack),
    .s_cpuif_rd_err       (rd_err),
    .s_cpuif_rd_data      (rd_data),
    .s_cpuif_wr_ack       (wr_ack),
    .s_cpuif_wr_err       (wr_err),
    .hwif_in              (hwif_in),
    .hwif_out             (hwif_out)
  );

  // ---- Windows of the blocks -----------------------------------------------------------------
  // The blocks answer in the request's cycle, so every external access is acknowledged at once
  // and the generated block never stalls (asserted below).
  logic [4:0] win_req, win_wr;
  assign win_req = {hwif_out.FLOW.req, hwif_out.PAGER.req, hwif_out.EGRESS.req, hwif_out.INGRESS.req,
                    hwif_out.CM.req};
  assign win_wr  = {hwif_out.FLOW.req_is_wr, hwif_out.PAGER.req_is_wr, hwif_out.EGRESS.req_is_wr,
                    hwif_out.INGRESS.req_is_wr, hwif_out.CM.req_is_wr};
  assign tgt_req_o   = win_req;
  assign tgt_we_o    = reg_we_i;
  assign tgt_addr_o  = reg_addr_i[15:0];
  assign tgt_wdata_o = reg_wdata_i;
  assign tgt_wstrb_o = reg_wstrb_i;

  assign hwif_in.CM.rd_ack      = win_req[0] && !win_wr[0];
  assign hwif_in.CM.wr_ack      = win_req[0] && win_wr[0];
  assign hwif_in.CM.rd_data     = tgt_rdata_i[0];
  assign hwif_in.INGRESS.rd_ack  = win_req[1] && !win_wr[1];
  assign hwif_in.INGRESS.wr_ack  = win_req[1] && win_wr[1];
  assign hwif_in.INGRESS.rd_data = tgt_rdata_i[1];
  assign hwif_in.EGRESS.rd_ack  = win_req[2] && !win_wr[2];
  assign hwif_in.EGRESS.wr_ack  = win_req[2] && win_wr[2];
  assign hwif_in.EGRESS.rd_data = tgt_rdata_i[2];
  assign hwif_in.PAGER.rd_ack   = win_req[3] && !win_wr[3];
  assign hwif_in.PAGER.wr_ack   = win_req[3] && win_wr[3];
  assign hwif_in.PAGER.rd_data  = tgt_rdata_i[3];
  assign hwif_in.FLOW.rd_ack    = win_req[4] && !win_wr[4];
  assign hwif_in.FLOW.wr_ack    = win_req[4] && win_wr[4];
  assign hwif_in.FLOW.rd_data   = tgt_rdata_i[4];

  // ---- Top registers -------------------------------------------------------------------------
  logic clear;
  assign clear = hwif_out.CLEAR.CLEAR.swmod;

  assign hwif_in.TOPO.TILES.next      = 8'(NumTiles);
  assign hwif_in.TOPO.THREADS.next    = 8'(ThreadsPerTile);
  assign hwif_in.TOPO.PORTS.next      = 8'(NumPorts);
  assign hwif_in.TOPO.SLOTS_LOG2.next = 8'(SlotsLog);

  logic [63:0] cycle_q;
  logic [31:0] cycle_hi_q;
  assign now_o = cycle_q[31:0];
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cycle_q    <= '0;
      cycle_hi_q <= '0;
    end else begin
      cycle_q <= cycle_q + 64'd1;
      if (hwif_out.CYCLE_LO.VALUE.swacc) cycle_hi_q <= cycle_q[63:32];
    end
  end
  assign hwif_in.CYCLE_LO.VALUE.next = cycle_q[31:0];
  assign hwif_in.CYCLE_HI.VALUE.next = cycle_hi_q;

  logic [6:0] mig_inc;
  always_comb begin
    mig_inc = '0;
    for (int unsigned t = 0; t < NumTiles; t++) mig_inc += 7'(mig_i[t]);
  end
  assign hwif_in.COMPLETIONS.COUNT.incr      = cpl_i;
  assign hwif_in.COMPLETIONS.COUNT.hwclr     = clear;
  assign hwif_in.MIGRATIONS.COUNT.incr       = |mig_i;
  assign hwif_in.MIGRATIONS.COUNT.incrvalue  = mig_inc;
  assign hwif_in.MIGRATIONS.COUNT.hwclr      = clear;
  assign hwif_in.LOAD_REQS.COUNT.incr        = load_req_i;
  assign hwif_in.LOAD_REQS.COUNT.hwclr       = clear;

  // ---- Per-tile counters ---------------------------------------------------------------------
  // Statistics: cleared synchronously (reset with the clock running, or CLEAR).
  logic [NumTiles-1:0][31:0] issue_q, retire_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni || clear) begin
      issue_q  <= '0;
      retire_q <= '0;
    end else begin
      for (int unsigned t = 0; t < NumTiles; t++) begin
        issue_q[t]  <= issue_q[t] + 32'(tile_issue_i[t]);
        retire_q[t] <= retire_q[t] + 32'(tile_retire_i[t]);  // a count, 0..2 per cycle
      end
    end
  end

  // The windows are read-only memories (the generated block rejects writes); an entry of a tile
  // the engine does not have answers with an error.
  // A tile's counters, decoded with the layout generated from baton_engine_tile_regs
  // (rtl/top/baton_engine_regs.rdl).
  localparam int unsigned TileBytes = baton_engine_tile_regs_pkg::BATON_ENGINE_TILE_REGS_BYTES;
  localparam int unsigned TileWords = baton_engine_tile_regs_pkg::BATON_ENGINE_TILE_REGS_WORDS;
  localparam int unsigned TileShift = $clog2(TileBytes);
  localparam int unsigned TwordW    = $clog2(TileWords);
  localparam int unsigned TilesPerWindow = baton_engine_regs_addr_pkg::TILES_LO_SIZE / TileBytes;
  `ASSERT_INIT(TileLayout_A, TileBytes == 8 && TilesPerWindow == 32)

  logic [5:0]        tile;
  logic [TwordW-1:0] tword;
  logic              tile_req, tile_exists;
  logic [31:0]       tile_data;
  assign tile     = {hwif_out.TILES_HI.req,
                     hwif_out.TILES_HI.req ? hwif_out.TILES_HI.addr[TileShift +: 5]
                                           : hwif_out.TILES_LO.addr[TileShift +: 5]};
  assign tword    = reg_addr_i[2 +: TwordW];
  assign tile_req = hwif_out.TILES_LO.req || hwif_out.TILES_HI.req;
  assign tile_exists = 32'(tile) < NumTiles;
  always_comb begin
    tile_data = '0;
    if (tile_exists) begin
      unique case (32'(tword))
        baton_engine_tile_regs_pkg::ISSUE_WORD:  tile_data = issue_q[tile[TileW-1:0]];
        baton_engine_tile_regs_pkg::RETIRE_WORD: tile_data = retire_q[tile[TileW-1:0]];
        default:                                 tile_data = '0;
      endcase
    end
  end
  assign hwif_in.TILES_LO.rd_ack  = hwif_out.TILES_LO.req;
  assign hwif_in.TILES_LO.wr_ack  = 1'b0;
  assign hwif_in.TILES_LO.rd_data = tile_data;
  assign hwif_in.TILES_HI.rd_ack  = hwif_out.TILES_HI.req;
  assign hwif_in.TILES_HI.wr_ack  = 1'b0;
  assign hwif_in.TILES_HI.rd_data = tile_data;

  // ---- Response ------------------------------------------------------------------------------
  logic win_error;
  assign win_error = |(win_req & tgt_error_i);
  assign reg_rdata_o = rd_data;
  assign reg_error_o = (reg_we_i ? wr_err : rd_err) || win_error || (tile_req && !tile_exists);

  `ASSERT(AckInRequestCycle_A, reg_req_i |-> (reg_we_i ? wr_ack : rd_ack))
  `ASSERT_NEVER(NeverStalls_A, stall_rd || stall_wr)

  logic unused;
  assign unused = ^{hwif_out.CLEAR.CLEAR.value, hwif_out.TILES_LO.req_is_wr,
                    hwif_out.TILES_LO.wr_data, hwif_out.TILES_LO.wr_biten,
                    hwif_out.TILES_LO.addr[TileShift-1:0], hwif_out.TILES_HI.req_is_wr,
                    hwif_out.TILES_HI.wr_data, hwif_out.TILES_HI.wr_biten,
                    hwif_out.TILES_HI.addr[TileShift-1:0],
                    hwif_out.CM.addr, hwif_out.CM.wr_data, hwif_out.CM.wr_biten,
                    hwif_out.INGRESS.addr, hwif_out.INGRESS.wr_data, hwif_out.INGRESS.wr_biten,
                    hwif_out.EGRESS.addr, hwif_out.EGRESS.wr_data, hwif_out.EGRESS.wr_biten,
                    hwif_out.PAGER.addr, hwif_out.PAGER.wr_data, hwif_out.PAGER.wr_biten,
                    hwif_out.FLOW.addr, hwif_out.FLOW.wr_data, hwif_out.FLOW.wr_biten,
                    reg_addr_i[1:0], stall_rd, stall_wr};
endmodule
