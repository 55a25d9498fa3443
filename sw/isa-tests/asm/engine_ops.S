// SPDX-License-Identifier: Apache-2.0
/* Engine-mode entries for the thread-operation and window tests (tests/sw/engine_test.cpp).
 * Each global label is an entry; the test delivers a context to it and checks the emitted
 * thread operation and memory against docs/abi.md. */
#include "baton_test.h"

#define CTX 0x10000
#define SCRATCH 0x20000
#define WORKSPACE 0x30000
#define PACKET 0x40000
#define STACK 0x50000

  .section .text.entry, "ax", @progbits

/* Scratch: [0..15] the context window words, [16] lbu ctx+5, [17] lhu ctx+4, [18] lb ctx+0xf,
 * [19] sp, [20..23] a0..a3, [24] OR of every register that delivery sets to 0. */
  .globl e_ctx_dump
e_ctx_dump:
  or x6, x6, x1
  or x6, x6, x3
  or x6, x6, x4
  or x6, x6, x5
  or x6, x6, x7
  or x6, x6, x8
  or x6, x6, x9
  or x6, x6, x14
  or x6, x6, x15
  or x6, x6, x16
  or x6, x6, x17
  or x6, x6, x18
  or x6, x6, x19
  or x6, x6, x20
  or x6, x6, x21
  or x6, x6, x22
  or x6, x6, x23
  or x6, x6, x24
  or x6, x6, x25
  or x6, x6, x26
  or x6, x6, x27
  or x6, x6, x28
  or x6, x6, x29
  or x6, x6, x30
  or x6, x6, x31
  lui t0, SCRATCH
  sw t1, 96(t0)
  sw sp, 76(t0)
  sw a0, 80(t0)
  sw a1, 84(t0)
  sw a2, 88(t0)
  sw a3, 92(t0)
  lui t1, CTX
  li t2, 16
1:
  lw t3, 0(t1)
  sw t3, 0(t0)
  addi t1, t1, 4
  addi t0, t0, 4
  addi t2, t2, -1
  bnez t2, 1b
  lui t0, SCRATCH
  lui t1, CTX
  lbu t3, 5(t1)
  sw t3, 64(t0)
  lhu t3, 4(t1)
  sw t3, 68(t0)
  lb t3, 15(t1)
  sw t3, 72(t0)
  B_DONE

/* pkt_len = a0 by sh; scratch[0] = pkt_len read back; SEND port a1 */
  .globl e_pktlen_sh
e_pktlen_sh:
  lui t0, CTX
  sh a0, 4(t0)
  lw t1, 4(t0)
  lui t2, SCRATCH
  sw t1, 0(t2)
  B_SEND(a1)

/* the same with sw */
  .globl e_pktlen_sw
e_pktlen_sw:
  lui t0, CTX
  sw a0, 4(t0)
  lw t1, 4(t0)
  lui t2, SCRATCH
  sw t1, 0(t2)
  B_SEND(a1)

/* PM9: spill a0..a3 below sp, then migrate to partition 7, word offset 12, with
 * sp - 32 and a0 + 1, a1 ^ 0xff, a2 << 1, ~a3 */
  .globl e_migrate
e_migrate:
  addi sp, sp, -32
  sw a0, 0(sp)
  sw a1, 4(sp)
  sw a2, 8(sp)
  sw a3, 12(sp)
  addi a0, a0, 1
  xori a1, a1, 0xff
  slli a2, a2, 1
  not a3, a3
  li t0, 7
  li t1, 0x8000 | 12
  B_MIGRATE(t0, t1)

/* MIGRATE with partition a0 and entry word a1 as delivered (operand range tests) */
  .globl e_migrate_regs
e_migrate_regs:
  B_MIGRATE(a0, a1)

  .globl e_send
e_send:
  B_SEND(a0)

  .globl e_drop
e_drop:
  B_DROP(a0)

  .globl e_to_host
e_to_host:
  B_TO_HOST

  .globl e_done
e_done:
  B_DONE

/* Swap the Ethernet destination and source addresses with halfword accesses, store the byte
 * sum of the first pkt_len bytes in scratch[0], then SEND on in_port ^ 1. */
  .globl e_packet
e_packet:
  lui t0, PACKET
  li t1, 3
1:
  lhu t2, 0(t0)
  lhu t3, 6(t0)
  sh t3, 0(t0)
  sh t2, 6(t0)
  addi t0, t0, 2
  addi t1, t1, -1
  bnez t1, 1b
  lui t0, CTX
  lw t1, 4(t0)            /* pkt_len */
  lui t0, PACKET
  li a0, 0
2:
  beqz t1, 3f
  lbu t2, 0(t0)
  add a0, a0, t2
  addi t0, t0, 1
  addi t1, t1, -1
  j 2b
3:
  lui t0, SCRATCH
  sw a0, 0(t0)
  lui t0, CTX
  lw t1, 8(t0)            /* in_port */
  xori t1, t1, 1
  B_SEND(t1)

/* Every data window: scratch[0] = rodata word, data counter += 1 (scratch[1] = new value),
 * workspace[0] += a0 (scratch[2] = new value), stack bottom and top words written with a1,
 * packet last word written with a2, then DONE. */
  .globl e_windows
e_windows:
  lui s0, SCRATCH
  la t0, ro_word
  lw t1, 0(t0)
  sw t1, 0(s0)
  la t0, counter
  lw t1, 0(t0)
  addi t1, t1, 1
  sw t1, 0(t0)
  sw t1, 4(s0)
  lui t0, WORKSPACE
  lw t1, 0(t0)
  add t1, t1, a0
  sw t1, 0(t0)
  sw t1, 8(s0)
  lui t0, STACK
  sw a1, 0(t0)
  sw a1, -4(sp)
  lui t0, PACKET
  li t1, 2044
  add t0, t0, t1
  sw a2, 0(t0)
  lui t0, SCRATCH
  li t1, 252
  add t0, t0, t1
  sw a2, 0(t0)
  lui t0, WORKSPACE
  sw a2, 252(t0)
  B_DONE

  .section .rodata
  .balign 4
  .globl ro_word
ro_word:
  .word 0xc0ffee11

  .section .data
  .balign 4
  .globl counter
counter:
  .word 5
