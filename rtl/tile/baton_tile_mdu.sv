// SPDX-License-Identifier: Apache-2.0
// Iterative unit shared by the threads of a tile: the eight RV32M operations and the Zbb counts
// (clz, ctz, cpop), one bit per cycle. Small on purpose: a tile without DSP blocks cannot afford a
// 32x32 array multiplier, and a barrel-threaded core keeps issuing other threads meanwhile.
//
// Protocol: start_i is taken when idle_o is high. About 35 cycles later valid_o rises with
// result_o and stays until consume_i; then the unit is idle again.
//
// Multiplication: signed shift-add over a 33-bit accumulator; the multiplicand is sign- or
// zero-extended and, for a signed multiplier, the last step subtracts (two's complement weight of
// bit 31). Division: restoring division on magnitudes, signs fixed at the end, with the RISC-V
// results for division by zero and overflow.
`default_nettype none

`include "baton_assert.svh"

module baton_tile_mdu
  import baton_tile_pkg::*;
(
  input  logic        clk_i,
  input  logic        rst_ni,

  input  logic        start_i,
  input  mdu_op_e     op_i,
  input  logic [31:0] a_i,
  input  logic [31:0] b_i,
  output logic        idle_o,

  output logic        valid_o,
  output logic [31:0] result_o,
  input  logic        consume_i
);

  typedef enum logic [2:0] {
    SIdle = 3'd0,
    SNegA = 3'd1,   // division: magnitude of the dividend
    SNegB = 3'd2,   // division: magnitude of the divisor
    SIter = 3'd3,   // 32 iterations
    SFix  = 3'd4,   // select and sign-fix the result
    SDone = 3'd5    // hold the result until consumed
  } state_e;

  state_e      state_q, state_d;
  logic [4:0]  cnt_q, cnt_d;

  // Datapath registers (not reset: qualified by the state).
  mdu_op_e     op_q;
  logic [32:0] acc_q;     // multiply: high part; divide: remainder
  logic [31:0] mq_q;      // multiply: multiplier / low product; divide: dividend / quotient;
                          // counts: the operand, shifted
  logic [32:0] mc_q;      // multiply: extended multiplicand; divide: {0, divisor magnitude}
  logic [5:0]  count_q;   // clz / ctz / cpop
  logic        a_neg_q, b_neg_q, b_zero_q, hit_q;
  logic [31:0] res_q;

  logic is_mul, is_div, is_signed_div, is_rem;
  assign is_mul        = (op_q == MduMul) || (op_q == MduMulh) || (op_q == MduMulhsu) ||
                         (op_q == MduMulhu);
  assign is_div        = (op_q == MduDiv) || (op_q == MduDivu) || (op_q == MduRem) ||
                         (op_q == MduRemu);
  assign is_signed_div = (op_q == MduDiv) || (op_q == MduRem);
  assign is_rem        = (op_q == MduRem) || (op_q == MduRemu);

  // The one adder of the unit: multiply and divide steps, and the negations in the set-up and
  // fix-up cycles (0 - value).
  logic        last_step;
  logic [32:0] rem_shift;
  logic [31:0] fix_val;   // the result before its sign fix
  logic        fix_neg;   // the result is negated
  logic [33:0] add_x, add_y, add_s;
  logic        add_sub;
  assign last_step = (cnt_q == 5'd31);
  assign rem_shift = {acc_q[31:0], mq_q[31]};
  assign fix_val   = is_mul ? ((op_q == MduMul) ? mq_q : acc_q[31:0]) :
                     (is_div && !is_rem) ? mq_q : acc_q[31:0];
  assign fix_neg   = is_signed_div && (is_rem ? a_neg_q : ((a_neg_q != b_neg_q) && !b_zero_q));

  always_comb begin
    add_x   = '0;
    add_y   = '0;
    add_sub = 1'b1;
    unique case (state_q)
      SNegA:   add_y = {2'b00, mq_q};
      SNegB:   add_y = {2'b00, mc_q[31:0]};
      SIter: begin
        if (is_mul) begin
          add_x   = {acc_q[32], acc_q};
          add_y   = mq_q[0] ? {mc_q[32], mc_q} : 34'd0;
          // Signed multiplier: bit 31 weighs -2^31, so the last step subtracts.
          add_sub = mq_q[0] && last_step && (op_q == MduMulh);
        end else begin
          add_x = {1'b0, rem_shift};
          add_y = {1'b0, mc_q};
        end
      end
      default: add_y = {2'b00, fix_val};
    endcase
  end
  assign add_s = add_x + (add_y ^ {34{add_sub}}) + 34'(add_sub);

  always_comb begin
    state_d = state_q;
    cnt_d   = cnt_q;
    unique case (state_q)
      SIdle: if (start_i) begin
        cnt_d   = '0;
        state_d = ((op_i == MduDiv) || (op_i == MduRem)) ? SNegA : SIter;
      end
      SNegA:   state_d = SNegB;
      SNegB:   state_d = SIter;
      SIter: begin
        cnt_d = cnt_q + 5'd1;
        if (last_step) state_d = SFix;
      end
      SFix:    state_d = SDone;
      SDone:   if (consume_i) state_d = SIdle;
      default: state_d = SIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= SIdle;
      cnt_q   <= '0;
    end else begin
      state_q <= state_d;
      cnt_q   <= cnt_d;
    end
  end

  always_ff @(posedge clk_i) begin
    unique case (state_q)
      SIdle: if (start_i) begin
        op_q     <= op_i;
        acc_q    <= '0;
        count_q  <= '0;
        mq_q     <= (op_i == MduMul || op_i == MduMulh || op_i == MduMulhsu || op_i == MduMulhu)
                    ? b_i : a_i;
        // Multiplicand sign-extended for mulh/mulhsu; divisor zero-extended.
        mc_q     <= ((op_i == MduMulh) || (op_i == MduMulhsu)) ? {a_i[31], a_i} :
                    ((op_i == MduMul) || (op_i == MduMulhu)) ? {1'b0, a_i} : {1'b0, b_i};
        a_neg_q  <= ((op_i == MduDiv) || (op_i == MduRem)) && a_i[31];
        b_neg_q  <= ((op_i == MduDiv) || (op_i == MduRem)) && b_i[31];
        b_zero_q <= (b_i == 32'd0);
        hit_q    <= 1'b0;
      end
      SNegA: if (a_neg_q) mq_q <= add_s[31:0];
      SNegB: if (b_neg_q) mc_q <= {1'b0, add_s[31:0]};
      SIter: begin
        if (is_mul) begin
          acc_q <= add_s[33:1];
          mq_q  <= {add_s[0], mq_q[31:1]};
        end else if (is_div) begin
          // No borrow: the divisor fits, keep the difference and set the quotient bit.
          acc_q <= add_s[33] ? rem_shift : add_s[32:0];
          mq_q  <= {mq_q[30:0], !add_s[33]};
        end else if (op_q == MduCpop) begin
          count_q <= count_q + 6'(mq_q[0]);
          mq_q    <= {1'b0, mq_q[31:1]};
        end else if (!hit_q) begin
          // clz looks at bit 31 shifting left, ctz at bit 0 shifting right.
          if ((op_q == MduClz) ? mq_q[31] : mq_q[0]) begin
            hit_q <= 1'b1;
          end else begin
            count_q <= count_q + 6'd1;
            mq_q    <= (op_q == MduClz) ? {mq_q[30:0], 1'b0} : {1'b0, mq_q[31:1]};
          end
        end
      end
      SFix: begin
        if (is_mul || is_div) begin
          res_q <= fix_neg ? add_s[31:0] : fix_val;
        end else begin
          res_q <= 32'(count_q);
        end
      end
      default: ;
    endcase
  end

  assign idle_o   = (state_q == SIdle);
  assign valid_o  = (state_q == SDone);
  assign result_o = res_q;

  `ASSERT(StartWhenIdle_A, start_i |-> (state_q == SIdle))
  `ASSERT(ConsumeWhenValid_A, consume_i |-> (state_q == SDone))

endmodule
