// SPDX-License-Identifier: Apache-2.0
// CASE: elaboration $error in a child module, triggered only by the parameter the parent passes
// EXPECT: error
// VERDICT: required
`default_nettype none
module el3_child #(
  parameter int unsigned W = 8
) (
  input  logic [W-1:0] a_i,
  output logic [W-1:0] y_o
);
  if (W > 16) begin : gen_too_wide
    $error("W=%0d is wider than 16", W);
  end
  assign y_o = ~a_i;
endmodule
module top (
  input  logic [31:0] a_i,
  output logic [31:0] y_o
);
  el3_child #(.W(32)) u_child (.a_i(a_i), .y_o(y_o));
endmodule
