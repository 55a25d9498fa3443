// SPDX-License-Identifier: Apache-2.0
// CASE: for loop resetting an unpacked array of registers (valid bits) in always_ff
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       set_i,
  input  logic [2:0] idx_i,
  output logic [7:0] v_o
);
  logic valid_q [8];
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < 8; i++) valid_q[i] <= 1'b0;
    end else begin
      valid_q[idx_i] <= set_i;
    end
  end
  for (genvar i = 0; i < 8; i++) begin : gen_out
    assign v_o[i] = valid_q[i];
  end
endmodule
