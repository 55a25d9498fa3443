// SPDX-License-Identifier: Apache-2.0
// The engine's ingress (issue #6): NumPorts AXI4-Stream ports written into the packet buffer
// (one baton_pktbuf_writer per port, one slot allocator), parsed on the fly, hashed, and turned
// into initial contexts for the context manager (PM8) plus order-append records for the egress,
// following the integrated engine contract of docs/architecture.md. docs/ingress.md describes
// ports, parameters, registers and latency.
//
// The packet-buffer RAM belongs to the top: each port has its own write port (mem_*), one beat
// per cycle, address = {slot, beat}. The egress gives slots back through eg_free_*.
`default_nettype none
`include "baton_assert.svh"

module baton_ingress
  import baton_pkg::*;
#(
  parameter int unsigned NumPorts   = 4,
  parameter int unsigned DataW      = 64,
  parameter int unsigned NumSlots   = 64,
  parameter int unsigned SlotBytes  = 2048,
  parameter int unsigned NumBuckets = 1024,
  parameter int unsigned StackBytes = 2048,
  parameter bit          FlowKeys   = 1'b0,  // flow key and lookup mode beside each context (SP3)
  localparam int unsigned Lanes     = DataW / 8,
  localparam int unsigned HandleW   = baton_util_pkg::idx_w(NumSlots),
  localparam int unsigned MemAddrW  = HandleW + $clog2(SlotBytes / Lanes),
  localparam int unsigned CountW    = $clog2(NumSlots + 1)
) (
  input  logic                              clk_i,
  input  logic                              rst_ni,
  input  logic [31:0]                       now_i,         // engine cycle counter (arrival times)
  // AXI4-Stream inputs
  input  logic [NumPorts-1:0]               s_tvalid_i,
  output logic [NumPorts-1:0]               s_tready_o,
  input  logic [NumPorts-1:0][DataW-1:0]    s_tdata_i,
  input  logic [NumPorts-1:0][Lanes-1:0]    s_tkeep_i,
  input  logic [NumPorts-1:0]               s_tlast_i,
  input  logic [NumPorts-1:0]               s_tuser_i,
  // Packet-buffer write ports, one per input port (a beat only while mem_ready_i)
  output logic [NumPorts-1:0]               mem_req_o,
  input  logic [NumPorts-1:0]               mem_ready_i,
  input  logic [NumPorts-1:0]               mem_idle_i,    // nothing of the port's still unwritten
  output logic [NumPorts-1:0][MemAddrW-1:0] mem_addr_o,
  output logic [NumPorts-1:0][DataW-1:0]    mem_wdata_o,
  output logic [NumPorts-1:0][Lanes-1:0]    mem_be_o,
  // Slots given back by the egress
  input  logic                              eg_free_valid_i,
  input  logic [HandleW-1:0]                eg_free_handle_i,
  output logic [CountW-1:0]                 free_slots_o,
  // FlowKeys: a prefetched slot for the events the flow-state unit makes without a packet, and
  // the event class table it routes them by
  output logic                              ev_slot_valid_o,
  input  logic                              ev_slot_ready_i,
  output logic [HandleW-1:0]                ev_slot_handle_o,
  output logic [63:0]                       class_en_o,
  output logic [63:0][7:0]                  class_part_o,
  output logic [63:0][14:0]                 class_entry_o,
  // Initial contexts to the context manager
  output logic                              disp_valid_o,
  input  logic                              disp_ready_i,
  output ctx_t                              disp_ctx_o,
  output baton_lookup_pkg::flow_key_t       disp_key_o,
  output logic [1:0]                        disp_mode_o,
  // Order-append records to the egress
  output logic                              ord_valid_o,
  input  logic                              ord_ready_i,
  output logic [FlowW-1:0]                  ord_bucket_o,
  output logic [SeqW-1:0]                   ord_seq_o,
  output logic [PktHandleW-1:0]             ord_handle_o,
  // Observation: per port, frames stored (slot) and frames dropped (reason), in frame order
  output logic [NumPorts-1:0]               obs_admit_o,
  output logic [NumPorts-1:0][HandleW-1:0]  obs_handle_o,
  output logic [NumPorts-1:0]               obs_drop_o,
  output logic [NumPorts-1:0][7:0]          obs_reason_o,
  // Register bus
  input  logic                              reg_req_i,
  input  logic                              reg_we_i,
  input  logic [15:0]                       reg_addr_i,
  input  logic [31:0]                       reg_wdata_i,
  input  logic [3:0]                        reg_wstrb_i,
  output logic [31:0]                       reg_rdata_o,
  output logic                              reg_error_o
);
  `ASSERT_INIT(NumPortsLegal_A, NumPorts >= 1 && NumPorts <= 16)
  `ASSERT_INIT(DataWLegal_A, DataW >= 8 && DataW <= 512 && (DataW & (DataW - 1)) == 0)
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2 * NumPorts + 32'(FlowKeys) && NumSlots <= 65536 && (NumSlots & (NumSlots - 1)) == 0)
  `ASSERT_INIT(SlotBytesLegal_A, SlotBytes >= 128 && SlotBytes <= 32768 && (SlotBytes & (SlotBytes - 1)) == 0)
  `ASSERT_INIT(NumBucketsLegal_A, NumBuckets >= 2 && NumBuckets <= (1 << FlowW) && (NumBuckets & (NumBuckets - 1)) == 0)
  `ASSERT_INIT(StackBytesLegal_A, StackBytes >= 64 && StackBytes <= 65536)

  localparam int unsigned HashBytes = 36;

  logic [7:0]   init_part, aff_base;
  logic         aff_en;
  logic [3:0]   aff_log2;
  logic [15:0]  min_frame, max_frame;
  logic [319:0] key;
  logic [31:0]  port_group;
  logic [15:0]  port_vlan;
  logic [15:0][2:0] port_class;
  logic [7:0]   vlan_en;
  logic [7:0][11:0] vlan_vid;
  logic [7:0][1:0]  vlan_group;
  logic [63:0]  class_en;
  logic [63:0][7:0]  class_part;
  logic [63:0][14:0] class_entry;
  logic [63:0][1:0]  class_mode;
  logic [63:0]       class_conn, class_aff;
  logic [31:0]  cnt_disp;
  logic [NumPorts-1:0][4:0][31:0] cnt_port;

  logic [NumPorts-1:0]              pre_valid, pre_ready, free_valid, free_ready;
  logic [NumPorts-1:0][HandleW-1:0] pre_handle, free_handle;
  logic                             more;

  logic [NumPorts-1:0]                  rec_valid, rec_ready;
  logic [NumPorts-1:0][HandleW-1:0]     rec_handle;
  logic [NumPorts-1:0][15:0]            rec_len, rec_etype;
  logic [NumPorts-1:0][31:0]            rec_arrival, rec_word;
  logic [NumPorts-1:0][7:0]             rec_event;
  logic [NumPorts-1:0][8*HashBytes-1:0] rec_hash_data;
  logic [NumPorts-1:0][5:0]             rec_hash_len;
  baton_lookup_pkg::flow_key_t [NumPorts-1:0] rec_key, rec_ckey;
  logic [NumPorts-1:0][16:0]            rec_echo;
  logic [NumPorts-1:0][12:0]            rec_vlan;
  logic [NumPorts-1:0][16:0]            rec_l4sum;

  baton_ingress_slots #(.NumPorts(NumPorts), .NumSlots(NumSlots), .Events(FlowKeys)) u_slots (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .ev_valid_o      (ev_slot_valid_o),
    .ev_ready_i      (ev_slot_ready_i),
    .ev_handle_o     (ev_slot_handle_o),
    .pre_valid_o     (pre_valid),
    .pre_ready_i     (pre_ready),
    .pre_handle_o    (pre_handle),
    .more_o          (more),
    .free_valid_i    (free_valid),
    .free_ready_o    (free_ready),
    .free_handle_i   (free_handle),
    .eg_free_valid_i (eg_free_valid_i),
    .eg_free_handle_i(eg_free_handle_i),
    .free_slots_o    (free_slots_o)
  );

  if (NumPorts < 16) begin : gen_unused_class
    logic unused_class;  // the classes of ports the ingress does not have
    assign unused_class = ^port_class[15:NumPorts];
  end

  for (genvar p = 0; p < NumPorts; p++) begin : gen_port
    baton_ingress_port #(.DataW(DataW), .NumSlots(NumSlots), .SlotBytes(SlotBytes),
                         .FlowKeys(FlowKeys)) u_port (
      .clk_i            (clk_i),
      .rst_ni           (rst_ni),
      .now_i            (now_i),
      .min_frame_i      (min_frame),
      .max_frame_i      (max_frame),
      .in_class_i       (port_class[p]),
      .s_tvalid_i       (s_tvalid_i[p]),
      .s_tready_o       (s_tready_o[p]),
      .s_tdata_i        (s_tdata_i[p]),
      .s_tkeep_i        (s_tkeep_i[p]),
      .s_tlast_i        (s_tlast_i[p]),
      .s_tuser_i        (s_tuser_i[p]),
      .alloc_valid_i    (pre_valid[p]),
      .alloc_ready_o    (pre_ready[p]),
      .alloc_handle_i   (pre_handle[p]),
      .alloc_more_i     (more),
      .free_valid_o     (free_valid[p]),
      .free_ready_i     (free_ready[p]),
      .free_handle_o    (free_handle[p]),
      .mem_req_o        (mem_req_o[p]),
      .mem_ready_i      (mem_ready_i[p]),
      .mem_idle_i       (mem_idle_i[p]),
      .mem_addr_o       (mem_addr_o[p]),
      .mem_wdata_o      (mem_wdata_o[p]),
      .mem_be_o         (mem_be_o[p]),
      .rec_valid_o      (rec_valid[p]),
      .rec_ready_i      (rec_ready[p]),
      .rec_handle_o     (rec_handle[p]),
      .rec_len_o        (rec_len[p]),
      .rec_arrival_o    (rec_arrival[p]),
      .rec_word_o       (rec_word[p]),
      .rec_ethertype_o  (rec_etype[p]),
      .rec_event_o      (rec_event[p]),
      .rec_hash_data_o  (rec_hash_data[p]),
      .rec_hash_len_o   (rec_hash_len[p]),
      .rec_key_o        (rec_key[p]),
      .rec_ckey_o       (rec_ckey[p]),
      .rec_echo_o       (rec_echo[p]),
      .rec_vlan_o       (rec_vlan[p]),
      .rec_l4sum_o      (rec_l4sum[p]),
      .obs_admit_o      (obs_admit_o[p]),
      .obs_handle_o     (obs_handle_o[p]),
      .obs_drop_o       (obs_drop_o[p]),
      .obs_reason_o     (obs_reason_o[p]),
      .cnt_rx_o         (cnt_port[p][0]),
      .cnt_buffer_full_o(cnt_port[p][1]),
      .cnt_oversize_o   (cnt_port[p][2]),
      .cnt_runt_o       (cnt_port[p][3]),
      .cnt_tuser_o      (cnt_port[p][4])
    );
  end

  baton_ingress_disp #(
    .NumPorts  (NumPorts),
    .NumSlots  (NumSlots),
    .NumBuckets(NumBuckets),
    .StackBytes(StackBytes),
    .FlowKeys  (FlowKeys)
  ) u_disp (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .key_i           (key),
    .init_part_i     (init_part),
    .aff_en_i        (aff_en),
    .aff_base_i      (aff_base),
    .aff_log2_i      (aff_log2),
    .port_group_i    (port_group),
    .port_vlan_i     (port_vlan),
    .vlan_en_i       (vlan_en),
    .vlan_vid_i      (vlan_vid),
    .vlan_group_i    (vlan_group),
    .class_en_i      (class_en),
    .class_part_i    (class_part),
    .class_entry_i   (class_entry),
    .class_mode_i    (class_mode),
    .class_conn_i    (class_conn),
    .class_aff_i     (class_aff),
    .rec_valid_i     (rec_valid),
    .rec_ready_o     (rec_ready),
    .rec_handle_i    (rec_handle),
    .rec_len_i       (rec_len),
    .rec_arrival_i   (rec_arrival),
    .rec_word_i      (rec_word),
    .rec_ethertype_i (rec_etype),
    .rec_event_i     (rec_event),
    .rec_hash_data_i (rec_hash_data),
    .rec_hash_len_i  (rec_hash_len),
    .rec_key_i       (rec_key),
    .rec_ckey_i      (rec_ckey),
    .rec_echo_i      (rec_echo),
    .rec_vlan_i      (rec_vlan),
    .rec_l4sum_i     (rec_l4sum),
    .disp_valid_o    (disp_valid_o),
    .disp_ready_i    (disp_ready_i),
    .disp_ctx_o      (disp_ctx_o),
    .disp_key_o      (disp_key_o),
    .disp_mode_o     (disp_mode_o),
    .ord_valid_o     (ord_valid_o),
    .ord_ready_i     (ord_ready_i),
    .ord_bucket_o    (ord_bucket_o),
    .ord_seq_o       (ord_seq_o),
    .ord_handle_o    (ord_handle_o),
    .cnt_dispatched_o(cnt_disp)
  );

  baton_ingress_csr #(.NumPorts(NumPorts)) u_csr (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .reg_req_i       (reg_req_i),
    .reg_we_i        (reg_we_i),
    .reg_addr_i      (reg_addr_i),
    .reg_wdata_i     (reg_wdata_i),
    .reg_wstrb_i     (reg_wstrb_i),
    .reg_rdata_o     (reg_rdata_o),
    .reg_error_o     (reg_error_o),
    .init_part_o     (init_part),
    .aff_en_o        (aff_en),
    .aff_base_o      (aff_base),
    .aff_log2_o      (aff_log2),
    .min_frame_o     (min_frame),
    .max_frame_o     (max_frame),
    .key_o           (key),
    .port_group_o    (port_group),
    .port_vlan_o     (port_vlan),
    .port_class_o    (port_class),
    .vlan_en_o       (vlan_en),
    .vlan_vid_o      (vlan_vid),
    .vlan_group_o    (vlan_group),
    .class_en_o      (class_en),
    .class_part_o    (class_part),
    .class_entry_o   (class_entry),
    .class_mode_o    (class_mode),
    .class_conn_o    (class_conn),
    .class_aff_o     (class_aff),
    .cnt_dispatched_i(cnt_disp),
    .cnt_port_i      (cnt_port)
  );
  assign class_en_o    = class_en;
  assign class_part_o  = class_part;
  assign class_entry_o = class_entry;
endmodule
