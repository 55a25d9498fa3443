// SPDX-License-Identifier: Apache-2.0
// CASE: a function evaluated at elaboration to size a parameter
// VERDICT: allowed
`default_nettype none
module top #(
  parameter int unsigned N = 5
) (
  input  logic [7:0] a_i,
  output logic [7:0] y_o
);
  function automatic int unsigned round_pow2(int unsigned x);
    int unsigned p;
    p = 1;
    while (p < x) p = p * 2;
    return p;
  endfunction
  localparam int unsigned P = round_pow2(N);
  assign y_o = a_i + 8'(P);
endmodule
