#!/usr/bin/env python3
"""Scales a capture of real traffic up to a benchmark corpus.

    bench/scale.py IN.pcap OUT.pcap PACKETS

Writes PACKETS records: IN's records again and again, each repetition's
time stamps moved on by the length of IN plus one second, so that time
only moves forward. Packet bytes are copied unchanged (checksums stay
right, every decoder sees exactly what was captured); the repeated TCP
connections start again with their SYNs, so the relative sequence numbers
are as in IN. IN is a classic pcap file of either byte order and either
time stamp precision (what tcpdump -w writes); OUT keeps its header.

bench/run.sh uses it on the capture bench/mixed.sh records (ARP, ICMP and
ICMPv6, HTTP over IPv4 and IPv6, a bulk download, DNS over UDP and TCP,
syslog, DHCP, VXLAN), so that the ratios reflect decoding real traffic as
well as bench/synth.py's synthetic mix.
"""

import struct
import sys


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit("usage: scale.py IN.pcap OUT.pcap PACKETS")
    src, dst, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(src, "rb") as f:
        data = f.read()
    if len(data) < 24:
        sys.exit(f"scale.py: {src}: not a pcap file")
    magic = data[:4]
    formats = {
        b"\xd4\xc3\xb2\xa1": ("<", 1_000_000),
        b"\xa1\xb2\xc3\xd4": (">", 1_000_000),
        b"\x4d\x3c\xb2\xa1": ("<", 1_000_000_000),
        b"\xa1\xb2\x3c\x4d": (">", 1_000_000_000),
    }
    if magic not in formats:
        sys.exit(f"scale.py: {src}: not a classic pcap file (pcapng is not handled)")
    order, per_sec = formats[magic]
    rec = struct.Struct(order + "IIII")

    records = []
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, orig = rec.unpack_from(data, off)
        body = data[off + 16 : off + 16 + incl]
        if len(body) < incl:
            break  # a last record cut short: left out
        records.append((sec * per_sec + frac, incl, orig, body))
        off += 16 + incl
    if not records:
        sys.exit(f"scale.py: {src}: no packets")

    first = records[0][0]
    span = records[-1][0] - first + per_sec
    written = 0
    with open(dst, "wb") as out:
        out.write(data[:24])
        rep = 0
        while written < total:
            shift = rep * span
            for ts, incl, orig, body in records:
                if written == total:
                    break
                t = ts + shift
                out.write(rec.pack(t // per_sec, t % per_sec, incl, orig))
                out.write(body)
                written += 1
            rep += 1
    print(f"scaled {src} ({len(records)} packets) to {dst}: {written} packets, {rep} repetitions")


if __name__ == "__main__":
    main()
