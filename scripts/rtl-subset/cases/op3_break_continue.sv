// SPDX-License-Identifier: Apache-2.0
// CASE: break and continue in a for loop inside always_comb
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  input  logic [7:0] skip_i,
  output logic [3:0] y_o
);
  always_comb begin
    y_o = 4'd0;
    for (int i = 0; i < 8; i++) begin
      if (skip_i[i]) continue;
      if (a_i[i]) begin
        y_o = 4'(i) + 4'd1;
        break;
      end
    end
  end
endmodule
