// SPDX-License-Identifier: Apache-2.0
// CASE: submodule instances created in a generate for, connected by index
// VERDICT: allowed
`default_nettype none
module gen4_cell (
  input  logic [3:0] a_i,
  input  logic       c_i,
  output logic [3:0] y_o,
  output logic       c_o
);
  assign {c_o, y_o} = {1'b0, a_i} + {4'b0, c_i};
endmodule
module top (
  input  logic [15:0] a_i,
  input  logic        c_i,
  output logic [15:0] y_o,
  output logic        c_o
);
  logic [4:0] carry;
  assign carry[0] = c_i;
  for (genvar i = 0; i < 4; i++) begin : gen_cell
    gen4_cell u_cell (
      .a_i(a_i[4*i +: 4]),
      .c_i(carry[i]),
      .y_o(y_o[4*i +: 4]),
      .c_o(carry[i+1])
    );
  end
  assign c_o = carry[4];
endmodule
