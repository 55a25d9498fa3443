// SPDX-License-Identifier: Apache-2.0
// CASE: $clog2 derives an address width from a depth parameter
// VERDICT: allowed
`default_nettype none
module top #(
  parameter int unsigned Depth = 12
) (
  input  logic [7:0]  a_i,
  output logic [$clog2(Depth)-1:0] idx_o,
  output logic        in_range_o
);
  localparam int unsigned AW = $clog2(Depth);
  assign idx_o      = a_i[AW-1:0];
  assign in_range_o = a_i < 8'(Depth);
endmodule
