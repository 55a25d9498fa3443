// SPDX-License-Identifier: Apache-2.0
// CASE: $clog2 of 1, 2, 16 and 17 in localparams and a generate-if
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  output logic [7:0] y_o
);
  localparam int unsigned C1  = $clog2(1);
  localparam int unsigned C2  = $clog2(2);
  localparam int unsigned C16 = $clog2(16);
  localparam int unsigned C17 = $clog2(17);
  if (C1 == 0 && C2 == 1 && C16 == 4 && C17 == 5) begin : gen_ok
    assign y_o = a_i + 8'(C17);
  end else begin : gen_bad
    assign y_o = ~a_i;
  end
endmodule
