// SPDX-License-Identifier: Apache-2.0
// CASE: nested assignment pattern for a struct containing a struct
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [3:0] x_i,
  input  logic [3:0] y_i,
  input  logic       v_i,
  output logic [8:0] y_o
);
  typedef struct packed {
    logic [3:0] lo;
    logic [3:0] hi;
  } inner_t;
  typedef struct packed {
    logic   valid;
    inner_t data;
  } outer_t;
  outer_t o;
  assign o = '{valid: v_i, data: '{lo: x_i, hi: y_i}};
  assign y_o = o;
endmodule
