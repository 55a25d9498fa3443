// SPDX-License-Identifier: Apache-2.0
/* RV32M: products, high halves with every signedness, division and remainder including the
 * divide-by-zero and overflow rules of the M chapter (table "semantics for division by zero and
 * division overflow"). */
#include "baton_test.h"

.macro RR op, a, b, expect
  li a1, \a
  li a2, \b
  \op a0, a1, a2
  CHECK a0, \expect
.endm

TEST_BEGIN
  RR mul, 7, 6, 42
  RR mul, -7, 6, 0xffffffd6
  RR mul, -7, -6, 42
  RR mul, 0x80000000, -1, 0x80000000
  RR mul, 0xffffffff, 0xffffffff, 1
  RR mul, 0x12345678, 0x9abcdef0, 0x242d2080
  RR mul, 0x10000, 0x10000, 0

  RR mulh, -1, -1, 0
  RR mulh, -1, 1, 0xffffffff
  RR mulh, 0x80000000, 0x80000000, 0x40000000
  RR mulh, 0x7fffffff, 0x7fffffff, 0x3fffffff
  RR mulh, 0x80000000, 0x7fffffff, 0xc0000000
  RR mulh, 0x12345678, 0x9abcdef0, 0xf8cc93d6
  RR mulh, 0x10000, 0x10000, 1

  RR mulhsu, -1, 0xffffffff, 0xffffffff
  RR mulhsu, 0x80000000, 0xffffffff, 0x80000000
  RR mulhsu, 1, 0xffffffff, 0
  RR mulhsu, 0x7fffffff, 0xffffffff, 0x7ffffffe
  RR mulhsu, 0x12345678, 0x9abcdef0, 0x0b00ea4e
  RR mulhsu, -2, 0x80000000, 0xffffffff

  RR mulhu, 0xffffffff, 0xffffffff, 0xfffffffe
  RR mulhu, 0x80000000, 2, 1
  RR mulhu, 0x12345678, 0x9abcdef0, 0x0b00ea4e
  RR mulhu, 0xffffffff, 1, 0

  RR div, 20, 6, 3
  RR div, -20, 6, 0xfffffffd
  RR div, 20, -6, 0xfffffffd
  RR div, -20, -6, 3
  RR div, 5, 0, 0xffffffff
  RR div, -5, 0, 0xffffffff
  RR div, 0x80000000, -1, 0x80000000
  RR div, 0x80000000, 1, 0x80000000
  RR div, -1234567, 1000, 0xfffffb2e

  RR divu, 20, 6, 3
  RR divu, 0xffffffff, 1, 0xffffffff
  RR divu, 0xffffffff, 0x10, 0x0fffffff
  RR divu, 5, 0, 0xffffffff
  RR divu, 0x80000000, 0xffffffff, 0
  RR divu, -20, 6, 0x2aaaaaa7

  RR rem, 20, 6, 2
  RR rem, -20, 6, 0xfffffffe
  RR rem, 20, -6, 2
  RR rem, -20, -6, 0xfffffffe
  RR rem, 5, 0, 5
  RR rem, -5, 0, 0xfffffffb
  RR rem, 0x80000000, -1, 0
  RR rem, 0x80000000, 3, 0xfffffffe

  RR remu, 20, 6, 2
  RR remu, 0xffffffff, 0x10, 0xf
  RR remu, 5, 0, 5
  RR remu, 0x80000000, 0xffffffff, 0x80000000
  RR remu, -20, 6, 2

  /* x0 destination and source */
  li a1, 9
  mul x0, a1, a1
  CHECK x0, 0
  div a0, a1, x0
  CHECK a0, 0xffffffff
  rem a0, a1, x0
  CHECK a0, 9

  j test_pass
TEST_END
TEST_DATA
