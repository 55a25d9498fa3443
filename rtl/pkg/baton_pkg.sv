// SPDX-License-Identifier: Apache-2.0
// Baton shared records: the packet context, the migration request and the thread operations
// that tiles emit. This is the one definition of the records; sw/common/include/baton/records.hpp
// mirrors it in C++ and the test records_test proves the two agree bit for bit. The enumerations in them
// (thread_op_e, entry_kind_e, drop_reason_e) are ABI constants, generated into baton_abi_pkg from
// abi/baton_abi.toml; modules that name their values import baton_abi_pkg.
`default_nettype none

package baton_pkg;

  import baton_abi_pkg::thread_op_e;
  import baton_abi_pkg::entry_kind_e;

  // ---- Widths of the context fields ------------------------------------------------------------
  localparam int unsigned PktHandleW = 16;  // first page of the packet in the packet buffer
  localparam int unsigned PktLenW    = 16;  // packet length in bytes
  localparam int unsigned PortW      = 4;   // ingress/egress port (16 ports)
  localparam int unsigned TimeW      = 32;  // arrival timestamp in engine cycles (PM6 age)
  localparam int unsigned SeqW       = 16;  // per-flow sequence number (egress ordering)
  localparam int unsigned FlowW      = 20;  // local flow proxy (SP3), up to 1M flows
  localparam int unsigned EventW     = 8;   // event type (SP1)
  localparam int unsigned PartW      = 8;   // code partition id (256 partitions)
  localparam int unsigned EntryW     = 15;  // entry index or word offset in the partition (PM12)
  localparam int unsigned AddrW      = 32;  // stack pointer and other addresses
  localparam int unsigned NumArgs    = 4;   // argument registers a0..a3 carried in the context
  localparam int unsigned XlenW      = 32;
  localparam int unsigned TileW      = 6;   // up to 64 tiles
  localparam int unsigned ThreadW    = 3;   // up to 8 hardware threads per tile
  localparam int unsigned OpArgW     = 8;   // SEND port or DROP reason
  localparam int unsigned FsStatusW  = 4;   // lookup status of the event (baton_abi_pkg fs_status_e)
  localparam int unsigned FsSlotW    = 6;   // lookup-controller event slot (up to 64 events)

  // The packet context: everything a thread needs to continue a packet on another tile.
  // Declaration order is MSB first; the C++ mirror lists the fields in the same order.
  typedef struct packed {
    logic [PktHandleW-1:0]          pkt_handle;
    logic [PktLenW-1:0]             pkt_len;
    logic [PortW-1:0]               in_port;
    logic [TimeW-1:0]               arrival;
    logic [SeqW-1:0]                seq;
    logic [FlowW-1:0]               flow;
    logic [EventW-1:0]              event_type;
    logic [PartW-1:0]               target_part;
    entry_kind_e                    entry_kind;
    logic [EntryW-1:0]              entry;
    logic [AddrW-1:0]               sp;
    // Flow state (SP5, docs/flow-state.md): the event's lookup status (FsStNone when its class
    // does no lookup) and, while it holds its flow, the controller slot that names its workspace.
    // Not in the context window: firmware reads the status through the lookup window.
    logic [FsStatusW-1:0]           fs_status;
    logic [FsSlotW-1:0]             fs_slot;
    logic [NumArgs-1:0][XlenW-1:0]  args;  // args[0] is a0
  } ctx_t;

  localparam int unsigned CtxW = $bits(ctx_t);

  // A migration request on the dedicated context link (PM10): the context plus where it came
  // from, so the context manager can free the issuing thread in the same transfer. Requests from
  // the dispatcher (new packets) have from_thread = 0.
  typedef struct packed {
    logic                from_thread;
    logic [TileW-1:0]    src_tile;
    logic [ThreadW-1:0]  src_thread;
    ctx_t                ctx;
  } mig_req_t;

  // What a thread hands to the outside when it lets go of its packet (op: baton_abi_pkg).
  typedef struct packed {
    thread_op_e          op;
    logic [OpArgW-1:0]   arg;
    logic [TileW-1:0]    src_tile;
    logic [ThreadW-1:0]  src_thread;
    ctx_t                ctx;
  } thread_op_t;

endpackage
