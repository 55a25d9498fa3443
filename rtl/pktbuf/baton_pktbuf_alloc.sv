// SPDX-License-Identifier: Apache-2.0
// Packet-buffer slot allocator: a free bitmap that offers the lowest free slot handle on a
// valid/ready channel and takes freed handles back on two ports (the ingress drop path and the
// egress path), both accepted every cycle. The offered handle is removed from the bitmap while it
// is offered, so the offer stays stable until it is taken.
`default_nettype none
`include "baton_assert.svh"

module baton_pktbuf_alloc #(
  parameter int unsigned NumSlots = 64,
  localparam int unsigned HandleW = baton_util_pkg::idx_w(NumSlots),
  localparam int unsigned CountW  = $clog2(NumSlots + 1)
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  output logic               alloc_valid_o,
  input  logic               alloc_ready_i,
  output logic [HandleW-1:0] alloc_handle_o,
  input  logic               free_a_valid_i,
  input  logic [HandleW-1:0] free_a_handle_i,
  input  logic               free_b_valid_i,
  input  logic [HandleW-1:0] free_b_handle_i,
  output logic [CountW-1:0]  free_count_o
);
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2 && NumSlots <= 65536)

  logic [NumSlots-1:0] free_q, free_d;
  logic                offer_q, offer_d;
  logic [HandleW-1:0]  offer_handle_q, offer_handle_d;
  logic [CountW-1:0]   count_q, count_d;
  logic [HandleW-1:0]  lowest;
  logic                any_free;

  baton_prio_enc #(.Width(NumSlots), .Msb(0)) u_lowest (
    .in_i    (free_q),
    .idx_o   (lowest),
    .onehot_o(),
    .valid_o (any_free)
  );

  assign alloc_valid_o  = offer_q;
  assign alloc_handle_o = offer_handle_q;

  always_comb begin
    free_d         = free_q;
    offer_d        = offer_q;
    offer_handle_d = offer_handle_q;
    count_d        = count_q;
    if (offer_q && alloc_ready_i) begin
      offer_d = 1'b0;
      count_d = count_d - 1'b1;
    end
    // Refill the offer from the bitmap as it stood at the start of the cycle.
    if (!offer_d && any_free) begin
      offer_d         = 1'b1;
      offer_handle_d  = lowest;
      free_d[lowest]  = 1'b0;
    end
    if (free_a_valid_i) begin
      free_d[free_a_handle_i] = 1'b1;
      count_d = count_d + 1'b1;
    end
    if (free_b_valid_i) begin
      free_d[free_b_handle_i] = 1'b1;
      count_d = count_d + 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      free_q         <= '1;
      offer_q        <= 1'b0;
      offer_handle_q <= '0;
      count_q        <= CountW'(NumSlots);
    end else begin
      free_q         <= free_d;
      offer_q        <= offer_d;
      offer_handle_q <= offer_handle_d;
      count_q        <= count_d;
    end
  end

  assign free_count_o = count_q;

  // A handle is freed only while it is allocated: never twice, never while still on offer.
  `ASSERT_NEVER(DoubleFreeA_A, free_a_valid_i && free_q[free_a_handle_i])
  `ASSERT_NEVER(DoubleFreeB_A, free_b_valid_i && free_q[free_b_handle_i])
  // (A slot taken and given back in the same cycle, a one-beat runt, is fine.)
  `ASSERT_NEVER(FreeOffered_A, offer_q && !alloc_ready_i && ((free_a_valid_i && free_a_handle_i == offer_handle_q) ||
                                           (free_b_valid_i && free_b_handle_i == offer_handle_q)))
  `ASSERT_NEVER(SameHandleTwice_A, free_a_valid_i && free_b_valid_i && free_a_handle_i == free_b_handle_i)
  `ASSERT_NEVER(HandleRange_A, (free_a_valid_i && 32'(free_a_handle_i) >= NumSlots) ||
                               (free_b_valid_i && 32'(free_b_handle_i) >= NumSlots))
  `ASSERT_STABLE(AllocContract_A, alloc_valid_o, alloc_ready_i, alloc_handle_o)
endmodule
