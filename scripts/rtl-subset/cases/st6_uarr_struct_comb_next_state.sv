// SPDX-License-Identifier: Apache-2.0
// CASE: the _d/_q idiom on an unpacked array of structs: copy, then modify fields by variable index
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       push_i,
  input  logic       pop_i,
  input  logic [1:0] pi_i,
  input  logic [1:0] qi_i,
  input  logic [5:0] d_i,
  output logic [3:0] valid_o,
  output logic [5:0] data_o
);
  typedef struct packed {
    logic       valid;
    logic [5:0] data;
  } slot_t;
  slot_t slots_d [4];
  slot_t slots_q [4];
  always_comb begin
    slots_d = slots_q;
    if (pop_i) slots_d[qi_i].valid = 1'b0;
    if (push_i) begin
      slots_d[pi_i].valid = 1'b1;
      slots_d[pi_i].data  = d_i ^ slots_q[qi_i].data;
    end
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) slots_q <= '{default: '0};
    else         slots_q <= slots_d;
  end
  for (genvar i = 0; i < 4; i++) begin : gen_v
    assign valid_o[i] = slots_q[i].valid;
  end
  assign data_o = slots_q[qi_i].data;
endmodule
