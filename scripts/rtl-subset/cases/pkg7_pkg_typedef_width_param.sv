// SPDX-License-Identifier: Apache-2.0
// CASE: package typedef whose width uses a package parameter, as a port type
// VERDICT: allowed
`default_nettype none
package pkg7_pkg;
  localparam int unsigned DataW = 12;
  typedef logic [DataW-1:0] data_t;
  typedef struct packed {
    data_t      data;
    logic [1:0] kind;
  } beat_t;
endpackage
module top (
  input  pkg7_pkg::beat_t b_i,
  output pkg7_pkg::data_t y_o
);
  assign y_o = (b_i.kind == 2'd2) ? ~b_i.data : b_i.data;
endmodule
