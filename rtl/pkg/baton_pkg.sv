// Baton shared records: the packet context, the migration request and the thread operations
// that tiles emit. This is the one definition; sw/common/include/baton/records.hpp mirrors it in C++ and the
// test records_test proves the two agree bit for bit.
`default_nettype none

package baton_pkg;

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

  // How a migration names its entry point in the target partition (PM12).
  typedef enum logic {
    EntryIndex  = 1'b0,  // index into the partition's entry table
    EntryOffset = 1'b1   // word offset from the partition's first instruction
  } entry_kind_e;

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

  // What a thread hands to the outside when it lets go of its packet.
  typedef enum logic [2:0] {
    OpMigrate = 3'd0,  // continue in ctx.target_part at ctx.entry
    OpSend    = 3'd1,  // transmit on port arg
    OpDrop    = 3'd2,  // drop with reason arg
    OpToHost  = 3'd3,  // deliver to the host queue
    OpDone    = 3'd4   // event finished (SP7): release the flow
  } thread_op_e;

  typedef struct packed {
    thread_op_e          op;
    logic [OpArgW-1:0]   arg;
    logic [TileW-1:0]    src_tile;
    logic [ThreadW-1:0]  src_thread;
    ctx_t                ctx;
  } thread_op_t;

  // Drop reasons raised by hardware. Firmware reasons use 0x01..0x7f (docs/feature-set.md);
  // hardware reasons use 0x80..0xff so the two never collide.
  typedef enum logic [OpArgW-1:0] {
    DropNone          = 8'h00,
    DropFaultIllegal  = 8'h80,  // illegal instruction
    DropFaultMisalign = 8'h81,  // misaligned load, store or jump target
    DropFaultAccess   = 8'h82,  // access outside the thread's windows
    DropFaultWatchdog = 8'h83,  // per-thread instruction budget exhausted
    DropNoPartition   = 8'h84,  // migration to a partition that does not exist
    DropBufferFull    = 8'h85,  // packet buffer exhausted at ingress
    DropQueueFull     = 8'h86,  // no room in the context store
    DropRunt          = 8'h87,  // frame shorter than the minimum
    DropOversize      = 8'h88,  // frame longer than the maximum
    DropTuserError    = 8'h89,  // MAC flagged the frame bad (tuser)
    DropMalformed     = 8'h8a,  // header fields inconsistent with the frame
    DropBadChecksum   = 8'h8b,  // IPv4 header checksum wrong
    DropBadPort       = 8'h8c   // SEND to an egress port the engine does not have
  } drop_reason_e;

endpackage
