// SPDX-License-Identifier: Apache-2.0
// CASE: int unsigned parameters and localparams derived from other parameters
// VERDICT: allowed
`default_nettype none
module top #(
  parameter int unsigned NumTiles   = 6,
  parameter int unsigned NumThreads = 4,
  localparam int unsigned NumSlots  = NumTiles * NumThreads,
  localparam int unsigned SlotW     = $clog2(NumSlots)
) (
  input  logic [SlotW-1:0] s_i,
  output logic             ok_o,
  output logic [SlotW-1:0] y_o
);
  assign ok_o = 32'(s_i) < NumSlots;
  assign y_o  = s_i + SlotW'(NumThreads);
endmodule
