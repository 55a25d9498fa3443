// SPDX-License-Identifier: Apache-2.0
// CASE: unique casez instruction-style decode with ? wildcards
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [6:0] opc_i,
  output logic [2:0] cls_o
);
  always_comb begin
    unique casez (opc_i)
      7'b0110011: cls_o = 3'd1;
      7'b0010011: cls_o = 3'd2;
      7'b0?00011: cls_o = 3'd3;
      7'b1100011: cls_o = 3'd4;
      7'b0001011: cls_o = 3'd5;
      default:    cls_o = 3'd0;
    endcase
  end
endmodule
