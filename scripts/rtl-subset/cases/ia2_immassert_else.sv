// SPDX-License-Identifier: Apache-2.0
// CASE: immediate assert with an else $error action block
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [3:0] a_i,
  output logic [3:0] y_o
);
  always_comb begin
    y_o = a_i | 4'b1000;
    assert (y_o[3]) else $error("msb must be set");
  end
endmodule
