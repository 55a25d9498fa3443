// SPDX-License-Identifier: Apache-2.0
// CASE: assignment pattern mixing a named member with default
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0]  b_i,
  output logic [15:0] y_o
);
  typedef struct packed {
    logic [3:0] a;
    logic [7:0] b;
    logic [3:0] c;
  } trio_t;
  trio_t t;
  assign t = '{b: b_i, default: '1};
  assign y_o = t;
endmodule
