// SPDX-License-Identifier: Apache-2.0
/* The stateful firewall's connection tracking for one packet at F4/E4 (docs/feature-set.md
 * section 12, docs/firewall.md), inlined into each firewall partition: a partition may not call
 * code of another one. The connection is the flow the lookup holds for the event (its connection
 * key is the same for both directions); its state is the flow's shared portion (firewall.h). */
#ifndef BATON_ROUTER_FWTRACK_H_
#define BATON_ROUTER_FWTRACK_H_

#include "fw.h"

struct fwf_conn {
  uint8_t state;
  uint8_t flags;
  uint8_t proto;
  uint8_t family;
  uint32_t expiry;
  uint32_t packets[2]; /* accepted from the original side, from the reply side */
};
_Static_assert(sizeof(struct fwf_conn) == BATON_FS_PORTION_BYTES, "the connection fills the shared portion");
_Static_assert(__builtin_offsetof(struct fwf_conn, expiry) == FWF_C_EXPIRY, "firewall.h layout");
_Static_assert(__builtin_offsetof(struct fwf_conn, packets) == FWF_C_PACKETS_ORIG, "firewall.h layout");

/* The connection state of a packet (12.5) and its TCP segment class (12.3). */
enum { FWF_CT_INVALID, FWF_CT_NEW, FWF_CT_ESTABLISHED, FWF_CT_RELATED };
enum { FWF_SEG_SYN, FWF_SEG_SYNACK, FWF_SEG_ACK, FWF_SEG_FIN, FWF_SEG_RST };

/* What tracking decided, applied only when the packet is accepted. */
struct fwf_outcome {
  uint32_t ct;
  uint32_t creates; /* a new connection in this entry (also a reopen, which replaces it) */
  uint32_t reply;   /* travelled in the reply direction */
  uint32_t ignore;  /* 12.3 "=": accepted, only the seen-reply flag changes */
  uint32_t next;    /* the state after */
  uint32_t closer_orig;
};

BATON_INLINE int fwf_expired(uint32_t now, uint32_t expiry) { return (int32_t)(now - expiry) >= 0; }

/* 12.3: the 14 valid combinations of the six flag bits (CWR and ECE cleared) as a 64-bit map. */
BATON_INLINE int fwf_flags_valid(uint32_t f) {
  const uint32_t map = (f & 32u) ? 0x03030004u /* 0x22 0x30 0x31 0x38 0x39 */
                                 : 0x13170014u /* 0x02 0x04 0x10 0x11 0x12 0x14 0x18 0x19 0x1c */;
  return (map >> (f & 31u)) & 1u;
}
BATON_INLINE uint32_t fwf_segment(uint32_t f) {
  if (f & 0x04u) return FWF_SEG_RST;
  if (f & 0x02u) return (f & 0x10u) ? FWF_SEG_SYNACK : FWF_SEG_SYN;
  if (f & 0x01u) return FWF_SEG_FIN;
  return FWF_SEG_ACK;
}

/* The L4 checksum over packet bytes [l4, l4 + n): with the pseudo-header (addresses at l3 + 12,
 * 8 bytes, or l3 + 8, 32 bytes; protocol; length n) unless `pseudo` is 0 (ICMPv4). Sums in the
 * little-endian lanes of fw_sum: a network halfword (hi, lo) adds lo << 8 | hi. */
BATON_INLINE int fwf_sum_ok(uint32_t l3, uint32_t v6, uint32_t proto, uint32_t l4, uint32_t n, uint32_t pseudo,
                           uint32_t whole) {
  /* The ingress's sum covers the whole IP payload (`whole`: n is its length). An ICMPv4 message
   * without a pseudo-header could be all zeros, whose sum the ingress reads as 0xffff: its first
   * four bytes (type, code, checksum) being nonzero rules that out. */
  const uint32_t hw = fw_l4sum();
  if ((hw & FW_L4SUM_PRESENT) && whole && (pseudo || (*pkt16(l4) | *pkt16(l4 + 2)) != 0))
    return (hw & 0xffffu) == 0xffffu;
  uint32_t acc = 0;
  if (pseudo) { /* the addresses by halfwords (even offsets): a short loop, not fw_sum's unrolled one */
    const uint16_t* a = pkt16(v6 ? l3 + 8 : l3 + 12);
    for (uint32_t i = 0; i < (v6 ? 16u : 4u); ++i) acc += a[i];
    acc = fw_fold(acc + (proto << 8) + ((n & 0xffu) << 8) + (n >> 8));
  }
  return fw_sum(l4, n, acc) == 0xffffu;
}

