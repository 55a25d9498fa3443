#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Self-test of scripts/linux-firewall against the reference configuration.

Builds frames by hand (TCP handshake from inside, unsolicited and stray TCP from outside, UDP
both ways, ICMP echo, IPv6 UDP, TTL 1, a ping to the router), runs the script on them and
compares its verdicts with what feature-set.md section 12 expects. Needs root, like the script.
Exit status 0 when every verdict is as expected, 1 when one differs (each difference printed),
2 when the script could not run. Usage: tests/model/linux_firewall_selftest.py [--wait-ms N]
"""
import ipaddress
import json
import os
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "scripts", "linux-firewall")
CONFIG = os.path.join(HERE, "..", "..", "tb", "model", "golden", "configs", "reference.json")

# Reference configuration: router port MACs, and the hosts' MACs from its neighbour table.
ROUTER_MAC = {0: "02:00:00:00:00:10", 2: "02:00:00:00:00:12"}
INSIDE_HOST_MAC = "02:00:00:00:10:02"  # 10.0.0.2 and 2001:db8:0:10::2 behind port 0
NEXT_HOP_MAC = "02:00:00:00:12:fe"     # 192.0.2.254 / 2001:db8:0:12::fe behind port 2

TCP_SYN, TCP_ACK = 0x02, 0x10
_ident = [0x100]


def mac(text):
    return bytes.fromhex(text.replace(":", ""))


def csum(data):
    """RFC 1071 one's-complement checksum."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4(src, dst, proto, payload, ttl=64):
    _ident[0] += 1  # distinct identifications keep packets apart
    src, dst = ipaddress.IPv4Address(src).packed, ipaddress.IPv4Address(dst).packed
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), _ident[0], 0x4000, ttl,
                      proto, 0, src, dst)
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    pseudo = src + dst + struct.pack("!BBH", 0, proto, len(payload))
    return hdr, pseudo


def l4_with_checksum(pseudo, seg, at, proto):
    c = csum(pseudo + seg)
    if proto == 17 and c == 0:
        c = 0xFFFF  # UDP sends a computed zero as all ones
    return seg[:at] + struct.pack("!H", c) + seg[at + 2:]


def tcp_seg(sport, dport, seq, ack, flags):
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0)


def udp_seg(sport, dport, data):
    return struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data


def icmp_echo(typ, ident, seq, data=b"baton"):
    msg = struct.pack("!BBHHH", typ, 0, 0, ident, seq) + data
    return msg[:2] + struct.pack("!H", csum(msg)) + msg[4:]


def frame4(dst_mac, src_mac, src, dst, proto, seg, ttl=64):
    hdr, pseudo = ipv4(src, dst, proto, seg, ttl)
    if proto in (6, 17):
        seg = l4_with_checksum(pseudo, seg, 16 if proto == 6 else 6, proto)
    return mac(dst_mac) + mac(src_mac) + b"\x08\x00" + hdr + seg


def frame6(dst_mac, src_mac, src, dst, nh, seg, hlim=64):
    src, dst = ipaddress.IPv6Address(src).packed, ipaddress.IPv6Address(dst).packed
    pseudo = src + dst + struct.pack("!IxxxB", len(seg), nh)
    seg = l4_with_checksum(pseudo, seg, 16 if nh == 6 else 6, nh)
    hdr = struct.pack("!IHBB16s16s", 6 << 28, len(seg), nh, hlim, src, dst)
    return mac(dst_mac) + mac(src_mac) + b"\x86\xdd" + hdr + seg


def from_inside(src, dst, proto, seg, ttl=64):
    return 0, frame4(ROUTER_MAC[0], INSIDE_HOST_MAC, src, dst, proto, seg, ttl)


def from_outside(src, dst, proto, seg):
    return 2, frame4(ROUTER_MAC[2], NEXT_HOP_MAC, src, dst, proto, seg)


