// Baton engine CSR block: the address decoder of the engine's register bus and the top's own
// registers (identification, configuration, cycle counter, per-tile activity, context-link
// statistics).
//
// The engine's AXI4-Lite port (baton_axil_regbus, 20-bit addresses) feeds this block. Address bits
// [19:16] select the target, bits [15:0] are the address inside it:
//   0x0_xxxx  top registers (below)      0x2_xxxx  ingress (docs/ingress.md)
//   0x1_xxxx  context manager            0x3_xxxx  egress
// Anything else answers with an error (AXI SLVERR).
//
// Top registers (32-bit, byte address):
//   0x000 ID          RO  0x4254_4F50 ("BTOP")
//   0x004 TOPO        RO  [7:0] tiles, [15:8] threads per tile, [23:16] ports, [31:24] log2(slots)
//   0x008 CLEAR       WO  any write zeroes the statistics below (not the cycle counter)
//   0x010 CYCLE_LO    RO  engine cycles since reset, low word (reading it latches CYCLE_HI)
//   0x014 CYCLE_HI    RO  the high word latched by the last CYCLE_LO read
//   0x020 COMPLETIONS RO  completions handed to the egress
//   0x024 MIGRATIONS  RO  migrations taken by the context manager (all tiles)
//   0x028 LOAD_REQS   RO  load requests of the context manager (every partition is resident, so
//                         this stays 0 unless a context names a partition no tile holds)
//   0x100 + 8t        RO  ISSUE[t]: cycles in which tile t issued an instruction
//   0x104 + 8t        RO  RETIRE[t]: instructions retired by tile t
// Statistics are 32-bit wrapping counters, cleared by reset or CLEAR.
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

  // Targets: 0 context manager, 1 ingress, 2 egress
  output logic [2:0]                 tgt_req_o,
  output logic                       tgt_we_o,
  output logic [15:0]                tgt_addr_o,
  output logic [31:0]                tgt_wdata_o,
  output logic [3:0]                 tgt_wstrb_o,
  input  logic [2:0][31:0]           tgt_rdata_i,
  input  logic [2:0]                 tgt_error_i,

  // Events counted here
  input  logic [NumTiles-1:0]        tile_issue_i,
  input  logic [NumTiles-1:0][1:0]   tile_retire_i,
  input  logic                       cpl_i,
  input  logic [NumTiles-1:0]        mig_i,
  input  logic                       load_req_i,
  output logic [31:0]                now_o
);

  `ASSERT_INIT(NumTilesLegal_A, NumTiles >= 1 && NumTiles <= 64)
  `ASSERT_INIT(ThreadsLegal_A, ThreadsPerTile >= 1 && ThreadsPerTile <= 8)
  `ASSERT_INIT(NumPortsLegal_A, NumPorts >= 1 && NumPorts <= 16)
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2 && NumSlots <= 65536)

  localparam logic [31:0] IdValue = 32'h4254_4F50;
  localparam int unsigned SlotsLog = $clog2(NumSlots);

  // ---- Decoder -------------------------------------------------------------------------------
  logic [3:0] sel;
  logic       top_sel;
  assign sel     = reg_addr_i[19:16];
  assign top_sel = (sel == 4'd0);

  assign tgt_we_o    = reg_we_i;
  assign tgt_addr_o  = reg_addr_i[15:0];
  assign tgt_wdata_o = reg_wdata_i;
  assign tgt_wstrb_o = reg_wstrb_i;
  always_comb begin
    tgt_req_o = '0;
    for (int unsigned i = 0; i < 3; i++) begin
      tgt_req_o[i] = reg_req_i && (sel == 4'(i + 1));
    end
  end

  // ---- Counters ------------------------------------------------------------------------------
  logic [63:0] cycle_q;
  logic [31:0] cycle_hi_q;
  logic [31:0] cpl_cnt_q, mig_cnt_q, load_cnt_q;
  logic [NumTiles-1:0][31:0] issue_q, retire_q;
  logic        clear;
  logic [31:0] mig_inc;

  assign clear = reg_req_i && reg_we_i && top_sel && (reg_addr_i[15:0] == 16'h0008);
  assign now_o = cycle_q[31:0];

  always_comb begin
    mig_inc = '0;
    for (int unsigned t = 0; t < NumTiles; t++) mig_inc += 32'(mig_i[t]);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cycle_q    <= '0;
      cycle_hi_q <= '0;
    end else begin
      cycle_q <= cycle_q + 64'd1;
      if (reg_req_i && !reg_we_i && top_sel && (reg_addr_i[15:0] == 16'h0010)) begin
        cycle_hi_q <= cycle_q[63:32];
      end
    end
  end

  // Statistics: cleared synchronously (reset with the clock running, or CLEAR).
  always_ff @(posedge clk_i) begin
    if (!rst_ni || clear) begin
      cpl_cnt_q  <= '0;
      mig_cnt_q  <= '0;
      load_cnt_q <= '0;
      issue_q    <= '0;
      retire_q   <= '0;
    end else begin
      cpl_cnt_q  <= cpl_cnt_q + 32'(cpl_i);
      mig_cnt_q  <= mig_cnt_q + mig_inc;
      load_cnt_q <= load_cnt_q + 32'(load_req_i);
      for (int unsigned t = 0; t < NumTiles; t++) begin
        issue_q[t]  <= issue_q[t] + 32'(tile_issue_i[t]);
        retire_q[t] <= retire_q[t] + 32'(tile_retire_i[t]);  // a count, 0..2 per cycle
      end
    end
  end

  // ---- Read mux ------------------------------------------------------------------------------
  logic [31:0] top_rdata;
  logic        top_error;
  logic [15:0] rd_addr, rd_tile;
  assign rd_addr = {reg_addr_i[15:2], 2'b00};
  assign rd_tile = (rd_addr - 16'h0100) >> 3;   // tile of a per-tile register
  always_comb begin
    top_rdata = '0;
    top_error = 1'b0;
    if (rd_addr >= 16'h0100) begin
      if (32'(rd_tile) < NumTiles) begin
        top_rdata = rd_addr[2] ? retire_q[rd_tile[5:0]] : issue_q[rd_tile[5:0]];
        top_error = reg_we_i;
      end else begin
        top_error = 1'b1;
      end
    end else begin
      unique case (rd_addr)
        16'h0000: begin top_rdata = IdValue; top_error = reg_we_i; end
        16'h0004: begin
          top_rdata = {8'(SlotsLog), 8'(NumPorts), 8'(ThreadsPerTile), 8'(NumTiles)};
          top_error = reg_we_i;
        end
        16'h0008: begin top_rdata = '0; top_error = 1'b0; end
        16'h0010: begin top_rdata = cycle_q[31:0]; top_error = reg_we_i; end
        16'h0014: begin top_rdata = cycle_hi_q; top_error = reg_we_i; end
        16'h0020: begin top_rdata = cpl_cnt_q; top_error = reg_we_i; end
        16'h0024: begin top_rdata = mig_cnt_q; top_error = reg_we_i; end
        16'h0028: begin top_rdata = load_cnt_q; top_error = reg_we_i; end
        default:  begin top_rdata = '0; top_error = 1'b1; end
      endcase
    end
  end

  always_comb begin
    reg_rdata_o = '0;
    reg_error_o = 1'b1;
    unique case (sel)
      4'd0: begin reg_rdata_o = top_rdata;      reg_error_o = top_error; end
      4'd1: begin reg_rdata_o = tgt_rdata_i[0]; reg_error_o = tgt_error_i[0]; end
      4'd2: begin reg_rdata_o = tgt_rdata_i[1]; reg_error_o = tgt_error_i[1]; end
      4'd3: begin reg_rdata_o = tgt_rdata_i[2]; reg_error_o = tgt_error_i[2]; end
      default: begin reg_rdata_o = '0; reg_error_o = 1'b1; end
    endcase
  end

  logic unused_strb;
  assign unused_strb = ^{reg_wstrb_i, reg_wdata_i, reg_addr_i[1:0]};

endmodule
