// SPDX-License-Identifier: Apache-2.0
// CASE: Verilog-2001 always @* and always @(posedge) with reg-style logic
// VERDICT: forbidden(plain-always)
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic [3:0] a_i,
  output logic [3:0] y_o,
  output logic [3:0] q_o
);
  always @* begin
    y_o = a_i;
    if (a_i[0]) y_o = a_i >> 1;
  end
  always @(posedge clk_i) q_o <= y_o;
endmodule