/* 12.3: a segment of a live connection in state s. */
BATON_INLINE struct fwf_outcome fwf_tcp_live(uint32_t s, uint32_t seg, uint32_t from_orig, uint32_t closer_orig,
                                             uint32_t seen) {
  struct fwf_outcome o = {FWF_CT_INVALID, 0, 0, 0, 0, 0};
  const uint32_t from_closer = from_orig == closer_orig;
  int next = -1;
  uint32_t ignore = 0;
  /* "=" of the SYN and SYN-ACK columns in every state from SYN_RECV on: SYN from O, SYN-ACK from R. */
  const uint32_t syn_eq = (seg == FWF_SEG_SYN && from_orig) || (seg == FWF_SEG_SYNACK && !from_orig);
  switch (s) {
    case FWF_S_SYN_SENT:
      if (seg == FWF_SEG_SYN && from_orig) next = FWF_S_SYN_SENT;
      if (seg == FWF_SEG_SYNACK && !from_orig) next = FWF_S_SYN_RECV;
      if (seg == FWF_SEG_ACK && !from_orig) ignore = 1;
      break;
    case FWF_S_SYN_RECV:
      if (syn_eq) ignore = 1;
      if (seg == FWF_SEG_SYNACK && from_orig) next = FWF_S_SYN_RECV;
      if (seg == FWF_SEG_ACK) next = from_orig ? FWF_S_ESTABLISHED : FWF_S_SYN_RECV;
      if (seg == FWF_SEG_FIN) next = FWF_S_FIN_WAIT;
      break;
    case FWF_S_ESTABLISHED:
      if (syn_eq) ignore = 1;
      if (seg == FWF_SEG_ACK) next = FWF_S_ESTABLISHED;
      if (seg == FWF_SEG_FIN) next = FWF_S_FIN_WAIT;
      break;
    case FWF_S_FIN_WAIT:
      if (syn_eq) ignore = 1;
      if (seg == FWF_SEG_ACK) next = from_closer ? FWF_S_FIN_WAIT : FWF_S_CLOSE_WAIT;
      if (seg == FWF_SEG_FIN) next = from_closer ? FWF_S_FIN_WAIT : FWF_S_LAST_ACK;
      break;
    case FWF_S_CLOSE_WAIT:
      if (syn_eq) ignore = 1;
      if (seg == FWF_SEG_ACK) next = FWF_S_CLOSE_WAIT;
      if (seg == FWF_SEG_FIN) next = from_closer ? FWF_S_CLOSE_WAIT : FWF_S_LAST_ACK;
      break;
    case FWF_S_LAST_ACK:
      if (syn_eq) ignore = 1;
      if (seg == FWF_SEG_ACK) next = from_closer ? FWF_S_TIME_WAIT : FWF_S_LAST_ACK;
      if (seg == FWF_SEG_FIN) next = FWF_S_LAST_ACK;
      break;
    case FWF_S_TIME_WAIT:
    case FWF_S_CLOSE:
      if (seg == FWF_SEG_SYN) { /* reopen: a new connection from the sender replaces this one */
        o.ct = FWF_CT_NEW;
        o.creates = 1;
        o.next = FWF_S_SYN_SENT;
        return o;
      }
      if (seg == FWF_SEG_SYNACK && !from_orig) ignore = 1;
      if (seg == FWF_SEG_ACK || seg == FWF_SEG_FIN) next = (int)s;
      break;
    default: /* a datagram state: cannot happen, the key holds the protocol */
      return o;
  }
  if (seg == FWF_SEG_RST) next = FWF_S_CLOSE; /* RST closes in every state */
  if (ignore) next = (int)s;
  if (next < 0) return o;
  o.ct = (from_orig && !seen) ? FWF_CT_NEW : FWF_CT_ESTABLISHED;
  o.reply = !from_orig;
  o.ignore = ignore;
  o.next = (uint32_t)next;
  /* The first FIN names the closing side (C of 12.3). */
  o.closer_orig = ((uint32_t)next == FWF_S_FIN_WAIT && s != FWF_S_FIN_WAIT) ? from_orig : closer_orig;
  return o;
}

