// SPDX-License-Identifier: Apache-2.0
/* RV32I conditional branches (taken and not taken, forward and backward), JAL and JALR. */
#include "baton_test.h"

/* a0 = 2 when \op branches on (\a, \b), 1 when it falls through */
.macro BR op, a, b, expect
  li a1, \a
  li a2, \b
  \op a1, a2, 91f
  li a0, 1
  j 92f
91:
  li a0, 2
92:
  CHECK a0, \expect
.endm

TEST_BEGIN
  BR beq, 5, 5, 2
  BR beq, 5, 6, 1
  BR beq, 0x80000000, 0x80000000, 2
  BR bne, 5, 6, 2
  BR bne, 5, 5, 1
  BR blt, -1, 1, 2
  BR blt, 1, -1, 1
  BR blt, 3, 3, 1
  BR blt, 0x80000000, 0x7fffffff, 2
  BR bge, 1, -1, 2
  BR bge, -1, 1, 1
  BR bge, 3, 3, 2
  BR bge, 0x7fffffff, 0x80000000, 2
  BR bltu, 1, -1, 2
  BR bltu, -1, 1, 1
  BR bltu, 3, 3, 1
  BR bltu, 0, 0x80000000, 2
  BR bgeu, -1, 1, 2
  BR bgeu, 1, -1, 1
  BR bgeu, 3, 3, 2
  BR bgeu, 0x80000000, 0x7fffffff, 2

  /* backward taken branch: a loop of 10 */
  li a0, 0
  li a1, 10
1:
  addi a0, a0, 3
  addi a1, a1, -1
  bnez a1, 1b
  CHECK a0, 30

  /* JAL: link = pc + 4, forward and backward, x0 as rd */
  jal a1, 2f
3:
  li a0, 77
  j 4f
2:
  la a2, 3b
  sub a0, a1, a2
  CHECK a0, 0
  j 3b
4:
  CHECK a0, 77
  jal x0, 5f
  li a0, 1
5:
  CHECK x0, 0

  /* JALR: target = (rs1 + imm) & ~1, link = pc + 4 */
  la a1, 6f
  li a0, 0
  jalr ra, 0(a1)
  li a0, 1                 /* skipped */
6:
  CHECK a0, 0
  la a1, 7f
  addi a1, a1, -9          /* -9 + 9 = target; bit 0 of (a1 + 9) is cleared */
  jalr ra, 9(a1)
  li a0, 5                 /* skipped */
7:
  CHECK a0, 0
  la a1, 8f
  addi a1, a1, 1           /* odd address: JALR clears bit 0 */
  jalr ra, 0(a1)
  li a0, 6                 /* skipped */
8:
  CHECK a0, 0
  /* link value */
  la a1, 9f
  jalr a2, 0(a1)
10:
9:
  la a3, 10b
  sub a0, a2, a3
  CHECK a0, 0
  /* rd == rs1: the target uses the old value */
  la a1, 11f
  jalr a1, 0(a1)
12:
  li a0, 9                 /* skipped */
11:
  la a3, 12b
  sub a0, a1, a3
  CHECK a0, 0
  /* negative offset */
  la a1, 13f
  addi a1, a1, 16
  jalr x0, -16(a1)
  li a0, 3                 /* skipped */
13:
  li a0, 4
  CHECK a0, 4

  j test_pass
TEST_END
TEST_DATA
