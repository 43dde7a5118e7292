#!/usr/bin/env python3
"""Write a pcap of N SYN-only TCP connections for bench/synflood.sh.

Each connection is one SYN from its own address (10.x.y.z) and port to
192.0.2.1:80, 100 microseconds after the previous one: Ethernet, IPv4
(checksummed), TCP; 54 bytes a frame, 70 bytes a record.

Usage: synflood.py OUT.pcap N
"""
import struct, sys
n = int(sys.argv[2]); out = open(sys.argv[1], 'wb')
out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b)//2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return (~s) & 0xffff
eth = bytes([2,0,0,0,0,0xb, 2,0,0,0,0,0xa, 8, 0])
dst = bytes([192,0,2,1])
buf = []
for i in range(n):
    src = bytes([10, (i >> 16) & 255, (i >> 8) & 255, i & 255])
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 40, i & 0xffff, 0, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    tcp = struct.pack('!HHIIBBHHH', 1024 + (i % 60000), 80, i * 7919 & 0xffffffff, 0, 0x50, 0x02, 64240, 0, 0)
    frame = eth + ip + tcp
    buf.append(struct.pack('<IIII', 1700000000 + i // 10000, (i % 10000) * 100, len(frame), len(frame)) + frame)
    if len(buf) >= 10000:
        out.write(b''.join(buf)); buf = []
out.write(b''.join(buf))
