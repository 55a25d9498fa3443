// SPDX-License-Identifier: Apache-2.0
// CASE: explicit generate/endgenerate region with genvar declared outside the loop
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [3:0] a_i,
  output logic [3:0] y_o
);
  genvar i;
  generate
    for (i = 0; i < 4; i = i + 1) begin : gen_inv
      assign y_o[i] = ~a_i[3-i];
    end
  endgenerate
endmodule
