// SPDX-License-Identifier: Apache-2.0
// Spill (skid) register: cuts both the valid/data path and the ready path of a valid/ready stream
// at full throughput.
//
// Two entries: the output register and a skid register. in_ready_o is "skid register empty", a
// flop, so it never depends combinationally on out_ready_i; the skid register catches the one item
// that arrives in the cycle the consumer stalls. Latency is one cycle.
`default_nettype none

`include "baton_assert.svh"

module baton_spill_reg #(
  parameter int unsigned Width = 8
) (
  input  logic             clk_i,
  input  logic             rst_ni,

  input  logic             in_valid_i,
  output logic             in_ready_o,
  input  logic [Width-1:0] in_data_i,

  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [Width-1:0] out_data_o
);

  `ASSERT_INIT(WidthLegal_A, Width >= 1)

  logic             out_valid_q, skid_valid_q;
  logic [Width-1:0] out_data_q, skid_data_q;
  logic             push, out_load, skid_load;

  assign in_ready_o = !skid_valid_q;
  assign push       = in_valid_i && in_ready_o;
  // The output register takes a new item whenever it is empty or being emptied: the skid entry
  // first (it is older), otherwise the incoming item.
  assign out_load   = !out_valid_q || out_ready_i;
  assign skid_load  = push && !out_load;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      out_valid_q  <= 1'b0;
      skid_valid_q <= 1'b0;
    end else begin
      if (out_load) begin
        out_valid_q  <= skid_valid_q || push;
        skid_valid_q <= 1'b0;
      end else if (skid_load) begin
        skid_valid_q <= 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (out_load && (skid_valid_q || push)) out_data_q <= skid_valid_q ? skid_data_q : in_data_i;
    if (skid_load) skid_data_q <= in_data_i;
  end

  assign out_valid_o = out_valid_q;
  assign out_data_o  = out_data_q;

  // A push is refused only while the skid entry is full, i.e. after the consumer stalled.
  `ASSERT(SkidOnlyWhenOutFull_A, !skid_valid_q || out_valid_q)
  `ASSERT_STABLE(OutStable_A, out_valid_o, out_ready_i, out_data_o)

endmodule
