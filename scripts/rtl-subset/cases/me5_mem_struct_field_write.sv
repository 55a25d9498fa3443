// SPDX-License-Identifier: Apache-2.0
// CASE: RAM whose words are packed structs; one field written with a variable address
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       we_i,
  input  logic       tag_we_i,
  input  logic [3:0] wa_i,
  input  logic [3:0] ra_i,
  input  logic [7:0] d_i,
  output logic [11:0] q_o
);
  typedef struct packed {
    logic [3:0] tag;
    logic [7:0] data;
  } entry_t;
  entry_t mem [16];
  always_ff @(posedge clk_i) begin
    if (we_i) mem[wa_i].data <= d_i;
    if (tag_we_i) mem[wa_i].tag <= d_i[3:0];
    q_o <= mem[ra_i];
  end
endmodule
