// SPDX-License-Identifier: Apache-2.0
// Round-robin pick without handshake: the index of the first set bit of req_i at or above ptr_i,
// wrapping to the lowest set bit below it. The caller owns the pointer and moves it to the grant
// plus one, so every requester is served within N grants. Used for the partition and tile choices
// of the context manager's delivery engine, which must decide in the same cycle as it grants.
`default_nettype none

`include "baton_assert.svh"

module baton_cm_rr_pick #(
  parameter int unsigned N = 4,
  localparam int unsigned IdxW = baton_util_pkg::idx_w(N)
) (
  input  logic [N-1:0]    req_i,
  input  logic [IdxW-1:0] ptr_i,
  output logic            valid_o,
  output logic [IdxW-1:0] idx_o
);

  `ASSERT_INIT(NLegal_A, N >= 1)

  logic [N-1:0]    prio_mask, req_hi;
  logic [IdxW-1:0] idx_hi, idx_all;
  logic            any_hi;
  logic [N-1:0]    unused_oh_hi, unused_oh_all;

  always_comb begin
    for (int unsigned i = 0; i < N; i++) begin
      prio_mask[i] = (IdxW'(i) >= ptr_i);
    end
  end
  assign req_hi = req_i & prio_mask;

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
    .valid_o  (valid_o)
  );

  assign idx_o = any_hi ? idx_hi : idx_all;

endmodule
