// SPDX-License-Identifier: Apache-2.0
// CASE: void function with output arguments
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  output logic [3:0] hi_o,
  output logic [3:0] lo_o
);
  function automatic void split(input logic [7:0] a, output logic [3:0] h, output logic [3:0] l);
    h = a[7:4];
    l = a[3:0] ^ a[7:4];
  endfunction
  always_comb split(a_i, hi_o, lo_o);
endmodule
