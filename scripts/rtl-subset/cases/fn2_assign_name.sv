// SPDX-License-Identifier: Apache-2.0
// CASE: function result by assignment to the function name (Verilog-2001 style)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  output logic [7:0] y_o
);
  function automatic logic [7:0] swapnib(input logic [7:0] a);
    swapnib = {a[3:0], a[7:4]};
  endfunction
  assign y_o = swapnib(a_i);
endmodule
