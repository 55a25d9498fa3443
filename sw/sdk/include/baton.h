// SPDX-License-Identifier: Apache-2.0
/* Baton firmware SDK: partitions, entry points, migration (PM9/PM12), the function table of the
 * initial partition (PM8), thread operations and the memory windows of docs/abi.md.
 *
 * Build with: riscv64-unknown-elf-gcc -march=rv32im_zbb -mabi=ilp32 -O2 -ffreestanding -nostdlib
 *             -ffunction-sections -fdata-sections -I sw/sdk/include
 * and link with sw/sdk/link/baton.ld and -Wl,-q (the partition toolchain reads the relocations).
 * docs/firmware.md explains every macro here with a worked example. */
#ifndef BATON_H_
#define BATON_H_

#include <stddef.h>
#include <stdint.h>

/* The ABI constants (windows, context words, thread operations, drop reasons, defaults),
 * generated from abi/baton_abi.toml. */
#include "baton_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Build parameters. They must match the engine's parameters (the manifest records them).
 * ------------------------------------------------------------------------------------------- */
#ifndef BATON_PAGE_BYTES
#define BATON_PAGE_BYTES BATON_ENGINE_DEFAULT_PAGE_BYTES /* PageBytes: partitions start on a page */
#endif
#ifndef BATON_STACK_BYTES
#define BATON_STACK_BYTES BATON_ENGINE_DEFAULT_STACK_BYTES /* StackBytes: the packet's stack window */
#endif
#ifndef BATON_USE_GP
#define BATON_USE_GP 0 /* 1: entry stubs load gp, small globals use gp-relative accesses */
#endif

#define BATON_SDK_VERSION 1

/* Windows of the thread address space (docs/abi.md section 4): BATON_<window>_BASE in
 * baton_abi.h. The stack grows down from the top of the packet's stack window. */
#define BATON_STACK_TOP (BATON_STACK_BASE + BATON_STACK_BYTES)

/* Drop reasons the SDK itself raises (the top of the firmware range), from baton_abi.h:
 *   BATON_DROP_NO_FUNCTION     baton_dispatch(): function id has no table slot
 *   BATON_DROP_ENTRY_RETURNED  an entry function returned instead of ending the packet */

/* Entry words (MIGRATE rs2, docs/abi.md section 2): bit BATON_ENTRY_KIND_BIT selects the kind. */
#define BATON_ENTRY_MASK ((1u << BATON_ENTRY_KIND_BIT) - 1u)
#define BATON_ENTRY_KIND_OFFSET ((uint32_t)BATON_ENTRY_KIND_VALUE_OFFSET << BATON_ENTRY_KIND_BIT)
#define BATON_ENTRY_INDEX(i) ((uint32_t)(i) & BATON_ENTRY_MASK)
#define BATON_ENTRY_OFFSET(words) (BATON_ENTRY_KIND_OFFSET | ((uint32_t)(words) & BATON_ENTRY_MASK))

#define BATON_STR_(x) #x
#define BATON_STR(x) BATON_STR_(x)
/* The start of a thread-operation instruction in an asm template; rd is always x0. */
#define BATON_INSN_OP(op) ".insn r " BATON_STR(BATON_OPCODE_CUSTOM0) ", " BATON_STR(op) ", 0, x0, "
#define BATON_CAT_(a, b) a##b
#define BATON_CAT(a, b) BATON_CAT_(a, b)

/* Helpers used by more than one partition must be inlined into each: an out-of-line copy would
 * live in no partition, and the toolchain rejects calls to it. */
#define BATON_INLINE static inline __attribute__((always_inline))

/* ---------------------------------------------------------------------------------------------
 * Partitions.
 *
 *   BATON_PARTITION_DEFINE(ipv4, 1);           once per partition, at file scope: name and id
 *   BATON_PARTITION(ipv4) void f(void) {...}   places a function in partition ipv4
 *
 * Names are C identifiers; ids are 0..255 (PartW = 8). Each partition gets its own page-aligned
 * region of the code window: the linker sorts the sections .baton.part.<name>.* by name, so the
 * region is the start marker (.0, page aligned), the code (.text) and the end marker (.~).
 * ------------------------------------------------------------------------------------------- */
#define BATON_PARTITION(name) __attribute__((section(".baton.part." #name ".text")))

/* Records the toolchain reads from the non-loaded section .baton.meta (docs/firmware.md). */
#define BATON_META_PARTITION 1u
#define BATON_META_ENTRY 2u
#define BATON_META_FUNCTION 3u
#define BATON_META_NAME_BYTES 48

