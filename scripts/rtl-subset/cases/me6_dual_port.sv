// SPDX-License-Identifier: Apache-2.0
// CASE: simple dual-port RAM: one write port, one synchronous read port on another address
// VERDICT: allowed
`default_nettype none
module top (
  input  logic        clk_i,
  input  logic        we_i,
  input  logic [6:0]  wa_i,
  input  logic [6:0]  ra_i,
  input  logic [31:0] d_i,
  output logic [31:0] q_o
);
  logic [31:0] mem [128];
  always_ff @(posedge clk_i) begin
    if (we_i) mem[wa_i] <= d_i;
  end
  always_ff @(posedge clk_i) q_o <= mem[ra_i];
endmodule
