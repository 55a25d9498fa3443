// SPDX-License-Identifier: Apache-2.0
// Instruction decoder: RV32IM, Zbb (parameter) and the custom-0 thread operations.
//
// Legality follows docs/abi.md section 1: an encoding is legal only if every field that the
// ratified specification fixes has that value; everything else (including SYSTEM, FENCE.I and the
// other custom opcodes) is illegal. Operand values of thread operations are checked in execute.
`default_nettype none

`include "baton_assert.svh"

module baton_tile_decode
  import baton_abi_pkg::*;
  import baton_tile_pkg::*;
#(
  parameter bit          Zbb = 1'b1
) (
  input  logic [31:0] insn_i,
  output dec_t        dec_o
);


  localparam logic ZbbOn = (Zbb != 0);

  logic [6:0]  opcode;
  logic [2:0]  f3;
  logic [6:0]  f7;
  logic [11:0] f12;
  logic [4:0]  rd, rs1, rs2;
  logic [31:0] imm_i, imm_s, imm_b, imm_u, imm_j;

  assign opcode = insn_i[6:0];
  assign f3     = insn_i[14:12];
  assign f7     = insn_i[31:25];
  assign f12    = insn_i[31:20];
  assign rd     = insn_i[11:7];
  assign rs1    = insn_i[19:15];
  assign rs2    = insn_i[24:20];

  assign imm_i = {{20{insn_i[31]}}, insn_i[31:20]};
  assign imm_s = {{20{insn_i[31]}}, insn_i[31:25], insn_i[11:7]};
  assign imm_b = {{19{insn_i[31]}}, insn_i[31], insn_i[7], insn_i[30:25], insn_i[11:8], 1'b0};
  assign imm_u = {insn_i[31:12], 12'b0};
  assign imm_j = {{11{insn_i[31]}}, insn_i[31], insn_i[19:12], insn_i[20], insn_i[30:21], 1'b0};

  logic    writes;   // the instruction writes rd (before the x0 check)
  cls_e    cls;
  alu_op_e alu_op;
  mdu_op_e mdu_op;
  logic    b_imm, use1, use2;
  logic [31:0] imm;

  always_comb begin
    cls    = ClsIllegal;
    alu_op = AluAdd;
    mdu_op = MduMul;
    b_imm  = 1'b0;
    use1   = 1'b0;
    use2   = 1'b0;
    writes = 1'b0;
    imm    = imm_i;

    unique case (opcode)
      7'b0110111: begin  // LUI
        cls = ClsAlu; alu_op = AluPassB; b_imm = 1'b1; imm = imm_u; writes = 1'b1;
      end
      7'b0010111: begin  // AUIPC
        cls = ClsAuipc; imm = imm_u; writes = 1'b1;
      end
      7'b1101111: begin  // JAL
        cls = ClsJal; imm = imm_j; writes = 1'b1;
      end
      7'b1100111: begin  // JALR
        if (f3 == 3'b000) begin
          cls = ClsJalr; use1 = 1'b1; writes = 1'b1;
        end
      end
      7'b1100011: begin  // BRANCH
        if (f3 != 3'b010 && f3 != 3'b011) begin
          cls = ClsBranch; imm = imm_b; use1 = 1'b1; use2 = 1'b1;
        end
      end
      7'b0000011: begin  // LOAD: lb lh lw lbu lhu
        if (f3 != 3'b011 && f3 != 3'b110 && f3 != 3'b111) begin
          cls = ClsLoad; use1 = 1'b1; writes = 1'b1;
        end
      end
      7'b0100011: begin  // STORE: sb sh sw
        if (f3[2] == 1'b0 && f3 != 3'b011) begin
          cls = ClsStore; imm = imm_s; use1 = 1'b1; use2 = 1'b1;
        end
      end
      7'b0010011: begin  // OP-IMM
        b_imm = 1'b1; use1 = 1'b1; writes = 1'b1;
        unique case (f3)
          3'b000: begin cls = ClsAlu; alu_op = AluAdd;  end
          3'b010: begin cls = ClsAlu; alu_op = AluSlt;  end
          3'b011: begin cls = ClsAlu; alu_op = AluSltu; end
          3'b100: begin cls = ClsAlu; alu_op = AluXor;  end
          3'b110: begin cls = ClsAlu; alu_op = AluOr;   end
          3'b111: begin cls = ClsAlu; alu_op = AluAnd;  end
          3'b001: begin
            if (f7 == 7'b0000000) begin
              cls = ClsAlu; alu_op = AluSll;
            end else if (ZbbOn && f12 == 12'h600) begin
              cls = ClsMdu; mdu_op = MduClz;
            end else if (ZbbOn && f12 == 12'h601) begin
              cls = ClsMdu; mdu_op = MduCtz;
            end else if (ZbbOn && f12 == 12'h602) begin
              cls = ClsMdu; mdu_op = MduCpop;
            end else if (ZbbOn && f12 == 12'h604) begin
              cls = ClsAlu; alu_op = AluSextB;
            end else if (ZbbOn && f12 == 12'h605) begin
              cls = ClsAlu; alu_op = AluSextH;
            end
          end
          3'b101: begin
            if (f7 == 7'b0000000) begin
              cls = ClsAlu; alu_op = AluSrl;
            end else if (f7 == 7'b0100000) begin
              cls = ClsAlu; alu_op = AluSra;
            end else if (ZbbOn && f7 == 7'b0110000) begin
              cls = ClsAlu; alu_op = AluRor;
            end else if (ZbbOn && f12 == 12'h287) begin
              cls = ClsAlu; alu_op = AluOrcB;
            end else if (ZbbOn && f12 == 12'h698) begin
              cls = ClsAlu; alu_op = AluRev8;
            end
          end
          default: ;
        endcase
      end
      7'b0110011: begin  // OP
        use1 = 1'b1; use2 = 1'b1; writes = 1'b1;
        unique case (f7)
          7'b0000000: begin
            cls = ClsAlu;
            unique case (f3)
              3'b000:  alu_op = AluAdd;
              3'b001:  alu_op = AluSll;
              3'b010:  alu_op = AluSlt;
              3'b011:  alu_op = AluSltu;
              3'b100:  alu_op = AluXor;
              3'b101:  alu_op = AluSrl;
              3'b110:  alu_op = AluOr;
              default: alu_op = AluAnd;
            endcase
          end
          7'b0000001: begin
            cls = ClsMdu; mdu_op = mdu_op_e'({1'b0, f3});
          end
          7'b0100000: begin
            if (f3 == 3'b000) begin
              cls = ClsAlu; alu_op = AluSub;
            end else if (f3 == 3'b101) begin
              cls = ClsAlu; alu_op = AluSra;
            end else if (ZbbOn && f3 == 3'b111) begin
              cls = ClsAlu; alu_op = AluAndn;
            end else if (ZbbOn && f3 == 3'b110) begin
              cls = ClsAlu; alu_op = AluOrn;
            end else if (ZbbOn && f3 == 3'b100) begin
              cls = ClsAlu; alu_op = AluXnor;
            end
          end
          7'b0000101: begin
            if (ZbbOn && f3 == 3'b100) begin
              cls = ClsAlu; alu_op = AluMin;
            end else if (ZbbOn && f3 == 3'b101) begin
              cls = ClsAlu; alu_op = AluMinu;
            end else if (ZbbOn && f3 == 3'b110) begin
              cls = ClsAlu; alu_op = AluMax;
            end else if (ZbbOn && f3 == 3'b111) begin
              cls = ClsAlu; alu_op = AluMaxu;
            end
          end
          7'b0110000: begin
            if (ZbbOn && f3 == 3'b001) begin
              cls = ClsAlu; alu_op = AluRol;
            end else if (ZbbOn && f3 == 3'b101) begin
              cls = ClsAlu; alu_op = AluRor;
            end
          end
          7'b0000100: begin
            if (ZbbOn && f3 == 3'b100 && rs2 == 5'd0) begin
              cls = ClsAlu; alu_op = AluZextH; use2 = 1'b0;
            end
          end
          default: ;
        endcase
      end
      7'b0001111: begin  // MISC-MEM: only FENCE (funct3 000) whatever its other fields
        if (f3 == 3'b000) cls = ClsFence;
      end
      OpcodeCustom0: begin  // custom-0: thread operations, funct3 = thread_op_e
        if (f7 == 7'b0000000 && rd == 5'd0) begin
          unique case (f3)
            OpMigrate: begin cls = ClsThOp; use1 = 1'b1; use2 = 1'b1; end
            OpSend, OpDrop: begin
              if (rs2 == 5'd0) begin cls = ClsThOp; use1 = 1'b1; end
            end
            OpToHost, OpDone: begin
              if (rs1 == 5'd0 && rs2 == 5'd0) cls = ClsThOp;
            end
            default: ;
          endcase
        end
      end
      default: ;
    endcase

    // Unary Zbb operations read rs1 only.
    if (cls == ClsMdu && (mdu_op == MduClz || mdu_op == MduCtz || mdu_op == MduCpop)) use2 = 1'b0;
    if (cls == ClsAlu && (alu_op == AluSextB || alu_op == AluSextH || alu_op == AluOrcB ||
                          alu_op == AluRev8)) begin
      use2 = 1'b0;
    end

    // The two low bits must be 11 (no compressed instructions).
    if (insn_i[1:0] != 2'b11) cls = ClsIllegal;
  end

  always_comb begin
    dec_o          = '0;
    dec_o.cls      = cls;
    dec_o.alu_op   = alu_op;
    dec_o.mdu_op   = mdu_op;
    dec_o.b_imm    = b_imm;
    dec_o.imm      = imm;
    dec_o.funct3   = f3;
    dec_o.rs1      = rs1;
    dec_o.rs2      = rs2;
    dec_o.rd       = rd;
    dec_o.rs1_used = use1 && (cls != ClsIllegal);
    dec_o.rs2_used = use2 && (cls != ClsIllegal);
    dec_o.rd_we    = writes && (cls != ClsIllegal) && (rd != 5'd0);
  end

endmodule
