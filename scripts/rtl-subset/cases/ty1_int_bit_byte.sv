// SPDX-License-Identifier: Apache-2.0
// CASE: 2-state types int, bit and byte as locals and in casts
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  output logic [7:0] y_o,
  output logic       neg_o
);
  always_comb begin
    byte s;
    bit  f;
    int  t;
    s = byte'(a_i);
    t = int'(s) - int'(b_i);
    f = (t < 0);
    y_o   = 8'(t);
    neg_o = f;
  end
endmodule
