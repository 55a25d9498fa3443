// SPDX-License-Identifier: Apache-2.0
// CASE: $bits of a local typedef used as a width
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [12:0] d_i,
  output logic [12:0] y_o
);
  typedef struct packed {
    logic [4:0] a;
    logic [7:0] b;
  } s_t;
  localparam int unsigned SW = $bits(s_t);
  logic [SW-1:0] v;
  assign v = d_i + 13'd7;
  assign y_o = v;
endmodule
