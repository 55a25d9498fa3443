// SPDX-License-Identifier: Apache-2.0
// CASE: signed'(x) and unsigned'(x) casts in an arithmetic shift and a compare
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  input  logic [2:0] sh_i,
  output logic [7:0] y_o,
  output logic       lt_o
);
  assign y_o  = unsigned'(signed'(a_i) >>> sh_i);
  assign lt_o = signed'(a_i) < signed'(8'h10);
endmodule
