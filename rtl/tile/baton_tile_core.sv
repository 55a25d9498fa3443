// SPDX-License-Identifier: Apache-2.0
// Barrel-threaded RV32IM(+Zbb) core of a tile (PM2, PM3, PM9, PM12, PM15).
//
// Pipeline (one instruction enters per cycle, each from a thread that has none in flight):
//
//   F  fetch    pick a ready thread (round robin), watchdog check, page lookup, IMEM read
//   D  decode   instruction word from IMEM, decode, register-file read (block RAM)
//   E  execute  ALU, branch, address and window check, faults, thread operations, local
//               memory access, context record writes, shared-memory request, iterative-unit start,
//               next pc and thread state
//   W  write    load data alignment, register write, retire port
//
// A thread leaves the ready set when it issues and returns when its instruction leaves E, so it
// can issue every third cycle; the register written in W is read by the thread's next
// instruction in its D, one cycle later. No forwarding, no hazard logic: with three or more ready
// threads the core issues every cycle.
//
// Instructions whose result comes later (shared-memory loads, the iterative unit) leave E at once:
// the thread parks, and the result is written back by the late write-back path in a cycle in
// which W does not write (F inserts a bubble if it has to wait); then the thread is ready again.
// Shared-memory stores are posted: they complete in E when the request slot is free.
//
// The hand-off costs no issue slots: a delivery writes the thread's context record and its
// carried registers (x2, x10..x13) in one cycle outside the pipeline, and MIGRATE ends the thread
// like any other thread operation; the thread-operation port reads the carried registers.
`default_nettype none

`include "baton_assert.svh"

module baton_tile_core
  import baton_abi_pkg::*;
  import baton_pkg::*;
  import baton_tile_pkg::*;
#(
  parameter int unsigned NumThreads     = baton_abi_pkg::TileDefNumThreads,
  parameter int unsigned TileId         = 0,
  parameter int unsigned NumPorts       = baton_abi_pkg::TileDefNumPorts,
  parameter bit          Zbb            = 1'b1,
  parameter bit          BareMode       = 1'b0,
  parameter int unsigned WatchdogBudget = baton_abi_pkg::TileDefWatchdogBudget,
  parameter int unsigned ScratchBytes   = baton_abi_pkg::WinScratchBytes,
  parameter int unsigned WorkspaceBytes = baton_abi_pkg::WinWorkspaceBytes,
  parameter int unsigned PacketBytes    = baton_abi_pkg::WinPktBytes,
  parameter int unsigned StackBytes     = baton_abi_pkg::WinStackBytes,
  parameter int unsigned RodataBytes    = baton_abi_pkg::WinRodataBytes,
  parameter int unsigned DataBytes      = baton_abi_pkg::WinDataBytes,
  parameter int unsigned DmemBytes      = baton_abi_pkg::WinBareDmemBytes,
  parameter bit          FlowState      = 1'b0,  // workspace bytes 0..31 and lookup registers (fs_*)
  localparam int unsigned ThrW          = baton_util_pkg::idx_w(NumThreads),
  localparam int unsigned RegionBytes   = (ScratchBytes > WorkspaceBytes) ? ScratchBytes
                                                                          : WorkspaceBytes,
  localparam int unsigned RegionWords   = 1 << $clog2(RegionBytes / 4),
  localparam int unsigned LocDepth      = NumThreads * 2 * RegionWords,
  localparam int unsigned LocAddrW      = $clog2(LocDepth)
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,

  // Instruction memory (lookup in F, word in D).
  output logic [31:0]            fetch_pc_o,
  input  logic                   fetch_hit_i,
  input  logic [31:0]            fetch_insn_i,

  // Delivery sequencer.
  input  logic                   dlv_start_i,
  input  logic [ThrW-1:0]        dlv_start_thread_i,
  input  logic                   dlv_done_i,
  input  logic [ThrW-1:0]        dlv_thread_i,
  input  logic                   dlv_ok_i,
  input  logic [31:0]            dlv_pc_i,
  input  logic [PktHandleW-1:0]  dlv_handle_i,
  output logic [NumThreads-1:0]  thr_idle_o,

  // Carried registers (x2, x10..x13): loaded by a delivery, read by the thread-operation port.
  input  logic                   rf_load_i,
  input  logic [ThrW-1:0]        rf_load_thread_i,
  input  logic [4:0][31:0]       rf_load_data_i,
  input  logic [ThrW-1:0]        rf_spill_thread_i,
  output logic [4:0][31:0]       rf_spill_data_o,
  output logic                   rf_cw_busy_o,      // a carried register is written: no load

  // Thread-operation port unit.
  output logic [NumThreads-1:0]  thr_end_o,
  input  logic                   opu_done_i,
  input  logic [ThrW-1:0]        opu_thread_i,

  // Context records (baton_tile_ctxbank): pkt_len stores, pending operations, and the record of
  // the thread in W for the context-window loads.
  output logic                   len_we_o,
  output logic [ThrW-1:0]        len_thread_o,
  output logic [PktLenW-1:0]     len_o,
  output logic                   pend_we_o,
  output logic [ThrW-1:0]        pend_thread_o,
  output logic [26:0]            pend_o,
  // A thread operation is in E (from registered state only) and its operands are legal (it
  // retires): the thread-operation port's fast path, off the fault-priority chain.
  output logic                   thop_end_o,
  output logic                   thop_ok_o,
  output logic [ThrW-1:0]        thop_thread_o,
  output logic [26:0]            thop_pend_o,
  output logic [ThrW-1:0]        ctx_thread_o,
  input  ctx_t                   ctx_i,

  // Tile-local memory: scratch and workspace of every thread.
  output logic                   lm_req_o,
  output logic                   lm_we_o,
  output logic [LocAddrW-1:0]    lm_addr_o,
  output logic [3:0]             lm_be_o,
  output logic [31:0]            lm_wdata_o,
  input  logic [31:0]            lm_rdata_i,

  // Flow state (FlowState): workspace bytes 0..31 and the lookup registers flow and status
  // (baton_tile_flow), with lm_we_o, lm_be_o, lm_wdata_o and read data on lm_rdata_i, as the RAM.
  output logic                   fs_req_o,
  output logic                   fs_reg_o,
  output logic [ThrW-1:0]        fs_thread_o,
  output logic [2:0]             fs_word_o,

  // Shared memory: requests in order, read responses tagged with the thread.
  output logic                   dmem_req_valid_o,
  input  logic                   dmem_req_ready_i,
  output logic                   dmem_req_we_o,
  output logic [31:0]            dmem_req_addr_o,
  output logic [3:0]             dmem_req_be_o,
  output logic [31:0]            dmem_req_wdata_o,
  output logic [ThreadW-1:0]     dmem_req_thread_o,
  output logic [PktHandleW-1:0]  dmem_req_handle_o,
  input  logic                   dmem_rsp_valid_i,
  output logic                   dmem_rsp_ready_o,
  input  logic [ThreadW-1:0]     dmem_rsp_thread_i,
  input  logic [31:0]            dmem_rsp_rdata_i,

  // Issue accounting for benchmarks: an instruction or micro-operation entered F; instructions
  // retired in this cycle (0..2).
  output logic                   issue_o,
  output logic [1:0]             retire_o,
  // Hand-off events for benchmarks, with the packet handle: the first instruction of a delivered
  // context issues (start); a MIGRATE retires (mig).
  output logic                   start_o,
  output logic [PktHandleW-1:0]  start_handle_o,
  output logic                   mig_o,
  output logic [PktHandleW-1:0]  mig_handle_o

