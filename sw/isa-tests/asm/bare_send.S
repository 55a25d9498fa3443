// SPDX-License-Identifier: Apache-2.0
/* A thread operation ends a bare-mode run: SEND on port 3. */
#include "baton_test.h"
  .section .text.init, "ax", @progbits
  .globl _start
_start:
  li a0, 3
  B_SEND(a0)
