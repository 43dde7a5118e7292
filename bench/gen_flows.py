#!/usr/bin/env python3
"""Synthesize a pcap of many TCP connections for bench/flows.sh.

Each connection: handshake, a client request (100-400 random bytes), a
server response of a random size (mostly a few KB, some tens of KB, a few
hundred KB), the client's ACKs, FIN both ways. Up to --concurrency
connections run at once, their segments interleaved, as on a busy link.
Segments are MSS-sized (1448 bytes). A small share of data segments is
delivered late (swapped with the next segment of the same direction), and
another share is retransmitted unchanged a little later, so that reassembly
meets reordering and retransmission.

Frames are Ethernet + IPv4 + TCP with correct checksums, or, for the share
of connections --ipv6 gives, Ethernet + IPv6 + TCP; time stamps advance 10
microseconds per frame. Deterministic for a given --seed.

Writes the pcap and a manifest (JSON): for every direction of every
connection, its endpoints, its length and the SHA-256 of its bytes, so that
the reassembled files of any tool can be checked.

Usage: gen_flows.py OUT.pcap MANIFEST.json [--connections N] [--seed S]
                    [--ipv6 SHARE] [--max-response BYTES]
"""

import argparse
import array
import hashlib
import ipaddress
import json
import random
import struct
import sys

MSS = 1448
SERVER = (10, 200, 0, 1)
SERVER6 = bytes.fromhex("20010db800c800000000000000000001")  # 2001:db8:c8::1
SERVER_PORT = 9000  # not a port any tool decodes as an application


def csum(data, start=0):
    """RFC 1071 ones' complement sum of data, folded, complemented."""
    if len(data) % 2:
        data += b"\0"
    s = sum(array.array("H", data)) + start
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    # array('H') read the words in host order; the sum is byte-order
    # independent up to a final swap (RFC 1071 section 2(B)).
    if sys.byteorder == "little":
        s = ((s & 0xFF) << 8) | (s >> 8)
    return (~s) & 0xFFFF


MAC = bytes.fromhex("020000000001020000000002")


def frame(src, dst, sport, dport, seq, ack, flags, payload):
    """An Ethernet frame carrying one IPv4/TCP segment, or IPv6/TCP when
    the addresses are 16 bytes long."""
    tcp_len = 20 + len(payload)
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                      5 << 4, flags, 65535, 0, 0)
    if len(src) == 16:
        ip = struct.pack("!IHBB", 0x60000000, tcp_len, 6, 64) + src + dst
        pseudo = src + dst + struct.pack("!IxxxB", tcp_len, 6)
        ethertype = b"\x86\xdd"
    else:
        ip = struct.pack("!BBHHHBBH4B4B", 0x45, 0, 20 + tcp_len, 0, 0x4000, 64, 6, 0, *src, *dst)
        ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
        pseudo = bytes(src) + bytes(dst) + struct.pack("!BBH", 0, 6, tcp_len)
        ethertype = b"\x08\x00"
    c = csum(pseudo + hdr + payload)
    hdr = hdr[:16] + struct.pack("!H", c) + hdr[18:]
    return MAC + ethertype + ip + hdr + payload


FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


def response_size(rng, most):
    r = rng.random()
    if most:
        return rng.randint(0, most)
    if r < 0.75:
        return rng.randint(500, 8_000)
    if r < 0.97:
        return rng.randint(8_000, 64_000)
    return rng.randint(64_000, 512_000)


