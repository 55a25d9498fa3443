// SPDX-License-Identifier: Apache-2.0
// CASE: localparam int unpacked array with a variable-index read
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [1:0] i_i,
  input  logic [7:0] a_i,
  output logic [7:0] y_o
);
  localparam int unsigned Shift [4] = '{1, 2, 3, 5};
  assign y_o = a_i >> Shift[i_i];
endmodule
