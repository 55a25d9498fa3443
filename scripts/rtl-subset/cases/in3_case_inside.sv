// SPDX-License-Identifier: Apache-2.0
// CASE: case inside with ranges
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  output logic [1:0] y_o
);
  always_comb begin
    unique case (a_i) inside
      [8'd0:8'd63]:    y_o = 2'd0;
      [8'd64:8'd127]:  y_o = 2'd1;
      8'd128, 8'd255:  y_o = 2'd2;
      default:         y_o = 2'd3;
    endcase
  end
endmodule
