// SPDX-License-Identifier: Apache-2.0
/* Baton firmware run-time support, linked into every firmware (docs/firmware.md).
 *
 * Entry stubs are generated per entry by BATON_ENTRY (baton.h); what remains global is the
 * function table of the initial partition (PM8): BATON_FN_SLOTS words in rodata, one per function
 * id, that baton-ld fills with (partition id << 16 | entry word). 0xffffffff marks a slot without
 * a function, so an image that was never passed through baton-ld dispatches nowhere. */
#ifndef BATON_FN_SLOTS
#define BATON_FN_SLOTS 64
#endif

  .section .rodata.baton_fn_table, "a", @progbits
  .balign 4
  .globl __baton_fn_table
  .globl __baton_fn_table_end
  .type __baton_fn_table, @object
__baton_fn_table:
  .fill BATON_FN_SLOTS, 4, 0xffffffff
__baton_fn_table_end:
  .size __baton_fn_table, __baton_fn_table_end - __baton_fn_table
