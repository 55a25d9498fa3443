// SPDX-License-Identifier: Apache-2.0
// CASE: ++ and -- as statements in always_comb
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  input  logic       up_i,
  output logic [7:0] y_o
);
  always_comb begin
    y_o = a_i;
    if (up_i) y_o++;
    else      y_o--;
  end
endmodule
