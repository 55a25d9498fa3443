// SPDX-License-Identifier: Apache-2.0
// CASE: always_comb for loop computing a priority (first-one) index, last assignment wins
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] req_i,
  output logic [2:0] idx_o,
  output logic       any_o
);
  always_comb begin
    idx_o = '0;
    any_o = 1'b0;
    for (int i = 7; i >= 0; i--) begin
      if (req_i[i]) begin
        idx_o = 3'(i);
        any_o = 1'b1;
      end
    end
  end
endmodule
