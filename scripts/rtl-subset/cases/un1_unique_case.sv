// SPDX-License-Identifier: Apache-2.0
// CASE: unique case with full coverage and default
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [1:0] s_i,
  input  logic [7:0] a_i,
  output logic [7:0] y_o
);
  always_comb begin
    unique case (s_i)
      2'd0:    y_o = a_i;
      2'd1:    y_o = a_i << 1;
      2'd2:    y_o = a_i >> 1;
      default: y_o = ~a_i;
    endcase
  end
endmodule
