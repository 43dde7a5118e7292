#!/usr/bin/env python3
"""Check reassembled stream files against gen_flows.py's manifest.

Usage: check_streams.py MANIFEST.json DIR netdecode|tcpflow

netdecode names a direction's file SRC.SPORT-DST.DPORT (IPv6 addresses in
RFC 5952 form); tcpflow (default template %A.%a-%B.%b) pads each IPv4
address byte to 3 digits and the port to 5 (IPv6 names are taken as
netdecode's, unchecked against tcpflow). Prints one line: how many of the manifest's non-empty streams a file
holds byte for byte, how many differ, how many are missing. Exit status 0
when all match.
"""

import hashlib
import json
import os
import sys


def name(tool, s):
    if tool == "netdecode" or ":" in s["src"]:
        return f"{s['src']}.{s['sport']}-{s['dst']}.{s['dport']}"
    pad = lambda a: ".".join(f"{int(x):03d}" for x in a.split("."))
    return f"{pad(s['src'])}.{s['sport']:05d}-{pad(s['dst'])}.{s['dport']:05d}"


def main():
    manifest, d, tool = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(manifest) as f:
        streams = json.load(f)
    ok = differ = missing = 0
    for s in streams:
        if s["len"] == 0:
            continue
        p = os.path.join(d, name(tool, s))
        try:
            with open(p, "rb") as f:
                h = hashlib.sha256(f.read()).hexdigest()
        except FileNotFoundError:
            missing += 1
            continue
        if h == s["sha256"]:
            ok += 1
        else:
            differ += 1
    total = ok + differ + missing
    print(f"{tool}: {ok}/{total} streams byte-exact, {differ} differ, {missing} missing")
    sys.exit(0 if ok == total else 1)


if __name__ == "__main__":
    main()
