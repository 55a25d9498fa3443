// SPDX-License-Identifier: Apache-2.0
// CASE: ROM initialised with $readmemh from a file (path relative to the working directory)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic [3:0] a_i,
  output logic [7:0] y_o
);
  logic [7:0] rom [16];
  initial $readmemh("me1_mem_readmemh.hex", rom);
  always_ff @(posedge clk_i) y_o <= rom[a_i];
endmodule