/* 12.4: UDP and other protocols (and the request of an ICMP echo from its original side). */
BATON_INLINE struct fwf_outcome fwf_datagram(uint32_t live, uint32_t from_orig, uint32_t seen) {
  struct fwf_outcome o = {FWF_CT_NEW, 0, 0, 0, FWF_S_UNREPLIED, 0};
  if (!live) {
    o.creates = 1;
  } else if (from_orig) {
    if (seen) {
      o.ct = FWF_CT_ESTABLISHED;
      o.next = FWF_S_REPLIED;
    }
  } else {
    o.ct = FWF_CT_ESTABLISHED;
    o.reply = 1;
    o.next = FWF_S_REPLIED;
  }
  return o;
}

/* 12.4: an ICMP error (IPv4 3, 4, 5, 11, 12; ICMPv6 1-4). */
BATON_INLINE int fwf_icmp_error(uint32_t v6, uint32_t type) {
  return v6 ? (type - 1u < 4u) : (type < 32u && ((1u << type) & 0x1838u));
}

/* 12.4: whether the ICMP error at L4 offset l4 (IP payload `len` bytes) is related to the
 * connection the lookup holds, which is live. The ingress keys an error by the datagram it quotes
 * when the quote lies within the frame's first 128 bytes (ingress.md "Connection key"), so the
 * quote is judged by that window too: then the held entry is the quote's connection. The quote
 * must be an IP header of the family (plus 8 L4 bytes for TCP, UDP, ICMP), travel back to its
 * sender, and a quoted echo must name the connection's request direction. */
BATON_INLINE int fwf_related(const uint8_t* p, uint32_t l3, uint32_t v6, uint32_t l4, uint32_t len, uint32_t from_orig) {
  const uint32_t q = l4 + 8u;
  if (q >= BATON_QUOTE_WINDOW) return 0;
  uint32_t n = len - 8u; /* quoted bytes in the datagram (len >= 8), then cut at the window */
  if (n > BATON_QUOTE_WINDOW - q) n = BATON_QUOTE_WINDOW - q;
  const uint8_t* h = p + q;
  const uint32_t halves = v6 ? 8u : 2u; /* an address in halfwords (all at even offsets) */
  uint32_t hl, proto;
  if (!v6) {
    hl = (h[0] & 15u) * 4u;
    if (n < 20u || (h[0] >> 4) != 4u || hl < 20u || hl > n) return 0;
    proto = h[9];
  } else {
    hl = 40u;
    if (n < 40u || (h[0] >> 4) != 6u) return 0;
    proto = h[6];
  }
  /* The error travels back to the quoted datagram's sender. */
  const uint16_t* qsrc = pkt16(q + (v6 ? 8u : 12u));
  const uint16_t* odst = pkt16(l3 + (v6 ? 24u : 16u));
  for (uint32_t i = 0; i < halves; ++i)
    if (odst[i] != qsrc[i]) return 0;
  const uint32_t icmp = proto == (v6 ? 58u : 1u);
  if ((proto == 6u || proto == 17u || icmp) && n - hl < 8u) return 0;
  if (!icmp) return 1;
  /* An echo: the request's sender must be the connection's original side (12.4 keys an echo
   * connection by its request). `from_orig` says the quoted source is; with equal addresses
   * both are. */
  const uint32_t t = h[hl];
  const uint32_t req = t == (v6 ? 128u : 8u), rep = t == (v6 ? 129u : 0u);
  if (!req && !rep) return 0;
  uint32_t same = 1;
  for (uint32_t i = 0; i < halves; ++i) same &= qsrc[i] == qsrc[halves + i];
  return same || (req ? from_orig : !from_orig);
}

/* What a tracker partition can receive (fwf_run's `kinds`, a constant, so each partition carries
 * only the code it needs; the code store holds every page of the image). fw_in sends TCP FIN and
 * RST events (the ingress gives those types only to unfragmented TCP) to fw_close, ICMP events to
 * fw_est only with a hit, and a related error needs a live connection: only fw_est judges one. */
