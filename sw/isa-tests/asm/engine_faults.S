// SPDX-License-Identifier: Apache-2.0
/* Engine-mode entries that each end in one fault (tests/sw/engine_test.cpp). For entry f_X the
 * faulting instruction is at f_X_at (or, for fetch faults, the jump target). */
#include "baton_test.h"

#define FAULT(name) .globl name; name:
#define AT(name) .globl name##_at; name##_at:

  .section .text.entry, "ax", @progbits

/* ---- illegal instructions ---- */
FAULT(f_zero_word)
  AT(f_zero_word) .word 0x00000000
FAULT(f_ones_word)
  AT(f_ones_word) .word 0xffffffff
FAULT(f_compressed)
  AT(f_compressed) .word 0x00004501        /* c.li a0, 0 followed by zeros: bits [1:0] = 01 */
FAULT(f_ecall)
  AT(f_ecall) ecall
FAULT(f_ebreak)
  AT(f_ebreak) ebreak
FAULT(f_csrrw)
  AT(f_csrrw) .insn i 0x73, 1, x0, t0, 0x305
FAULT(f_mret)
  AT(f_mret) .word 0x30200073
FAULT(f_fence_i)
  AT(f_fence_i) .word 0x0000100f
FAULT(f_add_funct7)
  AT(f_add_funct7) .word 0x04b50533        /* add a0, a0, a1 with funct7 = 0000010 */
FAULT(f_slli_funct7)
  AT(f_slli_funct7) .word 0x02151513       /* slli a0, a0, 1 with imm[11:5] = 0000001 */
FAULT(f_srai_funct7)
  AT(f_srai_funct7) .word 0x20155513       /* srli a0, a0, 1 with imm[11:5] = 0010000 */
FAULT(f_jalr_funct3)
  AT(f_jalr_funct3) .word 0x000510e7       /* jalr ra, 0(a0) with funct3 = 001 */
FAULT(f_load_funct3)
  AT(f_load_funct3) .word 0x00053503       /* ld (RV64) */
FAULT(f_store_funct3)
  AT(f_store_funct3) .word 0x00a53023      /* sd (RV64) */
FAULT(f_branch_funct3)
  AT(f_branch_funct3) .word 0x00b52063     /* branch funct3 = 010 */
FAULT(f_amo)
  AT(f_amo) .word 0x00b5252f               /* amoadd.w */
FAULT(f_custom1)
  AT(f_custom1) .insn r 0x2b, 0, 0, x0, x0, x0
FAULT(f_custom0_f3_5)
  AT(f_custom0_f3_5) .insn r 0x0b, 5, 0, x0, x0, x0
FAULT(f_custom0_f3_7)
  AT(f_custom0_f3_7) .insn r 0x0b, 7, 0, x0, x0, x0
FAULT(f_custom0_rd)
  AT(f_custom0_rd) .insn r 0x0b, 4, 0, a0, x0, x0
FAULT(f_custom0_funct7)
  AT(f_custom0_funct7) .insn r 0x0b, 4, 1, x0, x0, x0
FAULT(f_send_rs2)
  AT(f_send_rs2) .insn r 0x0b, 1, 0, x0, a0, a1
FAULT(f_done_rs1)
  AT(f_done_rs1) .insn r 0x0b, 4, 0, x0, a0, x0
FAULT(f_to_host_rs2)
  AT(f_to_host_rs2) .insn r 0x0b, 3, 0, x0, x0, a1

/* ---- thread-operation operands out of range ---- */
FAULT(f_drop_zero)
  li a0, 0
  AT(f_drop_zero) B_DROP(a0)
FAULT(f_drop_hw)
  li a0, 0x80
  AT(f_drop_hw) B_DROP(a0)
FAULT(f_drop_big)
  li a0, 0x101
  AT(f_drop_big) B_DROP(a0)
FAULT(f_send_port)
  li a0, 16
  AT(f_send_port) B_SEND(a0)
FAULT(f_migrate_part)
  li a0, 256
  li a1, 0
  AT(f_migrate_part) B_MIGRATE(a0, a1)
FAULT(f_migrate_entry)
  li a0, 1
  li a1, 0x10000
  AT(f_migrate_entry) B_MIGRATE(a0, a1)

/* ---- misaligned ---- */
FAULT(f_mis_lh)
  lui t0, 0x20000
  AT(f_mis_lh) lh a0, 1(t0)
FAULT(f_mis_lhu)
  lui t0, 0x20000
  AT(f_mis_lhu) lhu a0, 3(t0)