def connection(rng, idx, reorder, retrans, v6, most):
    """The frames of one connection, in order, and its two streams."""
    if v6:
        cli = SERVER6[:8] + bytes(4) + struct.pack("!I", 0x10000 + idx)
        srv = SERVER6
    else:
        cli = bytes((10, 100 + idx // 50000, (idx // 250) % 200, 1 + idx % 250))
        srv = bytes(SERVER)
    cport = 10000 + idx % 50000
    sport = SERVER_PORT
    cisn, sisn = rng.getrandbits(32), rng.getrandbits(32)
    request = rng.randbytes(rng.randint(100, 400))
    response = rng.randbytes(response_size(rng, most))
    out = []
    c2s = lambda seq, ack, fl, p=b"": frame(cli, srv, cport, sport, cisn + seq, sisn + ack, fl, p)
    s2c = lambda seq, ack, fl, p=b"": frame(srv, cli, sport, cport, sisn + seq, cisn + ack, fl, p)
    out.append(frame(cli, srv, cport, sport, cisn, 0, SYN, b""))
    out.append(frame(srv, cli, sport, cport, sisn, cisn + 1, SYN | ACK, b""))
    out.append(c2s(1, 1, ACK))
    out.append(c2s(1, 1, ACK | PSH, request))
    rq = 1 + len(request)
    out.append(s2c(1, rq, ACK))
    # The response, MSS-sized, an ACK from the client every two segments.
    segs = []
    for off in range(0, len(response), MSS):
        segs.append((1 + off, response[off:off + MSS]))
    data = []
    for i, (seq, p) in enumerate(segs):
        data.append(s2c(seq, rq, ACK | (PSH if i == len(segs) - 1 else 0), p))
        if rng.random() < retrans:
            data.append(("retrans", s2c(seq, rq, ACK, p)))
        if i % 2 == 1:
            data.append(c2s(rq, seq + len(p), ACK))
    # Late delivery: swap a data segment with the one after it.
    i = 0
    while i < len(data) - 1:
        if rng.random() < reorder:
            data[i], data[i + 1] = data[i + 1], data[i]
            i += 2
        else:
            i += 1
    # A retransmission shows up three frames after the original.
    delayed = []
    for f in data:
        if isinstance(f, tuple):
            delayed.append([3, f[1]])
            continue
        out.append(f)
        for d in delayed:
            d[0] -= 1
        out.extend(d[1] for d in delayed if d[0] <= 0)
        delayed = [d for d in delayed if d[0] > 0]
    out.extend(d[1] for d in delayed)
    end = 1 + len(response)
    out.append(s2c(end, rq, FIN | ACK))
    out.append(c2s(rq, end + 1, FIN | ACK))
    out.append(s2c(end + 1, rq + 1, ACK))
    dotted = lambda a: str(ipaddress.ip_address(a))
    streams = [
        {"src": dotted(cli), "sport": cport, "dst": dotted(srv), "dport": sport,
         "len": len(request), "sha256": hashlib.sha256(request).hexdigest()},
        {"src": dotted(srv), "sport": sport, "dst": dotted(cli), "dport": cport,
         "len": len(response), "sha256": hashlib.sha256(response).hexdigest()},
    ]
    return out, streams


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pcap")
    ap.add_argument("manifest")
    ap.add_argument("--connections", type=int, default=4000)
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--reorder", type=float, default=0.02)
    ap.add_argument("--retrans", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ipv6", type=float, default=0.0,
                    help="share of connections over IPv6 (0 to 1)")
    ap.add_argument("--max-response", type=int, default=0,
                    help="responses of 0 to this many bytes (default: the mix above)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    manifest = []
    frames = 0
    with open(a.pcap, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        t = 1_700_000_000 * 1_000_000
        active = []  # [frames, position]
        next_conn = 0
        while next_conn < a.connections or active:
            while len(active) < a.concurrency and next_conn < a.connections:
                # (No draw without IPv6: IPv4-only captures stay as they were.)
                v6 = a.ipv6 > 0 and rng.random() < a.ipv6
                fr, streams = connection(rng, next_conn, a.reorder, a.retrans, v6,
                                         a.max_response)
                manifest.extend(streams)
                active.append([fr, 0])
                next_conn += 1
            # One frame from a randomly chosen active connection.
            k = rng.randrange(len(active))
            fr, pos = active[k]
            b = fr[pos]
            f.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000, len(b), len(b)))
            f.write(b)
            frames += 1
            t += 10
            if pos + 1 == len(fr):
                active[k] = active[-1]
                active.pop()
            else:
                active[k][1] = pos + 1
    with open(a.manifest, "w") as m:
        json.dump(manifest, m)
    print(f"{a.pcap}: {a.connections} connections, {frames} frames", file=sys.stderr)


if __name__ == "__main__":
    main()