#define FWF_K_TCP 0u         /* unfragmented TCP only */
#define FWF_K_ANY 1u         /* every protocol and fragments */
#define FWF_K_RELATED 3u     /* ... and ICMP errors of a live connection */

/* The packet's verdict: sent to `port`, or dropped with a 12.5 reason; the connection committed
 * when accepted (12.5, 12.6). l3m: the L3 offset and fw.h's flags. */
BATON_INLINE __attribute__((noreturn)) void fwf_run(uint32_t l3m, uint32_t port, uint32_t kinds) {
  const uint32_t l3 = l3m & 0xffu;
  const uint8_t* p = PKT;
  const uint8_t* ip = p + l3;
  const uint32_t v6 = (ip[0] >> 4) == 6;
  uint32_t proto, l4, len, frag = 0; /* frag: 0 none, 1 first fragment, 2 later fragment */
  if (!v6) {
    const uint32_t hlen = (ip[0] & 15u) * 4u;
    proto = ip[9];
    l4 = l3 + hlen;
    len = be16(ip + 2) - hlen;
    const uint32_t ff = be16(ip + 6);
    if (ff & 0x3fffu) frag = (ff & 0x1fffu) ? 2 : 1;
  } else {
    proto = ip[6];
    l4 = l3 + 40;
    len = be16(ip + 4);
  }

  /* The connection: the entry the lookup holds; live unless new, not committed, or expired. */
  const uint32_t st = baton_flow_status();
  const uint32_t holds = st == BATON_FS_STATUS_HIT || st == BATON_FS_STATUS_INSERTED;
  /* Busy (more events of the connection in flight than the lookup admits), miss or no lookup:
   * the connection's state is not here to decide with. */
  if (!holds && st != BATON_FS_STATUS_FULL) baton_drop(DROP_FW_BUSY);
  struct fwf_conn* c = (struct fwf_conn*)baton_flow_shared();
  const uint32_t now = baton_arrival();
  const uint32_t live = holds && (c->flags & FWF_F_EXISTS) && !fwf_expired(now, c->expiry);
  const uint32_t rev = (l3m & FW_REV) != 0;
  const uint32_t from_orig = live ? (((c->flags & FWF_F_ORIG_LOW) != 0) == !rev) : 1;
  const uint32_t seen = live && (c->flags & FWF_F_SEEN_REPLY);
  uint32_t reason = DROP_FW_INVALID;
  struct fwf_outcome o = {FWF_CT_INVALID, 0, 0, 0, 0, 0};

  if (kinds == FWF_K_TCP && (proto != 6 || frag)) goto drop; /* not sent here (above) */
  if (v6 && proto == 44) { /* 12.8: the fragment header right after the fixed header */
    if (len < 8) goto drop;
    proto = ip[40];
    frag = (be16(ip + 42) >> 3) ? 2 : 1;
    l4 += 8;
    len -= 8;
  }
  if (frag == 2) { /* a later fragment: the engine keeps no datagram records yet (firewall.md) */
    reason = DROP_FRAG_NO_FIRST;
    goto drop;
  }
  /* Validity (12.2): lengths, then one checksum (not on a first fragment: it covers the whole
   * datagram). */
  const uint8_t* u = p + l4;
  const uint32_t icmp = proto == (v6 ? 58u : 1u);
  uint32_t sum_n = len, pseudo = 1;
  if (proto == 6) {
    if (len < 20) goto drop;
    const uint32_t doff = (u[12] >> 4) * 4u;
    if (doff < 20 || doff > len || !fwf_flags_valid(u[13] & 0x3fu)) goto drop;
  } else if (proto == 17) {
    if (len < 8) goto drop;
    sum_n = be16(u + 4);
    const uint32_t sum = be16(u + 6);
    if (!frag && (sum_n < 8 || sum_n > len || (v6 && sum == 0))) goto drop;
    if (sum == 0) sum_n = 0; /* IPv4: no checksum */
  } else if (icmp) {
    if (len < 8) goto drop;
    pseudo = v6;
  } else {
    sum_n = 0;
  }
  if (!frag && sum_n != 0 && !fwf_sum_ok(l3, v6, proto, l4, sum_n, pseudo, sum_n == len)) goto drop;

  /* The connection's transition (12.3, 12.4). */
  if (proto == 6) {
    const uint32_t seg = fwf_segment(u[13] & 0x3fu);
    if (!live) {
      if (seg != FWF_SEG_SYN) goto drop;
      o.ct = FWF_CT_NEW;
      o.creates = 1;
      o.next = FWF_S_SYN_SENT;
    } else {
      o = fwf_tcp_live(c->state, seg, from_orig, (c->flags & FWF_F_CLOSER_ORIG) != 0, seen);
    }
  } else if (icmp) { /* echo; errors and the other types are invalid here */
    const uint32_t type = u[0];
    if (type == (v6 ? 128u : 8u)) {
      o = fwf_datagram(live, from_orig, seen);
      /* A request from the reply side: its own connection (12.4 keys a request by its sender),
       * which this entry cannot hold beside the other; new, accepted without a commit. */
      if (live && !from_orig) o = (struct fwf_outcome){FWF_CT_NEW, 0, 0, 1, c->state, 0};
    } else if (type == (v6 ? 129u : 0u)) {
      if (!live || from_orig) goto drop;
      o = fwf_datagram(live, from_orig, seen);
    } else if (kinds == FWF_K_RELATED && live && fwf_icmp_error(v6, type) && fwf_related(p, l3, v6, l4, len, from_orig)) {
      o.ct = FWF_CT_RELATED;
    } else {
      goto drop; /* an unrelated error, another type */
    }
  } else { /* UDP and other protocols */
    o = fwf_datagram(live, from_orig, seen);
  }
  if (o.ct == FWF_CT_INVALID) goto drop;
  if (o.ct == FWF_CT_RELATED) baton_send(port); /* accepted from either zone; changes nothing (12.4) */
  if (o.ct == FWF_CT_NEW) { /* 12.5: new only from inside; a new entry only where the table has room */
    const uint8_t* prt = fw_port(baton_in_port());
    if (!(prt[FWC_P_FLAGS] & FWC_PF_INSIDE)) {
      reason = DROP_FW_NEW_NOT_ALLOWED;
      goto drop;
    }
    if (o.creates && !holds) {
      reason = DROP_FW_TABLE_FULL;
      goto drop;
    }
  }
  /* Accepted: commit (12.5). A related packet changes nothing; "=" only the seen-reply flag. An
   * event queued behind its entry's removal has no entry to commit to: not mistaken, dropped. */
  if (holds && (c->flags & FWF_F_REMOVED)) {
    reason = DROP_FW_BUSY;
    goto drop;
  }
  if (o.ignore) {
    if (o.reply) c->flags |= FWF_F_SEEN_REPLY;
  } else {
    uint32_t flags = c->flags;
    if (o.creates) {
      flags = FWF_F_EXISTS | (rev ? 0 : FWF_F_ORIG_LOW);
      c->proto = (uint8_t)proto;
      c->family = v6 ? 6 : 4;
      c->packets[0] = 0;
      c->packets[1] = 0;
    }
    if (o.reply) flags |= FWF_F_SEEN_REPLY;
    flags = (flags & ~FWF_F_CLOSER_ORIG) | (o.closer_orig ? FWF_F_CLOSER_ORIG : 0);
    c->flags = (uint8_t)flags;
    c->state = (uint8_t)o.next;
    const uint32_t t = FWC_U32(FWC_FW_TIMEOUTS + 4u * o.next);
    c->expiry = now + t;
    baton_timer_set(t); /* its timeout event (class {0, timeout}) removes the expired connection */
  }
  c->packets[o.creates ? 0 : !from_orig] += 1;
  baton_send(port);
drop:
  /* A dropped packet changes no connection. An entry without a live connection stays empty until
   * its timer removes it (removing it now would strand the events queued behind this one). */
  if (holds && !live && !(c->flags & FWF_F_REMOVED)) {
    if (c->flags & FWF_F_EXISTS) c->flags = 0; /* expired: empty from here */
    baton_timer_set(FWF_EMPTY_ENTRY_CYCLES);
  }
  baton_drop(reason);
}

#endif /* BATON_ROUTER_FWTRACK_H_ */
