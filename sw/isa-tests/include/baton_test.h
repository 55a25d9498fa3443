// SPDX-License-Identifier: Apache-2.0
/* Self-checking assembly test framework for bare-mode programs (docs/abi.md sections 5 and 9).
 *
 * Every CHECK stores the value under test in the signature (so the ISS and QEMU results can be
 * compared word by word) and then compares it with the expected constant written from the
 * RISC-V specification; a mismatch halts with "failed test N" (tohost = N << 1 | 1).
 *
 * Built twice: for the ISS (bare.ld, halt through tohost) and with -DTARGET_QEMU for QEMU's virt
 * machine (qemu.ld, halt prints the signature on the UART).
 *
 * Reserved registers: gp = test number, s11 = signature pointer, t6 = expected value.
 */
#ifndef BATON_TEST_H
#define BATON_TEST_H

#define TESTNUM gp
#define SIGPTR s11

/* Thread operations (docs/abi.md section 2). */
#define B_MIGRATE(part, entry) .insn r 0x0b, 0, 0, x0, part, entry
#define B_SEND(port) .insn r 0x0b, 1, 0, x0, port, x0
#define B_DROP(reason) .insn r 0x0b, 2, 0, x0, reason, x0
#define B_TO_HOST .insn r 0x0b, 3, 0, x0, x0, x0
#define B_DONE .insn r 0x0b, 4, 0, x0, x0, x0

/* csrw mtvec, t0 without Zicsr in -march (QEMU runs only). */
#define QEMU_SET_MTVEC(reg) .insn i 0x73, 1, x0, reg, 0x305

.macro TEST_BEGIN
  .section .text.init, "ax", @progbits
  .globl _start
_start:
#ifdef TARGET_QEMU
  la t0, qemu_trap_entry
  QEMU_SET_MTVEC(t0)
#endif
  la SIGPTR, begin_signature
  li TESTNUM, 0
.endm

/* Record \reg in the signature and compare it with \expected. */
.macro CHECK reg, expected
  addi TESTNUM, TESTNUM, 1
  sw \reg, 0(SIGPTR)
  addi SIGPTR, SIGPTR, 4
  li t6, \expected
  bne \reg, t6, test_fail
.endm

.macro TEST_END
test_pass:
  li a0, 1
  j test_halt
test_fail:
  slli a0, TESTNUM, 1
  ori a0, a0, 1
test_halt:
#ifdef TARGET_QEMU
  la sp, __stack_top
  call qemu_halt
#else
  la t1, tohost
  sw a0, 0(t1)
#endif
1:
  j 1b
.endm

/* The tohost word and a signature area pre-filled with a marker. */
.macro TEST_DATA words=1024
  .section .tohost, "aw", @progbits
  .balign 8
  .globl tohost
tohost:
  .word 0
  .word 0
  .section .signature, "aw", @progbits
  .balign 16
  .fill \words, 4, 0xdeadbeef
.endm

#endif
