// SPDX-License-Identifier: Apache-2.0
// CASE: byte swap written as a loop in a function (the streaming-free alternative)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [63:0] a_i,
  output logic [63:0] y_o
);
  function automatic logic [63:0] bswap64(logic [63:0] v);
    logic [63:0] r;
    for (int i = 0; i < 8; i++) r[8*i +: 8] = v[8*(7-i) +: 8];
    return r;
  endfunction
  assign y_o = bswap64(a_i);
endmodule
