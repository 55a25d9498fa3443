// SPDX-License-Identifier: Apache-2.0
/* Flow accounting of the reference router (docs/feature-set.md section 11, docs/firmware.md
 * 13.8): the partition and entries that export records, which the engine's event class table
 * names for timeout and generated events, and the export message's layout. Shared by the
 * firmware (C) and the host side that programs the class table (C++). */
#ifndef BATON_FW_ACCOUNTING_H_
#define BATON_FW_ACCOUNTING_H_

/* Looked-up packet events start at this entry of the initial partition (the full rules). */
#define FWA_ENTRY_CLASSIFY 1
/* The host partition (PART_HOST): exports go to the host like every to-host verdict, and a
 * partition of their own would take a partition slot on every tile. */
#define FWA_PART_EXPORT 5
#define FWA_ENTRY_IDLE 1  /* timeout events: reason idle */
#define FWA_ENTRY_CLOSE 2 /* generated events (after FIN or RST): reason fin or rst */

/* An export leaves this packet count in the flow's state: an event queued behind the export on
 * the deleted flow's chain sees it and counts itself late instead of vanishing. */
#define FWA_EXPORTED 0xffffffffu

/* Export message (feature-set.md 11): offsets, network byte order. */
#define FWA_REC_BYTES 50
#define FWA_REC_ETHERTYPE 0x88b6u
#define FWA_REC_VERSION 1u
#define FWA_R_ETYPE 12
#define FWA_R_VERSION 14
#define FWA_R_REASON 15
#define FWA_R_PROTO 16
#define FWA_R_FLAGS 17
#define FWA_R_PORT 18
#define FWA_R_VLAN 20
#define FWA_R_ADDRS 22 /* source, then destination */
#define FWA_R_PORTS 30 /* source, then destination */
#define FWA_R_PACKETS 34
#define FWA_R_OCTETS 38
#define FWA_R_FIRST 42
#define FWA_R_LAST 46
#define FWA_REASON_IDLE 1u
#define FWA_REASON_FIN 2u
#define FWA_REASON_RST 3u

#endif /* BATON_FW_ACCOUNTING_H_ */
