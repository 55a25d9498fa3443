// SPDX-License-Identifier: Apache-2.0
// Test-only RTL: a one-entry AXI4-Stream register stage, for the AXI4-Stream agents' self-test
// at 64- and 512-bit data widths.
`default_nettype none
`include "baton_assert.svh"

module tb_axis_stage #(
  parameter int unsigned DataW = 64
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               s_tvalid_i,
  output logic               s_tready_o,
  input  logic [DataW-1:0]   s_tdata_i,
  input  logic [DataW/8-1:0] s_tkeep_i,
  input  logic               s_tlast_i,
  input  logic               s_tuser_i,
  output logic               m_tvalid_o,
  input  logic               m_tready_i,
  output logic [DataW-1:0]   m_tdata_o,
  output logic [DataW/8-1:0] m_tkeep_o,
  output logic               m_tlast_o,
  output logic               m_tuser_o
);
  `ASSERT_INIT(gen_dataw_legal, DataW >= 8 && DataW <= 512 && DataW % 8 == 0)

  logic valid_q;
  assign s_tready_o = !valid_q || m_tready_i;
  assign m_tvalid_o = valid_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) valid_q <= 1'b0;
    else if (s_tready_o) valid_q <= s_tvalid_i;
  end

  always_ff @(posedge clk_i) begin
    if (s_tvalid_i && s_tready_o) begin
      m_tdata_o <= s_tdata_i;
      m_tkeep_o <= s_tkeep_i;
      m_tlast_o <= s_tlast_i;
      m_tuser_o <= s_tuser_i;
    end
  end

  `ASSERT_STABLE(MasterContract_A, m_tvalid_o, m_tready_i, {m_tdata_o, m_tkeep_o, m_tlast_o, m_tuser_o})
endmodule
