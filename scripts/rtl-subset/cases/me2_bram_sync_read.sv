// SPDX-License-Identifier: Apache-2.0
// CASE: 256x16 single-port RAM with synchronous read (block-RAM inference)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic        clk_i,
  input  logic        we_i,
  input  logic [7:0]  a_i,
  input  logic [15:0] d_i,
  output logic [15:0] q_o
);
  logic [15:0] mem [256];
  always_ff @(posedge clk_i) begin
    if (we_i) mem[a_i] <= d_i;
    q_o <= mem[a_i];
  end
endmodule
