// SPDX-License-Identifier: Apache-2.0
// Tile-internal types: the decoded instruction, ALU and multi-cycle-unit operations, trap codes,
// per-thread states, the context-word map of the load path. Shared records (ctx_t, thread_op_t)
// stay in baton_pkg, ABI constants (thread operations, drop reasons, windows, context words) in
// baton_abi_pkg.
// Nothing here leaves the tile except the trap code on the retire port.
`default_nettype none

package baton_tile_pkg;

  // Trap codes, numbered as baton::iss::Trap so the retire port needs no translation.
  typedef enum logic [3:0] {
    TrapNone          = 4'd0,
    TrapWatchdog      = 4'd1,
    TrapFetchAccess   = 4'd2,
    TrapIllegal       = 4'd3,
    TrapMisalignJump  = 4'd4,
    TrapMisalignLoad  = 4'd5,
    TrapMisalignStore = 4'd6,
    TrapLoadAccess    = 4'd7,
    TrapStoreAccess   = 4'd8
  } trap_e;

  // Instruction classes: what the execute stage does with an instruction.
  typedef enum logic [3:0] {
    ClsAlu     = 4'd0,   // rd = ALU result (incl. LUI)
    ClsAuipc   = 4'd1,
    ClsJal     = 4'd2,
    ClsJalr    = 4'd3,
    ClsBranch  = 4'd4,
    ClsLoad    = 4'd5,
    ClsStore   = 4'd6,
    ClsFence   = 4'd7,   // no-op
    ClsMdu     = 4'd8,   // multi-cycle unit: M extension, clz/ctz/cpop
    ClsThOp    = 4'd9,   // custom-0 thread operation
    ClsIllegal = 4'd10
  } cls_e;

  typedef enum logic [4:0] {
    AluAdd   = 5'd0,
    AluSub   = 5'd1,
    AluSll   = 5'd2,
    AluSlt   = 5'd3,
    AluSltu  = 5'd4,
    AluXor   = 5'd5,
    AluSrl   = 5'd6,
    AluSra   = 5'd7,
    AluOr    = 5'd8,
    AluAnd   = 5'd9,
    AluAndn  = 5'd10,
    AluOrn   = 5'd11,
    AluXnor  = 5'd12,
    AluMin   = 5'd13,
    AluMinu  = 5'd14,
    AluMax   = 5'd15,
    AluMaxu  = 5'd16,
    AluRol   = 5'd17,
    AluRor   = 5'd18,
    AluSextB = 5'd19,
    AluSextH = 5'd20,
    AluZextH = 5'd21,
    AluOrcB  = 5'd22,
    AluRev8  = 5'd23,
    AluPassB = 5'd24     // LUI: rd = immediate
  } alu_op_e;

  // Operations of the iterative unit (baton_tile_mdu).
  typedef enum logic [3:0] {
    MduMul    = 4'd0,
    MduMulh   = 4'd1,
    MduMulhsu = 4'd2,
    MduMulhu  = 4'd3,
    MduDiv    = 4'd4,
    MduDivu   = 4'd5,
    MduRem    = 4'd6,
    MduRemu   = 4'd7,
    MduClz    = 4'd8,
    MduCtz    = 4'd9,
    MduCpop   = 4'd10
  } mdu_op_e;

  typedef struct packed {
    cls_e         cls;
    alu_op_e      alu_op;
    mdu_op_e      mdu_op;
    logic         b_imm;     // ALU operand b is the immediate
    logic [31:0]  imm;
    logic         rs1_used;
    logic         rs2_used;
    logic         rd_we;     // writes rd (and rd != x0)
    logic [4:0]   rs1;
    logic [4:0]   rs2;
    logic [4:0]   rd;
    logic [2:0]   funct3;    // branch condition, load/store width, thread operation
  } dec_t;

  // Per-thread scheduling state.
  typedef enum logic [2:0] {
    StIdle    = 3'd0,  // no context
    StLoad    = 3'd1,  // a delivery resolves its entry pc
    StReady   = 3'd2,  // may issue
    StBusy    = 3'd3,  // one instruction in the pipeline
    StWaitRsp = 3'd4,  // waits for a shared-memory response or the iterative unit's result
    StWaitRes = 3'd5,  // waits for the request slot or the iterative unit to become free
    StEnd     = 3'd6   // retired its last instruction; waits for the thread-operation port
  } thr_state_e;

  // Context word of a context-window load (docs/abi.md section 3) from a thread's record; the
  // tile id and thread index words are constants of the core, not stored. The flow-state fields
  // are not in the window (firmware reads them through the lookup window).
  /* verilator lint_off UNUSEDSIGNAL */
  function automatic logic [31:0] ctx_word(input baton_pkg::ctx_t c,
                                           input logic [baton_abi_pkg::CtxWordW-1:0] w);
    unique case (w)
      baton_abi_pkg::CtxWordPktHandle:  ctx_word = 32'(c.pkt_handle);
      baton_abi_pkg::CtxWordPktLen:     ctx_word = 32'(c.pkt_len);
      baton_abi_pkg::CtxWordInPort:     ctx_word = 32'(c.in_port);
      baton_abi_pkg::CtxWordArrival:    ctx_word = c.arrival;
      baton_abi_pkg::CtxWordSeq:        ctx_word = 32'(c.seq);
      baton_abi_pkg::CtxWordFlow:       ctx_word = 32'(c.flow);
      baton_abi_pkg::CtxWordEventType:  ctx_word = 32'(c.event_type);
      baton_abi_pkg::CtxWordTargetPart: ctx_word = 32'(c.target_part);
      baton_abi_pkg::CtxWordEntryWord:  ctx_word = {16'd0, c.entry_kind, c.entry};
      baton_abi_pkg::CtxWordSp:         ctx_word = c.sp;
      baton_abi_pkg::CtxWordArg0:       ctx_word = c.args[0];
      baton_abi_pkg::CtxWordArg1:       ctx_word = c.args[1];
      baton_abi_pkg::CtxWordArg2:       ctx_word = c.args[2];
      baton_abi_pkg::CtxWordArg3:       ctx_word = c.args[3];
      default:                          ctx_word = 32'd0;
    endcase
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

endpackage
