// SPDX-License-Identifier: Apache-2.0
// CASE: case default assigning 'x (don't care) to an output
// EQ: no (the value for the default is deliberately unspecified; simulators and netlists may differ)
// VERDICT: forbidden(x-literal)
`default_nettype none
module top (
  input  logic [1:0] s_i,
  input  logic [3:0] a_i,
  output logic [3:0] y_o
);
  always_comb begin
    unique case (s_i)
      2'd0:    y_o = a_i;
      2'd1:    y_o = ~a_i;
      default: y_o = 'x;
    endcase
  end
endmodule
