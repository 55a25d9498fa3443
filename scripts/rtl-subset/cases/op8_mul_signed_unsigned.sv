// SPDX-License-Identifier: Apache-2.0
// CASE: 32x32 multiply high parts as RV32M needs them (mulh, mulhsu, mulhu)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [31:0] a_i,
  input  logic [31:0] b_i,
  input  logic [1:0]  op_i,
  output logic [31:0] y_o
);
  logic signed [32:0] as, bs;
  logic signed [63:0] prod;
  always_comb begin
    as = {(op_i != 2'd3) & a_i[31], a_i};
    bs = {(op_i == 2'd1) & b_i[31], b_i};
    prod = as * bs;
    y_o = (op_i == 2'd0) ? prod[31:0] : prod[63:32];
  end
endmodule
