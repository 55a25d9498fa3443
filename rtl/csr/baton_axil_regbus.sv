// SPDX-License-Identifier: Apache-2.0
// AXI4-Lite slave to a simple register bus (one access at a time).
//
// The register bus is the port every Baton block exposes for its control and status registers:
// reg_req_o with reg_we_o/reg_addr_o/reg_wdata_o/reg_wstrb_o for one cycle, answered in the same
// cycle by reg_rdata_i and reg_error_i (an unmapped or read-only address). This adapter accepts
// AW and W in either order, performs one access at a time, alternates between a waiting read and
// a waiting write so neither starves, and returns SLVERR for accesses the block rejects.
`default_nettype none
`include "baton_assert.svh"

module baton_axil_regbus #(
  parameter int unsigned AddrW = 16
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  // AXI4-Lite slave
  input  logic             awvalid_i,
  output logic             awready_o,
  input  logic [AddrW-1:0] awaddr_i,
  input  logic             wvalid_i,
  output logic             wready_o,
  input  logic [31:0]      wdata_i,
  input  logic [3:0]       wstrb_i,
  output logic             bvalid_o,
  input  logic             bready_i,
  output logic [1:0]       bresp_o,
  input  logic             arvalid_i,
  output logic             arready_o,
  input  logic [AddrW-1:0] araddr_i,
  output logic             rvalid_o,
  input  logic             rready_i,
  output logic [31:0]      rdata_o,
  output logic [1:0]       rresp_o,
  // Register bus
  output logic             reg_req_o,
  output logic             reg_we_o,
  output logic [AddrW-1:0] reg_addr_o,
  output logic [31:0]      reg_wdata_o,
  output logic [3:0]       reg_wstrb_o,
  input  logic [31:0]      reg_rdata_i,
  input  logic             reg_error_i
);
  `ASSERT_INIT(gen_addrw_legal, AddrW >= 3 && AddrW <= 32)

  localparam logic [1:0] RespOkay   = 2'b00;
  localparam logic [1:0] RespSlvErr = 2'b10;

  // Holding registers: an address or data beat is taken as soon as its slot is free.
  logic             aw_full_q, w_full_q, ar_full_q;
  logic [AddrW-1:0] aw_addr_q, ar_addr_q;
  logic [31:0]      w_data_q;
  logic [3:0]       w_strb_q;
  logic             bvalid_q, rvalid_q;
  logic [1:0]       bresp_q, rresp_q;
  logic [31:0]      rdata_q;
  logic             prefer_read_q;

  assign awready_o = !aw_full_q;
  assign wready_o  = !w_full_q;
  assign arready_o = !ar_full_q;

  // A write may proceed when both halves are held and its response slot is free; likewise a read.
  logic write_ready, read_ready, do_write, do_read;
  assign write_ready = aw_full_q && w_full_q && !bvalid_q;
  assign read_ready  = ar_full_q && !rvalid_q;
  assign do_read     = read_ready && (!write_ready || prefer_read_q);
  assign do_write    = write_ready && !do_read;

  assign reg_req_o   = do_read || do_write;
  assign reg_we_o    = do_write;
  assign reg_addr_o  = do_write ? aw_addr_q : ar_addr_q;
  assign reg_wdata_o = w_data_q;
  assign reg_wstrb_o = do_write ? w_strb_q : 4'b0000;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      aw_full_q     <= 1'b0;
      w_full_q      <= 1'b0;
      ar_full_q     <= 1'b0;
      bvalid_q      <= 1'b0;
      rvalid_q      <= 1'b0;
      prefer_read_q <= 1'b0;
    end else begin
      if (awvalid_i && awready_o) aw_full_q <= 1'b1;
      if (wvalid_i && wready_o) w_full_q <= 1'b1;
      if (arvalid_i && arready_o) ar_full_q <= 1'b1;
      if (do_write) begin
        aw_full_q <= 1'b0;
        w_full_q  <= 1'b0;
        bvalid_q  <= 1'b1;
      end else if (bvalid_q && bready_i) begin
        bvalid_q <= 1'b0;
      end
      if (do_read) begin
        ar_full_q <= 1'b0;
        rvalid_q  <= 1'b1;
      end else if (rvalid_q && rready_i) begin
        rvalid_q <= 1'b0;
      end
      if (do_read) prefer_read_q <= 1'b0;
      else if (do_write) prefer_read_q <= 1'b1;
    end
  end

  // Datapath registers: not reset, qualified by the valid/full bits above.
  always_ff @(posedge clk_i) begin
    if (awvalid_i && awready_o) aw_addr_q <= awaddr_i;
    if (arvalid_i && arready_o) ar_addr_q <= araddr_i;
    if (wvalid_i && wready_o) begin
      w_data_q <= wdata_i;
      w_strb_q <= wstrb_i;
    end
    if (do_write) bresp_q <= reg_error_i ? RespSlvErr : RespOkay;
    if (do_read) begin
      rresp_q <= reg_error_i ? RespSlvErr : RespOkay;
      rdata_q <= reg_error_i ? 32'h0 : reg_rdata_i;
    end
  end

  assign bvalid_o = bvalid_q;
  assign bresp_o  = bresp_q;
  assign rvalid_o = rvalid_q;
  assign rdata_o  = rdata_q;
  assign rresp_o  = rresp_q;

  `ASSERT_NEVER(OneAccessPerCycle_A, do_read && do_write)
  `ASSERT_STABLE(BChannel_A, bvalid_o, bready_i, bresp_o)
  `ASSERT_STABLE(RChannel_A, rvalid_o, rready_i, {rresp_o, rdata_o})
endmodule
