// SPDX-License-Identifier: Apache-2.0
// CASE: unpacked array of structs, field read with a variable index (tab[i].field)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       we_i,
  input  logic [1:0] wa_i,
  input  logic [1:0] ra_i,
  input  logic [11:0] d_i,
  output logic [3:0] tag_o,
  output logic [7:0] data_o
);
  typedef struct packed {
    logic [3:0] tag;
    logic [7:0] data;
  } ent_t;
  ent_t tab_q [4];
  always_ff @(posedge clk_i) if (we_i) tab_q[wa_i] <= ent_t'(d_i);
  assign tag_o  = tab_q[ra_i].tag;
  assign data_o = tab_q[ra_i].data;
endmodule
