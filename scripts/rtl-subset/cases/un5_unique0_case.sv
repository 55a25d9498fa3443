// SPDX-License-Identifier: Apache-2.0
// CASE: unique0 case without default (no match leaves the default assignment)
// VERDICT: forbidden(lint)
`default_nettype none
module top (
  input  logic [1:0] s_i,
  input  logic [3:0] a_i,
  output logic [3:0] y_o
);
  always_comb begin
    y_o = 4'h0;
    unique0 case (s_i)
      2'd0: y_o = a_i;
      2'd3: y_o = ~a_i;
    endcase
  end
endmodule
