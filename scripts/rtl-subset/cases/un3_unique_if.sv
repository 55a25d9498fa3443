// SPDX-License-Identifier: Apache-2.0
// CASE: unique if on mutually exclusive one-hot conditions
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [1:0] s_i,
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  output logic [7:0] y_o
);
  always_comb begin
    unique if (s_i == 2'd0) y_o = a_i;
    else if (s_i == 2'd1)   y_o = b_i;
    else                    y_o = a_i ^ b_i;
  end
endmodule