struct baton_meta_partition {
  uint32_t kind; /* BATON_META_PARTITION */
  uint32_t id;
  const char* start; /* first byte of the region (page aligned) */
  const char* end;   /* one past the last byte of code */
  uint32_t page_bytes;
  uint32_t stack_bytes;
  uint32_t sdk_version;
  uint32_t use_gp;
  char name[BATON_META_NAME_BYTES];
};

struct baton_meta_entry {
  uint32_t kind; /* BATON_META_ENTRY */
  uint32_t index;
  void (*stub)(void); /* the entry PC: the stub, which calls fn */
  void (*fn)(void);
  char partition[BATON_META_NAME_BYTES];
  char name[BATON_META_NAME_BYTES];
};

struct baton_meta_function {
  uint32_t kind; /* BATON_META_FUNCTION */
  uint32_t id;
  uint32_t reserved[2];
  char entry[BATON_META_NAME_BYTES]; /* entry name, resolved by the toolchain */
  char reserved_name[BATON_META_NAME_BYTES];
};

#define BATON_META_ATTR __attribute__((section(".baton.meta"), used, aligned(4)))

#define BATON_PARTITION_DEFINE(name, id)                                                            \
  __asm__(".pushsection .baton.part." #name ".0,\"ax\",@progbits\n"                                \
          ".option push\n.option norelax\n.balign " BATON_STR(BATON_PAGE_BYTES) "\n.option pop\n" \
          ".weak __baton_part_" #name "_start\n"                                                    \
          "__baton_part_" #name "_start:\n"                                                         \
          ".popsection\n"                                                                           \
          ".pushsection .baton.part." #name ".~,\"ax\",@progbits\n"                                \
          ".weak __baton_part_" #name "_end\n"                                                      \
          "__baton_part_" #name "_end:\n"                                                           \
          ".popsection\n");                                                                         \
  extern const char __baton_part_##name##_start[];                                                 \
  extern const char __baton_part_##name##_end[];                                                   \
  _Static_assert((id) >= 0 && (id) < 256, "partition id must be 0..255");                          \
  _Static_assert(sizeof(#name) <= BATON_META_NAME_BYTES, "partition name too long");               \
  static const struct baton_meta_partition __baton_meta_part_##name BATON_META_ATTR = {            \
      BATON_META_PARTITION,  (id),          __baton_part_##name##_start, __baton_part_##name##_end, \
      BATON_PAGE_BYTES,      BATON_STACK_BYTES, BATON_SDK_VERSION,        BATON_USE_GP,             \
      #name}

/* ---------------------------------------------------------------------------------------------
 * Entry points (PM12).
 *
 *   BATON_ENTRY(ipv4, 0, ipv4_input);   entry 0 of partition ipv4 runs ipv4_input
 *
 * fn is an ordinary C function with up to four word arguments (a0..a3 as delivered). It must end
 * the packet with a thread operation or a migration; if it returns, the stub drops the packet
 * with BATON_DROP_ENTRY_RETURNED (ra is 0 at delivery, so a bare return would jump to 0).
 * The stub __baton_entry_<fn> is the entry PC; with BATON_USE_GP it loads gp first.
 * ------------------------------------------------------------------------------------------- */
#if BATON_USE_GP
#define BATON_GP_SETUP_ \
  ".option push\n.option norelax\nlui gp, %hi(__global_pointer$)\naddi gp, gp, %lo(__global_pointer$)\n.option pop\n"
#else
#define BATON_GP_SETUP_ ""
#endif

#define BATON_ENTRY(part, index, fn)                                                      \
  __asm__(".pushsection .baton.part." #part ".text,\"ax\",@progbits\n"                   \
          ".balign 4\n"                                                                   \
          ".globl __baton_entry_" #fn "\n"                                                \
          ".type __baton_entry_" #fn ", @function\n"                                      \
          "__baton_entry_" #fn ":\n" BATON_GP_SETUP_ "call " #fn "\n"                     \
          "li a0, " BATON_STR(BATON_DROP_ENTRY_RETURNED) "\n"                             \
          BATON_INSN_OP(BATON_OP_DROP) "a0, x0\n"                                         \
          ".size __baton_entry_" #fn ", . - __baton_entry_" #fn "\n"                      \
          ".popsection\n");                                                               \
  extern void __baton_entry_##fn(void);                                                   \
  _Static_assert((index) >= 0 && (index) < 0x8000, "entry index must be 0..32767");       \
  _Static_assert(sizeof(#part) <= BATON_META_NAME_BYTES, "partition name too long");      \
  _Static_assert(sizeof(#fn) <= BATON_META_NAME_BYTES, "entry function name too long");   \
  static const struct baton_meta_entry __baton_meta_entry_##fn BATON_META_ATTR = {        \
      BATON_META_ENTRY, (index), __baton_entry_##fn, (void (*)(void))(fn), #part, #fn}

/* ---------------------------------------------------------------------------------------------
 * Function table of the initial partition (PM8).
 *
 *   BATON_FUNCTION(FN_IPV4, ipv4_input);   function FN_IPV4 continues at entry ipv4_input
 *
 * The toolchain resolves the entry name to (partition id, entry index) and writes the table
 * __baton_fn_table (in rodata, sw/sdk/src/baton_rt.S, BATON_FN_SLOTS slots) into the image; an unknown entry
 * name is an error. Unused slots hold 0xffffffff. baton_dispatch() migrates through it.
 * ------------------------------------------------------------------------------------------- */
#define BATON_FUNCTION(id, entry_fn)                                                           \
  _Static_assert((id) >= 0 && (id) < 65536, "function id must be 0..65535");                 \
  _Static_assert(sizeof(#entry_fn) <= BATON_META_NAME_BYTES, "entry function name too long"); \
  static const struct baton_meta_function BATON_CAT(__baton_meta_fn_, __COUNTER__)               \
      BATON_META_ATTR = {BATON_META_FUNCTION, (id), {0, 0}, #entry_fn, ""}

extern const uint32_t __baton_fn_table[];
extern const uint32_t __baton_fn_table_end[];

/* ---------------------------------------------------------------------------------------------
 * Thread operations (docs/abi.md section 2). Each ends the packet; none returns.
 * ------------------------------------------------------------------------------------------- */
BATON_INLINE __attribute__((noreturn)) void baton_send(uint32_t port) {
  __asm__ volatile(BATON_INSN_OP(BATON_OP_SEND) "%0, x0" : : "r"(port) : "memory");
  __builtin_unreachable();
}

BATON_INLINE __attribute__((noreturn)) void baton_drop(uint32_t reason) {
  __asm__ volatile(BATON_INSN_OP(BATON_OP_DROP) "%0, x0" : : "r"(reason) : "memory");
  __builtin_unreachable();
}

BATON_INLINE __attribute__((noreturn)) void baton_to_host(void) {
  __asm__ volatile(BATON_INSN_OP(BATON_OP_TO_HOST) "x0, x0" : : : "memory");
  __builtin_unreachable();
}

BATON_INLINE __attribute__((noreturn)) void baton_done(void) {
  __asm__ volatile(BATON_INSN_OP(BATON_OP_DONE) "x0, x0" : : : "memory");
  __builtin_unreachable();
}

/* ---------------------------------------------------------------------------------------------
 * Migration (PM3, PM9, PM12).
 *
 * baton_migrate(part, entry_word, spill, bytes, a1, a2, a3) copies `bytes` (rounded up to a word;
 * `spill` word aligned) to the top of the packet's stack, sets sp to the copy, and issues MIGRATE
 * with a0 = sp (the copy) and a1..a3 as given. The target entry function receives a pointer to
 * the spilled values in a0 and restores them from there; its own frames grow below the copy, so
 * the stack holds at most one spill area plus the running partition's frames.
 *
 * The copy is one asm block that uses only registers: it overwrites this partition's (dead) stack
 * frames and may overlap `spill` itself (memmove order), which C code could not do safely.
 * ------------------------------------------------------------------------------------------- */
#define BATON_SPILL_ALIGN 16u /* sp stays 16-byte aligned (RISC-V psABI) */
#define BATON_SPILL_MAX (BATON_STACK_BYTES / 2)

/* Referenced only when a constant spill size exceeds BATON_SPILL_MAX: the call then survives
 * optimisation and the error attribute stops the build. */
extern void baton_spill_too_large_(void) __attribute__((error("spill larger than BATON_SPILL_MAX")));

BATON_INLINE __attribute__((noreturn)) void baton_migrate_raw(uint32_t part, uint32_t entry_word,
                                                               const void* spill, uint32_t bytes,
                                                               uint32_t a1, uint32_t a2, uint32_t a3) {
  if (__builtin_constant_p(bytes) && bytes > BATON_SPILL_MAX) baton_spill_too_large_();
  register uint32_t r_part __asm__("t5") = part;
  register uint32_t r_entry __asm__("t6") = entry_word;
  register uint32_t r_src __asm__("t0") = (uint32_t)(uintptr_t)spill;
  register uint32_t r_words __asm__("t1") = (bytes + 3u) >> 2;
  register uint32_t r_dst __asm__("t2") =
      BATON_STACK_TOP - ((bytes + (BATON_SPILL_ALIGN - 1u)) & ~(BATON_SPILL_ALIGN - 1u));
  register uint32_t r_a1 __asm__("a1") = a1;
  register uint32_t r_a2 __asm__("a2") = a2;
  register uint32_t r_a3 __asm__("a3") = a3;
  __asm__ volatile(
      "mv   a0, t2\n"          /* a0 = new sp = spill copy */
      "beqz t1, 3f\n"
      "bgeu t0, t2, 1f\n"      /* src >= dst: ascending copy is safe */
      "slli t3, t1, 2\n"       /* descending copy from the last word */
      "add  t0, t0, t3\n"
      "add  t2, t2, t3\n"
      "2:\n"
      "addi t0, t0, -4\n"
      "addi t2, t2, -4\n"
      "lw   t3, 0(t0)\n"
      "sw   t3, 0(t2)\n"
      "addi t1, t1, -1\n"
      "bnez t1, 2b\n"
      "j    3f\n"
      "1:\n"
      "lw   t3, 0(t0)\n"
      "sw   t3, 0(t2)\n"
      "addi t0, t0, 4\n"
      "addi t2, t2, 4\n"
      "addi t1, t1, -1\n"
      "bnez t1, 1b\n"
      "3:\n"
      "mv   sp, a0\n"
      BATON_INSN_OP(BATON_OP_MIGRATE) "t5, t6\n"
      : "+r"(r_src), "+r"(r_words), "+r"(r_dst)
      : "r"(r_part), "r"(r_entry), "r"(r_a1), "r"(r_a2), "r"(r_a3)
      : "a0", "t3", "memory");
  __builtin_unreachable();
}

/* Migration to an entry-table index (the usual form). */
#define baton_migrate(part, index, spill, bytes) \
  baton_migrate_raw((part), BATON_ENTRY_INDEX(index), (spill), (bytes), 0, 0, 0)
#define baton_migrate_args(part, index, spill, bytes, a1, a2, a3) \
  baton_migrate_raw((part), BATON_ENTRY_INDEX(index), (spill), (bytes), (a1), (a2), (a3))

/* Migration to a PC offset: the word offset of fn's stub from the start of partition `part`.
 * Computed at run time from two link-time addresses (taking an address is not a call, so the
 * toolchain allows it across partitions). */
#define BATON_ENTRY_OFFSET_OF(part, fn)                                                  \
  BATON_ENTRY_OFFSET(((uint32_t)(uintptr_t)__baton_entry_##fn -                          \
                      (uint32_t)(uintptr_t)__baton_part_##part##_start) >> 2)
/* Declares, in another file or partition, what BATON_ENTRY_OFFSET_OF needs. */
#define BATON_DECLARE_ENTRY(part, fn)          \
  extern void __baton_entry_##fn(void);        \
  extern const char __baton_part_##part##_start[]

#define baton_migrate_pc(part_name, part_id, fn, spill, bytes) \
  baton_migrate_raw((part_id), BATON_ENTRY_OFFSET_OF(part_name, fn), (spill), (bytes), 0, 0, 0)

/* PM8: continue the packet at function `fn_id` of the function table. */
BATON_INLINE __attribute__((noreturn)) void baton_dispatch(uint32_t fn_id, const void* spill,
                                                            uint32_t bytes) {
  const uint32_t slots = (uint32_t)(__baton_fn_table_end - __baton_fn_table);
  const uint32_t w = fn_id < slots ? __baton_fn_table[fn_id] : 0xffffffffu;
  if ((w >> 24) != 0) baton_drop(BATON_DROP_NO_FUNCTION);
  baton_migrate_raw(w >> 16, w & 0xffffu, spill, bytes, 0, 0, 0);
}

/* ---------------------------------------------------------------------------------------------
 * Context window (docs/abi.md section 4): one word per field.
 * ------------------------------------------------------------------------------------------- */
typedef struct {
  uint32_t pkt_handle;
  uint32_t pkt_len; /* the only writable field */
  uint32_t in_port;
  uint32_t arrival;
  uint32_t seq;
  uint32_t flow;
  uint32_t event_type;
  uint32_t target_part;
  uint32_t entry_word;
  uint32_t sp;
  uint32_t args[4];
  uint32_t tile_id;
  uint32_t thread_id;
} baton_ctx_t;

_Static_assert(sizeof(baton_ctx_t) == 4 * BATON_CTX_WORDS, "baton_ctx_t must cover the context window");
_Static_assert(offsetof(baton_ctx_t, pkt_len) == BATON_CTX_OFF_PKT_LEN, "context word order");
_Static_assert(offsetof(baton_ctx_t, entry_word) == BATON_CTX_OFF_ENTRY_WORD, "context word order");
_Static_assert(offsetof(baton_ctx_t, sp) == BATON_CTX_OFF_SP, "context word order");
_Static_assert(offsetof(baton_ctx_t, args) == BATON_CTX_OFF_ARG0, "context word order");
_Static_assert(offsetof(baton_ctx_t, tile_id) == BATON_CTX_OFF_TILE_ID, "context word order");
_Static_assert(offsetof(baton_ctx_t, thread_id) == BATON_CTX_OFF_THREAD_ID, "context word order");

/* volatile: pkt_len changes under stores, and the window is not ordinary memory. */
#define BATON_CTX ((const volatile baton_ctx_t*)BATON_CTX_BASE)

BATON_INLINE uint32_t baton_pkt_len(void) { return BATON_CTX->pkt_len; }
BATON_INLINE void baton_set_pkt_len(uint32_t len) {
  *(volatile uint32_t*)(BATON_CTX_BASE + BATON_CTX_OFF_PKT_LEN) = len;
}
BATON_INLINE uint32_t baton_pkt_handle(void) { return BATON_CTX->pkt_handle; }
BATON_INLINE uint32_t baton_in_port(void) { return BATON_CTX->in_port; }
BATON_INLINE uint32_t baton_arrival(void) { return BATON_CTX->arrival; }
BATON_INLINE uint32_t baton_seq(void) { return BATON_CTX->seq; }
BATON_INLINE uint32_t baton_flow(void) { return BATON_CTX->flow; }
BATON_INLINE uint32_t baton_event_type(void) { return BATON_CTX->event_type; }
BATON_INLINE uint32_t baton_partition(void) { return BATON_CTX->target_part; }
BATON_INLINE uint32_t baton_entry_word(void) { return BATON_CTX->entry_word; }
BATON_INLINE uint32_t baton_delivered_sp(void) { return BATON_CTX->sp; }
BATON_INLINE uint32_t baton_delivered_arg(unsigned i) { return BATON_CTX->args[i & 3u]; }
BATON_INLINE uint32_t baton_tile_id(void) { return BATON_CTX->tile_id; }
BATON_INLINE uint32_t baton_thread_id(void) { return BATON_CTX->thread_id; }

/* ---------------------------------------------------------------------------------------------
 * Packet, scratch and flow-state workspace windows.
 * ------------------------------------------------------------------------------------------- */
BATON_INLINE uint8_t* baton_pkt(void) { return (uint8_t*)(uintptr_t)BATON_PKT_BASE; }
BATON_INLINE void* baton_scratch(void) { return (void*)(uintptr_t)BATON_SCRATCH_BASE; }
BATON_INLINE void* baton_workspace(void) { return (void*)(uintptr_t)BATON_WORKSPACE_BASE; }
/* The flow-state workspace viewed as a firmware-defined struct (SP5). */
#define BATON_WORKSPACE(type) ((type*)baton_workspace())

/* ---------------------------------------------------------------------------------------------
 * Flow state (docs/abi.md sections 12 and 13, docs/firmware.md "Flow state").
 *
 * An event whose class looks up its flow (status hit, inserted, timeout or generated) finds its
 * layer's private portion and the flow's shared portion in the workspace window before its first
 * instruction; what it stores there is written back when the thread lets go of the event
 * (MIGRATE: the event continues on another thread; SEND, DROP, TO_HOST, DONE: the event ends and
 * the flow's next event may start). The lookup window's registers act on the event's flow.
 * ------------------------------------------------------------------------------------------- */
#define BATON_FS_REG(reg) (*(volatile uint32_t*)(uintptr_t)(BATON_LOOKUP_BASE + (reg)))

/* The layer's private portion and the flow's shared portion (BATON_FS_PORTION_BYTES each). */
BATON_INLINE void* baton_flow_private(void) {
  return (void*)(uintptr_t)(BATON_WORKSPACE_BASE + BATON_FS_PRIVATE_OFFSET);
}
BATON_INLINE void* baton_flow_shared(void) {
  return (void*)(uintptr_t)(BATON_WORKSPACE_BASE + BATON_FS_SHARED_OFFSET);
}
/* This event's lookup status (BATON_FS_STATUS_*) and flow index (the local flow proxy). */
BATON_INLINE uint32_t baton_flow_status(void) { return BATON_FS_REG(BATON_FS_REG_STATUS); }
BATON_INLINE uint32_t baton_flow_index(void) { return BATON_FS_REG(BATON_FS_REG_FLOW); }
/* Whether the event holds its flow's state (and lock): only then do the calls below act. */
BATON_INLINE int baton_flow_held(void) {
  const uint32_t s = baton_flow_status();
  return s == BATON_FS_STATUS_HIT || s == BATON_FS_STATUS_INSERTED || s == BATON_FS_STATUS_TIMEOUT ||
         s == BATON_FS_STATUS_GENERATED;
}
/* The flow's timer (SP9): one per flow; setting it again moves the deadline. The timeout event
 * goes to the handling routine of the event class this event last gave baton_timer_class (set it
 * before baton_timer_set, in the same event; default: group 0, BATON_EVENT_TIMEOUT). */
BATON_INLINE void baton_timer_class(uint32_t event_class) { BATON_FS_REG(BATON_FS_REG_TIMER_CLASS) = event_class; }
BATON_INLINE void baton_timer_set(uint32_t cycles) { BATON_FS_REG(BATON_FS_REG_TIMER_SET) = cycles; }
BATON_INLINE void baton_timer_cancel(void) { BATON_FS_REG(BATON_FS_REG_TIMER_CANCEL) = 0; }
/* Remove the flow from the table when this event ends (its timer is cancelled). */
BATON_INLINE void baton_flow_delete(void) { BATON_FS_REG(BATON_FS_REG_DELETE) = 0; }
/* SP10: queue a new event of class `event_class` for this flow; it runs after this event ends,
 * with the flow's state, on its class's partition. */
BATON_INLINE void baton_generate_event(uint32_t event_class) { BATON_FS_REG(BATON_FS_REG_GEN_EVENT) = event_class; }
/* An event class from a channel group and an event type (BATON_EVENT_*). */
#define BATON_EVENT_CLASS(group, type) ((((uint32_t)(group)) << BATON_EVENT_TYPE_BITS) | (uint32_t)(type))

/* The scratchpad (SP12): engine-global words, shared by every thread; word accesses only. */
BATON_INLINE volatile uint32_t* baton_scratchpad(void) {
  return (volatile uint32_t*)(uintptr_t)(BATON_LOOKUP_BASE + BATON_FS_SCRATCH_OFFSET);
}

BATON_INLINE uint32_t baton_bswap32(uint32_t v) {
#if defined(__riscv_zbb)
  /* GCC 12 expands __builtin_bswap32 to a libgcc call on rv32 (libgcc lives in no partition). */
  uint32_t r;
  __asm__("rev8 %0, %1" : "=r"(r) : "r"(v));
  return r;
#else
  return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
#endif
}
BATON_INLINE uint16_t baton_bswap16(uint16_t v) { return (uint16_t)((v >> 8) | (v << 8)); }

/* Network-order loads and stores at any byte offset of the packet. */
BATON_INLINE uint32_t baton_pkt_u8(uint32_t off) { return baton_pkt()[off]; }
BATON_INLINE uint32_t baton_pkt_be16(uint32_t off) {
  const uint8_t* p = baton_pkt() + off;
  return ((uint32_t)p[0] << 8) | p[1];
}
BATON_INLINE uint32_t baton_pkt_be32(uint32_t off) {
  if ((off & 3u) == 0) return baton_bswap32(*(const uint32_t*)(baton_pkt() + off));
  const uint8_t* p = baton_pkt() + off;
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
BATON_INLINE void baton_pkt_set_u8(uint32_t off, uint32_t v) { baton_pkt()[off] = (uint8_t)v; }
BATON_INLINE void baton_pkt_set_be16(uint32_t off, uint32_t v) {
  uint8_t* p = baton_pkt() + off;
  p[0] = (uint8_t)(v >> 8);
  p[1] = (uint8_t)v;
}
BATON_INLINE void baton_pkt_set_be32(uint32_t off, uint32_t v) {
  uint8_t* p = baton_pkt() + off;
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

#ifdef __cplusplus
}
#endif

#endif /* BATON_H_ */
