// SPDX-License-Identifier: Apache-2.0
// Test-only RTL: unpacks the shared records field by field, so the C++ mirror's packing can be
// checked against the package's layout (tests/unit/records).
`default_nettype none

module tb_records_probe
  import baton_pkg::*;
(
  input  ctx_t                  ctx_i,
  output logic [PktHandleW-1:0] pkt_handle_o,
  output logic [PktLenW-1:0]    pkt_len_o,
  output logic [PortW-1:0]      in_port_o,
  output logic [TimeW-1:0]      arrival_o,
  output logic [SeqW-1:0]       seq_o,
  output logic [FlowW-1:0]      flow_o,
  output logic [EventW-1:0]     event_type_o,
  output logic [PartW-1:0]      target_part_o,
  output logic                  entry_kind_o,
  output logic [EntryW-1:0]     entry_o,
  output logic [AddrW-1:0]      sp_o,
  output logic [FsStatusW-1:0]  fs_status_o,
  output logic [FsSlotW-1:0]    fs_slot_o,
  output logic [XlenW-1:0]      arg0_o,
  output logic [XlenW-1:0]      arg3_o,
  output logic [31:0]           ctx_bits_o,
  input  mig_req_t              mig_i,
  output logic                  mig_from_thread_o,
  output logic [TileW-1:0]      mig_src_tile_o,
  output logic [ThreadW-1:0]    mig_src_thread_o,
  output ctx_t                  mig_ctx_o,
  output logic [31:0]           mig_bits_o,
  input  thread_op_t            op_i,
  output logic [2:0]            op_op_o,
  output logic [OpArgW-1:0]     op_arg_o,
  output logic [TileW-1:0]      op_src_tile_o,
  output logic [ThreadW-1:0]    op_src_thread_o,
  output ctx_t                  op_ctx_o,
  output logic [31:0]           op_bits_o
);
  assign pkt_handle_o  = ctx_i.pkt_handle;
  assign pkt_len_o     = ctx_i.pkt_len;
  assign in_port_o     = ctx_i.in_port;
  assign arrival_o     = ctx_i.arrival;
  assign seq_o         = ctx_i.seq;
  assign flow_o        = ctx_i.flow;
  assign event_type_o  = ctx_i.event_type;
  assign target_part_o = ctx_i.target_part;
  assign entry_kind_o  = ctx_i.entry_kind;
  assign entry_o       = ctx_i.entry;
  assign sp_o          = ctx_i.sp;
  assign fs_status_o   = ctx_i.fs_status;
  assign fs_slot_o     = ctx_i.fs_slot;
  assign arg0_o        = ctx_i.args[0];
  assign arg3_o        = ctx_i.args[3];
  assign ctx_bits_o    = $bits(ctx_t);

  assign mig_from_thread_o = mig_i.from_thread;
  assign mig_src_tile_o    = mig_i.src_tile;
  assign mig_src_thread_o  = mig_i.src_thread;
  assign mig_ctx_o         = mig_i.ctx;
  assign mig_bits_o        = $bits(mig_req_t);

  assign op_op_o         = op_i.op;
  assign op_arg_o        = op_i.arg;
  assign op_src_tile_o   = op_i.src_tile;
  assign op_src_thread_o = op_i.src_thread;
  assign op_ctx_o        = op_i.ctx;
  assign op_bits_o       = $bits(thread_op_t);
endmodule
