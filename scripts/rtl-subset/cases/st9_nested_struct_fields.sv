// SPDX-License-Identifier: Apache-2.0
// CASE: nested struct with field-of-field writes in always_ff
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       we_i,
  input  logic [3:0] d_i,
  output logic [9:0] q_o
);
  typedef struct packed {
    logic [3:0] x;
    logic [3:0] y;
  } pt_t;
  typedef struct packed {
    logic [1:0] id;
    pt_t        pt;
  } obj_t;
  obj_t o_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) o_q <= '0;
    else if (we_i) begin
      o_q.pt.x <= d_i;
      o_q.pt.y <= o_q.pt.x;
      o_q.id   <= o_q.id + 2'd1;
    end
  end
  assign q_o = o_q;
endmodule
