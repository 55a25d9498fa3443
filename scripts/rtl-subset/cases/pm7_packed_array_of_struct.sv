// SPDX-License-Identifier: Apache-2.0
// CASE: packed array of packed structs; field read and field write with a variable index
// VERDICT: allowed
`default_nettype none
module top (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        we_i,
  input  logic [1:0]  wi_i,
  input  logic [1:0]  ri_i,
  input  logic [3:0]  d_i,
  output logic [3:0]  y_o,
  output logic        v_o
);
  typedef struct packed {
    logic       v;
    logic [3:0] tag;
  } ent_t;
  ent_t [3:0] tab_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) tab_q <= '0;
    else if (we_i) begin
      tab_q[wi_i].tag <= d_i;
      tab_q[wi_i].v   <= ~tab_q[wi_i].v;
    end
  end
  assign y_o = tab_q[ri_i].tag;
  assign v_o = tab_q[ri_i].v;
endmodule
