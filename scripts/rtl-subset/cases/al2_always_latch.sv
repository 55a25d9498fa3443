// SPDX-License-Identifier: Apache-2.0
// CASE: always_latch (a transparent latch on purpose)
// VERDICT: forbidden(always-latch)
`default_nettype none
module top (
  input  logic       en_i,
  input  logic [3:0] d_i,
  output logic [3:0] q_o
);
  always_latch begin
    if (en_i) q_o = d_i;
  end
endmodule