`ifdef BATON_RVFI
  ,
  // Two lanes (RVFI NRET = 2): lane 0 retires from W, lane 1 from the late write-back path. Two
  // records in one cycle always belong to different threads.
  output logic [1:0]             rvfi_valid_o,
  output logic [1:0][ThreadW-1:0] rvfi_thread_o,
  output logic [1:0][31:0]       rvfi_pc_o,
  output logic [1:0][31:0]       rvfi_insn_o,
  output logic [1:0][31:0]       rvfi_pc_next_o,
  output logic [1:0][4:0]        rvfi_rs1_o,
  output logic [1:0][31:0]       rvfi_rs1_val_o,
  output logic [1:0][4:0]        rvfi_rs2_o,
  output logic [1:0][31:0]       rvfi_rs2_val_o,
  output logic [1:0][4:0]        rvfi_rd_o,
  output logic [1:0][31:0]       rvfi_rd_val_o,
  output logic [1:0][31:0]       rvfi_mem_addr_o,
  output logic [1:0][3:0]        rvfi_mem_rmask_o,
  output logic [1:0][3:0]        rvfi_mem_wmask_o,
  output logic [1:0][31:0]       rvfi_mem_rdata_o,
  output logic [1:0][31:0]       rvfi_mem_wdata_o,
  output logic [1:0][3:0]        rvfi_trap_o,
  output logic [1:0][31:0]       rvfi_tval_o,
  output logic [1:0]             rvfi_end_o
`endif
);

  `ASSERT_INIT(NumThreadsLegal_A, NumThreads >= 1 && NumThreads <= 8)
  `ASSERT_INIT(TileIdLegal_A, TileId < 64)
  `ASSERT_INIT(NumPortsLegal_A, NumPorts >= 1 && NumPorts <= 16)
  `ASSERT_INIT(WatchdogBudgetLegal_A, WatchdogBudget < 32'h8000_0000)
  `ASSERT_INIT(ScratchBytesLegal_A, ScratchBytes >= 4 && (ScratchBytes % 4) == 0)
  `ASSERT_INIT(WorkspaceBytesLegal_A, WorkspaceBytes >= 4 && (WorkspaceBytes % 4) == 0)
  `ASSERT_INIT(PacketBytesLegal_A, PacketBytes >= 4 && (PacketBytes % 4) == 0 &&
                                   PacketBytes <= 65536)
  `ASSERT_INIT(StackBytesLegal_A, StackBytes >= 4 && (StackBytes % 4) == 0 &&
                                  StackBytes <= (32'd1 << WindowShift))
  `ASSERT_INIT(RodataBytesLegal_A, (RodataBytes % 4) == 0 && RodataBytes <= (32'd1 << WindowShift))
  `ASSERT_INIT(DataBytesLegal_A, (DataBytes % 4) == 0 && DataBytes <= (32'd1 << WindowShift))
  `ASSERT_INIT(DmemBytesLegal_A, (DmemBytes % 4) == 0 && DmemBytes <= (32'd1 << WindowShift))

  localparam int unsigned WdW = (WatchdogBudget > 0) ? $clog2(WatchdogBudget + 1) : 1;

  // =============================================================================================
  // Per-thread state
  // =============================================================================================
  thr_state_e [NumThreads-1:0]            st_q, st_d;
  logic [NumThreads-1:0][29:0]            pc_q, pc_d;       // word address
  logic [NumThreads-1:0][WdW-1:0]         wd_q, wd_d;       // retired since delivery
  // The watchdog count of an instruction that leaves E (retired, or parked for its result) is
  // added one cycle later, off the E-stage path; F adds the pending increment of its thread.
  logic                                   wd_inc_q;
  logic [ThrW-1:0]                        wd_thr_q;
  // What the late write-back does with the result of a parked instruction: rd, and the load's
  // byte offset, width and signedness (the iterative unit's results are words).
  logic [NumThreads-1:0][4:0]             lw_rd_q;
  logic [NumThreads-1:0][1:0]             lw_off_q, lw_size_q;
  logic [NumThreads-1:0]                  lw_uns_q;
  logic [NumThreads-1:0]                  wmdu_q, wmdu_d;   // StWaitRes waits for the unit
  logic [NumThreads-1:0][PktHandleW-1:0]  handle_q, handle_d;
  logic [ThrW-1:0]                        last_q;           // last issuer (round robin)

  // =============================================================================================
  // F: pick a thread and fetch
  // =============================================================================================
  logic            f_fire;
  logic [ThrW-1:0] f_thr;
  logic            lwb_stall;  // the late write-back has waited too long: leave W a free slot

  always_comb begin
    f_fire = 1'b0;
    f_thr  = '0;
    for (int unsigned k = 1; k <= NumThreads; k++) begin
      automatic int unsigned t = 32'(last_q) + k;
      if (t >= NumThreads) t = t - NumThreads;
      if (!f_fire && !lwb_stall && (st_q[t] == StReady)) begin
        f_fire = 1'b1;
        f_thr  = ThrW'(t);
      end
    end
  end

  logic  f_wd, f_wd_pend;
  trap_e f_trap;
  assign f_wd_pend  = wd_inc_q && (wd_thr_q == f_thr);
  assign f_wd       = (WatchdogBudget != 0) &&
                      (f_wd_pend ? (32'(wd_q[f_thr]) >= 32'(WatchdogBudget) - 32'd1)
                                 : (32'(wd_q[f_thr]) >= 32'(WatchdogBudget)));
  assign fetch_pc_o = {pc_q[f_thr], 2'b00};
  assign f_trap     = f_wd ? TrapWatchdog :
                      !fetch_hit_i ? TrapFetchAccess : TrapNone;

  // =============================================================================================
  // D: decode and register read
  // =============================================================================================
  logic            d_valid_q;
  logic [ThrW-1:0] d_thr_q;
  logic [29:0]     d_pc_q;
  trap_e           d_trap_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      d_valid_q <= 1'b0;
    end else begin
      d_valid_q <= f_fire;
    end
  end

  always_ff @(posedge clk_i) begin
    if (f_fire) begin
      d_thr_q  <= f_thr;
      d_pc_q   <= pc_q[f_thr];
      d_trap_q <= f_trap;
    end
  end

  dec_t d_dec;
  baton_tile_decode #(
    .Zbb (Zbb)
  ) u_decode (
    .insn_i (fetch_insn_i),
    .dec_o  (d_dec)
  );

  logic [31:0] rf_rdata1, rf_rdata2;

  // W-stage write port (declared here for the register file instance).
  logic            rf_we;
  logic [ThrW-1:0] rf_wthr;
  logic [4:0]      rf_waddr;
  logic [31:0]     rf_wdata;

  baton_tile_regfile #(
    .NumThreads (NumThreads)
  ) u_regfile (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .rthread_i    (d_thr_q),
    .raddr1_i     (d_dec.rs1),
    .raddr2_i     (d_dec.rs2),
    .rdata1_o     (rf_rdata1),
    .rdata2_o     (rf_rdata2),
    .we_i         (rf_we),
    .wthread_i    (rf_wthr),
    .waddr_i      (rf_waddr),
    .wdata_i      (rf_wdata),
    .clr_i        (dlv_done_i),
    .clr_thread_i (dlv_thread_i),
    .load_i        (rf_load_i),
    .load_thread_i (rf_load_thread_i),
    .load_data_i   (rf_load_data_i),
    .spill_thread_i (rf_spill_thread_i),
    .spill_data_o  (rf_spill_data_o),
    .cw_busy_o     (rf_cw_busy_o)
  );

  // =============================================================================================
  // E: execute
  // =============================================================================================
  logic            e_valid_q;
  logic [ThrW-1:0] e_thr_q;
  logic [29:0]     e_pc_q;
  logic [31:0]     e_insn_q;
  dec_t            e_dec_q;
  trap_e           e_trap_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      e_valid_q <= 1'b0;
    end else begin
      e_valid_q <= d_valid_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (d_valid_q) begin
      e_thr_q  <= d_thr_q;
      e_pc_q   <= d_pc_q;
      e_insn_q <= fetch_insn_i;
      e_dec_q  <= d_dec;
      // Fault priority: watchdog, fetch (from F), then illegal.
      e_trap_q <= (d_trap_q != TrapNone) ? d_trap_q :
                  (d_dec.cls == ClsIllegal) ? TrapIllegal : TrapNone;
    end
  end


  cls_e        cls;
  logic [31:0] opa, opb, pc, pc4, pc_imm;
  assign cls    = e_dec_q.cls;
  assign opa    = rf_rdata1;
  assign opb    = rf_rdata2;
  assign pc     = {e_pc_q, 2'b00};
  assign pc4    = pc + 32'd4;
  assign pc_imm = pc + e_dec_q.imm;

  // ---- ALU ------------------------------------------------------------------------------------
  alu_op_e     alu_op;
  logic [31:0] alu_b, alu_res, alu_sum;
  logic        alu_eq, alu_lt, alu_ltu;
  logic        is_mem;
  assign is_mem = (cls == ClsLoad) || (cls == ClsStore);
  assign alu_op = (cls == ClsBranch) ? AluSub :
                  (is_mem || cls == ClsJalr) ? AluAdd : e_dec_q.alu_op;
  assign alu_b  = (e_dec_q.b_imm || is_mem || cls == ClsJalr) ? e_dec_q.imm : opb;

  // Operand a is zero for LUI (AluPassB adds the immediate to it); rs1 is not a source there.
  logic [31:0] alu_a;
  assign alu_a = (e_dec_q.alu_op == AluPassB && cls == ClsAlu) ? 32'd0 : opa;

  baton_tile_alu #(
    .Zbb (Zbb)
  ) u_alu (
    .op_i     (alu_op),
    .a_i      (alu_a),
    .b_i      (alu_b),
    .result_o (alu_res),
    .sum_o    (alu_sum),
    .eq_o     (alu_eq),
    .lt_o     (alu_lt),
    .ltu_o    (alu_ltu)
  );

  // ---- Control flow ---------------------------------------------------------------------------
  logic        taken, jump;
  logic [31:0] target, next_pc;
  always_comb begin
    unique case (e_dec_q.funct3)
      3'b000:  taken = alu_eq;
      3'b001:  taken = !alu_eq;
      3'b100:  taken = alu_lt;
      3'b101:  taken = !alu_lt;
      3'b110:  taken = alu_ltu;
      default: taken = !alu_ltu;
    endcase
  end
  assign jump    = (cls == ClsJal) || (cls == ClsJalr) || ((cls == ClsBranch) && taken);
  assign target  = (cls == ClsJalr) ? {alu_sum[31:1], 1'b0} : pc_imm;
  assign next_pc = jump ? target : pc4;

  // ---- Memory access: alignment and windows (docs/abi.md sections 4-6) ------------------------
  typedef enum logic [1:0] {
    WinNone   = 2'd0,
    WinCtx    = 2'd1,
    WinLocal  = 2'd2,
    WinShared = 2'd3
  } win_e;

  logic [31:0] addr;
  logic [1:0]  msize;
  logic        misal;
  win_e        win;
  logic        win_ws;            // local: workspace (1) or scratch (0)
  logic        win_fs, win_lk;    // local: flow-state bank, lookup register (FlowState)
  logic [31:0] ctx_store_val;
  logic [WindowShift-1:0] off;

  assign addr          = alu_sum;
  assign msize         = e_dec_q.funct3[1:0];
  assign off           = addr[WindowShift-1:0];
  assign misal         = ((msize == 2'd1) && addr[0]) || ((msize == 2'd2) && (addr[1:0] != 2'd0));
  assign ctx_store_val = (msize == 2'd2) ? opb : {16'd0, opb[15:0]};

  // Offset bounds. A power-of-two size (the usual case) is a zero test of the high offset bits,
  // not a comparator: this check sits on the longest path of E.
  // (size and lg are constants at every call.)
  function automatic logic below(input logic [WindowShift-1:0] o, input int unsigned size, input int unsigned lg);
    below = (size == (32'd1 << lg)) ? ((32'(o) >> lg) == 32'd0) : (32'(o) < size);
  endfunction

  logic [WindowSelW-1:0] sel;
  assign sel = addr[31:WindowShift];

  logic in_scratch, in_ws, in_packet, in_stack, in_rodata, in_data, in_dmem;
  assign in_scratch = below(off, ScratchBytes, $clog2(ScratchBytes));
  assign in_ws      = below(off, WorkspaceBytes, $clog2(WorkspaceBytes));
  assign in_packet  = below(off, PacketBytes, $clog2(PacketBytes));
  assign in_stack   = below(off, StackBytes, $clog2(StackBytes));
  assign in_rodata  = below(off, RodataBytes, $clog2(RodataBytes));
  assign in_data    = below(off, DataBytes, $clog2(DataBytes));
  assign in_dmem    = below(off, DmemBytes, $clog2(DmemBytes));

  always_comb begin
    win    = WinNone;
    win_ws = 1'b0;
    win_fs = 1'b0;
    win_lk = 1'b0;
    if (BareMode != 0) begin
      if (sel == WinBareDmemSel && in_dmem) win = WinShared;
    end else begin
      unique case (sel)
        WinCtxSel: begin
          if (cls == ClsLoad) begin
            if (below(off, WinCtxBytes, $clog2(WinCtxBytes))) win = WinCtx;
          end else if ((msize == 2'd2 || msize == 2'd1) && off == WindowShift'(4 * CtxWordPktLen) &&
                       ctx_store_val <= 32'(PacketBytes)) begin
            win = WinCtx;
          end
        end
        WinScratchSel: if (in_scratch) win = WinLocal;
        WinWorkspaceSel: begin
          if (in_ws) win = WinLocal;
          win_ws = 1'b1;
          win_fs = FlowState && below(off, FsStateBytes, $clog2(FsStateBytes));
        end
        // The lookup window (docs/abi.md section 13), word accesses only: loads of flow and
        // status are served in the tile; stores to the command registers and scratchpad words
        // leave on the request channel (the tile turns the commands aside to the flow-state unit).
        WinLookupSel: begin
          if (FlowState && (msize == 2'd2)) begin
            if ((cls == ClsLoad) &&
                ((32'(off) == 32'(FsRegFlow)) || (32'(off) == 32'(FsRegStatus)))) begin
              win    = WinLocal;
              win_lk = 1'b1;
            end else if ((cls == ClsStore) && (32'(off) >= 32'(FsRegTimerSet)) &&
                         (32'(off) <= 32'(FsRegGenEvent))) begin
              win = WinShared;
            end else if ((32'(off) >= FsScratchOffset) &&
                         (32'(off) < FsScratchOffset + FsScratchBytes)) begin
              win = WinShared;
            end
          end
        end
        WinPktSel: if (in_packet) win = WinShared;
        WinStackSel: if (in_stack) win = WinShared;
        WinRodataSel: if (cls == ClsLoad && in_rodata) win = WinShared;
        WinDataSel: if (in_data) win = WinShared;
        default: ;
      endcase
    end
  end

  // Byte lanes of the access within its word.
  logic [3:0]  lanes;
  logic [31:0] st_lanes;
  always_comb begin
    unique case (msize)
      2'd0:    lanes = 4'b0001 << addr[1:0];
      2'd1:    lanes = 4'b0011 << addr[1:0];
      default: lanes = 4'b1111;
    endcase
    unique case (msize)
      2'd0:    st_lanes = {4{opb[7:0]}};
      2'd1:    st_lanes = {2{opb[15:0]}};
      default: st_lanes = opb;
    endcase
  end

  // ---- Thread operations: operand checks (docs/abi.md section 2) --------------------------------
  logic thop_ok;
  always_comb begin
    unique case (e_dec_q.funct3)
      OpMigrate: thop_ok = (opa < (32'd1 << PartW)) && (opb[31:EntryKindBit+1] == '0);
      OpSend:    thop_ok = (opa < 32'(NumPorts));
      OpDrop:    thop_ok = (opa >= 32'(DropFirmwareMin)) && (opa <= 32'(DropFirmwareMax));
      default:       thop_ok = 1'b1;
    endcase
  end

  // ---- Faults ---------------------------------------------------------------------------------
  trap_e       trap;
  logic [31:0] tval;
  always_comb begin
    trap = e_trap_q;
    tval = '0;
    unique case (e_trap_q)
      TrapFetchAccess: tval = pc;
      TrapIllegal:     tval = e_insn_q;
      default:         tval = '0;
    endcase
    if (e_trap_q == TrapNone) begin
      if (cls == ClsThOp && !thop_ok) begin
        trap = TrapIllegal;       tval = e_insn_q;
      end else if (jump && target[1]) begin
        trap = TrapMisalignJump;  tval = target;
      end else if (cls == ClsLoad && misal) begin
        trap = TrapMisalignLoad;  tval = addr;
      end else if (cls == ClsStore && misal) begin
        trap = TrapMisalignStore; tval = addr;
      end else if (cls == ClsLoad && win == WinNone) begin
        trap = TrapLoadAccess;    tval = addr;
      end else if (cls == ClsStore && win == WinNone) begin
        trap = TrapStoreAccess;   tval = addr;
      end
    end
  end

  logic [7:0] drop_reason;
  always_comb begin
    unique case (trap)
      TrapWatchdog:                                    drop_reason = DropFaultWatchdog;
      TrapFetchAccess, TrapLoadAccess, TrapStoreAccess: drop_reason = DropFaultAccess;
      TrapMisalignJump, TrapMisalignLoad, TrapMisalignStore: drop_reason = DropFaultMisalign;
      default:                                         drop_reason = DropFaultIllegal;
    endcase
  end

  // ---- Iterative unit -------------------------------------------------------------------------
  logic            mdu_start, mdu_idle, mdu_valid, mdu_consume;
  logic [31:0]     mdu_result;
  logic [ThrW-1:0] mdu_owner_q;

  baton_tile_mdu u_mdu (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .start_i   (mdu_start),
    .op_i      (e_dec_q.mdu_op),
    .a_i       (opa),
    .b_i       (opb),
    .idle_o    (mdu_idle),
    .valid_o   (mdu_valid),
    .result_o  (mdu_result),
    .consume_i (mdu_consume)
  );

  // ---- Outcome of the instruction in E ----------------------------------------------------------
  logic slot_free, req_valid_q;
  assign slot_free = !req_valid_q || dmem_req_ready_i;

  logic e_trap;          // the instruction faults (retires with a trap, ends the packet)
  logic e_park_rsp;      // its result comes later (late write-back)
  logic e_park_res;      // waits for the request slot / the unit
  logic e_complete;      // retires normally
  logic e_send;          // loads the shared-memory request register
  logic e_thop;          // a thread operation retires
  logic e_wb;            // writes rd in W
  logic e_mem_local, e_mem_ctx, e_mem_shared;

  // A load or store faults only by alignment or window (a fault from F/D comes registered), so
  // its memory enables need not wait for the full fault priority of `trap`.
  logic mem_ok;
  assign e_trap       = e_valid_q && (trap != TrapNone);
  assign mem_ok       = e_valid_q && (e_trap_q == TrapNone) && is_mem && !misal;
  assign e_mem_local  = mem_ok && (win == WinLocal);
  assign e_mem_ctx    = mem_ok && (win == WinCtx);
  assign e_mem_shared = mem_ok && (win == WinShared);

  // Written per class rather than through `trap`: an iterative-unit operation cannot fault in E,
  // and a load or store faults only as e_mem_* already excludes (shorter logic on this path).
  logic mdu_go;
  assign mdu_go     = e_valid_q && (e_trap_q == TrapNone) && (cls == ClsMdu);
  assign mdu_start  = mdu_go && mdu_idle;
  assign e_send     = e_mem_shared && slot_free;
  assign e_park_rsp = (e_mem_shared && cls == ClsLoad && slot_free) || mdu_start;
  assign e_park_res = (e_mem_shared && !slot_free) || (mdu_go && !mdu_idle);

  assign e_complete  = e_valid_q && !e_trap && !e_park_rsp && !e_park_res;
  assign e_thop      = e_complete && (cls == ClsThOp);
  assign e_wb        = e_complete && e_dec_q.rd_we;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mdu_owner_q <= '0;
    end else if (mdu_start) begin
      mdu_owner_q <= e_thr_q;
    end
  end

  // ---- Context records from E ------------------------------------------------------------------
  // Loads of the context window read the thread's record in W (the word multiplexer is off the
  // execute stage); the tile id and thread index words are constants. pkt_len stores and the
  // pending operation of a thread that ends here are written one cycle after E (registered, off
  // the fault-priority path of E): a thread loads its context at the earliest in its next E, and
  // an ended thread is offered to the thread-operation port's pick only once its pending
  // operation is written (pend_we_o; the fast path takes thread operations straight from E).
  logic       ctx_const;      // load of word 14 (tile id) or 15 (thread index)
  assign ctx_const = (addr[5:2] == CtxWordTileId) || (addr[5:2] == CtxWordThreadId);

  logic       end_write;      // the operation of a thread that ends here
  logic [7:0] op_byte;
  assign end_write = e_trap || e_thop;
  assign op_byte   = e_trap ? drop_reason : opa[7:0];

  logic            pend_we_q;
  logic [ThrW-1:0] pend_thr_q;
  logic [26:0]     pend_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pend_we_q <= 1'b0;
    end else begin
      pend_we_q <= end_write;
    end
  end
  always_ff @(posedge clk_i) begin
    pend_thr_q <= e_thr_q;
    pend_q     <= {e_trap ? OpDrop : thread_op_e'(e_dec_q.funct3), op_byte,
                   (!e_trap && e_dec_q.funct3 == OpMigrate) ? opb[15:0] : 16'd0};
  end
  assign pend_we_o     = pend_we_q;
  assign pend_thread_o = pend_thr_q;
  assign pend_o        = pend_q;
  assign thop_end_o    = e_valid_q && (e_trap_q == TrapNone) && (cls == ClsThOp);
  assign thop_ok_o     = thop_ok;
  assign thop_thread_o = e_thr_q;
  assign thop_pend_o   = {thread_op_e'(e_dec_q.funct3), opa[7:0],
                          (e_dec_q.funct3 == OpMigrate) ? opb[15:0] : 16'd0};
  assign len_we_o      = e_mem_ctx && (cls == ClsStore);
  assign len_thread_o  = e_thr_q;
  assign len_o         = ctx_store_val[15:0];

  // ---- Tile-local memory ----------------------------------------------------------------------
  logic [LocAddrW-1:0] lm_index;
  assign lm_index   = LocAddrW'(((32'(e_thr_q) * 2 + 32'(win_ws)) * RegionWords) +
                                32'(off[27:2]));
  assign lm_req_o    = e_mem_local && !win_fs && !win_lk;
  assign fs_req_o    = e_mem_local && (win_fs || win_lk);
  assign fs_reg_o    = win_lk;
  assign fs_thread_o = e_thr_q;
  assign fs_word_o   = off[4:2];
  assign lm_we_o    = (cls == ClsStore);
  assign lm_addr_o  = lm_index;
  assign lm_be_o    = lanes;
  assign lm_wdata_o = st_lanes;

  // ---- Shared-memory request register ---------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      req_valid_q <= 1'b0;
    end else if (e_send) begin
      req_valid_q <= 1'b1;
    end else if (dmem_req_ready_i) begin
      req_valid_q <= 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (e_send) begin
      dmem_req_we_o     <= (cls == ClsStore);
      dmem_req_addr_o   <= {addr[31:2], 2'b00};
      dmem_req_be_o     <= lanes;
      dmem_req_wdata_o  <= (cls == ClsStore) ? st_lanes : 32'd0;
      dmem_req_thread_o <= ThreadW'(e_thr_q);
      dmem_req_handle_o <= handle_q[e_thr_q];
    end
  end
  assign dmem_req_valid_o = req_valid_q;

  // =============================================================================================
  // W: write back
  // =============================================================================================
  typedef enum logic [1:0] {
    SrcResult = 2'd0,
    SrcLocal  = 2'd1,
    SrcCtx    = 2'd2
  } src_e;

  logic            w_we_q, w_load_q;
  logic [ThrW-1:0] w_thr_q;
  logic [4:0]      w_rd_q;
  src_e            w_src_q;
  logic [31:0]     w_result_q;
  logic [1:0]      w_off_q, w_size_q;
  logic            w_uns_q;
  logic [CtxWordW-1:0] w_word_q;

  logic [31:0] e_result;
  logic        e_load;
  src_e        e_src;
  always_comb begin
    e_load   = 1'b0;
    e_src    = SrcResult;
    e_result = alu_res;
    unique case (cls)
      ClsAuipc:         e_result = pc_imm;
      ClsJal, ClsJalr:  e_result = pc4;
      ClsLoad: begin
        e_load = 1'b1;
        if (win == WinLocal) begin
          e_src = SrcLocal;
        end else if (win == WinCtx && !ctx_const) begin
          e_src = SrcCtx;
        end else begin
          e_result = (addr[5:2] == CtxWordTileId) ? 32'(TileId) : 32'(e_thr_q);
        end
      end
      default:          e_result = alu_res;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      w_we_q <= 1'b0;
    end else begin
      w_we_q <= e_wb;
    end
  end

  always_ff @(posedge clk_i) begin
    w_thr_q    <= e_thr_q;
    w_rd_q     <= e_dec_q.rd;
    w_src_q    <= e_src;
    w_result_q <= e_result;
    w_load_q   <= e_load;
    w_off_q    <= addr[1:0];
    w_size_q   <= msize;
    w_uns_q    <= e_dec_q.funct3[2];
    w_word_q   <= addr[5:2];
  end

  // ---- Late write-back: one result (shared-memory read data or the iterative unit's result) is
  // held until W leaves the register-file write port free; F stops issuing for a few cycles when
  // it has waited long enough, so the slot always comes.
  logic            lwb_valid_q, lwb_drain, lwb_free, lwb_take_rsp, lwb_take_mdu;
  logic [ThrW-1:0] lwb_thr_q;
  logic [31:0]     lwb_data_q;
  logic [1:0]      lwb_wait_q;
  logic [4:0]      lwb_rd;

  assign lwb_drain        = lwb_valid_q && !w_we_q;
  assign lwb_free         = !lwb_valid_q || lwb_drain;
  assign lwb_take_rsp     = dmem_rsp_valid_i && lwb_free;
  assign lwb_take_mdu     = mdu_valid && lwb_free && !dmem_rsp_valid_i;
  assign mdu_consume      = lwb_take_mdu;
  assign dmem_rsp_ready_o = lwb_free;
  assign lwb_stall        = lwb_valid_q && (lwb_wait_q >= 2'd2);
  assign lwb_rd           = lw_rd_q[lwb_thr_q];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      lwb_valid_q <= 1'b0;
      lwb_wait_q  <= '0;
    end else begin
      if (lwb_take_rsp || lwb_take_mdu) begin
        lwb_valid_q <= 1'b1;
        lwb_wait_q  <= '0;
      end else if (lwb_drain) begin
        lwb_valid_q <= 1'b0;
      end else if (lwb_valid_q && lwb_wait_q != 2'd3) begin
        lwb_wait_q <= lwb_wait_q + 2'd1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (lwb_take_rsp) begin
      lwb_thr_q  <= ThrW'(dmem_rsp_thread_i);
      lwb_data_q <= dmem_rsp_rdata_i;
    end else if (lwb_take_mdu) begin
      lwb_thr_q  <= mdu_owner_q;
      lwb_data_q <= mdu_result;
    end
  end

  // One aligner: W's load data, or the late write-back's when W does not write.
  logic        use_lwb;
  logic [31:0] w_raw, a_raw, w_shift, w_loaded, w_value;
  logic [1:0]  a_off, a_size;
  logic        a_uns, a_load;
  assign use_lwb = !w_we_q;
  always_comb begin
    unique case (w_src_q)
      SrcLocal: w_raw = lm_rdata_i;
      SrcCtx:   w_raw = ctx_word(ctx_i, w_word_q);
      default:  w_raw = w_result_q;
    endcase
    a_raw  = use_lwb ? lwb_data_q : w_raw;
    a_off  = use_lwb ? lw_off_q[lwb_thr_q] : w_off_q;
    a_size = use_lwb ? lw_size_q[lwb_thr_q] : w_size_q;
    a_uns  = use_lwb ? lw_uns_q[lwb_thr_q] : w_uns_q;
    a_load = use_lwb || w_load_q;
    w_shift = a_raw >> {a_off, 3'b000};
    unique case (a_size)
      2'd0:    w_loaded = a_uns ? {24'd0, w_shift[7:0]} : {{24{w_shift[7]}}, w_shift[7:0]};
      2'd1:    w_loaded = a_uns ? {16'd0, w_shift[15:0]} : {{16{w_shift[15]}}, w_shift[15:0]};
      default: w_loaded = w_shift;
    endcase
    w_value = a_load ? w_loaded : w_result_q;
  end

  assign ctx_thread_o = w_thr_q;
  assign rf_we    = w_we_q || (lwb_drain && lwb_rd != 5'd0);
  assign rf_wthr  = w_we_q ? w_thr_q : lwb_thr_q;
  assign rf_waddr = w_we_q ? w_rd_q : lwb_rd;
  assign rf_wdata = w_value;

  // Parked instructions remember where their result goes.
  always_ff @(posedge clk_i) begin
    if (e_park_rsp) begin
      lw_rd_q[e_thr_q]   <= e_dec_q.rd_we ? e_dec_q.rd : 5'd0;
      lw_off_q[e_thr_q]  <= (cls == ClsLoad) ? addr[1:0] : 2'd0;
      lw_size_q[e_thr_q] <= (cls == ClsLoad) ? msize : 2'd2;
      lw_uns_q[e_thr_q]  <= e_dec_q.funct3[2];
    end
  end

  // =============================================================================================
  // Thread state
  // =============================================================================================
  always_comb begin
    st_d     = st_q;
    pc_d     = pc_q;
    wd_d     = wd_q;
    wmdu_d   = wmdu_q;
    handle_d = handle_q;
    if ((WatchdogBudget != 0) && wd_inc_q) wd_d[wd_thr_q] = wd_q[wd_thr_q] + 1'b1;

    for (int unsigned t = 0; t < NumThreads; t++) begin
      if (dlv_start_i && dlv_start_thread_i == ThrW'(t)) st_d[t] = StLoad;
      if (dlv_done_i && dlv_thread_i == ThrW'(t)) begin
        st_d[t]     = dlv_ok_i ? StReady : StEnd;
        pc_d[t]     = dlv_pc_i[31:2];
        wd_d[t]     = '0;
        handle_d[t] = dlv_handle_i;
      end
      if (opu_done_i && opu_thread_i == ThrW'(t)) st_d[t] = StIdle;
      if (f_fire && f_thr == ThrW'(t)) st_d[t] = StBusy;
      if (lwb_drain && lwb_thr_q == ThrW'(t)) st_d[t] = StReady;
      if (st_q[t] == StWaitRes && (wmdu_q[t] ? mdu_idle : !req_valid_q)) st_d[t] = StReady;
    end

    if (e_valid_q) begin
      if (e_trap) begin
        st_d[e_thr_q] = StEnd;
      end else if (e_park_rsp) begin
        // Cannot fault any more: the pc moves on now, the thread waits for its result.
        st_d[e_thr_q] = StWaitRsp;
        pc_d[e_thr_q] = next_pc[31:2];
      end else if (e_park_res) begin
        st_d[e_thr_q]  = StWaitRes;
        wmdu_d[e_thr_q] = (cls == ClsMdu);
      end else begin  // complete
        pc_d[e_thr_q]  = next_pc[31:2];
        if (e_thop) begin
          st_d[e_thr_q] = StEnd;
        end else begin
          st_d[e_thr_q] = StReady;
        end
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q     <= {NumThreads{StIdle}};
      wmdu_q   <= '0;
      wd_q     <= '0;
      wd_inc_q <= 1'b0;
      last_q   <= ThrW'(NumThreads - 1);
    end else begin
      st_q     <= st_d;
      wmdu_q   <= wmdu_d;
      wd_q     <= wd_d;
      wd_inc_q <= e_complete || e_park_rsp;
      if (f_fire) last_q <= f_thr;
    end
  end

  always_ff @(posedge clk_i) begin
    pc_q     <= pc_d;
    handle_q <= handle_d;
    wd_thr_q <= e_thr_q;
  end

  for (genvar t = 0; t < NumThreads; t++) begin : gen_thr_out
    assign thr_idle_o[t] = (st_q[t] == StIdle);
    assign thr_end_o[t]  = (st_q[t] == StEnd);
  end

  assign issue_o  = f_fire;

  // Threads delivered whose first instruction has not issued yet.
  logic [NumThreads-1:0] first_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      first_q <= '0;
    end else begin
      for (int unsigned t = 0; t < NumThreads; t++) begin
        if (dlv_done_i && dlv_ok_i && dlv_thread_i == ThrW'(t)) begin
          first_q[t] <= 1'b1;
        end else if (f_fire && f_thr == ThrW'(t)) begin
          first_q[t] <= 1'b0;
        end
      end
    end
  end
  assign start_o        = f_fire && first_q[f_thr];
  assign start_handle_o = handle_q[f_thr];
  assign mig_o          = e_thop && (e_dec_q.funct3 == OpMigrate);
  assign mig_handle_o   = handle_q[e_thr_q];
  assign retire_o = 2'(e_complete || e_trap) + 2'(lwb_drain);

  // =============================================================================================
  // Retire port (RVFI style, docs/abi.md section 10)
  // =============================================================================================
`ifdef BATON_RVFI
  logic            rv_valid_q, rv_end_q;
  logic [ThrW-1:0] rv_thr_q;
  logic [31:0]     rv_pc_q, rv_insn_q, rv_pc_next_q, rv_rs1_val_q, rv_rs2_val_q;
  logic [4:0]      rv_rs1_q, rv_rs2_q, rv_rd_q;
  logic [31:0]     rv_mem_addr_q, rv_mem_wdata_q, rv_tval_q;
  logic [3:0]      rv_rmask_q, rv_wmask_q;
  trap_e           rv_trap_q;

  logic rv_retire, rv_ends, rv_mem;
  assign rv_retire = e_complete || e_trap;
  assign rv_ends   = e_trap || (e_thop);
  assign rv_mem    = !e_trap && is_mem;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rv_valid_q <= 1'b0;
    end else begin
      rv_valid_q <= rv_retire;
    end
  end

  always_ff @(posedge clk_i) begin
    rv_thr_q       <= e_thr_q;
    rv_end_q       <= rv_ends;
    rv_pc_q        <= pc;
    rv_trap_q      <= trap;
    rv_tval_q      <= tval;
    if (e_trap) begin
      rv_insn_q      <= (trap == TrapWatchdog || trap == TrapFetchAccess) ? 32'd0 : e_insn_q;
      rv_pc_next_q   <= '0;
      rv_rs1_q       <= '0;
      rv_rs1_val_q   <= '0;
      rv_rs2_q       <= '0;
      rv_rs2_val_q   <= '0;
      rv_rd_q        <= '0;
      rv_mem_addr_q  <= '0;
      rv_rmask_q     <= '0;
      rv_wmask_q     <= '0;
      rv_mem_wdata_q <= '0;
    end else begin
      rv_insn_q      <= e_insn_q;
      rv_pc_next_q   <= rv_ends ? 32'd0 : next_pc;
      rv_rs1_q       <= e_dec_q.rs1_used ? e_dec_q.rs1 : 5'd0;
      rv_rs1_val_q   <= e_dec_q.rs1_used ? opa : 32'd0;
      rv_rs2_q       <= e_dec_q.rs2_used ? e_dec_q.rs2 : 5'd0;
      rv_rs2_val_q   <= e_dec_q.rs2_used ? opb : 32'd0;
      rv_rd_q        <= e_dec_q.rd_we ? e_dec_q.rd : 5'd0;
      rv_mem_addr_q  <= rv_mem ? {addr[31:2], 2'b00} : 32'd0;
      rv_rmask_q     <= (rv_mem && cls == ClsLoad) ? lanes : 4'd0;
      rv_wmask_q     <= (rv_mem && cls == ClsStore) ? lanes : 4'd0;
      rv_mem_wdata_q <= (rv_mem && cls == ClsStore) ? (st_lanes & {{8{lanes[3]}}, {8{lanes[2]}},
                                                                   {8{lanes[1]}}, {8{lanes[0]}}})
                                                    : 32'd0;
    end
  end

  // Lane 1: the record of a parked instruction, kept per thread from E until its write-back.
  logic [NumThreads-1:0][31:0] pk_pc_q, pk_insn_q, pk_pc_next_q, pk_rs1_val_q, pk_rs2_val_q;
  logic [NumThreads-1:0][31:0] pk_mem_addr_q;
  logic [NumThreads-1:0][4:0]  pk_rs1_q, pk_rs2_q;
  logic [NumThreads-1:0][3:0]  pk_rmask_q;

  always_ff @(posedge clk_i) begin
    if (e_park_rsp) begin
      pk_pc_q[e_thr_q]       <= pc;
      pk_insn_q[e_thr_q]     <= e_insn_q;
      pk_pc_next_q[e_thr_q]  <= next_pc;
      pk_rs1_q[e_thr_q]      <= e_dec_q.rs1_used ? e_dec_q.rs1 : 5'd0;
      pk_rs1_val_q[e_thr_q]  <= e_dec_q.rs1_used ? opa : 32'd0;
      pk_rs2_q[e_thr_q]      <= e_dec_q.rs2_used ? e_dec_q.rs2 : 5'd0;
      pk_rs2_val_q[e_thr_q]  <= e_dec_q.rs2_used ? opb : 32'd0;
      pk_mem_addr_q[e_thr_q] <= (cls == ClsLoad) ? {addr[31:2], 2'b00} : 32'd0;
      pk_rmask_q[e_thr_q]    <= (cls == ClsLoad) ? lanes : 4'd0;
    end
  end

  logic [3:0] l1_rmask;
  assign l1_rmask = pk_rmask_q[lwb_thr_q];

  assign rvfi_valid_o     = {lwb_drain, rv_valid_q};
  assign rvfi_thread_o    = {ThreadW'(lwb_thr_q), ThreadW'(rv_thr_q)};
  assign rvfi_pc_o        = {pk_pc_q[lwb_thr_q], rv_pc_q};
  assign rvfi_insn_o      = {pk_insn_q[lwb_thr_q], rv_insn_q};
  assign rvfi_pc_next_o   = {pk_pc_next_q[lwb_thr_q], rv_pc_next_q};
  assign rvfi_rs1_o       = {pk_rs1_q[lwb_thr_q], rv_rs1_q};
  assign rvfi_rs1_val_o   = {pk_rs1_val_q[lwb_thr_q], rv_rs1_val_q};
  assign rvfi_rs2_o       = {pk_rs2_q[lwb_thr_q], rv_rs2_q};
  assign rvfi_rs2_val_o   = {pk_rs2_val_q[lwb_thr_q], rv_rs2_val_q};
  assign rvfi_rd_o        = {lwb_rd, rv_rd_q};
  // In a cycle with a lane-1 record W does not write, so the aligner's value is lane 1's.
  assign rvfi_rd_val_o    = {(lwb_rd != 5'd0) ? w_value : 32'd0, (rv_rd_q != 5'd0) ? w_value : 32'd0};
  assign rvfi_mem_addr_o  = {pk_mem_addr_q[lwb_thr_q], rv_mem_addr_q};
  assign rvfi_mem_rmask_o = {l1_rmask, rv_rmask_q};
  assign rvfi_mem_wmask_o = {4'd0, rv_wmask_q};
  assign rvfi_mem_rdata_o = {lwb_data_q & {{8{l1_rmask[3]}}, {8{l1_rmask[2]}}, {8{l1_rmask[1]}},
                                           {8{l1_rmask[0]}}},
                             w_raw & {{8{rv_rmask_q[3]}}, {8{rv_rmask_q[2]}},
                                      {8{rv_rmask_q[1]}}, {8{rv_rmask_q[0]}}}};
  assign rvfi_mem_wdata_o = {32'd0, rv_mem_wdata_q};
  assign rvfi_trap_o      = {4'(TrapNone), rv_trap_q};
  assign rvfi_tval_o      = {32'd0, rv_tval_q};
  assign rvfi_end_o       = {1'b0, rv_end_q};
`else
  // Without the retire port these only feed it.
  logic [31:0] unused_tval;
  logic [3:0]  unused_dec_src;
  logic [9:0]  unused_dec_regs;
  assign unused_tval     = tval;
  assign unused_dec_src  = {e_dec_q.rs1_used, e_dec_q.rs2_used, 2'b00};
  assign unused_dec_regs = {e_dec_q.rs1, e_dec_q.rs2};
`endif

  // Entry pcs are word aligned (the toolchain guarantees it, EntryPcAligned_A checks it) and
  // the pc is kept as a word address.
  logic [1:0] unused_pc_lsb;
  assign unused_pc_lsb = dlv_pc_i[1:0] | next_pc[1:0];

  // =============================================================================================
  // Checks
  // =============================================================================================
  `ASSERT_STABLE(DmemReq_A, dmem_req_valid_o, dmem_req_ready_i,
                 {dmem_req_we_o, dmem_req_addr_o, dmem_req_be_o, dmem_req_wdata_o,
                  dmem_req_thread_o, dmem_req_handle_o})
  `ASSERT(RspToWaiter_A, dmem_rsp_valid_i |->
          (st_q[ThrW'(dmem_rsp_thread_i)] == StWaitRsp))
  `ASSERT_NEVER(RspThreadRange_A, dmem_rsp_valid_i && (32'(dmem_rsp_thread_i) >= NumThreads))
  `ASSERT(WriteBackToWaiter_A, lwb_drain |-> (st_q[lwb_thr_q] == StWaitRsp))
  `ASSERT(UnitOwnerWaits_A, mdu_valid |-> (st_q[mdu_owner_q] == StWaitRsp))
  `ASSERT(IssueReady_A, f_fire |-> (st_q[f_thr] == StReady))
  `ASSERT(DeliverIdle_A, dlv_start_i |-> (st_q[dlv_start_thread_i] == StIdle))
  `ASSERT(OneInFlight_A, (d_valid_q && e_valid_q) |-> (d_thr_q != e_thr_q))

endmodule
