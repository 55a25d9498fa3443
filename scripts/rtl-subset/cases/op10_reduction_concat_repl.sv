// SPDX-License-Identifier: Apache-2.0
// CASE: reduction operators, replication and concatenation on the left-hand side
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [15:0] a_i,
  output logic        p_o,
  output logic        z_o,
  output logic [7:0]  hi_o,
  output logic [7:0]  lo_o
);
  assign p_o = ^a_i;
  assign z_o = ~|a_i[7:0] & (&a_i[15:12]);
  assign {hi_o, lo_o} = {a_i[7:0], {2{a_i[11:8]}}};
endmodule
