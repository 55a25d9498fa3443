// SPDX-License-Identifier: Apache-2.0
// CASE: unpacked array of structs, single field written with a variable index in always_ff
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       set_i,
  input  logic       clr_i,
  input  logic [1:0] wi_i,
  input  logic [1:0] ci_i,
  input  logic [1:0] ri_i,
  input  logic [3:0] tag_i,
  output logic [3:0] tag_o,
  output logic       v_o
);
  typedef struct packed {
    logic       v;
    logic [3:0] tag;
  } ent_t;
  ent_t tab_q [4];
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < 4; i++) tab_q[i] <= '0;
    end else begin
      if (set_i) begin
        tab_q[wi_i].v   <= 1'b1;
        tab_q[wi_i].tag <= tag_i;
      end
      if (clr_i) tab_q[ci_i].v <= 1'b0;
    end
  end
  assign tag_o = tab_q[ri_i].tag;
  assign v_o   = tab_q[ri_i].v;
endmodule
