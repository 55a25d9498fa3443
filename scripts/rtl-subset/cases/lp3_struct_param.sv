// SPDX-License-Identifier: Apache-2.0
// CASE: module parameter of a packed struct type, overridden at instantiation
// VERDICT: allowed
`default_nettype none
package lp3_pkg;
  typedef struct packed {
    logic [3:0] add;
    logic       invert;
  } cfg_t;
endpackage
module lp3_unit #(
  parameter lp3_pkg::cfg_t Cfg = '{add: 4'd1, invert: 1'b0}
) (
  input  logic [3:0] a_i,
  output logic [3:0] y_o
);
  logic [3:0] s;
  assign s   = a_i + Cfg.add;
  assign y_o = Cfg.invert ? ~s : s;
endmodule
module top (
  input  logic [3:0] a_i,
  output logic [3:0] y_o,
  output logic [3:0] z_o
);
  lp3_unit u_def (.a_i(a_i), .y_o(y_o));
  lp3_unit #(.Cfg('{add: 4'd5, invert: 1'b1})) u_ovr (.a_i(a_i), .y_o(z_o));
endmodule
