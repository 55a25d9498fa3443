// SPDX-License-Identifier: Apache-2.0
// Round-robin pick without handshake: the first set bit of req_i at or above the pointer,
// wrapping to the lowest set bit below it. The pointer comes as its priority mask (mask_i[i] set
// for the requesters at or above it; all clear means the pointer is 0, which gives the same pick
// as all set). The caller owns the mask and sets it to the grant plus one (next_mask_o), so every
// requester is served within N grants. Used for the partition and tile choices of the context
// manager's delivery engine, which must decide in the same cycle as it grants; the one-hot grant
// is built directly (no index decode) for the engine's one-hot state updates.
`default_nettype none

`include "baton_assert.svh"

module baton_cm_rr_pick #(
  parameter int unsigned N = 4,
  localparam int unsigned IdxW = baton_util_pkg::idx_w(N)
) (
  input  logic [N-1:0]    req_i,
  input  logic [N-1:0]    mask_i,
  output logic            valid_o,
  output logic [IdxW-1:0] idx_o,
  output logic [N-1:0]    onehot_o
);

  `ASSERT_INIT(NLegal_A, N >= 1)

  logic [N-1:0]    req_hi, oh_hi, oh_all, below_hi, below_all;
  logic [IdxW-1:0] idx_hi, idx_all;
  logic            any_hi;
  logic [N-1:0]    unused_oh_hi, unused_oh_all;
  logic            unused_any_all;

  assign req_hi = req_i & mask_i;

  // First set bit as a one-hot: set and no set bit below it.
  always_comb begin
    below_hi  = '0;
    below_all = '0;
    for (int unsigned i = 1; i < N; i++) begin
      below_hi[i]  = below_hi[i-1] | req_hi[i-1];
      below_all[i] = below_all[i-1] | req_i[i-1];
    end
    oh_hi  = req_hi & ~below_hi;
    oh_all = req_i & ~below_all;
  end

  baton_prio_enc #(
    .Width (N),
    .Msb   (0)
  ) u_prio_hi (
    .in_i     (req_hi),
    .idx_o    (idx_hi),
    .onehot_o (unused_oh_hi),
    .valid_o  (any_hi)
  );

  baton_prio_enc #(
    .Width (N),
    .Msb   (0)
  ) u_prio_all (
    .in_i     (req_i),
    .idx_o    (idx_all),
    .onehot_o (unused_oh_all),
    .valid_o  (unused_any_all)
  );

  assign valid_o  = |req_i;
  assign idx_o    = any_hi ? idx_hi : idx_all;
  assign onehot_o = any_hi ? oh_hi : oh_all;

endmodule
