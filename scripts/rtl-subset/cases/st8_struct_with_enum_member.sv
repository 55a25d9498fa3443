// SPDX-License-Identifier: Apache-2.0
// CASE: struct with an enum member compared in logic
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [1:0] k_i,
  input  logic [5:0] d_i,
  output logic [5:0] y_o
);
  typedef enum logic [1:0] { KNone, KAdd, KSub, KXor } kind_e;
  typedef struct packed {
    kind_e      kind;
    logic [5:0] val;
  } op_t;
  op_t op;
  assign op = '{kind: kind_e'(k_i), val: d_i};
  always_comb begin
    unique case (op.kind)
      KAdd:    y_o = op.val + 6'd1;
      KSub:    y_o = op.val - 6'd1;
      KXor:    y_o = op.val ^ 6'h2a;
      default: y_o = op.val;
    endcase
  end
endmodule
