// SPDX-License-Identifier: Apache-2.0
// Memory port model of the lookup controller's external stores (flow table banks, flow state,
// timers): an SRAM with independent read and write ports, a fixed read latency and lane enables.
// In simulation it is a Verilator array; on an FPGA it maps to block RAM plus output registers.
//
// Read: rd_req_i with rd_addr_i in cycle c returns the word on rd_data_o in cycle c+Latency
//       (for Latency = 1 the data then stays until the next read; for Latency > 1 it is there for
//       exactly that one cycle). One read per cycle, always accepted.
// Write: wr_req_i writes the lanes selected by wr_be_i (lane i = bits [i*LaneW +: LaneW]); a read
//        issued in any later cycle sees it. A read of the address written in the same cycle is
//        undefined (the controller never relies on it). One write per cycle, always accepted.
// No reset: contents start undefined; the controller clears what it needs after reset.
`default_nettype none
`include "baton_assert.svh"

module baton_lookup_mem #(
  parameter int unsigned Width   = 64,
  parameter int unsigned Depth   = 256,
  parameter int unsigned Lanes   = 1,
  parameter int unsigned Latency = 1,
  localparam int unsigned AddrW  = baton_util_pkg::idx_w(Depth)
) (
  input  logic             clk_i,
  input  logic             rd_req_i,
  input  logic [AddrW-1:0] rd_addr_i,
  output logic [Width-1:0] rd_data_o,
  input  logic             wr_req_i,
  input  logic [AddrW-1:0] wr_addr_i,
  input  logic [Width-1:0] wr_data_i,
  input  logic [Lanes-1:0] wr_be_i
);

  `ASSERT_INIT(WidthLegal_A, Width >= 1)
  `ASSERT_INIT(DepthLegal_A, Depth >= 2)
  `ASSERT_INIT(LanesLegal_A, (Lanes >= 1) && ((Width % Lanes) == 0))
  `ASSERT_INIT(LatencyLegal_A, (Latency >= 1) && (Latency <= 16))

  localparam int unsigned LaneW = Width / Lanes;

  (* no_rw_check *) logic [Width-1:0] mem [Depth];
  logic [Width-1:0] rdata_q;  // the RAM's own read register (a plain vector, so it maps into the RAM)

  always_ff @(posedge clk_i) begin
    if (wr_req_i) begin
      for (int unsigned i = 0; i < Lanes; i++) begin
        if (wr_be_i[i]) mem[wr_addr_i][i*LaneW +: LaneW] <= wr_data_i[i*LaneW +: LaneW];
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (rd_req_i) rdata_q <= mem[rd_addr_i];
  end

  // Extra latency: a plain delay line behind the RAM's read register.
  if (Latency > 1) begin : gen_delay
    logic [Latency-2:0][Width-1:0] dly_q;
    always_ff @(posedge clk_i) begin
      dly_q[0] <= rdata_q;
      for (int unsigned s = 1; s < Latency - 1; s++) dly_q[s] <= dly_q[s-1];
    end
    assign rd_data_o = dly_q[Latency-2];
  end else begin : gen_direct
    assign rd_data_o = rdata_q;
  end

endmodule
