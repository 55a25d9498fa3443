// SPDX-License-Identifier: Apache-2.0
// CASE: priority case with overlapping items
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [3:0] r_i,
  output logic [1:0] y_o
);
  always_comb begin
    priority casez (r_i)
      4'b1???: y_o = 2'd3;
      4'b01??: y_o = 2'd2;
      4'b001?: y_o = 2'd1;
      default: y_o = 2'd0;
    endcase
  end
endmodule
