// SPDX-License-Identifier: Apache-2.0
// CASE: RAM with read-during-write bypass written explicitly (new data forwarded)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       we_i,
  input  logic [3:0] wa_i,
  input  logic [3:0] ra_i,
  input  logic [7:0] d_i,
  output logic [7:0] q_o
);
  logic [7:0] mem [16];
  logic [7:0] rd_q, fwd_q;
  logic       hit_q;
  always_ff @(posedge clk_i) begin
    if (we_i) mem[wa_i] <= d_i;
    rd_q  <= mem[ra_i];
    hit_q <= we_i && (wa_i == ra_i);
    fwd_q <= d_i;
  end
  assign q_o = hit_q ? fwd_q : rd_q;
endmodule
