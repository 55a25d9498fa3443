// SPDX-License-Identifier: Apache-2.0
/* Ends with an illegal-instruction fault after two instructions. */
  .section .text.init, "ax", @progbits
  .globl _start
_start:
  li a0, 1
  addi a0, a0, 1
  .globl fault_at
fault_at:
  ecall
