// SPDX-License-Identifier: Apache-2.0
// CASE: package struct type on ports of a submodule and of the top
// VERDICT: allowed
`default_nettype none
package pkg5_pkg;
  typedef struct packed {
    logic       valid;
    logic [6:0] data;
  } item_t;
endpackage
module pkg5_stage (
  input  logic            clk_i,
  input  pkg5_pkg::item_t d_i,
  output pkg5_pkg::item_t q_o
);
  always_ff @(posedge clk_i) begin
    q_o.valid <= d_i.valid;
    q_o.data  <= d_i.valid ? d_i.data : q_o.data;
  end
endmodule
module top (
  input  logic            clk_i,
  input  pkg5_pkg::item_t d_i,
  output pkg5_pkg::item_t q_o
);
  pkg5_pkg::item_t mid;
  pkg5_stage u_s0 (.clk_i(clk_i), .d_i(d_i), .q_o(mid));
  pkg5_stage u_s1 (.clk_i(clk_i), .d_i(mid), .q_o(q_o));
endmodule
