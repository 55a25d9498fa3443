// SPDX-License-Identifier: Apache-2.0
/* Never halts: for the instruction limit. */
  .section .text.init, "ax", @progbits
  .globl _start
_start:
  addi a0, a0, 1
  j _start
