// SPDX-License-Identifier: Apache-2.0
/* Binary configuration blob of the reference router firmware (docs/firmware.md, "Reference
 * firmware"). Shared by the firmware (C) and the config compiler (C++): offsets and record
 * formats only, no code. All multi-byte fields are little-endian unless noted; addresses and
 * MACs are stored as bytes in network order so that the firmware can compare them with packet
 * bytes directly. */
#ifndef BATON_FW_BLOB_LAYOUT_H_
#define BATON_FW_BLOB_LAYOUT_H_

/* The blob is loaded at this fixed address of the data window (offset 64 KiB). The firmware's
 * own .data/.bss must stay below it (the engine model and the loader check). */
#define FWC_BASE 0x90010000u
#define FWC_DATA_OFFSET 0x10000u
#define FWC_MAX_BYTES (0x100000u - FWC_DATA_OFFSET) /* the rest of a 1 MiB data window */

#define FWC_MAGIC 0x434e5442u /* "BTNC" */
#define FWC_VERSION 1u

/* Port table first (offset 0: the classify fast path addresses a record as lui + port * 64),
 * then the header (64 bytes at offset 0x400; FWC_H_* are offsets from the blob start). */
#define FWC_HDR_OFF 0x400
#define FWC_H_MAGIC (FWC_HDR_OFF + 0x00)
#define FWC_H_VERSION (FWC_HDR_OFF + 0x04)
#define FWC_H_BYTES (FWC_HDR_OFF + 0x08)
#define FWC_H_PORT_MASK (FWC_HDR_OFF + 0x0c)    /* bit i: port i configured */
#define FWC_H_MIN_FRAME (FWC_HDR_OFF + 0x10)
#define FWC_H_MAX_FRAME (FWC_HDR_OFF + 0x14)
#define FWC_H_V4_RESULTS (FWC_HDR_OFF + 0x18)   /* number of IPv4 result records */
#define FWC_H_V4_CHUNKS (FWC_HDR_OFF + 0x1c)    /* number of 256-entry IPv4 chunks */
#define FWC_H_V6_RESULTS (FWC_HDR_OFF + 0x20)
#define FWC_H_V6_CHUNKS (FWC_HDR_OFF + 0x24)    /* number of 256-entry IPv6 chunks (chunk 0 is the root) */
#define FWC_H_V4_CHUNK_OFF (FWC_HDR_OFF + 0x28) /* byte offsets from FWC_BASE */
#define FWC_H_V6_RES_OFF (FWC_HDR_OFF + 0x2c)
#define FWC_H_V6_CHUNK_OFF (FWC_HDR_OFF + 0x30)
#define FWC_H_ACCT_FLAGS (FWC_HDR_OFF + 0x34) /* flow accounting (docs/feature-set.md 11): FWC_ACCT_ON or 0, nothing else */
#define FWC_H_ACCT_IDLE (FWC_HDR_OFF + 0x38)  /* idle timeout, engine cycles */
#define FWC_ACCT_ON 1u
#define FWC_HEADER_BYTES 64

/* The stateful firewall (docs/feature-set.md 12), after the header: enable word (FWC_FW_ON or 0),
 * the bounds, then the timeouts in engine cycles indexed by the firewall.h state numbers (and
 * FWF_T_FRAGMENT). */
#define FWC_FW_OFF (FWC_HDR_OFF + FWC_HEADER_BYTES)
#define FWC_FW_FLAGS (FWC_FW_OFF + 0x00)
#define FWC_FW_MAX_CONNECTIONS (FWC_FW_OFF + 0x04)
#define FWC_FW_MAX_FRAGMENTS (FWC_FW_OFF + 0x08)
#define FWC_FW_TIMEOUTS (FWC_FW_OFF + 0x0c) /* 11 words */
#define FWC_FW_BYTES 0x40
#define FWC_FW_ON 1u

/* Port table: 16 records of 64 bytes at offset 0. */
#define FWC_PORTS_OFF 0x0
#define FWC_PORT_BYTES 64
#define FWC_P_MAC 0       /* 6 bytes; unconfigured ports hold ff:ff:ff:ff:ff:ff */
#define FWC_P_FLAGS 6     /* u8: FWC_PF_* */
#define FWC_P_N4 7        /* u8: number of IPv4 addresses (0..4) */
#define FWC_P_N6 8        /* u8: number of IPv6 addresses (0..4) */
#define FWC_P_V4 12       /* 4 x 4 bytes: IPv4 addresses, config order */
#define FWC_P_V6_SRC 28   /* 16 bytes: source of ICMPv6 errors (first non-link-local address) */
#define FWC_PF_CONFIGURED 1u
#define FWC_PF_INSIDE 2u /* zone inside (the firewall's new connections) */

/* IPv4 source classes: 256 bytes indexed by the first address byte, 1 = martian (C1). */
#define FWC_V4_SRC_OFF 0x800

/* IPv4 root table (65536 16-bit entries), the IPv4 result records (16 bytes each, at most
 * FWC_V4_MAX_RESULTS) and the IPv4 chunks at fixed offsets (the fast path addresses them with
 * one lui each); the IPv6 tables follow at the offsets of the header. */
#define FWC_V4_ROOT_OFF 0x1000
#define FWC_V4_RES_OFF 0x21000
#define FWC_V4_MAX_RESULTS 4096u
#define FWC_V4_CHUNK_FIXED_OFF 0x31000
#define FWC_RES_BYTES 16
#define FWC_R_DMAC 0   /* 6 bytes: neighbour MAC (forward) */
#define FWC_R_SMAC 6   /* 6 bytes: egress port MAC (forward) */
#define FWC_R_PORT 12  /* egress port */
#define FWC_R_KIND 13
#define FWC_R_REASON 14 /* drop reason for FWC_K_DROP */
#define FWC_R_FLAGS 15  /* 0x80 for every record that is not FWC_K_FORWARD: the little-endian
                         * word at offset 12 is then negative, else it equals the port */

/* Result kinds. Record 0 of each family is "no route". */
#define FWC_K_FORWARD 0 /* route with a resolved neighbour */
#define FWC_K_NO_NEIGH 1 /* route whose neighbour is not in the table (F3/E3) */
#define FWC_K_NO_ROUTE 2 /* F1/E1 */
#define FWC_K_LOCAL 3   /* a router address (C2/D2) */
#define FWC_K_HOST 4    /* to host (C3, C4, D3) */
#define FWC_K_DROP 5    /* drop with FWC_R_REASON (C5, C6, D4, D5) */
#define FWC_K_SCOPE 6   /* IPv6 destination link-local: drop 0x47 after D6 */

/* Trie entries are 16-bit: bit 15 set = index of the next chunk (bits 14:0), else a result
 * index. IPv4: a root of 65536 entries indexed by the top 16 address bits, then chunks of 256
 * entries indexed by byte 2, then byte 3. IPv6: chunks of 256 entries indexed by one address
 * byte per level, chunk 0 is the root. */
#define FWC_ENTRY_CHUNK 0x8000u
#define FWC_V4_ROOT_ENTRIES 65536u
#define FWC_CHUNK_ENTRIES 256u

/* Limits of docs/feature-set.md section 2. */
#define FWC_MAX_PORTS 16
#define FWC_MAX_ADDRS 4

#endif /* BATON_FW_BLOB_LAYOUT_H_ */