FAULT(f_mis_lw)
  lui t0, 0x20000
  AT(f_mis_lw) lw a0, 2(t0)
FAULT(f_mis_sh)
  lui t0, 0x20000
  li a0, -1
  AT(f_mis_sh) sh a0, 3(t0)
FAULT(f_mis_sw)
  lui t0, 0x20000
  li a0, -1
  AT(f_mis_sw) sw a0, 1(t0)
FAULT(f_mis_unmapped)
  lui t0, 0x60000
  AT(f_mis_unmapped) lw a0, 2(t0)
FAULT(f_mis_jal)
  li ra, 0x1234
  AT(f_mis_jal) jal ra, .+6
FAULT(f_mis_jalr)
  la t0, f_mis_jalr_at
  AT(f_mis_jalr) jalr ra, 2(t0)
FAULT(f_mis_branch)
  AT(f_mis_branch) beq x0, x0, .+6
FAULT(f_mis_bltu)
  li a0, 1
  AT(f_mis_bltu) bltu x0, a0, .-10

/* a branch that is not taken never faults, whatever its target */
  .globl f_branch_not_taken
f_branch_not_taken:
  bne x0, x0, .+6
  li a0, 1
  blt a0, x0, .+10
  B_DONE

/* ---- access ---- */
FAULT(f_load_code)
  AT(f_load_code) lw a0, 0(x0)
FAULT(f_store_code)
  li a0, -1
  AT(f_store_code) sw a0, 0(x0)
FAULT(f_load_unmapped_6)
  lui t0, 0x60000
  AT(f_load_unmapped_6) lw a0, 0(t0)
FAULT(f_load_unmapped_a)
  lui t0, 0xa0000
  AT(f_load_unmapped_a) lbu a0, 0(t0)
FAULT(f_load_unmapped_f)
  li t0, -4
  AT(f_load_unmapped_f) lw a0, 0(t0)
FAULT(f_load_ctx_end)
  lui t0, 0x10000
  AT(f_load_ctx_end) lw a0, 64(t0)
FAULT(f_load_scratch_end)
  lui t0, 0x20000
  AT(f_load_scratch_end) lw a0, 256(t0)
FAULT(f_load_workspace_end)
  lui t0, 0x30000
  AT(f_load_workspace_end) lbu a0, 256(t0)
FAULT(f_load_packet_end)
  lui t0, 0x40001
  addi t0, t0, -2048
  AT(f_load_packet_end) lhu a0, 0(t0)
FAULT(f_store_stack_end)
  lui t0, 0x50001
  addi t0, t0, -2048
  AT(f_store_stack_end) sw a0, 0(t0)
FAULT(f_load_stack_below)
  lui t0, 0x50000
  AT(f_load_stack_below) lw a0, -4(t0)
FAULT(f_load_rodata_end)
  lui t0, 0x80100
  AT(f_load_rodata_end) lw a0, 0(t0)
FAULT(f_store_rodata)
  lui t0, 0x80000
  li a0, -1
  AT(f_store_rodata) sw a0, 0(t0)
FAULT(f_store_data_end)
  lui t0, 0x90100
  AT(f_store_data_end) sb a0, 0(t0)
FAULT(f_store_ctx_handle)
  lui t0, 0x10000
  AT(f_store_ctx_handle) sw a0, 0(t0)
FAULT(f_store_ctx_sb)
  lui t0, 0x10000
  AT(f_store_ctx_sb) sb a0, 4(t0)
FAULT(f_store_ctx_sh_hi)
  lui t0, 0x10000
  AT(f_store_ctx_sh_hi) sh a0, 6(t0)
FAULT(f_store_ctx_big)
  lui t0, 0x10000
  li a0, 2049
  AT(f_store_ctx_big) sw a0, 4(t0)
FAULT(f_store_ctx_upper)
  lui t0, 0x10000
  li a0, 0x10040
  AT(f_store_ctx_upper) sw a0, 4(t0)

/* ---- fetch: the jump retires, the fetch at the target faults ---- */
FAULT(f_fetch_packet)
  lui t0, 0x40000
  jr t0
FAULT(f_fetch_beyond_code)
  lui t0, 0x01000
  jr t0
FAULT(f_fetch_not_resident)
  lui t0, 0x00100
  jr t0

/* ---- watchdog ---- */
FAULT(f_loop)
  AT(f_loop) j f_loop_at
  .globl f_three
f_three:
  nop
  nop
  .globl f_three_at
f_three_at:
  B_DONE

  .section .rodata
  .word 0
