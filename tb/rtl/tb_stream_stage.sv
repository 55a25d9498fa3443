// SPDX-License-Identifier: Apache-2.0
// Test-only RTL for the harness self-tests: a one-entry valid/ready register stage.
// Mode 0 is correct; Mode 1 withdraws valid after one waiting cycle (a contract violation the
// harness monitor must catch). An input word of 16'hDEAD trips an assertion, so the tests can
// prove that a failing SVA fails the test.
`default_nettype none
`include "baton_assert.svh"

module tb_stream_stage #(
  parameter int unsigned Width = 16,
  parameter bit          Mode  = 1'b0
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
  `ASSERT_INIT(gen_width_legal, Width >= 16 && Width <= 64)
  `ASSERT_INIT(gen_mode_legal, Mode <= 1)

  logic             valid_q, valid_d;
  logic [Width-1:0] data_q, data_d;
  logic             waited_q;

  assign in_ready_o  = !valid_q || out_ready_i;
  assign out_valid_o = valid_q && !(Mode == 1 && waited_q);
  assign out_data_o  = data_q;

  always_comb begin
    valid_d = valid_q;
    data_d  = data_q;
    if (out_valid_o && out_ready_i) valid_d = 1'b0;
    if (in_valid_i && in_ready_o) begin
      valid_d = 1'b1;
      data_d  = in_data_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q  <= 1'b0;
      waited_q <= 1'b0;
    end else begin
      valid_q  <= valid_d;
      waited_q <= valid_q && !out_ready_i && !waited_q;
    end
  end

  always_ff @(posedge clk_i) begin
    data_q <= data_d;
  end

  `ASSERT_NEVER(NoMagicWord_A, in_valid_i && in_data_i[15:0] == 16'hDEAD)
  `ASSERT_STABLE(InContract_A, in_valid_i, in_ready_o, in_data_i)
endmodule
