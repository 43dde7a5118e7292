#!/usr/bin/env python3
"""Synthesize a large, deterministic Ethernet pcap for the benchmark.

usage: synth.py OUT.pcap PACKETS [SEED] [mixed]

With a fourth argument "mixed", about 13 % of the TCP connections run
over IPv6 (fd00:1::/64 clients, fd00:2::/64 servers) and about 4 % of the
packets are DNS (A/AAAA queries to UDP port 53 and their answers, over
IPv4 and IPv6), as issue 15 asks of the corpus; without it the file is
exactly as before.

The mix, by packet: about 75 % TCP (bulk data segments of 1448 bytes,
pure ACKs, small pushes of 40-400 bytes; every segment carries the
timestamp option, SYNs carry MSS/SACK/timestamps/window scale, as Linux
sends them), 15 % UDP (64-512 bytes to ports with no application
decoder), 6 % ICMP echo request/reply, 4 % ARP request/reply. 256
clients talk to 16 servers over ~2000 concurrent TCP connections which
close (FIN) and are replaced as the capture goes on, so the number of
distinct connections grows with the file. Payloads are half printable
text, half random bytes. Every IP, TCP, UDP and ICMP checksum is right.
Time stamps start at 2023-11-14 22:13:20 UTC, ~20 us apart.

The same PACKETS and SEED always give the same file.
"""

import os
import random
import struct
import sys
from array import array

ETH_IP = b"\x08\x00"
ETH_ARP = b"\x08\x06"
ETH_IP6 = b"\x86\xdd"


