// SPDX-License-Identifier: Apache-2.0
/* Zbb (bit manipulation, version 1.0.0): every RV32 instruction with its corner cases. */
#include "baton_test.h"

.macro RR op, a, b, expect
  li a1, \a
  li a2, \b
  \op a0, a1, a2
  CHECK a0, \expect
.endm

.macro R1 op, a, expect
  li a1, \a
  \op a0, a1
  CHECK a0, \expect
.endm

TEST_BEGIN
  RR andn, 0xff00ff00, 0x0ff00ff0, 0xf000f000
  RR orn, 0xff00ff00, 0x0ff00ff0, 0xff0fff0f
  RR xnor, 0xff00ff00, 0x0ff00ff0, 0x0f0f0f0f
  RR andn, 0x12345678, 0, 0x12345678

  R1 clz, 0, 32
  R1 clz, 1, 31
  R1 clz, 0x80000000, 0
  R1 clz, 0x00010000, 15
  R1 ctz, 0, 32
  R1 ctz, 1, 0
  R1 ctz, 0x80000000, 31
  R1 ctz, 0x00010000, 16
  R1 cpop, 0, 0
  R1 cpop, 0xffffffff, 32
  R1 cpop, 0x55555555, 16
  R1 cpop, 0x80000001, 2

  RR max, -1, 1, 1
  RR max, 0x80000000, 0x7fffffff, 0x7fffffff
  RR maxu, -1, 1, 0xffffffff
  RR maxu, 0x80000000, 0x7fffffff, 0x80000000
  RR min, -1, 1, 0xffffffff
  RR min, 0x80000000, 0x7fffffff, 0x80000000
  RR minu, -1, 1, 1
  RR minu, 0x80000000, 0x7fffffff, 0x7fffffff
  RR max, 5, 5, 5

  R1 sext.b, 0x80, 0xffffff80
  R1 sext.b, 0x7f, 0x7f
  R1 sext.b, 0x12345680, 0xffffff80
  R1 sext.h, 0x8000, 0xffff8000
  R1 sext.h, 0x12347fff, 0x7fff
  R1 zext.h, 0xffff8000, 0x8000
  R1 zext.h, 0x1234abcd, 0xabcd

  RR rol, 0x80000001, 1, 3
  RR rol, 0x80000001, 33, 3
  RR rol, 0x12345678, 0, 0x12345678
  RR rol, 0x12345678, 8, 0x34567812
  RR ror, 1, 1, 0x80000000
  RR ror, 0x12345678, 8, 0x78123456
  RR ror, 0x12345678, 32, 0x12345678
  RR ror, 0x12345678, 31, 0x2468acf0

  li a1, 0x12345678
  rori a0, a1, 8
  CHECK a0, 0x78123456
  rori a0, a1, 31
  CHECK a0, 0x2468acf0
  rori a0, a1, 0
  CHECK a0, 0x12345678

  R1 orc.b, 0x00ff0100, 0x00ffff00
  R1 orc.b, 0, 0
  R1 orc.b, 0x80000001, 0xff0000ff
  R1 rev8, 0x12345678, 0x78563412
  R1 rev8, 0x000000ff, 0xff000000

  /* x0 destination */
  li a1, 0x1234
  rev8 x0, a1
  CHECK x0, 0

  j test_pass
TEST_END
TEST_DATA
