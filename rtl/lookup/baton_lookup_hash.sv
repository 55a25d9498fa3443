// SPDX-License-Identifier: Apache-2.0
// Flow-key hash: the two bucket indices of the d-left flow table (one per bank).
//
// HashKind = 0: CRC-32C (Castagnoli, reflected, init and final XOR 0xffffffff) over the 39 key
//               bytes, most significant byte first. Bank 0 takes CRC bits [BktW-1:0], bank 1 takes
//               bits [16+BktW-1:16]; the two slices are disjoint, so the banks index independently.
// HashKind = 1: weak hash for verification: both banks use src_port[BktW-1:0], so keys that share
//               those bits collide in both banks and overflow into the stash (forced collisions).
// Purely combinational; the CRC is an XOR network that synthesis flattens.
`default_nettype none
`include "baton_assert.svh"

module baton_lookup_hash
  import baton_lookup_pkg::*;
#(
  parameter int unsigned BktW     = 13,
  parameter bit          HashKind = 1'b0
) (
  input  flow_key_t             key_i,
  output logic [1:0][BktW-1:0]  bucket_o,
  output logic [31:0]           crc_o
);

  `ASSERT_INIT(BktWLegal_A, (BktW >= 1) && (BktW <= 16))

  // CRC-32C is affine in the key: crc(k) = crc(0) ^ lin(k), where lin is the CRC register update
  // with a zero initial value and no final inversion. lin is computed once per key bit at
  // elaboration into a 32 x LkKeyW matrix, so each CRC bit is one wide XOR reduction (a balanced
  // tree of depth log2(LkKeyW)) instead of a 312-step shift chain.
  typedef logic [31:0][LkKeyW-1:0] crc_mat_t;

  function automatic logic [31:0] crc_update(input logic [31:0] init, input logic [LkKeyW-1:0] bits);
    logic [31:0] crc;
    crc = init;
    for (int unsigned i = 0; i < LkKeyBytes; i++) begin
      crc = crc ^ {24'h0, bits[LkKeyW - 1 - 8 * i -: 8]};
      for (int unsigned j = 0; j < 8; j++) begin
        crc = crc[0] ? ((crc >> 1) ^ 32'h82f6_3b78) : (crc >> 1);
      end
    end
    crc_update = crc;
  endfunction

  function automatic crc_mat_t crc_matrix();
    crc_mat_t          m;
    logic [LkKeyW-1:0] e;
    logic [31:0]       c;
    for (int unsigned i = 0; i < LkKeyW; i++) begin
      e    = '0;
      e[i] = 1'b1;
      c    = crc_update(32'h0, e);
      for (int unsigned b = 0; b < 32; b++) m[b][i] = c[b];
    end
    crc_matrix = m;
  endfunction

  localparam crc_mat_t    CrcMat  = crc_matrix();
  localparam logic [31:0] CrcZero = ~crc_update(32'hffff_ffff, '0);

  logic [LkKeyW-1:0] key_bits;
  assign key_bits = key_i;
  for (genvar b = 0; b < 32; b++) begin : gen_crc_bit
    assign crc_o[b] = CrcZero[b] ^ (^(key_bits & CrcMat[b]));
  end

  if (HashKind == 0) begin : gen_crc
    assign bucket_o[0] = crc_o[BktW-1:0];
    assign bucket_o[1] = crc_o[16 +: BktW];
  end else begin : gen_weak
    assign bucket_o[0] = key_i.src_port[BktW-1:0];
    assign bucket_o[1] = key_i.src_port[BktW-1:0];
  end

endmodule
