// SPDX-License-Identifier: Apache-2.0
// CASE: localparam of a packed struct type, fields used as constants
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  output logic [7:0] y_o
);
  typedef struct packed {
    logic [3:0] shift;
    logic [7:0] mask;
  } cfg_t;
  localparam cfg_t Cfg = '{shift: 4'd3, mask: 8'h3c};
  assign y_o = (a_i << Cfg.shift) & Cfg.mask;
endmodule
