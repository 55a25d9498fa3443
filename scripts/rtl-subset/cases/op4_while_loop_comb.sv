// SPDX-License-Identifier: Apache-2.0
// CASE: bounded while loop in always_comb (count trailing zeros)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  output logic [3:0] y_o
);
  always_comb begin
    int i;
    i = 0;
    while (i < 8 && !a_i[i]) i++;
    y_o = 4'(i);
  end
endmodule
