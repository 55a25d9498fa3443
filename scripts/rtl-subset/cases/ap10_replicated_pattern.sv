// SPDX-License-Identifier: Apache-2.0
// CASE: replicated assignment pattern '{N{value}} on an unpacked array
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic [1:0] idx_i,
  input  logic [3:0] d_i,
  output logic [3:0] q_o
);
  logic [3:0] arr_q [4];
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) arr_q <= '{4{4'h9}};
    else arr_q[idx_i] <= d_i;
  end
  assign q_o = arr_q[~idx_i];
endmodule
