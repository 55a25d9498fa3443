// SPDX-License-Identifier: Apache-2.0
// CASE: hierarchical reference into a named generate block (gen_x[i].sig)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [3:0] a_i,
  output logic [3:0] y_o
);
  for (genvar i = 0; i < 4; i++) begin : gen_x
    logic sig;
    assign sig = a_i[i] ^ a_i[(i+1)%4];
  end
  assign y_o = {gen_x[3].sig, gen_x[2].sig, gen_x[1].sig, gen_x[0].sig};
endmodule
