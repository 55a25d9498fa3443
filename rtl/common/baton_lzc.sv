// SPDX-License-Identifier: Apache-2.0
// Leading- or trailing-zero count with an all-zero flag.
//
// Mode = 0: trailing zeros (from bit 0 up); Mode = 1: leading zeros (from bit Width-1 down).
// cnt_o counts up to Width, which it reports together with empty_o when in_i is all zero.
`default_nettype none

`include "baton_assert.svh"

module baton_lzc #(
  parameter int unsigned Width = 8,
  parameter bit          Mode  = 1'b0,
  localparam int unsigned CntW = $clog2(Width + 1)
) (
  input  logic [Width-1:0] in_i,
  output logic [CntW-1:0]  cnt_o,
  output logic             empty_o
);

  `ASSERT_INIT(WidthLegal_A, Width >= 1)

  localparam int unsigned IdxW = baton_util_pkg::idx_w(Width);

  logic [IdxW-1:0]  idx;
  logic [Width-1:0] unused_onehot;
  logic             valid;

  // Trailing zeros = index of the lowest set bit; leading zeros = Width-1 - index of the highest.
  baton_prio_enc #(
    .Width (Width),
    .Msb   (Mode)
  ) u_prio_enc (
    .in_i     (in_i),
    .idx_o    (idx),
    .onehot_o (unused_onehot),
    .valid_o  (valid)
  );

  always_comb begin
    if (!valid) begin
      cnt_o = CntW'(Width);
    end else if (Mode != 0) begin
      cnt_o = CntW'(Width - 1) - CntW'(idx);
    end else begin
      cnt_o = CntW'(idx);
    end
  end

  assign empty_o = !valid;

endmodule
