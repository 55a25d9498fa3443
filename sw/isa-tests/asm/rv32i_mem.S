// SPDX-License-Identifier: Apache-2.0
/* RV32I loads and stores: widths, sign/zero extension, offsets, x0, FENCE. */
#include "baton_test.h"

TEST_BEGIN
  la s0, words

  /* little-endian words: 0x80402010 is bytes 10 20 40 80 */
  lw a0, 0(s0)
  CHECK a0, 0x80402010
  lb a0, 0(s0)
  CHECK a0, 0x10
  lb a0, 3(s0)
  CHECK a0, 0xffffff80
  lbu a0, 3(s0)
  CHECK a0, 0x80
  lb a0, 2(s0)
  CHECK a0, 0x40
  lh a0, 0(s0)
  CHECK a0, 0x2010
  lh a0, 2(s0)
  CHECK a0, 0xffff8040
  lhu a0, 2(s0)
  CHECK a0, 0x8040
  lw a0, 4(s0)
  CHECK a0, 0xfedcba98
  lb a0, 4(s0)
  CHECK a0, 0xffffff98
  lbu a0, 5(s0)
  CHECK a0, 0xba
  lh a0, 6(s0)
  CHECK a0, 0xfffffedc
  lhu a0, 4(s0)
  CHECK a0, 0xba98

  /* negative offsets */
  addi s1, s0, 8
  lw a0, -8(s1)
  CHECK a0, 0x80402010
  lbu a0, -1(s1)
  CHECK a0, 0xfe

  /* stores of each width into a zeroed area */
  la s2, scratch
  sw x0, 0(s2)
  sw x0, 4(s2)
  li a1, 0xa5
  sb a1, 0(s2)
  li a1, 0x1234567f
  sb a1, 3(s2)             /* only the low byte is stored */
  lw a0, 0(s2)
  CHECK a0, 0x7f0000a5
  li a1, 0xbeefcafe
  sh a1, 2(s2)
  lw a0, 0(s2)
  CHECK a0, 0xcafe00a5
  sh a1, 4(s2)
  lw a0, 4(s2)
  CHECK a0, 0xcafe
  li a1, 0x13579bdf
  sw a1, 4(s2)
  lw a0, 4(s2)
  CHECK a0, 0x13579bdf
  sw x0, 4(s2)             /* x0 as store data */
  lw a0, 4(s2)
  CHECK a0, 0
  addi s3, s2, 12
  li a1, 0x11223344
  sw a1, -4(s3)
  lw a0, 8(s2)
  CHECK a0, 0x11223344
  lbu a0, 9(s2)
  CHECK a0, 0x33

  /* a load into x0 is performed but not written */
  lw x0, 0(s0)
  CHECK x0, 0

  /* store then load to the same byte through a different width */
  li a1, -1
  sb a1, 1(s2)
  lh a0, 0(s2)
  CHECK a0, 0xffffffa5
  lhu a0, 0(s2)
  CHECK a0, 0xffa5

  /* FENCE (and its variants) are no-ops */
  fence
  fence rw, rw
  fence.tso
  fence r, w
  li a0, 7
  CHECK a0, 7

  j test_pass
TEST_END

  .section .rodata
  .balign 4
words:
  .word 0x80402010
  .word 0xfedcba98

  .section .bss
  .balign 4
scratch:
  .space 16

TEST_DATA
