// Ingress registers on the register bus (docs/ingress.md, "Registers"): the dispatcher's
// configuration (INIT_PART, MP3 affinity, frame limits, Toeplitz key) and the read-only counters
// (frames dispatched; per port: received, buffer full, oversize, runt, tuser). Writes honour
// the byte strobes; writing a read-only or unmapped address, or reading an unmapped one, is an
// error.
`default_nettype none
`include "baton_assert.svh"

module baton_ingress_csr #(
  parameter int unsigned NumPorts = 4,
  parameter logic [319:0] DefaultKey = 320'h6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  logic                        reg_req_i,
  input  logic                        reg_we_i,
  input  logic [15:0]                 reg_addr_i,
  input  logic [31:0]                 reg_wdata_i,
  input  logic [3:0]                  reg_wstrb_i,
  output logic [31:0]                 reg_rdata_o,
  output logic                        reg_error_o,
  // Configuration
  output logic [7:0]                  init_part_o,
  output logic                        aff_en_o,
  output logic [7:0]                  aff_base_o,
  output logic [3:0]                  aff_log2_o,
  output logic [15:0]                 min_frame_o,
  output logic [15:0]                 max_frame_o,
  output logic [319:0]                key_o,
  // Counters
  input  logic [31:0]                 cnt_dispatched_i,
  input  logic [NumPorts-1:0][4:0][31:0] cnt_port_i  // rx, buffer full, oversize, runt, tuser
);
  `ASSERT_INIT(NumPortsLegal_A, NumPorts >= 1 && NumPorts <= 16)

  // Writable words: 0 INIT_PART, 1 AFFINITY, 2 MIN_FRAME, 3 MAX_FRAME, 16..25 HASH_KEY0..9.
  localparam int unsigned NumRw = 14;
  logic [NumRw-1:0][31:0] rw_q, rw_reset;
  logic [31:0] wmask;

  always_comb begin
    rw_reset    = '0;
    rw_reset[2] = 32'd60;
    rw_reset[3] = 32'd1522;
    for (int unsigned k = 0; k < 10; k++) rw_reset[4 + k] = DefaultKey[319 - 32*k -: 32];
  end

  // Word index of the register at the bus address (NumRw when not a writable register).
  logic [13:0] word, cw;
  logic [4:0]  rw_idx;
  logic        ro_hit;
  logic [31:0] ro_data;
  assign word = reg_addr_i[15:2];
  assign cw   = word - 14'd64;  // counter words: 8 per port, from 0x100
  logic unused_addr;
  assign unused_addr = ^reg_addr_i[1:0];

  always_comb begin
    rw_idx  = 5'(NumRw);
    ro_hit  = 1'b0;
    ro_data = '0;
    if (word < 14'd4) begin
      rw_idx = 5'(word);
    end else if (word >= 14'd16 && word < 14'd26) begin
      rw_idx = 5'(word - 14'd12);
    end else if (word == 14'd4) begin
      ro_hit  = 1'b1;
      ro_data = cnt_dispatched_i;
    end else if (word >= 14'd64 && cw < 14'(8 * NumPorts) && cw[2:0] < 3'd5) begin
      ro_hit  = 1'b1;
      ro_data = cnt_port_i[4'(cw[6:3])][cw[2:0]];
    end
  end

  assign wmask = {{8{reg_wstrb_i[3]}}, {8{reg_wstrb_i[2]}}, {8{reg_wstrb_i[1]}}, {8{reg_wstrb_i[0]}}};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rw_q <= rw_reset;
    end else if (reg_req_i && reg_we_i && 32'(rw_idx) < NumRw) begin
      rw_q[rw_idx] <= (rw_q[rw_idx] & ~wmask) | (reg_wdata_i & wmask);
    end
  end

  always_comb begin
    reg_rdata_o = '0;
    reg_error_o = 1'b0;
    if (reg_req_i) begin
      if (32'(rw_idx) < NumRw) begin
        reg_rdata_o = rw_q[rw_idx];
      end else if (ro_hit && !reg_we_i) begin
        reg_rdata_o = ro_data;
      end else begin
        reg_error_o = 1'b1;
      end
    end
  end

  assign init_part_o = rw_q[0][7:0];
  assign aff_en_o    = rw_q[1][0];
  assign aff_base_o  = rw_q[1][15:8];
  assign aff_log2_o  = rw_q[1][19:16];
  assign min_frame_o = rw_q[2][15:0];
  assign max_frame_o = rw_q[3][15:0];
  always_comb begin
    for (int unsigned k = 0; k < 10; k++) key_o[319 - 32*k -: 32] = rw_q[4 + k];
  end
endmodule
