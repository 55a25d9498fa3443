// SPDX-License-Identifier: Apache-2.0
// CASE: task with output argument called from always_comb
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  output logic [7:0] y_o
);
  task automatic mix(input logic [7:0] a, input logic [7:0] b, output logic [7:0] y);
    y = (a & b) | (a ^ 8'h33);
  endtask
  always_comb mix(a_i, b_i, y_o);
endmodule
