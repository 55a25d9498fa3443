// SPDX-License-Identifier: Apache-2.0
// CASE: enum declared in a package, literals used through the package scope and by import
// VERDICT: allowed
`default_nettype none
package en5_pkg;
  typedef enum logic [2:0] {
    OpAdd = 3'd0,
    OpSub = 3'd1,
    OpXor = 3'd4
  } op_e;
endpackage
module top (
  input  logic [2:0] op_i,
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  output logic [7:0] y_o
);
  import en5_pkg::*;
  always_comb begin
    unique case (op_e'(op_i))
      OpAdd:          y_o = a_i + b_i;
      en5_pkg::OpSub: y_o = a_i - b_i;
      OpXor:          y_o = a_i ^ b_i;
      default:        y_o = a_i;
    endcase
  end
endmodule
