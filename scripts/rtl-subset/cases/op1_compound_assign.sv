// SPDX-License-Identifier: Apache-2.0
// CASE: compound assignment operators (+=, ^=, <<=, |=) in always_comb
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  output logic [7:0] y_o
);
  always_comb begin
    y_o = a_i;
    y_o += b_i;
    y_o ^= 8'h81;
    y_o <<= 1;
    y_o |= {7'b0, b_i[7]};
  end
endmodule
