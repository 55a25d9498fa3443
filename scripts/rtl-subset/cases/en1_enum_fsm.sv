// SPDX-License-Identifier: Apache-2.0
// CASE: enum-typed FSM state with unique case and default
// VERDICT: allowed
`default_nettype none
module top (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic go_i,
  input  logic stop_i,
  output logic busy_o,
  output logic [1:0] st_o
);
  typedef enum logic [1:0] {
    StIdle = 2'd0,
    StRun  = 2'd1,
    StWait = 2'd2
  } state_e;
  state_e st_d, st_q;
  always_comb begin
    st_d = st_q;
    unique case (st_q)
      StIdle:  if (go_i) st_d = StRun;
      StRun:   if (stop_i) st_d = StWait; else if (!go_i) st_d = StIdle;
      StWait:  st_d = StIdle;
      default: st_d = StIdle;
    endcase
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) st_q <= StIdle;
    else         st_q <= st_d;
  end
  assign busy_o = (st_q != StIdle);
  assign st_o   = st_q;
endmodule
