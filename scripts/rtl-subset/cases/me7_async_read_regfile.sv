// SPDX-License-Identifier: Apache-2.0
// CASE: register file with two asynchronous read ports and one write port (x0 reads zero)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic        clk_i,
  input  logic        we_i,
  input  logic [4:0]  wa_i,
  input  logic [4:0]  ra_i,
  input  logic [4:0]  rb_i,
  input  logic [31:0] d_i,
  output logic [31:0] a_o,
  output logic [31:0] b_o
);
  logic [31:0] rf [32];
  always_ff @(posedge clk_i) if (we_i) rf[wa_i] <= d_i;
  assign a_o = (ra_i == 5'd0) ? 32'd0 : rf[ra_i];
  assign b_o = (rb_i == 5'd0) ? 32'd0 : rf[rb_i];
endmodule
