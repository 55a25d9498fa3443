// SPDX-License-Identifier: Apache-2.0
/* QEMU virt run-time for the cross-check: prints the signature and the halt status on the
 * NS16550 UART, then powers off through the SiFive test device. Output lines:
 *   SIG xxxxxxxx     one per signature word, lowest address first
 *   TOHOST xxxxxxxx  the value the ISS build would have stored to tohost
 *   TRAP cause=xxxxxxxx epc=xxxxxxxx   on an unexpected exception */
#include <stdint.h>

#define UART_THR ((volatile uint8_t*)0x10000000u)
#define TEST_DEV ((volatile uint32_t*)0x00100000u)

extern uint32_t begin_signature[];
extern uint32_t end_signature[];

static void put_char(char c) { *UART_THR = (uint8_t)c; }

static void put_str(const char* s) {
  while (*s) put_char(*s++);
}

static void put_hex(uint32_t v) {
  for (int i = 7; i >= 0; --i) put_char("0123456789abcdef"[(v >> (4 * i)) & 0xf]);
}

static __attribute__((noreturn)) void power_off(void) {
  *TEST_DEV = 0x5555;
  for (;;) {
  }
}

__attribute__((noreturn)) void qemu_halt(uint32_t status) {
  for (uint32_t* p = begin_signature; p < end_signature; ++p) {
    put_str("SIG ");
    put_hex(*p);
    put_char('\n');
  }
  put_str("TOHOST ");
  put_hex(status);
  put_char('\n');
  power_off();
}

__attribute__((noreturn)) void qemu_trap(uint32_t cause, uint32_t epc) {
  put_str("TRAP cause=");
  put_hex(cause);
  put_str(" epc=");
  put_hex(epc);
  put_char('\n');
  power_off();
}
