// SPDX-License-Identifier: Apache-2.0
/* RV32I register-register, register-immediate, LUI and AUIPC, with x0 and sign corner cases.
 * Expected values follow the RISC-V unprivileged specification (RV32I chapter). */
#include "baton_test.h"

TEST_BEGIN

  /* LUI: upper 20 bits, low 12 zero */
  lui a0, 0x12345
  CHECK a0, 0x12345000
  lui a0, 0xfffff
  CHECK a0, 0xfffff000
  lui a0, 0x80000
  CHECK a0, 0x80000000

  /* AUIPC: pc-relative; compare with the link value of a JAL to the same place */
  jal a1, 1f
1:
  auipc a0, 0
  sub a0, a0, a1
  CHECK a0, 0
  jal a1, 2f
2:
  auipc a0, 0x1
  sub a0, a0, a1
  CHECK a0, 0x1000
  jal a1, 3f
3:
  auipc a0, 0xfffff
  sub a0, a0, a1
  CHECK a0, 0xfffff000

  /* ADD / SUB wrap around */
  li a1, 0x7fffffff
  li a2, 1
  add a0, a1, a2
  CHECK a0, 0x80000000
  li a1, 0xffffffff
  add a0, a1, a2
  CHECK a0, 0
  li a1, 0
  sub a0, a1, a2
  CHECK a0, 0xffffffff
  li a1, 0x80000000
  sub a0, a1, a2
  CHECK a0, 0x7fffffff
  li a1, 1234
  li a2, 5678
  sub a0, a1, a2
  CHECK a0, 0xffffeea4

  /* SLL / SRL / SRA: only rs2[4:0] counts */
  li a1, 1
  li a2, 31
  sll a0, a1, a2
  CHECK a0, 0x80000000
  li a2, 33
  sll a0, a1, a2
  CHECK a0, 2
  li a2, 32
  sll a0, a1, a2
  CHECK a0, 1
  li a1, 0x80000000
  li a2, 31
  srl a0, a1, a2
  CHECK a0, 1
  sra a0, a1, a2
  CHECK a0, 0xffffffff
  li a2, 4
  sra a0, a1, a2
  CHECK a0, 0xf8000000
  srl a0, a1, a2
  CHECK a0, 0x08000000
  li a2, 0xffffffe4        /* low 5 bits = 4 */
  sra a0, a1, a2
  CHECK a0, 0xf8000000
  li a1, 0x7fffffff
  li a2, 31
  sra a0, a1, a2
  CHECK a0, 0
  li a2, 0
  sra a0, a1, a2
  CHECK a0, 0x7fffffff

  /* SLT / SLTU: signed versus unsigned */
  li a1, -1
  li a2, 1
  slt a0, a1, a2
  CHECK a0, 1
  slt a0, a2, a1
  CHECK a0, 0
  sltu a0, a1, a2
  CHECK a0, 0
  sltu a0, a2, a1
  CHECK a0, 1
  slt a0, a1, a1
  CHECK a0, 0
  li a1, 0x80000000
  li a2, 0x7fffffff
  slt a0, a1, a2
  CHECK a0, 1
  sltu a0, a1, a2
  CHECK a0, 0
  sltu a0, x0, a2           /* snez */
  CHECK a0, 1

  /* XOR / OR / AND */
  li a1, 0xff00ff00
  li a2, 0x0ff00ff0
  xor a0, a1, a2
  CHECK a0, 0xf0f0f0f0
  or a0, a1, a2
  CHECK a0, 0xfff0fff0
  and a0, a1, a2
  CHECK a0, 0x0f000f00

  /* ADDI: 12-bit sign-extended immediate */
  li a1, 5
  addi a0, a1, -3
  CHECK a0, 2
  addi a0, a1, -2048
  CHECK a0, 0xfffff805
  addi a0, a1, 2047
  CHECK a0, 0x804
  li a1, 0x7fffffff
  addi a0, a1, 1
  CHECK a0, 0x80000000
  addi a0, x0, -1
  CHECK a0, 0xffffffff

  /* SLTI / SLTIU: the immediate is sign-extended, then compared signed / unsigned */
  li a1, -5
  slti a0, a1, -4
  CHECK a0, 1
  slti a0, a1, -5
  CHECK a0, 0
  slti a0, a1, 0
  CHECK a0, 1
  li a1, 5
  sltiu a0, a1, -1          /* 5 < 0xffffffff */
  CHECK a0, 1
  sltiu a0, a1, 5
  CHECK a0, 0
  sltiu a0, x0, 1           /* seqz */
  CHECK a0, 1
  sltiu a0, a1, 1
  CHECK a0, 0

  /* XORI / ORI / ANDI with negative immediates */
  li a1, 0x12345678
  xori a0, a1, -1
  CHECK a0, 0xedcba987
  xori a0, a1, 0x0ff
  CHECK a0, 0x12345687
  ori a0, a1, -2048
  CHECK a0, 0xfffffe78
  ori a0, a1, 0x700
  CHECK a0, 0x12345778
  andi a0, a1, -2048
  CHECK a0, 0x12345000
  andi a0, a1, 0x0f0
  CHECK a0, 0x70

  /* SLLI / SRLI / SRAI, shamt 0 and 31 */
  li a1, 0x80000001
  slli a0, a1, 31
  CHECK a0, 0x80000000
  slli a0, a1, 0
  CHECK a0, 0x80000001
  slli a0, a1, 1
  CHECK a0, 2
  srli a0, a1, 31
  CHECK a0, 1
  srli a0, a1, 0
  CHECK a0, 0x80000001
  srai a0, a1, 31
  CHECK a0, 0xffffffff
  srai a0, a1, 1
  CHECK a0, 0xc0000000
  srai a0, a1, 0
  CHECK a0, 0x80000001
  li a1, 0x40000000
  srai a0, a1, 30
  CHECK a0, 1

  /* x0 is never written */
  li a1, 11
  li a2, 22
  add x0, a1, a2
  CHECK x0, 0
  addi x0, x0, 5
  CHECK x0, 0
  lui x0, 0x12345
  CHECK x0, 0
  auipc x0, 0x1
  CHECK x0, 0
  sub a0, x0, x0
  CHECK a0, 0

  /* destination equals a source */
  li a1, 100
  addi a1, a1, 1
  CHECK a1, 101
  add a1, a1, a1
  CHECK a1, 202
  sub a1, a1, a1
  CHECK a1, 0

  j test_pass
TEST_END
TEST_DATA
