// SPDX-License-Identifier: Apache-2.0
// CASE: packed 2-D array as port type; element write in always_comb
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [3:0][7:0] a_i,
  input  logic [1:0]      sel_i,
  output logic [3:0][7:0] y_o
);
  always_comb begin
    y_o = a_i;
    y_o[sel_i] = a_i[0] + a_i[3];
  end
endmodule
