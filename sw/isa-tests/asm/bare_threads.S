// SPDX-License-Identifier: Apache-2.0
/* Bare mode with several threads: thread t (a0 = t) stores (t + 1) * 0x1111 in signature word
 * t, and 2 * t + 1 in word 8 + t, then ends with DONE. */
#include "baton_test.h"
  .section .text.init, "ax", @progbits
  .globl _start
_start:
  la t0, begin_signature
  slli t1, a0, 2
  add t0, t0, t1
  addi t2, a0, 1
  li t3, 0x1111
  mul t2, t2, t3
  sw t2, 0(t0)
  slli t2, a0, 1
  addi t2, t2, 1
  sw t2, 32(t0)
  B_DONE

  .section .signature, "aw", @progbits
  .fill 16, 4, 0
