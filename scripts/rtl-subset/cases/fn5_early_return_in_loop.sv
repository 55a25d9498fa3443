// SPDX-License-Identifier: Apache-2.0
// CASE: function with an early return inside a for loop (find first set)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  output logic [3:0] y_o
);
  function automatic logic [3:0] ffs(logic [7:0] v);
    for (int i = 0; i < 8; i++) begin
      if (v[i]) return 4'(i);
    end
    return 4'd8;
  endfunction
  assign y_o = ffs(a_i);
endmodule
