// SPDX-License-Identifier: Apache-2.0
// CASE: priority if / else if chain
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [2:0] r_i,
  output logic [1:0] y_o
);
  always_comb begin
    priority if (r_i[2]) y_o = 2'd2;
    else if (r_i[1])     y_o = 2'd1;
    else if (r_i[0])     y_o = 2'd3;
    else                 y_o = 2'd0;
  end
endmodule
