// Context manager configuration and statistics registers on the register bus.
//
// Register bus (the port every Baton block exposes; baton_axil_regbus wraps it in AXI4-Lite):
// reg_req_i with reg_we_i, reg_addr_i, reg_wdata_i and reg_wstrb_i for one cycle, answered in the
// same cycle by reg_rdata_o and reg_error_o (unmapped address, or a write to a read-only
// register). Writes honour the byte strobes and take effect at the end of the cycle; reads have
// no side effects. Byte addresses of 32-bit words, addr[1:0] ignored. The register map is in
// docs/context-manager.md; the offsets below are its single source in RTL.
//
// Statistics counters are 32 bits and wrap. A write to CLEAR zeroes every statistic (counters and
// high-water marks); events of the same cycle are lost, the clear wins.
`default_nettype none

`include "baton_assert.svh"

module baton_cm_csr #(
  parameter int unsigned NumParts       = 16,
  parameter int unsigned Capacity       = 64,
  parameter int unsigned NumTiles       = 4,
  parameter int unsigned ThreadsPerTile = 4,
  localparam int unsigned CntW          = $clog2(Capacity + 1)
) (
  input  logic                                    clk_i,
  input  logic                                    rst_ni,

  // Register bus
  input  logic                                    reg_req_i,
  input  logic                                    reg_we_i,
  input  logic [15:0]                             reg_addr_i,
  input  logic [31:0]                             reg_wdata_i,
  input  logic [3:0]                              reg_wstrb_i,
  output logic [31:0]                             reg_rdata_o,
  output logic                                    reg_error_o,

  // Configuration
  output logic [NumParts-1:0][NumTiles-1:0]       tile_mask_o,
  output logic [NumParts-1:0]                     age_mode_o,
  output logic [NumParts-1:0]                     absent_o,
  output logic                                    bypass_en_o,
  output logic [15:0]                             imb_thresh_o,

  // Live state
  input  logic [NumParts-1:0]                     age_mode_eff_i,
  input  logic [NumParts-1:0]                     load_requested_i,
  input  logic [NumParts-1:0]                     imbalance_i,
  input  logic [NumParts-1:0][CntW-1:0]           depth_i,
  input  logic [CntW-1:0]                         inflight_i,
  input  logic [CntW-1:0]                         stored_i,
  input  logic [NumTiles-1:0][ThreadsPerTile-1:0] busy_i,

  // Events (one cycle each)
  input  logic [NumParts-1:0]                     ev_enq_i,
  input  logic [NumParts-1:0]                     ev_deq_i,
  input  logic [NumParts-1:0]                     ev_byp_i,
  input  logic                                    ev_mig_i,
  input  logic                                    ev_new_i,
  input  logic                                    ev_drop_i,
  input  logic                                    ev_dlv_i,
  input  logic                                    ev_admit_stall_i
);

  `ASSERT_INIT(NumPartsLegal_A, NumParts >= 1 && NumParts <= 256)
  `ASSERT_INIT(CapacityLegal_A, Capacity >= 2 && Capacity <= 1024)
  `ASSERT_INIT(NumTilesLegal_A, NumTiles >= 1 && NumTiles <= 64)
  `ASSERT_INIT(ThreadsPerTileLegal_A, ThreadsPerTile >= 1 && ThreadsPerTile <= 8)

  // ---- Register map --------------------------------------------------------------------------
  // Global words, by address: 0x00 ID, 0x04 NUM_PARTS, 0x08 CAPACITY, 0x0C TOPO, 0x10 CTRL,
  // 0x14 CLEAR, 0x18 IMB_THRESH, 0x1C INFLIGHT, 0x20 STORED, 0x24 MIG_COUNT, 0x28 NEW_COUNT,
  // 0x2C DROP_COUNT, 0x30 DLV_COUNT, 0x34 ADMIT_STALL (read through glob_words below).
  localparam logic [15:0] AddrCtrl       = 16'h0010;
  localparam logic [15:0] AddrClear      = 16'h0014;
  localparam logic [15:0] AddrImbThresh  = 16'h0018;
  localparam logic [15:0] AddrAdmitStall = 16'h0034;
  localparam logic [15:0] AddrImbBase    = 16'h0040;  // 8 words, bit p = partition p
  localparam logic [15:0] AddrLoadBase   = 16'h0060;  // 8 words, bit p = partition p
  localparam logic [15:0] AddrBusyBase   = 16'h0080;  // 16 words, byte t = tile t's threads
  localparam logic [15:0] AddrPartBase   = 16'h0400;  // 32 bytes per partition
  localparam logic [31:0] IdValue        = 32'h4243_4D01;  // "BCM", version 1

  // Per-partition word offsets (addr[4:2]): 0 PCFG, 1 TILES_LO, 2 TILES_HI, 3 DEPTH, 4 ENQ,
  // 5 DEQ, 6 BYP, 7 WAIT.
  localparam logic [2:0] PwCfg     = 3'd0;
  localparam logic [2:0] PwTilesLo = 3'd1;
  localparam logic [2:0] PwTilesHi = 3'd2;
  localparam int unsigned PartIdxW = baton_util_pkg::idx_w(NumParts);

  // ---- Address decode ------------------------------------------------------------------------
  logic [15:0] addr_w;       // word-aligned address
  logic [15:0] part_off;
  logic        is_part;      // inside the per-partition window of an existing partition
  logic [7:0]  part_sel;
  logic [2:0]  part_word;

  assign addr_w    = {reg_addr_i[15:2], 2'b00};
  assign part_off  = addr_w - AddrPartBase;
  assign part_sel  = part_off[12:5];
  assign part_word = part_off[4:2];
  assign is_part   = (addr_w >= AddrPartBase) && (part_off[15:13] == 3'b000) &&
                     (32'(part_sel) < NumParts);

  logic unused_addr_lo;
  assign unused_addr_lo = ^{reg_addr_i[1:0], part_off[1:0]};

  // Which addresses exist, and which of them can be written.
  logic mapped, writable, csr_we;
  always_comb begin
    mapped   = 1'b0;
    writable = 1'b0;
    if (is_part) begin
      mapped   = 1'b1;
      writable = part_word inside {PwCfg, PwTilesLo, PwTilesHi};
    end else if (addr_w < AddrPartBase) begin
      mapped   = (addr_w <= AddrAdmitStall) ||
                 (addr_w >= AddrImbBase && addr_w < AddrBusyBase + 16'h40);
      writable = addr_w inside {AddrCtrl, AddrClear, AddrImbThresh};
    end
  end
  assign csr_we      = reg_req_i && reg_we_i && writable;
  assign reg_error_o = reg_req_i && (!mapped || (reg_we_i && !writable));

  // A write replaces the bytes its strobes select.
  logic [31:0] wmask;
  always_comb begin
    for (int unsigned b = 0; b < 4; b++) wmask[8*b +: 8] = {8{reg_wstrb_i[b]}};
  end
  function automatic logic [31:0] merge(logic [31:0] old, logic [31:0] data, logic [31:0] mask);
    merge = (old & ~mask) | (data & mask);
  endfunction

  // ---- Configuration registers -----------------------------------------------------------------
  logic [NumParts-1:0][NumTiles-1:0] tile_mask_q, tile_mask_d;
  logic [NumParts-1:0]               age_mode_q, age_mode_d, absent_q, absent_d;
  logic                              bypass_en_q, bypass_en_d;
  logic [15:0]                       imb_thresh_q, imb_thresh_d;
  logic                              clear;
  logic [31:0]                       cfg_word, tiles_word;
  logic                              unused_words;
  assign unused_words = ^{cfg_word[31:16], tiles_word};

  always_comb begin
    cfg_word     = '0;
    tiles_word   = '0;
    tile_mask_d  = tile_mask_q;
    age_mode_d   = age_mode_q;
    absent_d     = absent_q;
    bypass_en_d  = bypass_en_q;
    imb_thresh_d = imb_thresh_q;
    clear        = 1'b0;
    if (csr_we) begin
      if (is_part) begin
        for (int unsigned p = 0; p < NumParts; p++) begin
          if (part_sel == 8'(p)) begin
            if (part_word == PwCfg) begin
              cfg_word      = merge({30'b0, absent_q[p], age_mode_q[p]}, reg_wdata_i, wmask);
              age_mode_d[p] = cfg_word[0];
              absent_d[p]   = cfg_word[1];
            end else if (part_word == PwTilesLo) begin
              tiles_word = merge(32'(64'(tile_mask_q[p])), reg_wdata_i, wmask);
              for (int unsigned t = 0; t < NumTiles && t < 32; t++) begin
                tile_mask_d[p][t] = tiles_word[t];
              end
            end else if (part_word == PwTilesHi) begin
              tiles_word = merge(32'(64'(tile_mask_q[p]) >> 32), reg_wdata_i, wmask);
              for (int unsigned t = 32; t < NumTiles; t++) begin
                tile_mask_d[p][t] = tiles_word[t-32];
              end
            end
          end
        end
      end else if (addr_w == AddrCtrl) begin
        cfg_word    = merge({31'b0, bypass_en_q}, reg_wdata_i, wmask);
        bypass_en_d = cfg_word[0];
      end else if (addr_w == AddrClear) begin
        clear = 1'b1;
      end else if (addr_w == AddrImbThresh) begin
        cfg_word     = merge({16'b0, imb_thresh_q}, reg_wdata_i, wmask);
        imb_thresh_d = cfg_word[15:0];
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int unsigned p = 0; p < NumParts; p++) tile_mask_q[p] <= '0;
      age_mode_q   <= '0;
      absent_q     <= '0;
      bypass_en_q  <= 1'b1;
      imb_thresh_q <= '0;
    end else begin
      tile_mask_q  <= tile_mask_d;
      age_mode_q   <= age_mode_d;
      absent_q     <= absent_d;
      bypass_en_q  <= bypass_en_d;
      imb_thresh_q <= imb_thresh_d;
    end
  end

  assign tile_mask_o  = tile_mask_q;
  assign age_mode_o   = age_mode_q;
  assign absent_o     = absent_q;
  assign bypass_en_o  = bypass_en_q;
  assign imb_thresh_o = imb_thresh_q;

  // ---- Statistics ------------------------------------------------------------------------------
  logic [31:0]     enq_cnt_q [NumParts];
  logic [31:0]     deq_cnt_q [NumParts];
  logic [31:0]     byp_cnt_q [NumParts];
  logic [31:0]     wait_cnt_q [NumParts];
  logic [CntW-1:0] hwm_q [NumParts];
  logic [31:0]     mig_cnt_q, new_cnt_q, drop_cnt_q, dlv_cnt_q, stall_cnt_q;

  // Statistics are cleared synchronously, by reset (the clock runs during reset) or by CLEAR: one
  // shared condition on the flops' set/reset input instead of a clear gate in front of every bit.
  logic stats_zero;
  assign stats_zero = !rst_ni || clear;

  for (genvar p = 0; p < NumParts; p++) begin : gen_part_stats
    always_ff @(posedge clk_i) begin
      if (stats_zero) begin
        enq_cnt_q[p]  <= '0;
        deq_cnt_q[p]  <= '0;
        byp_cnt_q[p]  <= '0;
        wait_cnt_q[p] <= '0;
        hwm_q[p]      <= '0;
      end else begin
        enq_cnt_q[p]  <= enq_cnt_q[p] + 32'(ev_enq_i[p]);
        deq_cnt_q[p]  <= deq_cnt_q[p] + 32'(ev_deq_i[p]);
        byp_cnt_q[p]  <= byp_cnt_q[p] + 32'(ev_byp_i[p]);
        // Every cycle each waiting entry adds one cycle of waiting time.
        wait_cnt_q[p] <= wait_cnt_q[p] + 32'(depth_i[p]);
        if (depth_i[p] > hwm_q[p]) hwm_q[p] <= depth_i[p];
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (stats_zero) begin
      mig_cnt_q   <= '0;
      new_cnt_q   <= '0;
      drop_cnt_q  <= '0;
      dlv_cnt_q   <= '0;
      stall_cnt_q <= '0;
    end else begin
      mig_cnt_q   <= mig_cnt_q + 32'(ev_mig_i);
      new_cnt_q   <= new_cnt_q + 32'(ev_new_i);
      drop_cnt_q  <= drop_cnt_q + 32'(ev_drop_i);
      dlv_cnt_q   <= dlv_cnt_q + 32'(ev_dlv_i);
      stall_cnt_q <= stall_cnt_q + 32'(ev_admit_stall_i);
    end
  end

  // ---- Read mux --------------------------------------------------------------------------------
  logic [255:0] imb_pad, load_pad;
  logic [511:0] busy_pad;
  logic [31:0]  rvalue;

  always_comb begin
    imb_pad  = '0;
    load_pad = '0;
    busy_pad = '0;
    imb_pad[NumParts-1:0]  = imbalance_i;
    load_pad[NumParts-1:0] = load_requested_i;
    for (int unsigned t = 0; t < NumTiles; t++) begin
      for (int unsigned h = 0; h < ThreadsPerTile; h++) begin
        busy_pad[8*t + h] = busy_i[t][h];
      end
    end
  end

  // Register words as tables indexed by address bits: per partition (word 0 = PCFG .. 7 = WAIT)
  // and the global words 0x00..0x34 (CLEAR reads as zero).
  logic [8*32-1:0]  part_words [NumParts];
  logic [14*32-1:0] glob_words;

  for (genvar p = 0; p < NumParts; p++) begin : gen_part_words
    assign part_words[p] = {wait_cnt_q[p], byp_cnt_q[p], deq_cnt_q[p], enq_cnt_q[p],
                            16'(hwm_q[p]), 16'(depth_i[p]),
                            32'(64'(tile_mask_q[p]) >> 32), 32'(64'(tile_mask_q[p])),
                            21'b0, imbalance_i[p], load_requested_i[p], age_mode_eff_i[p],
                            6'b0, absent_q[p], age_mode_q[p]};
  end

  assign glob_words = {stall_cnt_q, dlv_cnt_q, drop_cnt_q, new_cnt_q, mig_cnt_q, 32'(stored_i),
                       32'(inflight_i), {16'b0, imb_thresh_q}, 32'b0, {31'b0, bypass_en_q},
                       {16'(ThreadsPerTile), 16'(NumTiles)}, Capacity, NumParts, IdValue};

  always_comb begin
    rvalue = '0;
    if (is_part) begin
      rvalue = part_words[PartIdxW'(part_sel)][{part_word, 5'b0} +: 32];
    end else if (addr_w <= AddrAdmitStall) begin
      rvalue = glob_words[{addr_w[5:2], 5'b0} +: 32];
    end else if (addr_w >= AddrImbBase && addr_w < AddrImbBase + 16'h20) begin
      rvalue = imb_pad[{addr_w[4:2], 5'b0} +: 32];
    end else if (addr_w >= AddrLoadBase && addr_w < AddrLoadBase + 16'h20) begin
      rvalue = load_pad[{addr_w[4:2], 5'b0} +: 32];
    end else if (addr_w >= AddrBusyBase && addr_w < AddrBusyBase + 16'h40) begin
      rvalue = busy_pad[{addr_w[5:2], 5'b0} +: 32];
    end
  end

  assign reg_rdata_o = rvalue;

  // ---- Checks ----------------------------------------------------------------------------------
  `ASSERT(EventsOneHotEnq_A, $onehot0(ev_enq_i))
  `ASSERT(EventsOneHotDeq_A, $onehot0(ev_deq_i))
  `ASSERT(EventsOneHotByp_A, $onehot0(ev_byp_i))

endmodule
