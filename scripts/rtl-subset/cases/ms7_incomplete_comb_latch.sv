// SPDX-License-Identifier: Apache-2.0
// CASE: always_comb with an incomplete if (an unintended latch): the flow must catch it
// EXPECT: error
// VERDICT: forbidden(lint)
`default_nettype none
module top (
  input  logic       en_i,
  input  logic [3:0] a_i,
  output logic [3:0] y_o
);
  always_comb begin
    if (en_i) y_o = a_i;
  end
endmodule
