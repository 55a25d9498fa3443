#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/): a few valid and a
few broken inputs per target. Regression inputs found by fuzzing are committed beside them by
hand (names starting with "regress-") and are not touched by this script.

    tests/fuzz/make_corpus.py [--shared DIR]

--shared: the shared capture folder; its three smallest captures (all under 4 KB) are copied into
the pcap corpus when it is given (see corpus/README.md for their origin)."""
import argparse
import json
import shutil
import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"


def write(target, name, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (d / name).write_bytes(data)


# ---------------------------------------------------------------- pcap
ETH_ARP = bytes.fromhex(
    "ffffffffffff020000000001" "0806" "0001080006040001" "020000000001c0000201" "000000000000c0000202") + bytes(18)
ETH_IP4 = bytes.fromhex(
    "020000000010020000000001" "0800" "4500001c00010000400100000a0000020a000001" "0800f7ff00000000") + bytes(18)


def pcap(records, magic=0xA1B2C3D4, endian="<", version=(2, 4), snaplen=65535, link=1):
    out = struct.pack(endian + "IHHiIII", magic, version[0], version[1], 0, 0, snaplen, link)
    for ts, frac, data, orig in records:
        out += struct.pack(endian + "IIII", ts, frac, len(data), orig if orig is not None else len(data)) + data
    return out


def pcapng_block(btype, body):
    pad = (-len(body)) % 4
    n = 12 + len(body) + pad
    return struct.pack("<II", btype, n) + body + bytes(pad) + struct.pack("<I", n)


def pcapng(frames):
    shb = pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    idb = pcapng_block(0x00000001, struct.pack("<HHI", 1, 0, 65535))
    epbs = b"".join(
        pcapng_block(0x00000006, struct.pack("<IIIII", 0, 0, i, len(f), len(f)) + f) for i, f in enumerate(frames))
    return shb + idb + epbs


def pcap_corpus():
    two = [(1, 10, ETH_ARP, None), (2, 20, ETH_IP4, None)]
    write("pcap", "le-us-two.pcap", pcap(two))
    write("pcap", "be-ns-two.pcap", pcap([(1, 10_000, ETH_ARP, None), (2, 999_999_999, ETH_IP4, 1500)],
                                         magic=0xA1B23C4D, endian=">"))
    write("pcap", "header-only.pcap", pcap([]))
    write("pcap", "empty-record.pcap", pcap([(0, 0, b"", None), (5, 0, ETH_ARP[:14], 60)]))
    write("pcap", "linktype-raw.pcap", pcap([(1, 0, ETH_IP4[14:], None)], link=101))
    write("pcap", "linktype-fcs-bits.pcap", pcap(two, link=0x10000001))
    write("pcap", "bad-short-header.pcap", pcap([])[:20])
    write("pcap", "bad-magic.pcap", b"\x00\x01\x02\x03" + pcap(two)[4:])
    write("pcap", "bad-version.pcap", pcap(two, version=(3, 0)))
    write("pcap", "bad-truncated-record-header.pcap", pcap(two)[:24 + 16 + len(ETH_ARP) + 7])
    write("pcap", "bad-truncated-record-data.pcap", pcap(two)[:-5])
    write("pcap", "bad-caplen-over-wirelen.pcap", pcap([(1, 0, ETH_ARP, 20)]))
    huge = pcap([(1, 0, ETH_ARP, None)])
    huge = huge[:24 + 8] + struct.pack("<II", 0x7FFFFFFF, 0x7FFFFFFF) + huge[24 + 16:]
    write("pcap", "bad-huge-caplen.pcap", huge)
    write("pcap", "ng-two.pcapng", pcapng([ETH_ARP, ETH_IP4]))
    write("pcap", "ng-shb-only.pcapng", pcapng([])[:28])
    write("pcap", "bad-ng-truncated.pcapng", pcapng([ETH_ARP])[:-9])


# ---------------------------------------------------------------- config
FEATURE_SET_EXAMPLE = {
    "ports": [
        {"port": 0, "mac": "02:00:00:00:00:00", "zone": "inside",
         "ipv4": ["192.0.2.1/24"], "ipv6": ["2001:db8:1::1/64", "fe80::1/64"]},
        {"port": 1, "mac": "02:00:00:00:00:01", "zone": "outside",
         "ipv4": ["198.51.100.1/24"], "ipv6": ["2001:db8:2::1/64"]},
    ],
    "routes_ipv4": [{"prefix": "203.0.113.0/24", "next_hop": "198.51.100.254", "port": 1},
                    {"prefix": "0.0.0.0/0", "next_hop": "198.51.100.254", "port": 1}],
    "routes_ipv6": [{"prefix": "2001:db8:100::/48", "next_hop": "2001:db8:2::fe", "port": 1}],
    "neighbours": [{"ip": "198.51.100.254", "mac": "02:00:00:00:01:fe"},
                   {"ip": "192.0.2.10", "mac": "02:00:00:00:00:0a"},
                   {"ip": "2001:db8:2::fe", "mac": "02:00:00:00:01:fe"}],
    "limits": {"min_frame": 60, "max_frame": 1522},
}


def config_corpus(root):
    write("config", "feature-set-example.json", json.dumps(FEATURE_SET_EXAMPLE, indent=1))
    write("config", "reference.json", (root / "tb/model/golden/configs/reference.json").read_bytes())
    write("config", "system-short-frames-jumbo.json", (root / "tests/system/configs/short_frames_jumbo.json").read_bytes())
    write("config", "minimal.json", '{"ports":[{"port":15,"mac":"02:00:00:00:00:0f"}]}')
    write("config", "host-routes.json", json.dumps({
        "ports": [{"port": 2, "mac": "0a:BB:cc:dd:ee:ff", "ipv4": ["10.1.2.3", "10.9.0.1/31"],
                   "ipv6": ["::ffff:10.0.0.1/128", "2001:db8::/127"]}],
        "routes_ipv4": [{"prefix": "10.1.2.3/32", "port": 2}],
        "routes_ipv6": [{"prefix": "::/0", "port": 2}, {"prefix": "2001:db8:ff::/48", "next_hop": "fe80::1", "port": 2}],
        "neighbours": [{"ip": "10.1.2.3", "mac": "02:00:00:00:00:01"}],
        "limits": {"min_frame": 14, "max_frame": 2048}}))
    bad = {
        "bad-json.json": '{"ports": [',
        "bad-not-object.json": '[1, 2, 3]',
        "bad-unknown-key.json": '{"ports":[{"port":0,"mac":"02:00:00:00:00:00"}],"vlans":[]}',
        "bad-no-ports.json": '{"ports":[]}',
        "bad-multicast-mac.json": '{"ports":[{"port":0,"mac":"01:00:5e:00:00:01"}]}',
        "bad-mac-text.json": '{"ports":[{"port":0,"mac":"02-00-00-00-00-00"}]}',
        "bad-port-range.json": '{"ports":[{"port":16,"mac":"02:00:00:00:00:00"}]}',
        "bad-port-huge.json": '{"ports":[{"port":18446744073709551615,"mac":"02:00:00:00:00:00"}]}',
        "bad-host-bits.json": '{"ports":[{"port":0,"mac":"02:00:00:00:00:00"}],'
                              '"routes_ipv4":[{"prefix":"10.0.0.1/8","port":0}]}',
        "bad-connected-twice.json": '{"ports":[{"port":0,"mac":"02:00:00:00:00:00","ipv4":["10.0.0.1/24"]},'
                                    '{"port":1,"mac":"02:00:00:00:00:01","ipv4":["10.0.0.2/24"]}]}',
        "bad-prefix-length.json": '{"ports":[{"port":0,"mac":"02:00:00:00:00:00","ipv6":["2001:db8::1/129"]}]}',
        "bad-neighbour-ip.json": '{"ports":[{"port":0,"mac":"02:00:00:00:00:00"}],'
                                 '"neighbours":[{"ip":"10.0.0.256","mac":"02:00:00:00:00:01"}]}',
        "bad-limits.json": '{"ports":[{"port":0,"mac":"02:00:00:00:00:00"}],"limits":{"min_frame":61}}',
        "bad-route-port.json": '{"ports":[{"port":0,"mac":"02:00:00:00:00:00"}],'
                               '"routes_ipv6":[{"prefix":"::/0","port":3}]}',
    }
    for name, text in bad.items():
        write("config", name, text)


# ---------------------------------------------------------------- image
def image(parts, page_bytes=64, initial=None, rodata=b"", data=b"", crc=True, flags=0, fn=(0, 0)):
    """parts: list of (id, base, code bytes, entry pcs). Pages follow in id order."""
    if initial is None:
        initial = parts[0][0]
    n_entries = sum(len(p[3]) for p in parts)
    n_pages = sum(-(-p[2] // page_bytes) for p in parts)
    part_off = 96
    entry_off = part_off + 32 * len(parts)
    pages_off = -(-(entry_off + 4 * n_entries) // page_bytes) * page_bytes
    rodata_off = -(-(pages_off + n_pages * page_bytes) // 64) * 64
    data_off = -(-(rodata_off + len(rodata)) // 64) * 64
    total = -(-(data_off + len(data)) // 64) * 64
    b = bytearray(total)
    hdr = [0x494E5442, 1, 96, total, 0, page_bytes, len(parts), part_off, entry_off, n_entries, pages_off,
           n_pages, rodata_off, len(rodata), data_off, len(data), initial, flags, 2048, fn[0], fn[1]]
    struct.pack_into("<21I", b, 0, *hdr)
    e = 0
    page = 0
    for i, (pid, base, nbytes, entries) in enumerate(parts):
        np_ = -(-nbytes // page_bytes)
        struct.pack_into("<7I", b, part_off + 32 * i, pid | (0x100 if pid == initial else 0), base, nbytes, page,
                         np_, e, len(entries))
        for pc in entries:
            struct.pack_into("<I", b, entry_off + 4 * e, pc)
            e += 1
        for k in range(nbytes // 4):  # "addi x0, x0, k" words
            struct.pack_into("<I", b, pages_off + page * page_bytes + 4 * k, 0x13 | ((k & 0x7FF) << 20))
        page += np_
    b[rodata_off:rodata_off + len(rodata)] = rodata
    b[data_off:data_off + len(data)] = data
    if crc:
        struct.pack_into("<I", b, 0x10, zlib.crc32(bytes(b)) & 0xFFFFFFFF)
    return bytes(b)


def manifest(parts, page_bytes=64, names=None):
    names = names or {}
    return json.dumps({
        "format": "baton-image", "version": 1, "page_bytes": page_bytes,
        "partitions": [{"id": p[0], "name": names.get(p[0], f"part{p[0]}"), "base": p[1], "bytes": p[2]}
                       for p in parts]}).encode()


def image_corpus():
    one = [(0, 0, 40, [0, 8])]
    two = [(0, 0, 100, [0]), (3, 0x400, 64, [0x400, 0x43C])]
    fn = struct.pack("<3I", 0, 0x400, 0xFFFFFFFF)
    write("image", "one-partition.bin", image(one))
    write("image", "one-partition-crc0.bin", image(one, crc=False))
    write("image", "two-partitions-manifest.bin",
          manifest(two) + b"\0" + image(two, initial=3, rodata=fn, data=b"xyz", flags=1, fn=(0x80000000, 3), crc=False))
    write("image", "one-partition-manifest.bin", manifest(one, names={0: "main"}) + b"\0" + image(one, crc=False))
    write("image", "bad-crc.bin", image(one)[:0x10] + b"\1\2\3\4" + image(one)[0x14:])
    write("image", "bad-short.bin", image(one)[:90])
    write("image", "bad-magic.bin", b"XXXX" + image(one, crc=False)[4:])
    write("image", "bad-unsorted.bin", image([(3, 0, 64, []), (1, 0x400, 64, [])], initial=3, crc=False))
    write("image", "bad-entry-outside.bin", image([(0, 0, 40, [44])], crc=False))
    write("image", "bad-manifest-json.bin", b'{"format": "baton-image", ' + b"\0" + image(one, crc=False))
    write("image", "bad-manifest-mismatch.bin", manifest([(0, 0, 44, [])]) + b"\0" + image(one, crc=False))
    write("image", "bad-manifest-types.bin",
          b'{"format":"baton-image","version":1,"page_bytes":64,"partitions":[{"id":"0"}]}\0' + image(one, crc=False))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path)
    args = ap.parse_args()
    root = HERE.parent.parent
    pcap_corpus()
    config_corpus(root)
    image_corpus()
    if args.shared:
        for name in ("icmp4-time-exceeded.pcap", "trunc-tcp-rst-data.pcap", "arp-who-has.pcap"):
            src = args.shared / "pcaps" / name
            assert src.stat().st_size < 4096
            shutil.copyfile(src, CORPUS / "pcap" / ("shared-" + name))


if __name__ == "__main__":
    main()
