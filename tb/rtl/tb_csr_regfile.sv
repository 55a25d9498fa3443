// SPDX-License-Identifier: Apache-2.0
// Test-only RTL: baton_axil_regbus in front of eight read/write registers (byte strobes) at
// 0x00..0x1c and a read-only identification register at 0x20; every other address, and writes to
// the identification register, answer SLVERR.
`default_nettype none

module tb_csr_regfile (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        awvalid_i,
  output logic        awready_o,
  input  logic [15:0] awaddr_i,
  input  logic        wvalid_i,
  output logic        wready_o,
  input  logic [31:0] wdata_i,
  input  logic [3:0]  wstrb_i,
  output logic        bvalid_o,
  input  logic        bready_i,
  output logic [1:0]  bresp_o,
  input  logic        arvalid_i,
  output logic        arready_o,
  input  logic [15:0] araddr_i,
  output logic        rvalid_o,
  input  logic        rready_i,
  output logic [31:0] rdata_o,
  output logic [1:0]  rresp_o
);
  localparam logic [31:0] IdValue = 32'hba70_0001;

  logic        reg_req, reg_we, reg_error;
  logic [15:0] reg_addr;
  logic [31:0] reg_wdata, reg_rdata;
  logic [3:0]  reg_wstrb;
  logic [31:0] regs_q [8];

  baton_axil_regbus #(.AddrW(16)) u_bus (
    .clk_i, .rst_ni,
    .awvalid_i, .awready_o, .awaddr_i, .wvalid_i, .wready_o, .wdata_i, .wstrb_i,
    .bvalid_o, .bready_i, .bresp_o, .arvalid_i, .arready_o, .araddr_i,
    .rvalid_o, .rready_i, .rdata_o, .rresp_o,
    .reg_req_o(reg_req), .reg_we_o(reg_we), .reg_addr_o(reg_addr), .reg_wdata_o(reg_wdata),
    .reg_wstrb_o(reg_wstrb), .reg_rdata_i(reg_rdata), .reg_error_i(reg_error)
  );

  logic is_rw, is_id;
  assign is_rw = reg_addr[15:5] == '0 && reg_addr[1:0] == 2'b00;
  assign is_id = reg_addr == 16'h0020;

  always_comb begin
    reg_rdata = 32'h0;
    reg_error = 1'b0;
    if (is_rw) reg_rdata = regs_q[reg_addr[4:2]];
    else if (is_id && !reg_we) reg_rdata = IdValue;
    else reg_error = 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < 8; i++) regs_q[i] <= 32'h0;
    end else if (reg_req && reg_we && is_rw) begin
      for (int b = 0; b < 4; b++) begin
        if (reg_wstrb[b]) regs_q[reg_addr[4:2]][8*b +: 8] <= reg_wdata[8*b +: 8];
      end
    end
  end
endmodule
