// SPDX-License-Identifier: Apache-2.0
// CASE: unpacked array of structs, whole element read with a variable index
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       we_i,
  input  logic [1:0] wa_i,
  input  logic [1:0] ra_i,
  input  logic [3:0] tag_i,
  input  logic [7:0] data_i,
  output logic [11:0] y_o
);
  typedef struct packed {
    logic [3:0] tag;
    logic [7:0] data;
  } ent_t;
  ent_t tab_q [4];
  always_ff @(posedge clk_i) begin
    if (we_i) tab_q[wa_i] <= '{tag: tag_i, data: data_i};
  end
  assign y_o = tab_q[ra_i];
endmodule
