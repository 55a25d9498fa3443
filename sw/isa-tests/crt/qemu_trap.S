// SPDX-License-Identifier: Apache-2.0
/* Exception entry for QEMU runs: report mcause/mepc and stop (see qemu_rt.c). */
  .section .text, "ax", @progbits
  .balign 4
  .globl qemu_trap_entry
qemu_trap_entry:
  .insn i 0x73, 2, a0, x0, 0x342   /* csrr a0, mcause */
  .insn i 0x73, 2, a1, x0, 0x341   /* csrr a1, mepc */
  la sp, __stack_top
  call qemu_trap
