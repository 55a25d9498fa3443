// SPDX-License-Identifier: Apache-2.0
// CASE: localparam unpacked array initialised by a positional pattern, read with a variable index
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [2:0] idx_i,
  output logic [7:0] y_o
);
  localparam logic [7:0] Table [8] = '{8'h01, 8'h02, 8'h04, 8'h08, 8'h10, 8'h20, 8'h40, 8'h81};
  assign y_o = Table[idx_i];
endmodule
