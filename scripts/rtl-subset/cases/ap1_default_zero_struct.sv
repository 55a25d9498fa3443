// SPDX-License-Identifier: Apache-2.0
// CASE: assignment pattern '{default: '0} on a packed struct register at reset
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic [3:0] a_i,
  input  logic [7:0] b_i,
  output logic [11:0] q_o
);
  typedef struct packed {
    logic [3:0] a;
    logic [7:0] b;
  } pair_t;
  pair_t q_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) q_q <= '{default: '0};
    else begin
      q_q.a <= a_i;
      q_q.b <= b_i;
    end
  end
  assign q_o = q_q;
endmodule
