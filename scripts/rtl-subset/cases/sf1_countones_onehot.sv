// SPDX-License-Identifier: Apache-2.0
// CASE: $countones, $onehot and $onehot0 in synthesizable logic
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [11:0] a_i,
  output logic [3:0]  n_o,
  output logic        oh_o,
  output logic        oh0_o
);
  assign n_o   = 4'($countones(a_i));
  assign oh_o  = $onehot(a_i);
  assign oh0_o = $onehot0(a_i[5:0]);
endmodule