def cases():
    """(name, ingress port, frame, expected egress port or None for not forwarded)."""
    c = []

    def add(name, pf, want):
        c.append((name, pf[0], pf[1], want))

    h, o = "10.0.0.2", "203.0.113.200"  # 203.0.113.128/25 goes via 192.0.2.254 on port 2
    add("tcp SYN from inside", from_inside(h, o, 6, tcp_seg(40000, 80, 1000, 0, TCP_SYN)), 2)
    add("tcp SYN-ACK from outside",
        from_outside(o, h, 6, tcp_seg(80, 40000, 5000, 1001, TCP_SYN | TCP_ACK)), 0)
    add("tcp ACK from inside", from_inside(h, o, 6, tcp_seg(40000, 80, 1001, 5001, TCP_ACK)), 2)
    add("tcp unsolicited SYN from outside",
        from_outside("203.0.113.201", h, 6, tcp_seg(5555, 22, 7000, 0, TCP_SYN)), None)
    add("tcp stray ACK from outside",
        from_outside("203.0.113.202", "10.0.0.3", 6, tcp_seg(6000, 8080, 9000, 9000, TCP_ACK)),
        None)
    add("udp from inside", from_inside(h, o, 17, udp_seg(5353, 53, b"question")), 2)
    add("udp reply from outside", from_outside(o, h, 17, udp_seg(53, 5353, b"answer")), 0)
    add("udp from outside first",
        from_outside("203.0.113.210", "10.0.0.3", 17, udp_seg(1234, 9999, b"knock")), None)
    add("icmp echo request from inside", from_inside(h, o, 1, icmp_echo(8, 77, 1)), 2)
    add("icmp echo reply from outside", from_outside(o, h, 1, icmp_echo(0, 77, 1)), 0)
    # The router answers these itself; its answers must not pass for forwarded copies.
    add("icmp echo to the router", from_inside(h, "10.0.0.1", 1, icmp_echo(8, 78, 1)), None)
    add("udp with TTL 1 from inside",
        from_inside(h, o, 17, udp_seg(5354, 53, b"expiring"), ttl=1), None)
    # IPv6: ::/0 goes via 2001:db8:0:12::fe on port 2.
    h6, o6 = "2001:db8:0:10::2", "2001:db8:300::5"
    c.append(("udp6 from inside", 0,
              frame6(ROUTER_MAC[0], INSIDE_HOST_MAC, h6, o6, 17, udp_seg(6000, 53, b"q6")), 2))
    c.append(("udp6 reply from outside", 2,
              frame6(ROUTER_MAC[2], NEXT_HOP_MAC, o6, h6, 17, udp_seg(53, 6000, b"a6")), 0))
    c.append(("udp6 from outside first", 2,
              frame6(ROUTER_MAC[2], NEXT_HOP_MAC, "2001:db8:300::6", h6, 17,
                     udp_seg(53, 6001, b"x6")), None))
    return c


def main(argv):
    extra = argv  # passed on to the script (e.g. --wait-ms 80)
    tc = cases()
    with tempfile.TemporaryDirectory() as tmp:
        pin, pout = os.path.join(tmp, "in.jsonl"), os.path.join(tmp, "out.jsonl")
        with open(pin, "w") as f:
            for _, port, frame, _ in tc:
                f.write(json.dumps({"port": port, "frame": frame.hex()}) + "\n")
        start = time.monotonic()
        r = subprocess.run([SCRIPT, "--config", CONFIG, "--in", pin, "--out", pout] + extra,
                           capture_output=True, text=True)
        took = time.monotonic() - start
        sys.stderr.write(r.stderr)
        if r.returncode != 0:
            print(f"linux_firewall_selftest: the script failed (exit {r.returncode})")
            return 2
        with open(pout) as f:
            got = [json.loads(line) for line in f if line.strip()]
    bad = 0
    if len(got) != len(tc):
        print(f"linux_firewall_selftest: {len(got)} verdicts for {len(tc)} packets")
        return 1
    for i, ((name, _, _, want), v) in enumerate(zip(tc, got)):
        ok = (v.get("index") == i and v.get("forwarded") == (want is not None)
              and v.get("port") == want)
        if not ok:
            bad += 1
            print(f"  packet {i} ({name}): expected "
                  f"{'forwarded to port %d' % want if want is not None else 'not forwarded'}, "
                  f"got {json.dumps(v)}")
    print(f"linux_firewall_selftest: {len(tc) - bad}/{len(tc)} verdicts as expected "
          f"({took:.2f} s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
