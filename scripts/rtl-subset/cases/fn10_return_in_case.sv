// SPDX-License-Identifier: Apache-2.0
// CASE: returns from inside a unique case and a nested if
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [1:0] op_i,
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  output logic [7:0] y_o
);
  function automatic logic [7:0] alu(logic [1:0] op, logic [7:0] a, logic [7:0] b);
    unique case (op)
      2'd0: return a + b;
      2'd1: begin
        if (a > b) return a - b;
        return b - a;
      end
      2'd2: return a & b;
      default: ;
    endcase
    return a | b;
  endfunction
  assign y_o = alu(op_i, a_i, b_i);
endmodule
