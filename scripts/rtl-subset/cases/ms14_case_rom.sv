// SPDX-License-Identifier: Apache-2.0
// CASE: ROM written as a case statement (small constant table)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [3:0] a_i,
  output logic [7:0] y_o
);
  always_comb begin
    unique case (a_i)
      4'h0: y_o = 8'h3f; 4'h1: y_o = 8'h06; 4'h2: y_o = 8'h5b; 4'h3: y_o = 8'h4f;
      4'h4: y_o = 8'h66; 4'h5: y_o = 8'h6d; 4'h6: y_o = 8'h7d; 4'h7: y_o = 8'h07;
      4'h8: y_o = 8'h7f; 4'h9: y_o = 8'h6f; 4'ha: y_o = 8'h77; 4'hb: y_o = 8'h7c;
      4'hc: y_o = 8'h39; 4'hd: y_o = 8'h5e; 4'he: y_o = 8'h79; default: y_o = 8'h71;
    endcase
  end
endmodule
