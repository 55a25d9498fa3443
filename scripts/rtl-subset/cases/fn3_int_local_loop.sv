// SPDX-License-Identifier: Apache-2.0
// CASE: function with int locals and a for loop (popcount)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [15:0] a_i,
  output logic [4:0]  y_o
);
  function automatic logic [4:0] popcount(logic [15:0] v);
    int n;
    n = 0;
    for (int i = 0; i < 16; i++) n += int'(v[i]);
    return 5'(n);
  endfunction
  assign y_o = popcount(a_i);
endmodule
