// SPDX-License-Identifier: Apache-2.0
// CASE: function with a return statement
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  output logic [7:0] y_o
);
  function automatic logic [7:0] add3(logic [7:0] a, logic [7:0] b);
    return a + b + 8'd3;
  endfunction
  assign y_o = add3(a_i, b_i);
endmodule
