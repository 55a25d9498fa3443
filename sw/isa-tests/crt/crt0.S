// SPDX-License-Identifier: Apache-2.0
/* Start-up for bare-mode C programs: gp, a 4 KiB stack per thread (a0 = thread index), main(),
 * then the halt convention: main() == 0 -> tohost = 1 (pass), n -> tohost = n << 1 | 1. */
#include "baton_test.h"

  .section .text.init, "ax", @progbits
  .globl _start
_start:
#ifdef TARGET_QEMU
  la t0, qemu_trap_entry
  QEMU_SET_MTVEC(t0)
#endif
.option push
.option norelax
  la gp, __global_pointer$
.option pop
  la sp, __stack_top
  slli t0, a0, 12
  sub sp, sp, t0
  call main
  beqz a0, 1f
  slli a0, a0, 1
  ori a0, a0, 1
  j 2f
1:
  li a0, 1
2:
#ifdef TARGET_QEMU
  la sp, __stack_top
  call qemu_halt
#else
  la t1, tohost
  sw a0, 0(t1)
#endif
3:
  j 3b

  .section .tohost, "aw", @progbits
  .balign 8
  .globl tohost
tohost:
  .word 0
  .word 0
