// SPDX-License-Identifier: Apache-2.0
// CASE: always_comb writes a variable indexed part-select (+:) of a vector
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [31:0] word_i,
  input  logic [1:0]  lane_i,
  input  logic [7:0]  byte_i,
  output logic [31:0] word_o
);
  always_comb begin
    word_o = word_i;
    word_o[8*lane_i +: 8] = byte_i;
  end
endmodule
