// SPDX-License-Identifier: Apache-2.0
/* Test-local C access to the thread operations and windows of docs/abi.md (the firmware SDK has
 * its own header; these tests stay independent of it). */
#ifndef BATON_OPS_H
#define BATON_OPS_H

#include <stdint.h>

#define CTX_WORDS ((volatile uint32_t*)0x10000000u)
#define CTX_PKT_HANDLE 0
#define CTX_PKT_LEN 1
#define CTX_IN_PORT 2
#define CTX_TILE 14
#define CTX_THREAD 15
#define SCRATCH ((volatile uint32_t*)0x20000000u)
#define WORKSPACE ((volatile uint32_t*)0x30000000u)
#define PACKET ((volatile uint8_t*)0x40000000u)

#define BATON_NORETURN __attribute__((noreturn, always_inline)) static inline

BATON_NORETURN void baton_done(void) {
  __asm__ volatile(".insn r 0x0b, 4, 0, x0, x0, x0" ::: "memory");
  __builtin_unreachable();
}

BATON_NORETURN void baton_to_host(void) {
  __asm__ volatile(".insn r 0x0b, 3, 0, x0, x0, x0" ::: "memory");
  __builtin_unreachable();
}

BATON_NORETURN void baton_send(uint32_t port) {
  __asm__ volatile(".insn r 0x0b, 1, 0, x0, %0, x0" ::"r"(port) : "memory");
  __builtin_unreachable();
}

BATON_NORETURN void baton_drop(uint32_t reason) {
  __asm__ volatile(".insn r 0x0b, 2, 0, x0, %0, x0" ::"r"(reason) : "memory");
  __builtin_unreachable();
}

/* MIGRATE carries sp and a0..a1 at this instant (a2, a3 are passed as 0). */
BATON_NORETURN void baton_migrate2(uint32_t part, uint32_t entry_word, uint32_t arg0, uint32_t arg1) {
  register uint32_t a0 __asm__("a0") = arg0;
  register uint32_t a1 __asm__("a1") = arg1;
  register uint32_t a2 __asm__("a2") = 0;
  register uint32_t a3 __asm__("a3") = 0;
  __asm__ volatile(".insn r 0x0b, 0, 0, x0, %0, %1" ::"r"(part), "r"(entry_word), "r"(a0), "r"(a1), "r"(a2),
                   "r"(a3)
                   : "memory");
  __builtin_unreachable();
}

#define ENTRY_INDEX(i) ((uint32_t)(i))
#define ENTRY_OFFSET(words) (0x8000u | (uint32_t)(words))

#endif
