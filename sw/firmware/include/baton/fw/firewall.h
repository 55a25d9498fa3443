// SPDX-License-Identifier: Apache-2.0
/* The stateful firewall of the reference router (docs/feature-set.md section 12, docs/firewall.md):
 * its partitions and entries, which the engine's event class table names, and the connection
 * state it keeps in a flow's shared portion. Shared by the firmware (C) and the host side that
 * programs the class table and reads the state (C++). */
#ifndef BATON_FW_FIREWALL_H_
#define BATON_FW_FIREWALL_H_

/* Partitions (the CM has 16 partition queues; 15 stays free for fault injection). */
#define FWF_PART_IN 11    /* entry 0: every event the class table looks up (L2 rules, then routing) */
#define FWF_PART_SETUP 12 /* TCP SYN and SYN-ACK; UDP, ICMP and other packets without a live entry */
#define FWF_PART_EST 13   /* TCP ACK/data; UDP, ICMP and other packets of a live entry */
#define FWF_PART_CLOSE 14 /* entry 0: TCP FIN and RST; entry 1: timeout events */
#define FWF_ENTRY_TIMEOUT 1

/* An entry without a live connection (inserted by a packet that was not accepted or never reached
 * F4/E4, or a connection that expired) stays in the table this long as an empty entry before its
 * timeout event removes it. The lookup lets the events queued behind a removing event run on the
 * removed entry; keeping the removal this far from the connection's last use makes that rare
 * (firewall.md "Removing entries"), and such an event is dropped with fw_busy, never mistaken. */
#define FWF_EMPTY_ENTRY_CYCLES (1u << 20)

/* Connection states (feature-set.md 12.3, 12.4), also the index of their timeout in the blob. */
#define FWF_S_SYN_SENT 0
#define FWF_S_SYN_RECV 1
#define FWF_S_ESTABLISHED 2
#define FWF_S_FIN_WAIT 3
#define FWF_S_CLOSE_WAIT 4
#define FWF_S_LAST_ACK 5
#define FWF_S_TIME_WAIT 6
#define FWF_S_CLOSE 7
#define FWF_S_UNREPLIED 8
#define FWF_S_REPLIED 9
#define FWF_STATES 10
#define FWF_T_FRAGMENT 10 /* the fragment record's timeout (index 10) */
#define FWF_TIMEOUTS 11

/* The flow's shared portion (16 bytes): state, flags, protocol, family (4 or 6), expiry (low 32
 * bits of the engine cycle: the arrival at or after which the connection is gone), and the packets
 * accepted from the original and the reply side. */
#define FWF_C_STATE 0
#define FWF_C_FLAGS 1
#define FWF_C_PROTO 2
#define FWF_C_FAMILY 3
#define FWF_C_EXPIRY 4
#define FWF_C_PACKETS_ORIG 8
#define FWF_C_PACKETS_REPLY 12
#define FWF_F_ORIG_LOW 0x01u    /* the original side is the lower endpoint of the connection key */
#define FWF_F_SEEN_REPLY 0x02u
#define FWF_F_CLOSER_ORIG 0x04u /* the first FIN came from the original side */
#define FWF_F_EXISTS 0x08u      /* a connection (0: an empty entry: inserted, not committed, or expired) */
#define FWF_F_REMOVED 0x10u     /* the entry left the table: an event queued behind the removal sees it */

#endif /* BATON_FW_FIREWALL_H_ */
