// SPDX-License-Identifier: Apache-2.0
// Toeplitz (RSS) hash of up to MaxBytes input bytes under a run-time key (MP1; docs/feature-set.md
// section 5 defines the input bytes).
//
// For every set input bit j (bit 7 of byte 0 is j = 0), the 32 key bits starting at key bit j are
// XORed into the result. Bytes at or beyond len_i are ignored, so one instance hashes IPv4 and
// IPv6 keys with or without ports (8, 12, 32 or 36 bytes).
//
// Byte order: data_i holds byte 0 in bits [8*MaxBytes-1 -: 8] (network order, first byte most
// significant); key_i holds key byte 0 in bits [8*KeyBytes-1 -: 8].
//
// Key: RuntimeKey = 1 takes key_i with every input (a CSR in the engine, so the hash is
// configurable at run time); RuntimeKey = 0 ignores key_i and uses the Key parameter, which lets
// synthesis fold the AND terms away (iCE40: 1966 instead of 7865 LUTs at MaxBytes = 36). Key
// defaults to Microsoft's RSS verification key; a shorter key (MaxBytes < 36) is its leading bytes.
//
// Timing: a valid/ready pipeline at full throughput. Pipeline = 0: the whole XOR tree is
// combinational in front of one output register (latency 1). Pipeline = 1: the per-group partial
// hashes (4 input bytes each) are registered first, which cuts the tree roughly in half (latency 2).
// key_i is used only in the first stage, with the data it is accepted with.
`default_nettype none

`include "baton_assert.svh"

module baton_toeplitz #(
  parameter int unsigned MaxBytes   = 36,
  parameter bit          Pipeline   = 1'b0,
  parameter bit          RuntimeKey = 1'b1,
  parameter logic [319:0] Key       = 320'h6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa,
  localparam int unsigned KeyBytes  = MaxBytes + 4,
  localparam int unsigned LenW      = $clog2(MaxBytes + 1)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,

  input  logic                  in_valid_i,
  output logic                  in_ready_o,
  input  logic [8*KeyBytes-1:0] key_i,
  input  logic [8*MaxBytes-1:0] data_i,
  input  logic [LenW-1:0]       len_i,

  output logic                  out_valid_o,
  input  logic                  out_ready_i,
  output logic [31:0]           hash_o
);

  `ASSERT_INIT(MaxBytesLegal_A, MaxBytes >= 1 && MaxBytes <= 36)
  `ASSERT_INIT(RuntimeKeyLegal_A, RuntimeKey == 1'b0 || RuntimeKey == 1'b1)
  `ASSERT_INIT(KeyLegal_A, RuntimeKey || Key != 320'd0)

  localparam int unsigned NumBits   = 8 * MaxBytes;
  localparam int unsigned KeyBits   = 8 * KeyBytes;
  localparam int unsigned GroupBits = 32;
  localparam int unsigned NumGroups = (NumBits + GroupBits - 1) / GroupBits;

  // ---- First stage: one 32-bit term per input bit, XORed per group of 32 input bits ----------
  logic [KeyBits-1:0]  key;
  logic [MaxBytes-1:0] byte_en;
  logic [31:0]         term [NumBits];
  logic [31:0]         part [NumGroups];

  if (RuntimeKey) begin : gen_runtime_key
    assign key = key_i;
  end else begin : gen_param_key
    assign key = Key[319 -: KeyBits];
    logic unused_key_i;
    assign unused_key_i = ^key_i;
  end

  for (genvar b = 0; b < MaxBytes; b++) begin : gen_byte_en
    localparam logic [LenW-1:0] ByteIdx = LenW'(b);
    assign byte_en[b] = ByteIdx < len_i;
  end

  for (genvar j = 0; j < NumBits; j++) begin : gen_terms
    assign term[j] = (data_i[NumBits-1-j] && byte_en[j/8]) ? key[KeyBits-1-j -: 32] : 32'd0;
  end

  for (genvar g = 0; g < NumGroups; g++) begin : gen_groups
    localparam int unsigned Lo = g * GroupBits;
    localparam int unsigned Hi = (Lo + GroupBits < NumBits) ? Lo + GroupBits : NumBits;
    always_comb begin
      part[g] = 32'd0;
      for (int unsigned j = Lo; j < Hi; j++) begin
        part[g] = part[g] ^ term[j];
      end
    end
  end

  // ---- Optional register between the partial hashes and the final XOR ------------------------
  logic        s2_valid, s2_ready;
  logic [31:0] s2_part [NumGroups];

  if (Pipeline != 0) begin : gen_pipe
    logic        s1_valid_q;
    logic [31:0] s1_part_q [NumGroups];
    logic        s1_ready;

    assign s1_ready = !s1_valid_q || s2_ready;

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        s1_valid_q <= 1'b0;
      end else if (s1_ready) begin
        s1_valid_q <= in_valid_i;
      end
    end

    always_ff @(posedge clk_i) begin
      if (s1_ready && in_valid_i) s1_part_q <= part;
    end

    assign in_ready_o = s1_ready;
    assign s2_valid   = s1_valid_q;
    assign s2_part    = s1_part_q;
  end else begin : gen_no_pipe
    assign in_ready_o = s2_ready;
    assign s2_valid   = in_valid_i;
    assign s2_part    = part;
  end

  // ---- Final XOR and output register --------------------------------------------------------
  logic        out_valid_q;
  logic [31:0] hash_q, hash_d;

  always_comb begin
    hash_d = 32'd0;
    for (int unsigned g = 0; g < NumGroups; g++) begin
      hash_d = hash_d ^ s2_part[g];
    end
  end

  assign s2_ready = !out_valid_q || out_ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      out_valid_q <= 1'b0;
    end else if (s2_ready) begin
      out_valid_q <= s2_valid;
    end
  end

  always_ff @(posedge clk_i) begin
    if (s2_ready && s2_valid) hash_q <= hash_d;
  end

  assign out_valid_o = out_valid_q;
  assign hash_o      = hash_q;

  // The last key bit would only start a window for an input bit beyond the last one.
  logic unused_key_lsb;
  assign unused_key_lsb = key[0];

  `ASSERT(LenInRange_A, !in_valid_i || (len_i <= LenW'(MaxBytes)))
  `ASSERT_STABLE(OutStable_A, out_valid_o, out_ready_i, hash_o)

endmodule
