// SPDX-License-Identifier: Apache-2.0
// Test-only RTL: the packet buffer in loopback. Frames enter through the writer, their
// descriptors queue in a FIFO, and the reader sends them out again and frees their slots.
// wr_ready_i stalls the writer's memory port (the ingress side of a busy packet buffer) and
// free_ready_i the reader's slot free (a free port shared with other readers).
`default_nettype none

module tb_pktbuf_loop #(
  parameter int unsigned DataW     = 64,
  parameter int unsigned NumSlots  = 8,
  parameter int unsigned SlotBytes = 2048,
  localparam int unsigned Lanes    = DataW / 8,
  localparam int unsigned HandleW  = $clog2(NumSlots),
  localparam int unsigned MemAddrW = HandleW + $clog2(SlotBytes / Lanes)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             s_tvalid_i,
  output logic             s_tready_o,
  input  logic [DataW-1:0] s_tdata_i,
  input  logic [Lanes-1:0] s_tkeep_i,
  input  logic             s_tlast_i,
  input  logic             s_tuser_i,
  input  logic             wr_ready_i,
  input  logic             free_ready_i,
  output logic             m_tvalid_o,
  input  logic             m_tready_i,
  output logic [DataW-1:0] m_tdata_o,
  output logic [Lanes-1:0] m_tkeep_o,
  output logic             m_tlast_o,
  output logic [31:0]      drop_buffer_full_o,
  output logic [31:0]      drop_oversize_o,
  output logic [31:0]      drop_runt_o,
  output logic [31:0]      drop_tuser_o,
  output logic [$clog2(NumSlots + 1)-1:0] free_count_o
);
  logic [31:0] now_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) now_q <= '0;
    else now_q <= now_q + 1'b1;
  end

  logic               alloc_valid, alloc_ready;
  logic [HandleW-1:0] alloc_handle;
  logic               free_w_valid, free_r_valid;
  logic [HandleW-1:0] free_w_handle, free_r_handle;
  logic               wr_req, rd_req;
  logic [MemAddrW-1:0] wr_addr, rd_addr;
  logic [DataW-1:0]   wr_data, rd_data;
  logic [Lanes-1:0]   wr_be;
  logic               desc_valid, desc_ready, q_valid, q_ready;
  logic [HandleW-1:0] desc_handle, q_handle;
  logic [15:0]        desc_len, q_len;
  logic [31:0]        desc_arrival;

  baton_pktbuf_alloc #(.NumSlots(NumSlots)) u_alloc (
    .clk_i, .rst_ni,
    .alloc_valid_o(alloc_valid), .alloc_ready_i(alloc_ready), .alloc_handle_o(alloc_handle),
    .free_a_valid_i(free_w_valid), .free_a_handle_i(free_w_handle),
    .free_b_valid_i(free_r_valid), .free_b_handle_i(free_r_handle),
    .free_count_o
  );

  baton_pktbuf_writer #(.DataW(DataW), .NumSlots(NumSlots), .SlotBytes(SlotBytes)) u_writer (
    .clk_i, .rst_ni, .now_i(now_q),
    .s_tvalid_i, .s_tready_o, .s_tdata_i, .s_tkeep_i, .s_tlast_i, .s_tuser_i,
    .alloc_valid_i(alloc_valid), .alloc_ready_o(alloc_ready), .alloc_handle_i(alloc_handle),
    .free_valid_o(free_w_valid), .free_handle_o(free_w_handle),
    .mem_req_o(wr_req), .mem_ready_i(wr_ready_i), .mem_addr_o(wr_addr), .mem_wdata_o(wr_data), .mem_be_o(wr_be),
    .desc_valid_o(desc_valid), .desc_ready_i(desc_ready), .desc_handle_o(desc_handle),
    .desc_len_o(desc_len), .desc_arrival_o(desc_arrival),
    .drop_buffer_full_o, .drop_oversize_o, .drop_runt_o, .drop_tuser_o
  );

  logic unused_arrival;
  assign unused_arrival = ^desc_arrival;

  baton_ram_2p #(.Width(DataW), .Depth(NumSlots * SlotBytes / Lanes), .ByteEn(1)) u_ram (
    .clk_i,
    .a_req_i(wr_req), .a_we_i(1'b1), .a_addr_i(wr_addr), .a_wdata_i(wr_data), .a_be_i(wr_be),
    .a_rdata_o(),
    .b_req_i(rd_req), .b_we_i(1'b0), .b_addr_i(rd_addr), .b_wdata_i('0), .b_be_i('0),
    .b_rdata_o(rd_data)
  );

  baton_fifo_sync #(.Width(HandleW + 16), .Depth(4)) u_descq (
    .clk_i, .rst_ni,
    .in_valid_i(desc_valid), .in_ready_o(desc_ready), .in_data_i({desc_handle, desc_len}),
    .out_valid_o(q_valid), .out_ready_i(q_ready), .out_data_o({q_handle, q_len}),
    .count_o(), .full_o(), .empty_o()
  );

  baton_pktbuf_reader #(.DataW(DataW), .NumSlots(NumSlots), .SlotBytes(SlotBytes)) u_reader (
    .clk_i, .rst_ni,
    .req_valid_i(q_valid), .req_ready_o(q_ready), .req_handle_i(q_handle), .req_len_i(q_len),
    .req_user_i(1'b0),
    .mem_req_o(rd_req), .mem_gnt_i(1'b1), .mem_addr_o(rd_addr), .mem_rdata_i(rd_data),
    .free_valid_o(free_r_valid), .free_ready_i(free_ready_i), .free_handle_o(free_r_handle),
    .m_tvalid_o, .m_tready_i, .m_tdata_o, .m_tkeep_o, .m_tlast_o, .m_tuser_o()
  );
endmodule
