// SPDX-License-Identifier: Apache-2.0
// Lookup controller records (SP3, SP5, SP7, SP8, SP9, SP12): the flow key, the event request, the
// workspace and write-back beats, firmware commands and the status the controller reports. The
// C++ mirror is tb/model/lookup/include/baton/model/lookup/lookup_records.hpp; docs/lookup.md describes every field.
`default_nettype none

// A package's parameters are shared: each module uses only some of them.
/* verilator lint_off UNUSEDPARAM */
package baton_lookup_pkg;

  // ---- Workspace geometry (SP5, SP8) ----------------------------------------------------------
  // A flow's state block holds one private portion per protocol layer, then one shared portion,
  // contiguously: bytes [16l, 16l+15] belong to layer l, the last 16 bytes are shared.
  localparam int unsigned LkLayers       = 2;                     // layer 0 = L3, layer 1 = L4
  localparam int unsigned LkLayerW       = 1;                     // bits to name a layer
  localparam int unsigned LkPortionBytes = 16;
  localparam int unsigned LkPortionW     = LkPortionBytes * 8;
  localparam int unsigned LkBlockBytes   = (LkLayers + 1) * LkPortionBytes;
  localparam int unsigned LkBlockW       = LkBlockBytes * 8;
  localparam int unsigned LkSharedLsb    = LkLayers * LkPortionW; // bit offset of the shared portion

  localparam int unsigned LkSlotW  = baton_pkg::FsSlotW;  // event slots (event-queue elements), up to 64
  localparam int unsigned LkTagW   = 16;  // the requester's tag, echoed in results
  localparam int unsigned LkSpadAw = 16;  // scratchpad word address

  // Event type of the context the controller builds when a flow timer expires (SP9).
  localparam logic [baton_pkg::EventW-1:0] LkEvTimeout = baton_pkg::EventW'(baton_abi_pkg::EvTimeout);

  // ---- Flow key (SP3) -------------------------------------------------------------------------
  // Hashed as 39 bytes, most significant byte first (src_addr[127:120] is byte 0). IPv4 keys carry
  // their addresses in bits [31:0] with the upper 96 bits zero and ipv6 = 0.
  typedef struct packed {
    logic [127:0] src_addr;
    logic [127:0] dst_addr;
    logic [15:0]  src_port;
    logic [15:0]  dst_port;
    logic [7:0]   proto;
    logic [11:0]  vlan;      // outer VLAN id, 0 when untagged
    logic [2:0]   in_class;  // ingress class (e.g. inside/outside zone)
    logic         ipv6;
  } flow_key_t;

  localparam int unsigned LkKeyW     = $bits(flow_key_t);
  localparam int unsigned LkKeyBytes = LkKeyW / 8;

  // Tiles that receive each layer's workspace: tiles[l] processes layer l.
  typedef logic [LkLayers-1:0][baton_pkg::TileW-1:0] lk_tiles_t;

  // One flow-table entry; a bucket holds Ways of them.
  typedef struct packed {
    logic      valid;
    flow_key_t key;
  } lk_entry_t;

  localparam int unsigned LkEntryW = $bits(lk_entry_t);

  // ---- Status -----------------------------------------------------------------------------------
  // Values from the ABI (abi/baton_abi.toml flow_state.statuses): firmware reads them.
  typedef enum logic [3:0] {
    LkHit      = 4'(baton_abi_pkg::FsStHit),       // key found; event admitted with its flow's state
    LkInserted = 4'(baton_abi_pkg::FsStInserted),  // key new, entry inserted; event admitted with a zero workspace
    LkMiss     = 4'(baton_abi_pkg::FsStMiss),      // key not found, no insert asked; event passed on without a flow
    LkFull     = 4'(baton_abi_pkg::FsStFull),      // key new, both buckets and the stash full: nothing inserted (counted)
    LkBusy     = 4'(baton_abi_pkg::FsStBusy),      // key found but its flow already holds MaxPerFlow events: passed on, no flow lock
    LkDeleted  = 4'(baton_abi_pkg::FsStDeleted),   // delete command removed the entry
    LkDelMiss  = 4'(baton_abi_pkg::FsStDelMiss),   // delete command named a free entry
    LkTimeout  = 4'(baton_abi_pkg::FsStTimeout),   // timer expiry admitted as a timeout event
    LkTmoStale = 4'(baton_abi_pkg::FsStTmoStale)   // timer expired for a flow no longer in the table: no event
  } lk_status_e;

  typedef enum logic [1:0] {
    LkOpReq = 2'd0,  // event request from the dispatcher (lookup, insert on miss)
    LkOpDel = 2'd1,  // delete command from firmware
    LkOpTmo = 2'd2   // expired timer
  } lk_op_e;

  // ---- Channels -----------------------------------------------------------------------------------
  // Event request (dispatcher -> controller).
  typedef struct packed {
    logic [LkTagW-1:0] tag;
    logic              insert;  // insert the key on a miss (first sight)
    flow_key_t         key;
    lk_tiles_t         tiles;
    baton_pkg::ctx_t   ctx;     // passed through; ctx.flow is filled in
  } lk_req_t;

  // What the controller keeps of a request while its event waits (one entry per slot).
  typedef struct packed {
    logic [LkTagW-1:0] tag;
    lk_tiles_t         tiles;
    baton_pkg::ctx_t   ctx;
  } lk_payload_t;

  // Admitted event (controller -> context manager), after its workspaces were written.
  typedef struct packed {
    logic [LkSlotW-1:0] slot;   // names the event in write-backs and done
    lk_status_e         status; // LkHit, LkInserted, LkTimeout, LkMiss, LkFull or LkBusy
    logic [LkTagW-1:0]  tag;
    lk_tiles_t          tiles;
    baton_pkg::ctx_t    ctx;
  } lk_disp_t;

  // Workspace copy into a tile's local memory, one beat per layer (controller -> tile).
  typedef struct packed {
    logic [baton_pkg::TileW-1:0] tile;
    logic [LkSlotW-1:0]          slot;
    logic [baton_pkg::FlowW-1:0] flow;
    logic [LkPortionW-1:0]       priv;    // the layer's own portion
    logic [LkPortionW-1:0]       shared;  // the shared portion
  } lk_ws_t;

  // Write-back from a tile: its layer's portion and its changes to the shared portion, each with a
  // byte mask. done = the event is finished (SP7): write the block back, release the flow.
  typedef struct packed {
    logic [LkSlotW-1:0]        slot;
    logic [LkLayerW-1:0]       layer;
    logic                      done;
    logic [LkPortionBytes-1:0] priv_be;
    logic [LkPortionW-1:0]     priv;
    logic [LkPortionBytes-1:0] shared_be;
    logic [LkPortionW-1:0]     shared;
  } lk_wb_t;

  // Workspace pull (tile -> engine, docs/flow-state.md "Engine integration"): a tile about to
  // deliver a context that holds its flow asks for the workspace of the event's slot; the layer is
  // the target partition's. The answer is broadcast to every tile, addressed by tile and thread.
  typedef struct packed {
    logic [baton_pkg::TileW-1:0]   tile;
    logic [baton_pkg::ThreadW-1:0] thread;
    logic [LkSlotW-1:0]            slot;
    logic [baton_pkg::PartW-1:0]   part;
  } lk_pull_t;

  typedef struct packed {
    logic [baton_pkg::TileW-1:0]   tile;
    logic [baton_pkg::ThreadW-1:0] thread;
    logic [baton_pkg::FlowW-1:0]   flow;
    logic [LkLayerW-1:0]           layer;
    logic [LkPortionW-1:0]         priv;    // byte j at bits [8j+7:8j], as the workspace window
    logic [LkPortionW-1:0]         shared;
  } lk_pull_rsp_t;

  // Statuses whose event holds its flow: a workspace, write-backs and a done.
  function automatic logic lk_holds(input logic [3:0] status);
    lk_holds = (status == 4'(baton_abi_pkg::FsStHit)) || (status == 4'(baton_abi_pkg::FsStInserted)) ||
           (status == 4'(baton_abi_pkg::FsStTimeout)) || (status == 4'(baton_abi_pkg::FsStGenerated));
  endfunction

  // Firmware commands.
  typedef enum logic [1:0] {
    LkCmdTimerSet    = 2'd0,  // arm flow's timer: deadline = now + timeout
    LkCmdTimerCancel = 2'd1,
    LkCmdDelete      = 2'd2,  // remove the flow from the table and cancel its timer
    LkCmdNop         = 2'd3
  } lk_cmd_op_e;

  typedef struct packed {
    lk_cmd_op_e                    op;
    logic [baton_pkg::FlowW-1:0]   flow;
    logic [baton_pkg::TimeW-1:0]   timeout;
    logic [baton_pkg::PartW-1:0]   part;   // partition of the timeout handler
    lk_tiles_t                     tiles;  // workspace tiles of the timeout event
  } lk_cmd_t;

  // Per-flow timer (one per flow index).
  typedef struct packed {
    logic                          armed;
    logic [baton_pkg::TimeW-1:0]   deadline;
    logic [baton_pkg::PartW-1:0]   part;
    lk_tiles_t                     tiles;
  } lk_timer_t;

  // An expired timer on its way to the dispatch path.
  typedef struct packed {
    logic [baton_pkg::FlowW-1:0]   flow;
    logic [baton_pkg::TimeW-1:0]   deadline;
    logic [baton_pkg::PartW-1:0]   part;
    lk_tiles_t                     tiles;
  } lk_expiry_t;

  // An operation entering the flow-table pipeline.
  typedef struct packed {
    lk_op_e                        kind;
    logic                          insert;
    logic [LkSlotW-1:0]            slot;
    logic [LkTagW-1:0]             tag;
    logic [baton_pkg::FlowW-1:0]   flow;  // delete / timeout target
    flow_key_t                     key;
  } lk_top_t;

  // Result of every table operation, in the order the table decided them (observation port).
  typedef struct packed {
    lk_op_e                        kind;
    lk_status_e                    status;
    logic [LkTagW-1:0]             tag;
    logic [baton_pkg::FlowW-1:0]   flow;
    logic [LkSlotW-1:0]            slot;
  } lk_res_t;

  // Scratchpad (SP12) request; every request gets one response, in order.
  typedef struct packed {
    logic                we;
    logic [LkSpadAw-1:0] addr;   // 32-bit word address
    logic [3:0]          be;
    logic [31:0]         wdata;
  } lk_spad_req_t;

  // Counters (all wrap at 2^32) and occupancy.
  typedef struct packed {
    logic [31:0] lookups;       // event requests decided
    logic [31:0] hits;          // LkHit + LkBusy
    logic [31:0] inserts;
    logic [31:0] misses;
    logic [31:0] full;          // inserts refused: table full
    logic [31:0] busy;
    logic [31:0] deletes;
    logic [31:0] del_misses;
    logic [31:0] tmo_fired;     // timers that expired
    logic [31:0] tmo_events;    // timeout events admitted
    logic [31:0] tmo_stale;
    logic [31:0] dispatched;
    logic [31:0] dones;
    logic [31:0] wb_conflicts;  // write-backs that tried to overwrite shared bytes already written
    logic [31:0] wb_errors;     // write-backs naming a slot that is not in process (ignored)
    logic [31:0] cmd_errors;    // commands naming a flow index out of range (ignored)
    logic [31:0] used;          // table entries in use, stash included
    logic [31:0] stash_used;
  } lk_stats_t;

endpackage
/* verilator lint_on UNUSEDPARAM */
