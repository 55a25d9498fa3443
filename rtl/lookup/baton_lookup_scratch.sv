// SPDX-License-Identifier: Apache-2.0
// Scratchpad memory attached to the dispatcher (SP12): Words 32-bit words that firmware reads and
// writes for shared tables, through a valid/ready request channel and an in-order response channel.
// Every request gets exactly one response (reads: the word; writes: the word's previous value is
// not returned, rdata is zero). Byte enables apply to writes. One request per cycle when the
// response is taken at once; a stalled response holds the next request back (no internal queue).
// Contents start undefined (no reset, block RAM).
`default_nettype none
`include "baton_assert.svh"

module baton_lookup_scratch
  import baton_lookup_pkg::*;
#(
  parameter int unsigned Words = 4096,
  localparam int unsigned Aw   = $clog2(Words)
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         req_valid_i,
  output logic         req_ready_o,
  input  lk_spad_req_t req_i,
  output logic         rsp_valid_o,
  input  logic         rsp_ready_i,
  output logic [31:0]  rsp_o
);

  `ASSERT_INIT(WordsLegal_A, (Words >= 2) && (Words <= (1 << LkSpadAw)) && ((Words & (Words - 1)) == 0))

  logic        rsp_valid_q, rsp_we_q;
  logic [31:0] rdata;
  logic        req_fire;

  // A new request may enter when the response slot is free or emptied in this cycle; the RAM
  // keeps its read data until the next read, so a waiting response stays stable.
  assign req_ready_o = !rsp_valid_q || rsp_ready_i;
  assign req_fire    = req_valid_i && req_ready_o;

  baton_ram_1p #(
    .Width  (32),
    .Depth  (Words),
    .ByteEn (1)
  ) u_ram (
    .clk_i   (clk_i),
    .req_i   (req_fire),
    .we_i    (req_i.we),
    .addr_i  (Aw'(req_i.addr)),
    .wdata_i (req_i.wdata),
    .be_i    (req_i.be),
    .rdata_o (rdata)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rsp_valid_q <= 1'b0;
    end else if (req_ready_o) begin
      rsp_valid_q <= req_valid_i;
    end
  end
  always_ff @(posedge clk_i) begin
    if (req_fire) rsp_we_q <= req_i.we;
  end

  assign rsp_valid_o = rsp_valid_q;
  assign rsp_o       = rsp_we_q ? 32'h0 : rdata;

  logic unused_addr;
  assign unused_addr = ^req_i.addr;

  `ASSERT_STABLE(RspStable_A, rsp_valid_o, rsp_ready_i, rsp_o)

endmodule
