// SPDX-License-Identifier: Apache-2.0
// CASE: unsized fill literals '0, '1 and 'x-free defaults
// VERDICT: allowed
`default_nettype none
module top (
  input  logic        sel_i,
  input  logic [15:0] d_i,
  output logic [15:0] y_o,
  output logic [15:0] z_o
);
  assign y_o = sel_i ? '1 : d_i;
  assign z_o = sel_i ? d_i : '0;
endmodule