def ones(data: bytes) -> int:
    """Ones' complement sum of 16-bit words, in native byte order (the
    checksum is byte-order independent once folded and swapped back)."""
    if len(data) % 2:
        data += b"\0"
    s = sum(array("H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def cksum(data: bytes, extra: int = 0) -> int:
    s = ones(data) + extra
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    c = (~s) & 0xFFFF
    # Back to network order: the sum above was taken in host order.
    if sys.byteorder == "little":
        c = ((c & 0xFF) << 8) | (c >> 8)
    return c


def main() -> None:
    out_path = sys.argv[1]
    total = int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    mixed = len(sys.argv) > 4 and sys.argv[4] == "mixed"
    rng = random.Random(seed)
    rng6 = random.Random(seed + 1000)

    # SYNTH_CLIENTS (default 256) IPv4 clients in 10.1.0.0/16: bench/run.sh
    # uses 30 000 to check that many distinct addresses cost no more.
    n_clients = int(os.environ.get("SYNTH_CLIENTS", "256"))
    clients = [bytes([10, 1, i // 256, i % 256 or 1]) for i in range(1, n_clients + 1)]
    servers = [bytes([10, 2, 0, i]) for i in range(1, 17)]
    mac = {ip: bytes([0x02, 0, ip[0], ip[1], ip[2], ip[3]]) for ip in clients + servers}
    clients6 = [bytes.fromhex("fd000001000000000000000000") + bytes([1, i // 256, i % 256]) for i in range(256)]
    servers6 = [bytes.fromhex("fd0000020000000000000000000000") + bytes([i]) for i in range(1, 17)]
    for ip in clients6 + servers6:
        mac[ip] = bytes([0x02, 0x06]) + ip[-4:]
    text = (
        b"GET /index.html HTTP/1.1\r\nHost: example.test\r\nUser-Agent: bench\r\n"
        b"Accept: */*\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
        b"<html><body>The quick brown fox jumps over the lazy dog.</body></html>\n"
    ) * 64
    noise = bytes(rng.getrandbits(8) for _ in range(len(text)))
    pool = text + noise

    def payload(n: int) -> bytes:
        start = rng.randrange(0, len(pool) - n)
        return pool[start : start + n]

    ip_id = [0]

    def ipv4(src: bytes, dst: bytes, proto: int, body: bytes) -> bytes:
        ip_id[0] = (ip_id[0] + 1) & 0xFFFF
        hdr = struct.pack(
            "!BBHHHBBH4s4s", 0x45, 0, 20 + len(body), ip_id[0], 0x4000, 64, proto, 0, src, dst
        )
        c = cksum(hdr)
        return hdr[:10] + struct.pack("!H", c) + hdr[12:] + body

    def ipv6(src: bytes, dst: bytes, proto: int, body: bytes) -> bytes:
        return struct.pack("!IHBB16s16s", 0x60000000, len(body), proto, 64, src, dst) + body

    def pseudo(src: bytes, dst: bytes, proto: int, length: int) -> int:
        if len(src) == 16:
            return ones(src + dst + struct.pack("!IxxxB", length, proto))
        return ones(src + dst + struct.pack("!BBH", 0, proto, length))

    def ip_eth(src: bytes, dst: bytes, proto: int, body: bytes) -> bytes:
        if len(src) == 16:
            return eth(src, dst, ETH_IP6, ipv6(src, dst, proto, body))
        return eth(src, dst, ETH_IP, ipv4(src, dst, proto, body))

    def eth(src_ip: bytes, dst_ip: bytes, etype: bytes, body: bytes) -> bytes:
        return mac[dst_ip] + mac[src_ip] + etype + body

    ts = [0]

    def tcp(conn, from_client: bool, flags: int, data: bytes, syn_opts=False) -> bytes:
        c_ip, c_port, s_ip, s_port = conn["key"]
        if from_client:
            src, dst, sport, dport = c_ip, s_ip, c_port, s_port
            seq, ack = conn["cseq"], conn["sseq"]
        else:
            src, dst, sport, dport = s_ip, c_ip, s_port, c_port
            seq, ack = conn["sseq"], conn["cseq"]
        tsval = (ts[0] // 1000) & 0xFFFFFFFF
        if syn_opts:
            # MSS 1460, SACK permitted, timestamps, NOP, window scale 7.
            opts = (
                struct.pack("!BBH", 2, 4, 1460)
                + b"\x04\x02"
                + struct.pack("!BBII", 8, 10, tsval, 0 if flags == 0x02 else (tsval - 1) & 0xFFFFFFFF)
                + b"\x01\x03\x03\x07"
            )
        else:
            opts = b"\x01\x01" + struct.pack("!BBII", 8, 10, tsval, (tsval - 3) & 0xFFFFFFFF)
        hlen = 20 + len(opts)
        ack_field = ack if flags & 0x10 else 0
        hdr = struct.pack(
            "!HHIIBBHHH", sport, dport, seq, ack_field, (hlen // 4) << 4, flags, 502, 0, 0
        ) + opts
        seg = hdr + data
        c = cksum(seg, pseudo(src, dst, 6, len(seg)))
        seg = seg[:16] + struct.pack("!H", c) + seg[18:]
        adv = len(data) + (1 if flags & 0x03 else 0)
        if from_client:
            conn["cseq"] = (conn["cseq"] + adv) & 0xFFFFFFFF
        else:
            conn["sseq"] = (conn["sseq"] + adv) & 0xFFFFFFFF
        return ip_eth(src, dst, 6, seg)

    next_port = [32768]

    def new_conn():
        next_port[0] = 32768 + (next_port[0] - 32768 + 1) % 28000
        if mixed and rng6.random() < 0.13:
            key = (rng6.choice(clients6), next_port[0], rng6.choice(servers6), 5201)
        else:
            key = (rng.choice(clients), next_port[0], rng.choice(servers), 5201)
        return {
            "key": key,
            "cseq": rng.getrandbits(32),
            "sseq": rng.getrandbits(32),
            "queue": [],
        }

    conns = [new_conn() for _ in range(2000)]

    def tcp_packets():
        """The next packet(s) of a random connection."""
        i = rng.randrange(len(conns))
        conn = conns[i]
        if not conn.get("open"):
            conn["open"] = True
            return [
                tcp(conn, True, 0x02, b"", syn_opts=True),
                tcp(conn, False, 0x12, b"", syn_opts=True),
                tcp(conn, True, 0x10, b""),
            ]
        r = rng.random()
        if r < 0.004:
            pkts = [
                tcp(conn, True, 0x11, b""),
                tcp(conn, False, 0x11, b""),
                tcp(conn, True, 0x10, b""),
            ]
            conns[i] = new_conn()
            return pkts
        if r < 0.45:
            return [tcp(conn, False, 0x10, payload(1448))]
        if r < 0.85:
            return [tcp(conn, True, 0x10, b"")]
        return [tcp(conn, rng.random() < 0.5, 0x18, payload(rng.randrange(40, 400)))]

    def udp_packet():
        src, dst = rng.choice(clients), rng.choice(servers)
        data = payload(rng.randrange(64, 512))
        sport, dport = rng.randrange(32768, 61000), 40000 + rng.randrange(0, 16)
        seg = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
        c = cksum(seg, pseudo(src, dst, 17, len(seg))) or 0xFFFF
        seg = seg[:6] + struct.pack("!H", c) + seg[8:]
        return [eth(src, dst, ETH_IP, ipv4(src, dst, 17, seg))]

    names = [b"www", b"mail", b"api", b"cdn", b"git", b"ntp", b"db1", b"files"]

    def qname(host: bytes) -> bytes:
        return bytes([len(host)]) + host + b"\x07example\x04test\x00"

    def dns_packets():
        v6 = rng6.random() < 0.3
        src, dst = (rng6.choice(clients6), servers6[0]) if v6 else (rng6.choice(clients), servers[0])
        host = rng6.choice(names)
        aaaa = rng6.random() < 0.4
        qtype = 28 if aaaa else 1
        ident, sport = rng6.getrandbits(16), rng6.randrange(32768, 61000)
        q = struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0) + qname(host) + struct.pack("!HH", qtype, 1)
        rdata = bytes.fromhex("20010db80000000000000000000000") + bytes([len(host)]) if aaaa else bytes([192, 0, 2, len(host)])
        ans = struct.pack("!HHIH", qtype, 1, 300, len(rdata)) + rdata
        r = struct.pack("!HHHHHH", ident, 0x8180, 1, 1, 0, 0) + qname(host) + struct.pack("!HH", qtype, 1)
        r += b"\xc0\x0c" + ans
        out = []
        for a, b, sp, dp, data in ((src, dst, sport, 53, q), (dst, src, 53, sport, r)):
            seg = struct.pack("!HHHH", sp, dp, 8 + len(data), 0) + data
            c = cksum(seg, pseudo(a, b, 17, len(seg))) or 0xFFFF
            seg = seg[:6] + struct.pack("!H", c) + seg[8:]
            out.append(ip_eth(a, b, 17, seg))
        return out

    def icmp_packets():
        src, dst = rng.choice(clients), rng.choice(servers)
        ident, seq = rng.getrandbits(16), rng.getrandbits(16)
        data = payload(56)
        out = []
        for t, a, b in ((8, src, dst), (0, dst, src)):
            msg = struct.pack("!BBHHH", t, 0, 0, ident, seq) + data
            c = cksum(msg)
            msg = msg[:2] + struct.pack("!H", c) + msg[4:]
            out.append(eth(a, b, ETH_IP, ipv4(a, b, 1, msg)))
        return out

    def arp_packets():
        a, b = rng.choice(clients), rng.choice(servers)
        req = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + mac[a] + a + b"\0" * 6 + b
        rep = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 2) + mac[b] + b + mac[a] + a
        bcast = b"\xff" * 6 + mac[a] + ETH_ARP + req + b"\0" * 18
        return [bcast, mac[a] + mac[b] + ETH_ARP + rep + b"\0" * 18]

    with open(out_path, "wb", buffering=1 << 20) as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        base = 1_700_000_000 * 1_000_000
        ts[0] = 0
        n = 0
        pack_rec = struct.Struct("<IIII").pack
        while n < total:
            if mixed and rng6.random() < 0.04:
                pkts = dns_packets()
            elif (r := rng.random()) < 0.75:
                pkts = tcp_packets()
            elif r < 0.90:
                pkts = udp_packet()
            elif r < 0.96:
                pkts = icmp_packets()
            else:
                pkts = arp_packets()
            for p in pkts:
                if n >= total:
                    break
                ts[0] += 1 + int(rng.expovariate(1 / 20))
                t = base + ts[0]
                f.write(pack_rec(t // 1_000_000, t % 1_000_000, len(p), len(p)))
                f.write(p)
                n += 1


if __name__ == "__main__":
    main()
