// SPDX-License-Identifier: Apache-2.0
// CASE: packed 3-D array with two variable indices
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [1:0][3:0][3:0] a_i,
  input  logic                 i_i,
  input  logic [1:0]           j_i,
  output logic [3:0]           y_o
);
  assign y_o = a_i[i_i][j_i];
endmodule
