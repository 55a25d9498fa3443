// SPDX-License-Identifier: Apache-2.0
// CASE: immediate assert in always_comb
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [3:0] a_i,
  output logic [3:0] y_o
);
  always_comb begin
    y_o = a_i | 4'b0001;
    assert (y_o != 4'b0000);
  end
endmodule
