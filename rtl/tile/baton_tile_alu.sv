// SPDX-License-Identifier: Apache-2.0
// Single-cycle ALU: RV32I arithmetic, logic, shifts and comparisons, plus the one-cycle Zbb
// operations (clz/ctz/cpop run in the iterative unit). One adder serves add, subtract, LUI (as
// 0 + imm), the comparisons (slt/min/max/branches) and address generation; one right funnel
// shifter serves all shifts and rotates (left shifts run on the bit-reversed operand).
`default_nettype none

`include "baton_assert.svh"

module baton_tile_alu
  import baton_tile_pkg::*;
#(
  parameter bit          Zbb = 1'b1
) (
  input  alu_op_e     op_i,
  input  logic [31:0] a_i,
  input  logic [31:0] b_i,
  output logic [31:0] result_o,
  output logic [31:0] sum_o,     // a + b, or a - b for the subtracting operations
  output logic        eq_o,      // a == b
  output logic        lt_o,      // a < b, signed
  output logic        ltu_o      // a < b, unsigned
);


  // ---- Adder / comparator ------------------------------------------------------------------
  logic        sub;
  logic [32:0] sum33;

  always_comb begin
    unique case (op_i)
      AluSub, AluSlt, AluSltu, AluMin, AluMinu, AluMax, AluMaxu: sub = 1'b1;
      default:                                                   sub = 1'b0;
    endcase
  end

  assign sum33 = {1'b0, a_i} + {1'b0, b_i ^ {32{sub}}} + 33'(sub);
  assign sum_o = sum33[31:0];
  // With subtraction the carry out is set when there is no borrow (a >= b unsigned).
  assign ltu_o = !sum33[32];
  assign lt_o  = (a_i[31] != b_i[31]) ? a_i[31] : !sum33[32];
  assign eq_o  = (a_i == b_i);

  // ---- Shifter ------------------------------------------------------------------------------
  function automatic logic [31:0] bit_rev(input logic [31:0] x);
    for (int unsigned i = 0; i < 32; i++) bit_rev[i] = x[31-i];
  endfunction

  logic        shl, rot, arith;
  logic [31:0] sh_lo, sh_hi, sh_out, shift_res;

  assign shl   = (op_i == AluSll) || (op_i == AluRol);
  assign rot   = (op_i == AluRol) || (op_i == AluRor);
  assign arith = (op_i == AluSra);
  assign sh_lo = shl ? bit_rev(a_i) : a_i;
  assign sh_hi = rot ? sh_lo : (arith ? {32{a_i[31]}} : 32'd0);
  assign sh_out = 32'({sh_hi, sh_lo} >> b_i[4:0]);
  assign shift_res = shl ? bit_rev(sh_out) : sh_out;

  // ---- Result -------------------------------------------------------------------------------
  // Few sources per bit keep the final multiplexer small: the adder (add, sub, and LUI, which the
  // core feeds with a = 0), the logic unit (b optionally inverted for andn/orn/xnor), the shifter,
  // the min/max selection, the Zbb unary operations and the set-less-than bit.
  logic        inv_b, sel_a;
  logic [31:0] bx, logic_res, minmax, unary;

  assign inv_b = (Zbb != 0) && ((op_i == AluAndn) || (op_i == AluOrn) || (op_i == AluXnor));
  assign bx    = b_i ^ {32{inv_b}};

  always_comb begin
    unique case (op_i)
      AluAnd, AluAndn: logic_res = a_i & bx;
      AluOr, AluOrn:   logic_res = a_i | bx;
      default:         logic_res = a_i ^ bx;
    endcase
  end

  // min / max: a when (a < b) equals "min".
  always_comb begin
    unique case (op_i)
      AluMin:  sel_a = lt_o;
      AluMinu: sel_a = ltu_o;
      AluMax:  sel_a = !lt_o;
      default: sel_a = !ltu_o;
    endcase
  end
  assign minmax = sel_a ? a_i : b_i;

  always_comb begin
    unique case (op_i)
      AluSextB: unary = {{24{a_i[7]}}, a_i[7:0]};
      AluSextH: unary = {{16{a_i[15]}}, a_i[15:0]};
      AluZextH: unary = {16'd0, a_i[15:0]};
      AluOrcB: begin
        for (int unsigned i = 0; i < 4; i++) unary[8*i +: 8] = (a_i[8*i +: 8] != 8'd0) ? 8'hff : 8'h00;
      end
      default: begin  // AluRev8
        for (int unsigned i = 0; i < 4; i++) unary[8*i +: 8] = a_i[8*(3-i) +: 8];
      end
    endcase
  end

  always_comb begin
    unique case (op_i)
      AluAdd, AluSub, AluPassB:                  result_o = sum_o;
      AluSll, AluSrl, AluSra, AluRol, AluRor:    result_o = shift_res;
      AluSlt:                                    result_o = {31'd0, lt_o};
      AluSltu:                                   result_o = {31'd0, ltu_o};
      AluAnd, AluOr, AluXor, AluAndn, AluOrn, AluXnor: result_o = logic_res;
      AluMin, AluMinu, AluMax, AluMaxu:          result_o = (Zbb != 0) ? minmax : sum_o;
      default:                                   result_o = (Zbb != 0) ? unary : sum_o;
    endcase
  end

endmodule
