// SPDX-License-Identifier: Apache-2.0
// CASE: enum methods .next() and .first() in combinational logic
// VERDICT: forbidden(synth)
`default_nettype none
module top (
  input  logic [1:0] d_i,
  output logic [1:0] y_o,
  output logic [1:0] f_o
);
  typedef enum logic [1:0] {
    A = 2'd0,
    B = 2'd1,
    C = 2'd2,
    D = 2'd3
  } abc_e;
  abc_e e, n;
  assign e   = abc_e'(d_i);
  assign n   = e.next();
  assign y_o = n;
  assign f_o = e.first();
endmodule
