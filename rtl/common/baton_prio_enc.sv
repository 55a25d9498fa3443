// SPDX-License-Identifier: Apache-2.0
// Priority encoder: the index of the lowest (Msb = 0) or highest (Msb = 1) set bit of in_i, a
// one-hot mask of that bit, and valid_o when any bit is set. With no bit set idx_o and onehot_o
// are zero.
`default_nettype none

`include "baton_assert.svh"

module baton_prio_enc #(
  parameter int unsigned Width = 8,
  parameter bit          Msb   = 1'b0,
  localparam int unsigned IdxW = baton_util_pkg::idx_w(Width)
) (
  input  logic [Width-1:0] in_i,
  output logic [IdxW-1:0]  idx_o,
  output logic [Width-1:0] onehot_o,
  output logic             valid_o
);

  `ASSERT_INIT(WidthLegal_A, Width >= 1)

  // Scanning from the low-priority end, the last set bit seen wins; synthesis flattens the chain.
  always_comb begin
    idx_o = '0;
    if (Msb != 0) begin
      for (int unsigned i = 0; i < Width; i++) begin
        if (in_i[i]) idx_o = IdxW'(i);
      end
    end else begin
      for (int unsigned i = Width; i > 0; i--) begin
        if (in_i[i-1]) idx_o = IdxW'(i - 1);
      end
    end
  end

  assign valid_o  = |in_i;
  assign onehot_o = valid_o ? (Width'(1) << idx_o) : '0;

endmodule
