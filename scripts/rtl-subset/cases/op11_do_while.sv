// SPDX-License-Identifier: Apache-2.0
// CASE: do ... while loop in a function
// VERDICT: forbidden(synth)
`default_nettype none
module top (
  input  logic [7:0] a_i,
  output logic [3:0] y_o
);
  function automatic logic [3:0] lead(logic [7:0] v);
    int i;
    i = 7;
    do begin
      if (v[i]) return 4'(7 - i);
      i--;
    end while (i >= 0);
    return 4'd8;
  endfunction
  assign y_o = lead(a_i);
endmodule
