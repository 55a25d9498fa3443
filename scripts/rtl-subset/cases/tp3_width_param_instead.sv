// SPDX-License-Identifier: Apache-2.0
// CASE: the type-parameter-free alternative: a width parameter and casts at the boundary
// VERDICT: allowed
`default_nettype none
package tp3_pkg;
  typedef struct packed {
    logic [2:0] id;
    logic [9:0] len;
  } hdr_t;
endpackage
module tp3_reg #(
  parameter int unsigned W = 1
) (
  input  logic         clk_i,
  input  logic [W-1:0] d_i,
  output logic [W-1:0] q_o
);
  always_ff @(posedge clk_i) q_o <= d_i;
endmodule
module top (
  input  logic          clk_i,
  input  tp3_pkg::hdr_t d_i,
  output tp3_pkg::hdr_t q_o
);
  tp3_reg #(.W($bits(tp3_pkg::hdr_t))) u_reg (.clk_i(clk_i), .d_i(d_i), .q_o(q_o));
endmodule
