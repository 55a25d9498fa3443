// SPDX-License-Identifier: Apache-2.0
// CASE: byte-enable RAM as an array of packed 2-D words, mem[a][i] <= d[i]
// VERDICT: allowed
`default_nettype none
module top (
  input  logic             clk_i,
  input  logic [3:0]       be_i,
  input  logic [5:0]       wa_i,
  input  logic [5:0]       ra_i,
  input  logic [3:0][7:0]  d_i,
  output logic [3:0][7:0]  q_o
);
  logic [3:0][7:0] mem [64];
  always_ff @(posedge clk_i) begin
    for (int i = 0; i < 4; i++) begin
      if (be_i[i]) mem[wa_i][i] <= d_i[i];
    end
    q_o <= mem[ra_i];
  end
endmodule
