// SPDX-License-Identifier: Apache-2.0
// Test-only RTL: the values of baton_abi_pkg as the RTL tools see them, so tests/unit/records can
// compare them with the C++ header baton/abi.hpp (both generated from abi/baton_abi.toml). Table
// entries are selected by idx_i and listed by name, in the order the test lists them.
`default_nettype none

module tb_abi_probe
  import baton_abi_pkg::*;
(
  input  logic [4:0]  idx_i,
  // Windows: code, ctx, scratch, workspace, pkt, stack, lookup, rodata, data, bare imem, bare dmem.
  output logic [3:0]  win_sel_o,
  output logic [31:0] win_base_o,
  output logic [31:0] win_bytes_o,
  // Context word number of the idx_i-th field in window order (idx_i = word number expected).
  output logic [3:0]  ctx_word_o,
  // Thread operations: migrate, send, drop, to_host, done.
  output logic [2:0]  op_o,
  // Hardware drop reasons: none, fault_illegal .. bad_port, in code order.
  output logic [7:0]  drop_o,
  // Loader kinds: imem, page slot, partition slot, ptab.
  output logic [1:0]  ld_kind_o,
  output logic [31:0] ld_layout_o,
  output logic [31:0] eg_cnt_o,
  // Engine defaults: NumTiles, ThreadsPerTile, NumPorts, DataW, NumSlots, NumParts, ImemBytes,
  // PageBytes, PartSlots, PtabWords, RodataBytes, DataBytes, WatchdogBudget, SlotBytes,
  // StackBytes; tile defaults: NumThreads, NumPorts, WatchdogBudget, PageBytes.
  output logic [31:0] engine_def_o,
  output logic [31:0] tile_def_o,
  output logic [31:0] window_shift_o,
  output logic [31:0] ctx_words_o,
  output logic [6:0]  opcode_o,
  output logic [31:0] entry_kind_bit_o,
  output logic        entry_index_o,
  output logic        entry_offset_o,
  output logic [7:0]  drop_fw_min_o,
  output logic [7:0]  drop_fw_max_o,
  output logic [7:0]  drop_sdk_no_function_o,
  output logic [7:0]  drop_sdk_entry_returned_o,
  // Event types in value order (other .. generated); flow-state statuses in value order, then
  // registers in offset order, then the layout values.
  output logic [3:0]  ev_type_o,
  output logic [31:0] ev_bits_o,     // {type bits, class bits}
  output logic [3:0]  fs_status_o,
  output logic [31:0] fs_reg_o,
  output logic [31:0] fs_layout_o,
  output logic [7:0]  ld_dest_all_tiles_o,
  output logic [7:0]  ld_dest_shared_o
);
  always_comb begin
    win_sel_o   = '0;
    win_base_o  = '0;
    win_bytes_o = '0;
    unique case (idx_i)
      5'd0:    begin win_sel_o = WinCodeSel;      win_base_o = WinCodeBase;      win_bytes_o = WinCodeBytes;      end
      5'd1:    begin win_sel_o = WinCtxSel;       win_base_o = WinCtxBase;       win_bytes_o = WinCtxBytes;       end
      5'd2:    begin win_sel_o = WinScratchSel;   win_base_o = WinScratchBase;   win_bytes_o = WinScratchBytes;   end
      5'd3:    begin win_sel_o = WinWorkspaceSel; win_base_o = WinWorkspaceBase; win_bytes_o = WinWorkspaceBytes; end
      5'd4:    begin win_sel_o = WinPktSel;       win_base_o = WinPktBase;       win_bytes_o = WinPktBytes;       end
      5'd5:    begin win_sel_o = WinStackSel;     win_base_o = WinStackBase;     win_bytes_o = WinStackBytes;     end
      5'd6:    begin win_sel_o = WinLookupSel;    win_base_o = WinLookupBase;    win_bytes_o = WinLookupBytes;    end
      5'd7:    begin win_sel_o = WinRodataSel;    win_base_o = WinRodataBase;    win_bytes_o = WinRodataBytes;    end
      5'd8:    begin win_sel_o = WinDataSel;      win_base_o = WinDataBase;      win_bytes_o = WinDataBytes;      end
      5'd9:    begin win_sel_o = WinBareImemSel;  win_base_o = WinBareImemBase;  win_bytes_o = WinBareImemBytes;  end
      5'd10:   begin win_sel_o = WinBareDmemSel;  win_base_o = WinBareDmemBase;  win_bytes_o = WinBareDmemBytes;  end
      default: ;
    endcase
  end

  always_comb begin
    unique case (idx_i)
      5'd0:    ctx_word_o = CtxWordPktHandle;
      5'd1:    ctx_word_o = CtxWordPktLen;
      5'd2:    ctx_word_o = CtxWordInPort;
      5'd3:    ctx_word_o = CtxWordArrival;
      5'd4:    ctx_word_o = CtxWordSeq;
      5'd5:    ctx_word_o = CtxWordFlow;
      5'd6:    ctx_word_o = CtxWordEventType;
      5'd7:    ctx_word_o = CtxWordTargetPart;
      5'd8:    ctx_word_o = CtxWordEntryWord;
      5'd9:    ctx_word_o = CtxWordSp;
      5'd10:   ctx_word_o = CtxWordArg0;
      5'd11:   ctx_word_o = CtxWordArg1;
      5'd12:   ctx_word_o = CtxWordArg2;
      5'd13:   ctx_word_o = CtxWordArg3;
      5'd14:   ctx_word_o = CtxWordTileId;
      5'd15:   ctx_word_o = CtxWordThreadId;
      default: ctx_word_o = '0;
    endcase
  end

  always_comb begin
    unique case (idx_i)
      5'd0:    op_o = OpMigrate;
      5'd1:    op_o = OpSend;
      5'd2:    op_o = OpDrop;
      5'd3:    op_o = OpToHost;
      5'd4:    op_o = OpDone;
      default: op_o = '1;
    endcase
  end

  always_comb begin
    unique case (idx_i)
      5'd0:    drop_o = DropNone;
      5'd1:    drop_o = DropFaultIllegal;
      5'd2:    drop_o = DropFaultMisalign;
      5'd3:    drop_o = DropFaultAccess;
      5'd4:    drop_o = DropFaultWatchdog;
      5'd5:    drop_o = DropNoPartition;
      5'd6:    drop_o = DropBufferFull;
      5'd7:    drop_o = DropQueueFull;
      5'd8:    drop_o = DropRunt;
      5'd9:    drop_o = DropOversize;
      5'd10:   drop_o = DropTuserError;
      5'd11:   drop_o = DropMalformed;
      5'd12:   drop_o = DropBadChecksum;
      5'd13:   drop_o = DropBadPort;
      default: drop_o = '1;
    endcase
  end

  always_comb begin
    unique case (idx_i)
      5'd0:    ld_kind_o = LdKindImem;
      5'd1:    ld_kind_o = LdKindPageSlot;
      5'd2:    ld_kind_o = LdKindPartSlot;
      5'd3:    ld_kind_o = LdKindPtab;
      default: ld_kind_o = '0;
    endcase
  end

  always_comb begin
    unique case (idx_i)
      5'd0:    ld_layout_o = 32'(LdSlotValidBit);
      5'd1:    ld_layout_o = 32'(LdPtabWordsPerSlot);
      5'd2:    ld_layout_o = 32'(LdPtabWordBase);
      5'd3:    ld_layout_o = 32'(LdPtabWordEnd);
      5'd4:    ld_layout_o = 32'(LdPtabWordEntries);
      5'd5:    ld_layout_o = 32'(LdPtabEntryCountLsb);
      default: ld_layout_o = '1;
    endcase
  end

  always_comb begin
    unique case (idx_i)
      5'd0:    eg_cnt_o = 32'(EgCntIdxW);
      5'd1:    eg_cnt_o = 32'(EgCntTxBase);
      5'd2:    eg_cnt_o = 32'(EgCntToHost);
      5'd3:    eg_cnt_o = 32'(EgCntDone);
      default: eg_cnt_o = '1;
    endcase
  end

  always_comb begin
    unique case (idx_i)
      5'd0:    engine_def_o = EngineDefNumTiles;
      5'd1:    engine_def_o = EngineDefThreadsPerTile;
      5'd2:    engine_def_o = EngineDefNumPorts;
      5'd3:    engine_def_o = EngineDefDataW;
      5'd4:    engine_def_o = EngineDefNumSlots;
      5'd5:    engine_def_o = EngineDefNumParts;
      5'd6:    engine_def_o = EngineDefImemBytes;
      5'd7:    engine_def_o = EngineDefPageBytes;
      5'd8:    engine_def_o = EngineDefPartSlots;
      5'd9:    engine_def_o = EngineDefPtabWords;
      5'd10:   engine_def_o = EngineDefRodataBytes;
      5'd11:   engine_def_o = EngineDefDataBytes;
      5'd12:   engine_def_o = EngineDefWatchdogBudget;
      5'd13:   engine_def_o = EngineDefSlotBytes;
      5'd14:   engine_def_o = EngineDefStackBytes;
      default: engine_def_o = '0;
    endcase
    unique case (idx_i)
      5'd0:    tile_def_o = TileDefNumThreads;
      5'd1:    tile_def_o = TileDefNumPorts;
      5'd2:    tile_def_o = TileDefWatchdogBudget;
      5'd3:    tile_def_o = TileDefPageBytes;
      default: tile_def_o = '0;
    endcase
  end

  always_comb begin
    unique case (idx_i)
      5'd0:    ev_type_o = EvOther;
      5'd1:    ev_type_o = EvArp;
      5'd2:    ev_type_o = EvIpv4;
      5'd3:    ev_type_o = EvIpv6;
      5'd4:    ev_type_o = EvTcp;
      5'd5:    ev_type_o = EvUdp;
      5'd6:    ev_type_o = EvIcmp;
      5'd7:    ev_type_o = EvFragment;
      5'd8:    ev_type_o = EvTcpSyn;
      5'd9:    ev_type_o = EvTcpSynack;
      5'd10:   ev_type_o = EvTcpFin;
      5'd11:   ev_type_o = EvTcpRst;
      5'd12:   ev_type_o = EvTimeout;
      5'd13:   ev_type_o = EvGenerated;
      default: ev_type_o = '1;
    endcase
    unique case (idx_i)
      5'd0:    fs_status_o = FsStHit;
      5'd1:    fs_status_o = FsStInserted;
      5'd2:    fs_status_o = FsStMiss;
      5'd3:    fs_status_o = FsStFull;
      5'd4:    fs_status_o = FsStBusy;
      5'd5:    fs_status_o = FsStDeleted;
      5'd6:    fs_status_o = FsStDelMiss;
      5'd7:    fs_status_o = FsStTimeout;
      5'd8:    fs_status_o = FsStTmoStale;
      5'd9:    fs_status_o = FsStGenerated;
      5'd10:   fs_status_o = FsStNone;
      default: fs_status_o = '0;
    endcase
    unique case (idx_i)
      5'd0:    fs_reg_o = 32'(FsRegFlow);
      5'd1:    fs_reg_o = 32'(FsRegStatus);
      5'd2:    fs_reg_o = 32'(FsRegTimerSet);
      5'd3:    fs_reg_o = 32'(FsRegTimerCancel);
      5'd4:    fs_reg_o = 32'(FsRegTimerClass);
      5'd5:    fs_reg_o = 32'(FsRegDelete);
      5'd6:    fs_reg_o = 32'(FsRegGenEvent);
      default: fs_reg_o = '1;
    endcase
    unique case (idx_i)
      5'd0:    fs_layout_o = FsPortionBytes;
      5'd1:    fs_layout_o = FsPrivateOffset;
      5'd2:    fs_layout_o = FsSharedOffset;
      5'd3:    fs_layout_o = FsStateBytes;
      5'd4:    fs_layout_o = FsScratchOffset;
      5'd5:    fs_layout_o = FsScratchBytes;
      default: fs_layout_o = '1;
    endcase
  end

  assign ev_bits_o                 = {16'(EvTypeW), 16'(EvClassW)};
  assign window_shift_o            = WindowShift;
  assign ctx_words_o               = CtxWords;
  assign opcode_o                  = OpcodeCustom0;
  assign entry_kind_bit_o          = EntryKindBit;
  assign entry_index_o             = EntryIndex;
  assign entry_offset_o            = EntryOffset;
  assign drop_fw_min_o             = DropFirmwareMin;
  assign drop_fw_max_o             = DropFirmwareMax;
  assign drop_sdk_no_function_o    = DropSdkNoFunction;
  assign drop_sdk_entry_returned_o = DropSdkEntryReturned;
  assign ld_dest_all_tiles_o       = LdDestAllTiles;
  assign ld_dest_shared_o          = LdDestShared;
endmodule
